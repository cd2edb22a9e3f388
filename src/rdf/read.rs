//! One reader for every RDF input that is streamed rather than loaded whole
//! (link and compare sources, `dipkg load`, and `--data` files before they are
//! parsed): plain files, `.gz`, `.bz2` and `.zst` (all decoded in pure Rust), and
//! standard input (`-`), the format taken from the (inner) extension.

use crate::error::{Error, Result};
use crate::rdf::files::format_for_extension;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;
use std::io::{BufReader, Read};
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
        Compression::Zstd => Box::new(
            ruzstd::decoding::StreamingDecoder::new(reader)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?,
        ),
    })
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
        return Ok((Box::new(BufReader::new(std::io::stdin())), format));
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
    Ok((decoder(file, compression).map_err(io)?, format))
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
