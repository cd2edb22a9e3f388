//! One reader for every RDF input that is streamed rather than loaded whole
//! (link and compare sources): plain files and `.gz`, the format taken from the
//! (inner) extension.

use crate::error::{Error, Result};
use crate::rdf::files::format_for_extension;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;
use std::io::{BufReader, Read};
use std::path::Path;

/// Opens an RDF file for streaming, decompressing `.gz`; the format comes from the inner extension.
pub fn open(path: &Path) -> Result<(Box<dyn Read>, RdfFormat)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (inner, gz) = match name.strip_suffix(".gz") {
        Some(inner) => (inner.to_owned(), true),
        None => (name.clone(), false),
    };
    let extension = inner.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    let format = format_for_extension(extension).ok_or_else(|| Error::UnknownFormat {
        path: path.display().to_string(),
        extension: extension.to_owned(),
    })?;
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let reader: Box<dyn Read> = if gz {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    Ok((reader, format))
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
