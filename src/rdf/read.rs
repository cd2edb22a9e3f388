//! One reader for every RDF input that is streamed rather than loaded whole
//! (link and compare sources, `dipkg load`, and `--data` files before they are
//! parsed): plain files, `.gz`, `.bz2` and `.zst` (all decoded in pure Rust), and
//! standard input (`-`), the format taken from the (inner) extension.
//!
//! RDF/XML is guarded against DTD entities before any parser sees it: the RDF/XML
//! parser expands internal entities, so a 763-byte "billion laughs" file grows
//! to gigabytes. The prolog (everything before the root element, where a DTD
//! must be) is scanned, streaming, and a file that declares an entity
//! (`<!ENTITY`) is refused; RDF/XML written by tools does not use them.

use crate::error::{Error, Result};
use crate::rdf::files::format_for_extension;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;
use ruzstd::decoding::{FrameDecoder, StreamingDecoder};
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

/// How an input is compressed, from its last extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (`.gz`), several members allowed.
    Gzip,
    /// bzip2 (`.bz2`), several streams allowed.
    Bzip2,
    /// Zstandard (`.zst`).
    Zstd,
}

/// Splits a file name into its name without the compression suffix and the compression.
pub fn compression_of(name: &str) -> (&str, Compression) {
    for (suffix, compression) in [
        (".gz", Compression::Gzip),
        (".bz2", Compression::Bzip2),
        (".zst", Compression::Zstd),
    ] {
        if let Some(inner) = name.strip_suffix(suffix) {
            return (inner, compression);
        }
    }
    (name, Compression::None)
}

/// The RDF format of a file name, looking through a compression suffix
/// (`events.nt.gz` is N-Triples).
pub fn format_of_name(name: &str) -> Option<RdfFormat> {
    let (inner, _) = compression_of(name);
    format_for_extension(inner.rsplit_once('.').map(|(_, e)| e)?)
}

/// Wraps `reader` in the decoder for `compression`.
pub fn decoder(
    reader: impl Read + Send + 'static,
    compression: Compression,
) -> std::io::Result<Box<dyn Read + Send>> {
    let reader = BufReader::with_capacity(1 << 16, reader);
    Ok(match compression {
        Compression::None => Box::new(reader),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(reader)),
        Compression::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(reader)),
        Compression::Zstd => Box::new(ZstdFrames {
            decoder: Some(StreamingDecoder::new(reader).map_err(invalid)?),
        }),
    })
}

fn invalid(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, error)
}

/// Zstandard, frame after frame: `pzstd`, `zstd -T` and concatenated files
/// hold several, and ruzstd's decoder stops at the end of the first.
struct ZstdFrames<R: BufRead> {
    decoder: Option<StreamingDecoder<R, FrameDecoder>>,
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let Some(decoder) = &mut self.decoder else {
                return Ok(0);
            };
            let n = decoder.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            // That frame is done: another follows unless the input ends here.
            let Some((mut source, frame)) = self.decoder.take().map(StreamingDecoder::into_parts)
            else {
                return Ok(0);
            };
            if source.fill_buf()?.is_empty() {
                return Ok(0);
            }
            self.decoder =
                Some(StreamingDecoder::new_with_decoder(source, frame).map_err(invalid)?);
        }
    }
}

/// Opens an RDF file for streaming, decompressing `.gz`, `.bz2` and `.zst`; the
/// format comes from the inner extension. `-` is standard input, which needs `format`;
/// a given `format` also overrides the extension.
pub fn open_as(
    path: &Path,
    format: Option<RdfFormat>,
) -> Result<(Box<dyn Read + Send>, RdfFormat)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if path.as_os_str() == "-" {
        let format = format.ok_or_else(|| {
            Error::Usage(
                "standard input (-) has no extension: give its format with --format".into(),
            )
        })?;
        return guarded(Box::new(BufReader::new(std::io::stdin())), format, "-");
    }
    let (inner, compression) = compression_of(&name);
    let format = match format {
        Some(format) => format,
        None => {
            let extension = inner.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
            format_for_extension(extension).ok_or_else(|| Error::UnknownFormat {
                path: path.display().to_string(),
                extension: extension.to_owned(),
            })?
        }
    };
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let reader = decoder(file, compression).map_err(io)?;
    guarded(reader, format, &path.display().to_string())
}

/// Puts RDF/XML behind the entity guard; other formats pass through.
fn guarded(
    reader: Box<dyn Read + Send>,
    format: RdfFormat,
    path: &str,
) -> Result<(Box<dyn Read + Send>, RdfFormat)> {
    if format == RdfFormat::RdfXml {
        return Ok((guard_rdf_xml(reader, path)?, format));
    }
    Ok((reader, format))
}

/// Opens an RDF file for streaming (see [`open_as`]), the format from its name.
pub fn open(path: &Path) -> Result<(Box<dyn Read + Send>, RdfFormat)> {
    open_as(path, None)
}

/// Reads a whole file, decompressed, or standard input for `-`.
pub fn read_all(path: &Path, format: Option<RdfFormat>) -> Result<(Vec<u8>, RdfFormat)> {
    let (mut reader, format) = open_as(path, format)?;
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    Ok((bytes, format))
}

/// The longest prolog read before the root element: 1 MiB.
const MAX_PROLOG: usize = 1 << 20;

/// What the start of an XML document holds.
#[derive(Debug, PartialEq, Eq)]
enum Prolog {
    /// An entity declaration before the root element.
    Entity,
    /// The root element starts; no entity was declared.
    Root,
    /// More bytes are needed to tell.
    More,
}

/// Scans the prolog of an XML document: declaration, comments, processing
/// instructions and the DOCTYPE with its internal subset.
fn scan_prolog(bytes: &[u8]) -> Prolog {
    let find = |from: usize, what: &[u8]| {
        bytes[from.min(bytes.len())..]
            .windows(what.len())
            .position(|w| w == what)
            .map(|i| from + i)
    };
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'<').map(|p| i + p) {
        let rest = &bytes[at..];
        if rest.starts_with(b"<!ENTITY") {
            return Prolog::Entity;
        }
        if rest.starts_with(b"<?") {
            match find(at + 2, b"?>") {
                Some(end) => i = end + 2,
                None => return Prolog::More,
            }
        } else if rest.starts_with(b"<!--") {
            match find(at + 4, b"-->") {
                Some(end) => i = end + 3,
                None => return Prolog::More,
            }
        } else if rest.len() < "<!ENTITY".len() && b"<!ENTITY".starts_with(rest) {
            return Prolog::More;
        } else if rest.starts_with(b"<!") {
            // DOCTYPE and the declarations of its internal subset.
            i = at + 2;
        } else if rest.len() == 1 {
            return Prolog::More;
        } else {
            return Prolog::Root;
        }
    }
    Prolog::More
}

fn entity_error(path: &str) -> Error {
    Error::BadFile {
        path: path.to_owned(),
        message: "RDF/XML that declares a DTD entity (<!ENTITY): refused, since entities can expand to gigabytes (\"billion laughs\"); write the entity's text out instead".to_owned(),
    }
}

/// Refuses RDF/XML bytes whose prolog declares a DTD entity.
pub fn check_rdf_xml(bytes: &[u8], path: &str) -> Result<()> {
    match scan_prolog(bytes) {
        Prolog::Entity => Err(entity_error(path)),
        Prolog::Root | Prolog::More => Ok(()),
    }
}

/// Reads the prolog of a streamed RDF/XML document, refuses it if it declares a
/// DTD entity (or runs past 1 MiB), and gives back a reader of the whole document.
pub fn guard_rdf_xml(mut reader: Box<dyn Read + Send>, path: &str) -> Result<Box<dyn Read + Send>> {
    let mut start = Vec::new();
    let mut chunk = [0; 8192];
    loop {
        match scan_prolog(&start) {
            Prolog::Entity => return Err(entity_error(path)),
            Prolog::Root => break,
            Prolog::More if start.len() > MAX_PROLOG => {
                return Err(Error::BadFile {
                    path: path.to_owned(),
                    message:
                        "RDF/XML whose prolog (before the root element) is over 1 MiB: refused"
                            .to_owned(),
                });
            }
            Prolog::More => {}
        }
        let read = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(source) => {
                return Err(Error::Io {
                    path: path.into(),
                    source,
                });
            }
        };
        start.extend_from_slice(&chunk[..read]);
    }
    Ok(Box::new(Cursor::new(start).chain(reader)))
}

/// Streams a file's quads to `each`, stopping at the first syntax error.
pub fn stream(path: &Path, mut each: impl FnMut(Quad)) -> Result<()> {
    let (reader, format) = open(path)?;
    for quad in RdfParser::from_format(format).for_reader(reader) {
        let quad = quad.map_err(|e| Error::BadFile {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        each(quad);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_an_entity_declaration_in_the_prolog_only() {
        let laughs = b"<?xml version=\"1.0\"?>\n<!-- <rdf:RDF> -->\n<!DOCTYPE r [\n <!ELEMENT r ANY>\n <!ENTITY a \"ha\">\n]>\n<r>&a;</r>";
        assert_eq!(scan_prolog(laughs), Prolog::Entity);
        assert_eq!(
            scan_prolog(b"<?xml version=\"1.0\"?><rdf:RDF>&lt;!ENTITY</rdf:RDF>"),
            Prolog::Root
        );
        assert_eq!(scan_prolog(b"<!-- unfinished"), Prolog::More);
        assert_eq!(scan_prolog(b"<!DOCTYPE r [ <!ENT"), Prolog::More);
    }

    #[test]
    fn a_streamed_entity_is_refused_wherever_the_reads_split() {
        let text = b"<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"ha\">]><r/>".to_vec();
        let reader: Box<dyn Read + Send> = Box::new(Cursor::new(text));
        assert!(guard_rdf_xml(reader, "x.rdf").is_err());
        let fine = b"<?xml version=\"1.0\"?><r/>".to_vec();
        let mut out = Vec::new();
        guard_rdf_xml(Box::new(Cursor::new(fine.clone())), "x.rdf")
            .expect("no entity")
            .read_to_end(&mut out)
            .expect("reads");
        assert_eq!(out, fine, "the reader gives back every byte");
    }
}
