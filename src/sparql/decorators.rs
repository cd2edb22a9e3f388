//! grlc's decorators: the YAML in a saved query's leading `#+ ` comment lines
//! (summary, description, tags, parameter defaults and allowed values), read
//! with aliases refused and the header's size bounded.

use serde::Serialize;
use std::collections::BTreeMap;
use yaml_rust2::{Yaml, YamlLoader};

/// What a saved query says about itself in its grlc decorators.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Decorators {
    /// One line: what the query answers.
    pub summary: Option<String>,
    /// A longer description.
    pub description: Option<String>,
    /// Tags for grouping.
    pub tags: Vec<String>,
    /// Default values of parameters, by parameter name.
    pub defaults: BTreeMap<String, String>,
    /// Allowed values of parameters, by parameter name.
    pub enumerate: BTreeMap<String, Vec<String>>,
}

/// Reads the YAML in the leading `#+ ` comment lines.
pub fn decorators(text: &str) -> std::result::Result<Decorators, String> {
    let mut yaml = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("#+") {
            yaml.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            yaml.push('\n');
        } else if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        } else {
            break;
        }
    }
    let mut out = Decorators::default();
    if yaml.trim().is_empty() {
        return Ok(out);
    }
    if yaml.len() > MAX_DECORATORS {
        return Err(format!(
            "the #+ header is {} bytes; at most {MAX_DECORATORS} are read",
            yaml.len()
        ));
    }
    refuse_aliases(&yaml)?;
    let docs = YamlLoader::load_from_str(&yaml).map_err(|e| e.to_string())?;
    let Some(Yaml::Hash(map)) = docs.into_iter().next() else {
        return Err("expected `key: value` lines".to_owned());
    };
    for (key, value) in map {
        match key.as_str().unwrap_or_default() {
            "summary" => out.summary = scalar(&value),
            "description" => out.description = scalar(&value),
            "tags" => out.tags = list(&value).iter().filter_map(scalar).collect(),
            "defaults" => {
                for (name, value) in pairs(&value) {
                    if let Some(value) = scalar(&value) {
                        out.defaults.insert(name, value);
                    }
                }
            }
            "enumerate" => {
                for (name, values) in pairs(&value) {
                    out.enumerate
                        .insert(name, list(&values).iter().filter_map(scalar).collect());
                }
            }
            // grlc knows more keys (endpoint, method, pagination…); they do not concern dipkg.
            _ => {}
        }
    }
    Ok(out)
}

/// The largest `#+` header read: 64 KiB, far more than any query's decorators.
const MAX_DECORATORS: usize = 64 * 1024;

/// Refuses YAML anchors and aliases before the loader expands them: a few
/// hundred bytes of nested aliases expand to gigabytes. grlc's decorators never
/// need them. The event parser reports them without expanding anything.
fn refuse_aliases(yaml: &str) -> std::result::Result<(), String> {
    use yaml_rust2::parser::{Event, EventReceiver, Parser};
    struct Aliases(bool);
    impl EventReceiver for Aliases {
        fn on_event(&mut self, event: Event) {
            self.0 |= match event {
                Event::Alias(_) => true,
                Event::Scalar(_, _, anchor, _)
                | Event::SequenceStart(anchor, _)
                | Event::MappingStart(anchor, _) => anchor != 0,
                _ => false,
            };
        }
    }
    let mut found = Aliases(false);
    Parser::new_from_str(yaml)
        .load(&mut found, true)
        .map_err(|e| e.to_string())?;
    if found.0 {
        return Err(
            "YAML anchors and aliases (&name, *name) are not accepted in the #+ header; write the values out"
                .to_owned(),
        );
    }
    Ok(())
}

fn scalar(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn list(value: &Yaml) -> Vec<Yaml> {
    match value {
        Yaml::Array(items) => items.clone(),
        Yaml::Null => Vec::new(),
        other => vec![other.clone()],
    }
}

/// grlc writes maps as lists of one-entry maps (`- year: 2018`); plain maps work too.
fn pairs(value: &Yaml) -> Vec<(String, Yaml)> {
    let mut out = Vec::new();
    let maps = match value {
        Yaml::Array(items) => items.clone(),
        other => vec![other.clone()],
    };
    for map in maps {
        if let Yaml::Hash(map) = map {
            for (k, v) in map {
                if let Some(k) = scalar(&k) {
                    out.push((k, v));
                }
            }
        }
    }
    out
}
