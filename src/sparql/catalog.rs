//! The catalog of saved queries: the shipped `queries/` folder embedded at build
//! time, plus any `--queries DIR`. A query's name is its path below the folder
//! without `.rq` (`timeline`, `checks/citation-range-violation`). Each file
//! describes itself with grlc decorators, YAML behind `#+ ` at the top, so the
//! same folder can be served by grlc unchanged.

use crate::error::{Error, Result};
use crate::rdf::prefixes::Prefixes;
use crate::rdf::store;
use crate::sparql::bind;
pub use crate::sparql::decorators::{Decorators, decorators};
use crate::sparql::depth;
use crate::sparql::params::ParamSpec;
use serde::Serialize;
use spargebra::{Query, SparqlParser};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// A query with its name, text and decorators.
#[derive(Debug, Clone)]
pub struct SavedQuery {
    /// The name it is run by.
    pub name: String,
    /// Where it came from (shipped path or file path).
    pub origin: String,
    /// The SPARQL text.
    pub text: String,
    /// Whether the shipped ontology's prefixes are predeclared: for queries
    /// typed by a user (`-e`, a file, stdin), not for the saved ones, which
    /// must stay runnable by other tools as they are.
    pub shipped_prefixes: bool,
}

/// A query after parsing: its algebra, decorators and parameters.
#[derive(Debug, Clone)]
pub struct ParsedQuery {
    /// The name, for messages.
    pub name: String,
    /// The parsed query.
    pub query: Query,
    /// The decorators.
    pub decorators: Decorators,
    /// Its parameters, in order of first appearance by name.
    pub params: Vec<ParamSpec>,
}

impl SavedQuery {
    /// Builds a query from text with a name for messages.
    pub fn new(
        name: impl Into<String>,
        origin: impl Into<String>,
        text: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            origin: origin.into(),
            text: text.into(),
            shipped_prefixes: false,
        }
    }

    /// The same query with the shipped ontology's prefixes predeclared.
    pub fn with_shipped_prefixes(mut self) -> Self {
        self.shipped_prefixes = true;
        self
    }

    /// Parses the text, the decorators and the parameters.
    pub fn parse(&self) -> Result<ParsedQuery> {
        if self.text.len() as u64 > MAX_QUERY_TEXT {
            return Err(too_long(&self.name));
        }
        let too_deep = || Error::Evaluation {
            name: self.name.clone(),
            message: format!(
                "the query nests more than {} levels deep (groups, brackets, UNION branches, operators or path steps); dipkg refuses deeper queries",
                depth::MAX_DEPTH
            ),
        };
        if depth::text_depth(&self.text, depth::MAX_DEPTH) > depth::MAX_DEPTH {
            return Err(too_deep());
        }
        let mut parser = SparqlParser::new();
        if self.shipped_prefixes {
            for (name, namespace) in store::shipped_prefixes().iter() {
                parser = parser
                    .with_prefix(name, namespace)
                    .map_err(|e| Error::Internal(format!("shipped prefix {name}: {e}")))?;
            }
        }
        let query = parser
            .parse_query(&self.text)
            .map_err(|e| Error::QuerySyntax {
                name: self.name.clone(),
                message: syntax_message(&e.to_string(), &self.text),
            })?;
        if depth::depth(&query, depth::MAX_DEPTH) > depth::MAX_DEPTH {
            return Err(too_deep());
        }
        let decorators = decorators(&self.text).map_err(|message| Error::QueryHeader {
            name: self.name.clone(),
            message,
        })?;
        let declared = declared_prefixes(&self.text);
        let mut params: Vec<ParamSpec> = bind::variables(&query)
            .iter()
            .filter_map(|v| ParamSpec::from_variable(v, &declared))
            .collect();
        for param in &mut params {
            if decorators.defaults.contains_key(&param.name) {
                param.required = false;
            }
        }
        Ok(ParsedQuery {
            name: self.name.clone(),
            query,
            decorators,
            params,
        })
    }
}

/// The parser's message in one readable line: the position, then what was
/// expected with character classes summarised, or the undeclared prefix named.
fn syntax_message(message: &str, text: &str) -> String {
    let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some((position, expected)) = message.split_once(": expected one of ") else {
        return message;
    };
    let mut items: Vec<String> = Vec::new();
    let mut classes = false;
    let (mut depth, mut start, mut quoted) = (0usize, 0usize, false);
    let bytes = expected.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' | b'\'' if depth == 0 && (i == 0 || bytes[i - 1] != b'\\') => quoted = !quoted,
            b'[' if !quoted => depth += 1,
            b']' if !quoted => depth = depth.saturating_sub(1),
            b',' if depth == 0 && !quoted => {
                items.push(expected[start..i].trim().to_owned());
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(expected[start..].trim().to_owned());
    if items.iter().any(|i| i == "Prefix not found") {
        let prefix = undeclared_prefix(position, text).unwrap_or_default();
        return format!(
            "{position}: undeclared prefix {prefix}: (declare it with PREFIX {prefix}: <namespace>)"
        );
    }
    items.retain(|item| {
        // `[_]` is "any character": saying so adds nothing.
        let class = item.starts_with('[') && item != "[_]";
        classes |= class;
        !class && !item.is_empty() && item != "[_]"
    });
    if classes {
        items.push("a name character".to_owned());
    }
    format!("{position}: expected one of {}", items.join(", "))
}

/// The prefix of the prefixed name that ends at `error at LINE:COLUMN`.
fn undeclared_prefix(position: &str, text: &str) -> Option<String> {
    let (line, column) = position.strip_prefix("error at ")?.split_once(':')?;
    let line = text
        .lines()
        .nth(line.parse::<usize>().ok()?.checked_sub(1)?)?;
    let before: String = line
        .chars()
        .take(column.parse::<usize>().ok()?.saturating_sub(1))
        .collect();
    let token = before
        .rsplit(|c: char| c.is_whitespace() || "{}()<>,;^".contains(c))
        .find(|t| t.contains(':'))?;
    Some(token.split(':').next()?.to_owned())
}

/// The `PREFIX` declarations of a query's text, to resolve `?_x_prefix_type`.
pub fn declared_prefixes(text: &str) -> Prefixes {
    let mut prefixes = Prefixes::default();
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        if word.eq_ignore_ascii_case("PREFIX") {
            if let (Some(name), Some(iri)) = (words.next(), words.next()) {
                if let (Some(name), Some(iri)) = (
                    name.strip_suffix(':'),
                    iri.strip_prefix('<').and_then(|i| i.strip_suffix('>')),
                ) {
                    prefixes.extend([(name.to_owned(), iri.to_owned())]);
                }
            }
        }
    }
    prefixes
}

/// All saved queries by name.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    queries: BTreeMap<String, SavedQuery>,
}

impl Catalog {
    /// The queries shipped in `queries/`.
    pub fn shipped() -> Self {
        let mut catalog = Self::default();
        for (path, text) in crate::rdf::embedded::QUERIES {
            if let Some(name) = path
                .strip_prefix("queries/")
                .and_then(|p| p.strip_suffix(".rq"))
            {
                catalog.insert(SavedQuery::new(name, *path, *text));
            }
        }
        catalog
    }

    /// Adds every `.rq` file below `dir`; a name already present is replaced.
    pub fn add_dir(&mut self, dir: &Path) -> Result<()> {
        let mut files = Vec::new();
        collect_rq(dir, &mut files, &mut std::collections::HashSet::new())?;
        for file in files {
            let opened = fs::File::open(&file).map_err(|source| Error::Io {
                path: file.clone(),
                source,
            })?;
            let text = read_query_text(opened, &file.display().to_string())?;
            let relative = file.strip_prefix(dir).unwrap_or(&file);
            let name = relative
                .with_extension("")
                .to_string_lossy()
                .replace('\\', "/");
            self.insert(SavedQuery::new(name, file.display().to_string(), text));
        }
        Ok(())
    }

    fn insert(&mut self, query: SavedQuery) {
        self.queries.insert(query.name.clone(), query);
    }

    /// All queries, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = &SavedQuery> {
        self.queries.values()
    }

    /// The query of that name, or an error naming the closest names.
    pub fn get(&self, name: &str) -> Result<&SavedQuery> {
        self.queries.get(name).ok_or_else(|| Error::UnknownQuery {
            name: name.to_owned(),
            suggestions: self.closest(name),
        })
    }

    /// Up to three names close to `name`, best first.
    pub fn closest(&self, name: &str) -> Vec<String> {
        let wanted = name.to_lowercase();
        let mut scored: Vec<(usize, &String)> = self
            .queries
            .keys()
            .filter_map(|candidate| {
                let lower = candidate.to_lowercase();
                let distance = strsim::levenshtein(&wanted, &lower);
                let close = distance <= (wanted.chars().count() / 3).max(2)
                    || (wanted.len() >= 3 && lower.contains(&wanted));
                close.then_some((distance, candidate))
            })
            .collect();
        scored.sort();
        scored.into_iter().take(3).map(|(_, n)| n.clone()).collect()
    }
}

fn collect_rq(
    dir: &Path,
    out: &mut Vec<std::path::PathBuf>,
    seen: &mut std::collections::HashSet<std::path::PathBuf>,
) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { path, source }
    };
    let entries = fs::read_dir(dir).map_err(io(dir))?;
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(fs::DirEntry::path);
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type().map_err(io(&path))?;
        // Links to folders are not followed: `Path::is_dir` would, and loop on `ln -s . x`.
        if kind.is_dir() {
            collect_rq(&path, out, seen)?;
        } else if path.extension().is_some_and(|e| e == "rq")
            && fs::metadata(&path).is_ok_and(|m| m.is_file())
        {
            // One file reached through links under two names is read once.
            if seen.insert(fs::canonicalize(&path).map_err(io(&path))?) {
                out.push(path);
            }
        }
    }
    Ok(())
}

/// The most query text dipkg reads: 1 MiB.
pub const MAX_QUERY_TEXT: u64 = 1 << 20;

/// Reads query text from `reader`, refusing more than [`MAX_QUERY_TEXT`] bytes
/// (`/dev/zero` or an endless pipe must not take all memory).
pub fn read_query_text(reader: impl std::io::Read, name: &str) -> Result<String> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut reader.take(MAX_QUERY_TEXT + 1), &mut bytes).map_err(
        |source| Error::Io {
            path: name.into(),
            source,
        },
    )?;
    if bytes.len() as u64 > MAX_QUERY_TEXT {
        return Err(too_long(name));
    }
    String::from_utf8(bytes).map_err(|_| Error::BadFile {
        path: name.to_owned(),
        message: "a query must be UTF-8 text".to_owned(),
    })
}

fn too_long(name: &str) -> Error {
    Error::BadFile {
        path: name.to_owned(),
        message: "query text over 1 MiB: refused (dipkg reads queries of at most 1 MiB)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_grlc_decorators() {
        let text = "#+ summary: Visits in a year\n#+ tags:\n#+   - visits\n#+ defaults:\n#+   - year: 2018\n#+ enumerate:\n#+   - year:\n#+     - 2018\n\nSELECT * WHERE {}";
        let d = decorators(text).expect("valid");
        assert_eq!(d.summary.as_deref(), Some("Visits in a year"));
        assert_eq!(d.tags, ["visits"]);
        assert_eq!(d.defaults.get("year").map(String::as_str), Some("2018"));
        assert_eq!(d.enumerate.get("year"), Some(&vec!["2018".to_owned()]));
    }

    #[test]
    fn yaml_aliases_are_refused_before_they_expand() {
        let bomb = "#+ a: &a [x, x]\n#+ b: &b [*a, *a]\n#+ c: [*b, *b]\nASK {}";
        let err = decorators(bomb).expect_err("refused");
        assert!(err.contains("aliases"), "{err}");
        let big = format!("#+ summary: {}\nASK {{}}", "x".repeat(70_000));
        assert!(decorators(&big).expect_err("refused").contains("at most"));
    }

    #[test]
    fn bad_yaml_is_an_error() {
        assert!(decorators("#+ summary: [unclosed\nSELECT * {}").is_err());
    }

    #[test]
    fn suggests_close_names() {
        let mut c = Catalog::default();
        for name in ["timeline", "official-visits", "missions"] {
            c.insert(SavedQuery::new(name, name, "ASK {}"));
        }
        assert_eq!(c.closest("timelin"), ["timeline"]);
        assert_eq!(c.closest("visits"), ["official-visits"]);
        assert!(c.closest("zzzzzzzzzz").is_empty());
    }
}

/// Writes the list of `dipkg queries`: a name and summary a line, then each
/// parameter with its type, default and allowed values.
pub fn write_list(infos: &[QueryInfo], out: &mut impl std::io::Write) -> std::io::Result<()> {
    let width = infos.iter().map(|i| i.name.len()).max().unwrap_or(0);
    for info in infos {
        let summary = info.summary.as_deref().unwrap_or("(no summary)");
        writeln!(out, "{:width$}  {summary}", info.name)?;
        for p in &info.params {
            let mut line = format!("{:width$}    --param {}=<{}>", "", p.name, p.kind);
            if !p.required {
                line.push_str(" (optional");
                if let Some(default) = &p.default {
                    line.push_str(&format!(", default {default}"));
                }
                line.push(')');
            }
            if !p.values.is_empty() {
                line.push_str(&format!(" one of: {}", p.values.join(", ")));
            }
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// A saved query's description, as `dipkg queries` lists it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct QueryInfo {
    /// The name it is run by.
    pub name: String,
    /// One line on what it answers.
    pub summary: Option<String>,
    /// A longer description.
    pub description: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Its parameters.
    pub params: Vec<ParamInfo>,
}

/// A parameter's description.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ParamInfo {
    /// The name passed to `--param`.
    pub name: String,
    /// The type its value must have.
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether it must be given.
    pub required: bool,
    /// Its default value.
    pub default: Option<String>,
    /// Its allowed values, when enumerated.
    pub values: Vec<String>,
}

impl ParsedQuery {
    /// The description `dipkg queries` shows.
    pub fn info(&self) -> QueryInfo {
        QueryInfo {
            name: self.name.clone(),
            summary: self.decorators.summary.clone(),
            description: self.decorators.description.clone(),
            tags: self.decorators.tags.clone(),
            params: self
                .params
                .iter()
                .map(|p| ParamInfo {
                    name: p.name.clone(),
                    kind: p.kind.to_string(),
                    required: p.required,
                    default: self.decorators.defaults.get(&p.name).cloned(),
                    values: self
                        .decorators
                        .enumerate
                        .get(&p.name)
                        .cloned()
                        .unwrap_or_default(),
                })
                .collect(),
        }
    }
}

impl Catalog {
    /// Describes every query, failing on the first that does not parse.
    pub fn describe(&self) -> Result<Vec<QueryInfo>> {
        self.iter().map(|q| Ok(q.parse()?.info())).collect()
    }

    /// Resolves what the user named: `-` (standard input), a file (a path with a
    /// separator or a `.rq`/`.sparql` ending), or a saved query's name.
    pub fn resolve(&self, what: &str) -> Result<SavedQuery> {
        if what == "-" {
            let text = read_query_text(std::io::stdin(), "<stdin>")?;
            return Ok(SavedQuery::new("<stdin>", "<stdin>", text).with_shipped_prefixes());
        }
        let looks_like_file = what.contains('/') && !self.queries.contains_key(what)
            || what.ends_with(".rq")
            || what.ends_with(".sparql")
            || what.contains(std::path::MAIN_SEPARATOR) && !self.queries.contains_key(what);
        if looks_like_file {
            let opened = fs::File::open(what).map_err(|source| Error::Io {
                path: what.into(),
                source,
            })?;
            let text = read_query_text(opened, what)?;
            return Ok(SavedQuery::new(what, what, text).with_shipped_prefixes());
        }
        self.get(what).cloned()
    }
}
