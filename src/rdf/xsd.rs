//! XSD lexical forms and order, shared by typed query parameters and SHACL's
//! `sh:datatype` and range constraints, so both accept exactly the same values.

use oxigraph::model::{Literal, Term};
use oxsdatatypes::{Boolean, Date, DateTime, Decimal, Double, GYear, GYearMonth, Integer};
use std::cmp::Ordering;
use std::str::FromStr;

pub use crate::vocab::XSD;

/// The integer types and their restrictions, which compare as numbers.
const INTEGER_TYPES: &[&str] = &[
    "integer",
    "nonNegativeInteger",
    "positiveInteger",
    "nonPositiveInteger",
    "negativeInteger",
    "long",
    "int",
    "short",
    "byte",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
];

/// The local name of an XSD datatype IRI, or `None` for any other datatype.
pub fn local(datatype: &str) -> Option<&str> {
    datatype.strip_prefix(XSD)
}

/// Whether `datatype` is `xsd:integer` or one of its derived types.
pub fn is_integer_type(datatype: &str) -> bool {
    local(datatype).is_some_and(|t| INTEGER_TYPES.contains(&t))
}

/// Whether `value` is a valid lexical form of `datatype`; datatypes dipkg does
/// not know are taken as valid.
pub fn well_formed(datatype: &str, value: &str) -> bool {
    let Some(local) = local(datatype) else {
        return true;
    };
    match local {
        "integer" => Integer::from_str(value).is_ok(),
        "positiveInteger" => Integer::from_str(value).is_ok_and(|i| i > Integer::from(0)),
        "nonNegativeInteger" => Integer::from_str(value).is_ok_and(|i| i >= Integer::from(0)),
        "negativeInteger" => Integer::from_str(value).is_ok_and(|i| i < Integer::from(0)),
        "nonPositiveInteger" => Integer::from_str(value).is_ok_and(|i| i <= Integer::from(0)),
        "decimal" => Decimal::from_str(value).is_ok(),
        "double" | "float" => Double::from_str(value).is_ok(),
        "boolean" => Boolean::from_str(value).is_ok(),
        "date" => Date::from_str(value).is_ok(),
        "dateTime" => DateTime::from_str(value).is_ok(),
        "gYearMonth" => GYearMonth::from_str(value).is_ok(),
        "gYear" => GYear::from_str(value).is_ok(),
        _ => true,
    }
}

/// Whether a literal's lexical form is valid for its datatype.
pub fn literal_well_formed(literal: &Literal) -> bool {
    well_formed(literal.datatype().as_str(), literal.value())
}

/// Compares two literals of comparable types (numbers, or the same date or
/// string type); `None` when they cannot be compared.
pub fn compare(a: &Term, b: &Term) -> Option<Ordering> {
    let (Term::Literal(a), Term::Literal(b)) = (a, b) else {
        return None;
    };
    let (ta, tb) = (local(a.datatype().as_str())?, local(b.datatype().as_str())?);
    let numeric = |t: &str| INTEGER_TYPES.contains(&t) || t == "decimal";
    if numeric(ta) && numeric(tb) {
        return Decimal::from_str(a.value())
            .ok()?
            .partial_cmp(&Decimal::from_str(b.value()).ok()?);
    }
    if ta != tb {
        return None;
    }
    fn by<T: FromStr + PartialOrd>(a: &str, b: &str) -> Option<Ordering> {
        T::from_str(a).ok()?.partial_cmp(&T::from_str(b).ok()?)
    }
    match ta {
        "double" | "float" => by::<Double>(a.value(), b.value()),
        "date" => by::<Date>(a.value(), b.value()),
        "dateTime" => by::<DateTime>(a.value(), b.value()),
        "gYearMonth" => by::<GYearMonth>(a.value(), b.value()),
        "gYear" => by::<GYear>(a.value(), b.value()),
        "string" => Some(a.value().cmp(b.value())),
        _ => None,
    }
}

/// The day a date or date-prefixed value falls on, as days since 1970-01-01;
/// `None` unless it starts with a full `YYYY-MM-DD` date.
pub fn day_number(text: &str) -> Option<i64> {
    let date = Date::from_str(text.get(..10)?).ok()?;
    let epoch = Date::from_str("1970-01-01").ok()?;
    let days = date
        .checked_sub(epoch)?
        .as_seconds()
        .checked_div(Decimal::from(86_400))?;
    Some(Integer::try_from(days).ok()?.into())
}

/// Whether two date values agree at the precision both have, to the day:
/// `1992-04` agrees with `1992-04-15`, `2016-07-16` with `2016-07-16T00:00:00Z`
/// and with Wikidata's `+2016-07-16`; `1992-04` does not with `1992-05`.
pub fn dates_agree(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim_start_matches('+'), b.trim_start_matches('+'));
    let looks_like_date =
        |s: &str| s.len() >= 4 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit);
    let n = a.len().min(b.len()).min(10);
    n >= 4 && a.get(..n) == b.get(..n) && looks_like_date(a) && looks_like_date(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_forms_follow_the_datatype() {
        let x = |local: &str| format!("{XSD}{local}");
        assert!(well_formed(&x("gYearMonth"), "1992-04"));
        assert!(!well_formed(&x("gYearMonth"), "1992-4"));
        assert!(!well_formed(&x("positiveInteger"), "0"));
        assert!(well_formed(&x("nonNegativeInteger"), "0"));
        assert!(!well_formed(&x("date"), "2018-02-30"));
        assert!(well_formed("http://example.org/own", "anything"));
    }

    #[test]
    fn dates_compare_within_one_type_and_numbers_across_types() {
        let lit = |v: &str, t: &str| {
            Term::from(Literal::new_typed_literal(
                v,
                oxigraph::model::NamedNode::new_unchecked(format!("{XSD}{t}")),
            ))
        };
        assert_eq!(
            compare(&lit("2018-09-01", "date"), &lit("2018-09-03", "date")),
            Some(Ordering::Less)
        );
        assert_eq!(
            compare(&lit("2", "integer"), &lit("1.5", "decimal")),
            Some(Ordering::Greater)
        );
        assert_eq!(
            compare(&lit("2018", "gYear"), &lit("2018-09-01", "date")),
            None
        );
    }

    #[test]
    fn day_numbers_count_days() {
        assert_eq!(
            day_number("2018-09-03")
                .zip(day_number("2018-09-01"))
                .map(|(a, b)| a - b),
            Some(2)
        );
        assert_eq!(day_number("1992-04"), None);
    }
}
