//! Parameters of saved queries, in grlc's convention: a variable `?_name` is a
//! required parameter and `?__name` an optional one; a suffix after the name gives
//! the type (`_iri`, `_integer`, `_number`, `_literal`, `_<prefix>_<type>` for a
//! datatype such as `_xsd_date`, or a language tag such as `_en`). Values become
//! typed RDF terms here and are bound on the parsed query (see `bind`), never
//! spliced into the query text.

use crate::rdf::prefixes::Prefixes;
use oxigraph::model::vocab::xsd;
use oxigraph::model::{Literal, NamedNode, Term, Variable};
use std::fmt;
use std::str::FromStr;

/// The RDF type a parameter's value must have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamType {
    /// An IRI (absolute, or `prefix:local` with a known prefix).
    Iri,
    /// A plain string literal (also the type when no suffix is given).
    Literal,
    /// A literal with a language tag.
    LangString(String),
    /// Any number: an `xsd:integer`, `xsd:decimal` or `xsd:double` by its form.
    Number,
    /// A literal of this datatype; XSD types are checked.
    Typed(NamedNode),
}

impl fmt::Display for ParamType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Iri => f.write_str("IRI"),
            Self::Literal => f.write_str("string"),
            Self::LangString(tag) => write!(f, "string@{tag}"),
            Self::Number => f.write_str("number"),
            Self::Typed(datatype) => match datatype.as_str().strip_prefix(XSD) {
                Some(local) => write!(f, "xsd:{local}"),
                None => write!(f, "{datatype}"),
            },
        }
    }
}

use crate::vocab::XSD;

/// One parameter of a query, read off a `?_name_type` variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamSpec {
    /// The name users pass to `--param name=value`.
    pub name: String,
    /// The query variable it binds.
    pub variable: Variable,
    /// Whether a value must be given (no default and `?_`, not `?__`).
    pub required: bool,
    /// The type the value must have.
    pub kind: ParamType,
}

impl ParamSpec {
    /// Reads a variable name; `None` when it is not a parameter. Datatype prefixes
    /// are resolved with the query's own `PREFIX` declarations (and `xsd`).
    pub fn from_variable(variable: &Variable, query_prefixes: &Prefixes) -> Option<Self> {
        let raw = variable.as_str();
        let (rest, required) = if let Some(rest) = raw.strip_prefix("__") {
            (rest, false)
        } else {
            (raw.strip_prefix('_')?, true)
        };
        let (name, suffix) = match rest.split_once('_') {
            Some((name, suffix)) => (name, Some(suffix)),
            None => (rest, None),
        };
        if name.is_empty() {
            return None;
        }
        let kind = match suffix {
            None | Some("literal") => ParamType::Literal,
            Some("iri") => ParamType::Iri,
            Some("number") => ParamType::Number,
            Some("integer") => ParamType::Typed(xsd::INTEGER.into_owned()),
            Some(suffix) => match suffix.split_once('_') {
                Some((prefix, local)) => {
                    let namespace = query_prefixes
                        .namespace(prefix)
                        .or((prefix == "xsd").then_some(XSD))?;
                    ParamType::Typed(NamedNode::new(format!("{namespace}{local}")).ok()?)
                }
                None => ParamType::LangString(suffix.to_owned()),
            },
        };
        Some(Self {
            name: name.to_owned(),
            variable: variable.clone(),
            required,
            kind,
        })
    }

    /// Turns a value given on the command line into a term of this parameter's type.
    pub fn term(&self, value: &str, prefixes: &Prefixes) -> Result<Term, String> {
        let fail = |why: &str| {
            format!(
                "parameter {}: {value:?} is not a valid {}{why}",
                self.name, self.kind
            )
        };
        match &self.kind {
            ParamType::Iri => iri(value, prefixes)
                .map(Term::from)
                .ok_or_else(|| fail(" (give an absolute IRI or prefix:local)")),
            ParamType::Literal => Ok(Literal::new_simple_literal(value).into()),
            ParamType::LangString(tag) => Literal::new_language_tagged_literal(value, tag)
                .map(Term::from)
                .map_err(|_| fail(" (bad language tag in the query)")),
            ParamType::Number => {
                let datatype = if oxsdatatypes::Integer::from_str(value).is_ok() {
                    xsd::INTEGER
                } else if oxsdatatypes::Decimal::from_str(value).is_ok() {
                    xsd::DECIMAL
                } else if oxsdatatypes::Double::from_str(value).is_ok() {
                    xsd::DOUBLE
                } else {
                    return Err(fail(""));
                };
                Ok(Literal::new_typed_literal(value, datatype).into())
            }
            ParamType::Typed(datatype) => {
                if crate::rdf::xsd::well_formed(datatype.as_str(), value) {
                    Ok(Literal::new_typed_literal(value, datatype.clone()).into())
                } else {
                    Err(fail(""))
                }
            }
        }
    }
}

/// An absolute IRI, or `prefix:local` expanded with a known prefix.
fn iri(value: &str, prefixes: &Prefixes) -> Option<NamedNode> {
    if let Some((prefix, local)) = value.split_once(':') {
        if let Some(namespace) = prefixes.namespace(prefix) {
            return NamedNode::new(format!("{namespace}{local}")).ok();
        }
    }
    NamedNode::new(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str) -> Option<ParamSpec> {
        ParamSpec::from_variable(&Variable::new_unchecked(name), &Prefixes::default())
    }

    #[test]
    fn names_and_types_follow_grlc() {
        let year = spec("_year_xsd_gYear").expect("a parameter");
        assert_eq!(year.name, "year");
        assert!(year.required);
        assert_eq!(
            year.kind,
            ParamType::Typed(NamedNode::new_unchecked(format!("{XSD}gYear")))
        );
        let city = spec("__city_iri").expect("a parameter");
        assert!(!city.required);
        assert_eq!(city.kind, ParamType::Iri);
        assert_eq!(
            spec("_label_en").map(|s| s.kind),
            Some(ParamType::LangString("en".into()))
        );
        assert_eq!(spec("_fact").map(|s| s.kind), Some(ParamType::Literal));
        assert!(spec("name").is_none());
        assert!(
            spec("_x_foo_bar").is_none(),
            "an undeclared prefix is no parameter type"
        );
    }

    #[test]
    fn values_are_checked_against_the_type() {
        let p = Prefixes::default();
        let year = spec("_year_xsd_gYear").expect("a parameter");
        assert!(year.term("2018", &p).is_ok());
        let err = year.term("20x8", &p).expect_err("not a year");
        assert!(err.contains("year") && err.contains("xsd:gYear"), "{err}");
        let n = spec("_n_number").expect("a parameter");
        assert_eq!(
            n.term("1.5", &p),
            Ok(Literal::new_typed_literal("1.5", xsd::DECIMAL).into())
        );
        assert!(
            spec("_v_iri")
                .expect("a parameter")
                .term("not an iri", &p)
                .is_err()
        );
    }

    #[test]
    fn hostile_strings_stay_strings() {
        let v = spec("_q").expect("a parameter");
        let text = "x\" } ; DROP ALL ; #";
        assert_eq!(
            v.term(text, &Prefixes::default()),
            Ok(Literal::new_simple_literal(text).into())
        );
    }
}
