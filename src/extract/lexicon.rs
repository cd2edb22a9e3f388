//! The extraction's word lists and rules, as data a curator extends without
//! Rust: month names, date patterns, abbreviations, trigger rules, offices,
//! type cues, connectors, state and city names, event coding rules. Built in from this folder's
//! `lexicon/`; `--lexicon DIR` replaces any file found there.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// The built-in files, by name.
pub const BUILT_IN: [(&str, &str); 15] = [
    ("months.tsv", include_str!("lexicon/months.tsv")),
    ("dates.tsv", include_str!("lexicon/dates.tsv")),
    (
        "abbreviations.tsv",
        include_str!("lexicon/abbreviations.tsv"),
    ),
    ("triggers.tsv", include_str!("lexicon/triggers.tsv")),
    ("offices.tsv", include_str!("lexicon/offices.tsv")),
    ("cues.tsv", include_str!("lexicon/cues.tsv")),
    ("connectors.tsv", include_str!("lexicon/connectors.tsv")),
    ("states.tsv", include_str!("lexicon/states.tsv")),
    ("cities.tsv", include_str!("lexicon/cities.tsv")),
    ("aliases.tsv", include_str!("lexicon/aliases.tsv")),
    ("clauses.tsv", include_str!("lexicon/clauses.tsv")),
    ("ordinals.tsv", include_str!("lexicon/ordinals.tsv")),
    ("titles.tsv", include_str!("lexicon/titles.tsv")),
    ("codes.tsv", include_str!("lexicon/codes.tsv")),
    ("state-codes.tsv", include_str!("lexicon/state-codes.tsv")),
];

/// One data row of a lexicon file: where it is (for errors and rule names) and its fields.
#[derive(Debug, Clone)]
pub struct Row {
    /// The file's name.
    pub file: String,
    /// The 1-based line number.
    pub line: usize,
    /// The tab-separated fields.
    pub fields: Vec<String>,
}

/// Every file of the lexicon, read as rows.
#[derive(Debug, Clone)]
pub struct Lexicon {
    files: Vec<(String, Vec<Row>)>,
}

/// The largest lexicon file read from `--lexicon DIR` (bytes).
const MAX_FILE: u64 = 16 << 20;

impl Lexicon {
    /// The built-in lexicon, with the files of `dir` (when given) in place of the same-named ones.
    pub fn load(dir: Option<&Path>) -> Result<Self> {
        let mut files = Vec::new();
        for (name, text) in BUILT_IN {
            let own = match dir {
                Some(dir) => {
                    let path = dir.join(name);
                    match std::fs::metadata(&path) {
                        Ok(meta) if meta.len() > MAX_FILE => {
                            return Err(Error::BadFile {
                                path: path.display().to_string(),
                                message: "larger than 16 MiB: not a lexicon file".into(),
                            });
                        }
                        Ok(_) => {
                            Some(std::fs::read_to_string(&path).map_err(|source| Error::Io {
                                path: path.clone(),
                                source,
                            })?)
                        }
                        Err(_) => None,
                    }
                }
                None => None,
            };
            let (display, text) = match &own {
                Some(own) => (
                    dir.map_or_else(String::new, |d| d.join(name).display().to_string()),
                    own.as_str(),
                ),
                None => (name.to_owned(), text),
            };
            files.push((name.to_owned(), parse(&display, text)?));
        }
        if let Some(dir) = dir
            && !dir.is_dir()
        {
            return Err(Error::Usage(format!(
                "--lexicon {}: not a folder",
                dir.display()
            )));
        }
        Ok(Self { files })
    }

    /// The rows of one file.
    pub fn rows(&self, name: &str) -> &[Row] {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map_or(&[][..], |(_, rows)| rows.as_slice())
    }

    /// The codes of `state-codes.tsv` by state key: each (property of the
    /// ontology, value), in the file's column order.
    pub fn state_codes(&self) -> BTreeMap<String, Vec<(&'static str, String)>> {
        const PROPERTIES: [&str; 5] = [
            "isoAlpha2",
            "isoAlpha3",
            "isoNumeric",
            "cowNumber",
            "cowAbbreviation",
        ];
        self.rows("state-codes.tsv")
            .iter()
            .map(|r| {
                let codes = PROPERTIES
                    .iter()
                    .zip(&r.fields[1..])
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(p, v)| (*p, v.clone()))
                    .collect();
                (r.fields[0].clone(), codes)
            })
            .collect()
    }

    /// The rows of one file for a language (and those for every language, `*`).
    pub fn for_lang<'a>(&'a self, name: &str, lang: &'a str) -> impl Iterator<Item = &'a Row> {
        self.rows(name)
            .iter()
            .filter(move |r| r.fields[0] == lang || r.fields[0] == "*")
    }
}

/// Reads a TSV: `#` comments, a header line, then rows with as many fields as it has.
fn parse(display: &str, text: &str) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    let mut width = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<String> = line.split('\t').map(str::to_owned).collect();
        match width {
            None => width = Some(fields.len()),
            Some(w) if fields.len() != w => {
                return Err(Error::Syntax {
                    path: display.to_owned(),
                    line: i as u64 + 1,
                    column: 1,
                    message: format!(
                        "expected {w} tab-separated fields (as the header has), found {}",
                        fields.len()
                    ),
                });
            }
            Some(_) => rows.push(Row {
                file: display.to_owned(),
                line: i + 1,
                fields,
            }),
        }
    }
    Ok(rows)
}

/// A word of a rule: `visit*` matches any word starting `visit`; matching ignores case.
#[derive(Debug, Clone)]
pub struct Stem {
    /// The word, lower case, without the `*`.
    pub word: String,
    /// Whether any ending may follow.
    pub open: bool,
}

impl Stem {
    /// Reads `visit*` or `visit`.
    pub fn new(word: &str) -> Self {
        let lower = word.to_lowercase();
        match lower.strip_suffix('*') {
            Some(stem) => Self {
                word: stem.to_owned(),
                open: true,
            },
            None => Self {
                word: lower,
                open: false,
            },
        }
    }

    /// Whether a lower-case word of the text is this one.
    pub fn matches(&self, word: &str) -> bool {
        if self.open {
            word.starts_with(&self.word)
        } else {
            word == self.word
        }
    }
}

/// A phrase of stems: several words in a row.
pub fn phrase(text: &str) -> Vec<Stem> {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(Stem::new)
        .collect()
}
