//! A source's text as stored: read within a size bound, checked to be UTF-8
//! text (not binary), hashed, and measured in Unicode scalar values, the unit
//! of every offset dipkg writes (W3C Web Annotation's `TextPositionSelector`).
//!
//! Offsets count the text exactly as stored: a byte-order mark is the
//! character at offset 0 and a CRLF line ending is two characters, so a
//! citation's range is the same whatever the reader's line-ending habits.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

/// The largest text dipkg reads as a source (bytes): bounded memory for hostile input.
pub const MAX_TEXT_BYTES: u64 = 256 << 20;

/// A source's text with what identifies it.
#[derive(Debug, Clone)]
pub struct Text {
    /// The text, as stored.
    pub text: String,
    /// The SHA-256 of its bytes, in lower-case hex.
    pub sha256: String,
    /// Its length in Unicode scalar values.
    pub chars: usize,
    /// The byte offset of each character, and the text's length in bytes at the end.
    starts: Vec<u32>,
}

/// The number of a paragraph (the non-empty lines, from 1) and its character range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paragraph {
    /// Its number, from 1 (the title of a page is paragraph 1).
    pub number: usize,
    /// The offset of its first character.
    pub start: usize,
    /// The offset after its last character (line endings excluded).
    pub end: usize,
}

impl Text {
    /// Reads a file as a source text: an error names the file and, for bytes that
    /// are not UTF-8, the byte offset of the first bad one.
    pub fn read(path: &Path) -> Result<Self> {
        let io = |source| Error::Io {
            path: path.to_owned(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let mut bytes = Vec::new();
        file.take(MAX_TEXT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        if bytes.len() as u64 > MAX_TEXT_BYTES {
            return Err(bad(
                path,
                format!(
                    "larger than {} MiB: not read as a source text",
                    MAX_TEXT_BYTES >> 20
                ),
            ));
        }
        Self::from_bytes(bytes, &path.display().to_string())
    }

    /// The text of these bytes; `name` says where they came from in errors.
    pub fn from_bytes(bytes: Vec<u8>, name: &str) -> Result<Self> {
        // A NUL byte is binary whatever else the bytes are (images, archives).
        if let Some(at) = bytes.iter().position(|&b| b == 0) {
            return Err(Error::BadFile {
                path: name.to_owned(),
                message: format!("binary, not text: a NUL byte at offset {at}"),
            });
        }
        let sha256 = hex(&Sha256::digest(&bytes));
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            Error::BadFile {
                path: name.to_owned(),
                message: format!("not UTF-8 text: the byte at offset {at} is not UTF-8"),
            }
        })?;
        if let Some(at) = text.find(is_binary) {
            return Err(Error::BadFile {
                path: name.to_owned(),
                message: format!(
                    "binary, not text: a control character (U+{:04X}) at byte offset {at}",
                    text[at..].chars().next().map_or(0, u32::from)
                ),
            });
        }
        Ok(Self::new(text, sha256))
    }

    fn new(text: String, sha256: String) -> Self {
        let mut starts: Vec<u32> = text.char_indices().map(|(i, _)| i as u32).collect();
        starts.push(text.len() as u32);
        let chars = starts.len() - 1;
        Self {
            text,
            sha256,
            chars,
            starts,
        }
    }

    /// The byte offset of a character offset (the end of the text for one past it).
    pub fn byte(&self, char_offset: usize) -> usize {
        self.starts[char_offset.min(self.chars)] as usize
    }

    /// The character offset of a byte offset that starts a character.
    pub fn char_at(&self, byte_offset: usize) -> usize {
        self.starts.partition_point(|&b| (b as usize) < byte_offset)
    }

    /// The characters from `start` to `end` (character offsets).
    pub fn slice(&self, start: usize, end: usize) -> &str {
        &self.text[self.byte(start)..self.byte(end.max(start))]
    }

    /// The non-empty lines, numbered from 1, as character ranges without line endings.
    pub fn paragraphs(&self) -> Vec<Paragraph> {
        let mut out = Vec::new();
        let mut offset = 0;
        for line in self.text.split('\n') {
            let start = self.char_at(offset);
            let content = line.strip_suffix('\r').unwrap_or(line);
            offset += line.len() + 1;
            if content.trim().is_empty() {
                continue;
            }
            out.push(Paragraph {
                number: out.len() + 1,
                start,
                end: start + content.chars().count(),
            });
        }
        out
    }

    /// The paragraph holding the character at `offset`.
    pub fn paragraph_of(&self, offset: usize) -> Option<Paragraph> {
        self.paragraphs()
            .into_iter()
            .find(|p| p.start <= offset && offset < p.end.max(p.start + 1))
    }
}

/// A control character that plain text does not hold (tab and line endings do
/// not count; a byte-order mark is not a control character).
fn is_binary(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}')
}

fn bad(path: &Path, message: String) -> Error {
    Error::BadFile {
        path: path.display().to_string(),
        message,
    }
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_scalar_values_with_a_bom_and_crlf() {
        let text =
            Text::from_bytes("\u{feff}Title\r\n\r\nÉté 1992.\r\n".into(), "t").expect("works");
        let paragraphs = text.paragraphs();
        assert_eq!(paragraphs.len(), 2);
        assert_eq!(
            text.slice(paragraphs[0].start, paragraphs[0].end),
            "\u{feff}Title"
        );
        assert_eq!(
            text.slice(paragraphs[1].start, paragraphs[1].end),
            "Été 1992."
        );
        assert_eq!(paragraphs[1].start, 10);
    }

    #[test]
    fn bad_bytes_are_reported_at_their_offset() {
        let error = Text::from_bytes(b"ab\xffc".to_vec(), "f.txt").expect_err("fails");
        assert!(error.to_string().contains("offset 2"), "{error}");
        let error = Text::from_bytes(b"ab\0c".to_vec(), "f.bin").expect_err("fails");
        assert!(error.to_string().contains("binary"), "{error}");
    }
}
