//! Content negotiation as RFC 9110 says and the Linked Data servers people use
//! mostly do not: q-values honoured, `type/*` and `*/*` wildcards, the most
//! specific range deciding a type's quality, and "nothing acceptable" kept
//! apart from "no preference" so the caller can answer 406.

/// One media range of an `Accept` header.
#[derive(Debug, Clone, PartialEq)]
struct Range {
    kind: String,
    subtype: String,
    q: f32,
}

fn parse(header: &str) -> Vec<Range> {
    header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let media = parts.next()?.trim().to_ascii_lowercase();
            let (kind, subtype) = media.split_once('/')?;
            let mut q = 1.0;
            for parameter in parts {
                if let Some((name, value)) = parameter.split_once('=') {
                    if name.trim().eq_ignore_ascii_case("q") {
                        q = value.trim().parse::<f32>().unwrap_or(0.0).clamp(0.0, 1.0);
                    }
                }
            }
            Some(Range {
                kind: kind.trim().to_owned(),
                subtype: subtype.trim().to_owned(),
                q,
            })
        })
        .collect()
}

/// How acceptable `media` (`type/subtype`) is under `ranges`: the q of the
/// most specific matching range, 0 when none matches.
fn quality(ranges: &[Range], media: &str) -> f32 {
    let (kind, subtype) = media.split_once('/').unwrap_or((media, ""));
    ranges
        .iter()
        .filter_map(|r| {
            let specificity = match (r.kind.as_str(), r.subtype.as_str()) {
                (k, s) if k == kind && s == subtype => 2,
                (k, "*") if k == kind => 1,
                ("*", "*") => 0,
                _ => return None,
            };
            Some((specificity, r.q))
        })
        .max_by_key(|(specificity, _)| *specificity)
        .map_or(0.0, |(_, q)| q)
}

/// Picks the best of `offered` (in the server's order of preference) for an
/// `Accept` header: the highest q, ties going to the earlier offer. No header
/// means the first offer; `None` means nothing offered is acceptable (406).
pub fn choose<'a>(accept: Option<&str>, offered: &[&'a str]) -> Option<&'a str> {
    let Some(header) = accept.filter(|h| !h.trim().is_empty()) else {
        return offered.first().copied();
    };
    let ranges = parse(header);
    if ranges.is_empty() {
        return offered.first().copied();
    }
    let mut best: Option<(&str, f32)> = None;
    for media in offered {
        let q = quality(&ranges, media);
        if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
            best = Some((media, q));
        }
    }
    best.map(|(media, _)| media)
}

/// Picks a language for `Accept-Language` among `available`, falling back to
/// `fallback`: exact tags first, then a primary-tag match (`en-GB` → `en`).
pub fn language<'a>(accept: Option<&str>, available: &[&'a str], fallback: &'a str) -> &'a str {
    let Some(header) = accept else {
        return fallback;
    };
    let mut wanted: Vec<(String, f32)> = header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim().to_ascii_lowercase();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(1.0, |v| v.trim().parse::<f32>().unwrap_or(0.0));
            (!tag.is_empty() && q > 0.0).then_some((tag, q))
        })
        .collect();
    wanted.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (tag, _) in &wanted {
        let primary = tag.split('-').next().unwrap_or(tag);
        if let Some(found) = available
            .iter()
            .find(|a| a.eq_ignore_ascii_case(tag))
            .or_else(|| available.iter().find(|a| a.eq_ignore_ascii_case(primary)))
        {
            return found;
        }
    }
    fallback
}

#[cfg(test)]
mod tests {
    use super::*;

    const RDF: &[&str] = &["text/html", "text/turtle", "application/ld+json"];

    #[test]
    fn q_values_decide() {
        assert_eq!(
            choose(Some("text/html;q=0.1, text/turtle;q=0.9"), RDF),
            Some("text/turtle")
        );
        assert_eq!(
            choose(Some("application/ld+json, text/turtle;q=0.5"), RDF),
            Some("application/ld+json")
        );
    }

    #[test]
    fn wildcards_and_specificity() {
        assert_eq!(choose(Some("*/*"), RDF), Some("text/html"));
        assert_eq!(
            choose(Some("text/*;q=0.5, text/turtle"), RDF),
            Some("text/turtle")
        );
        // The specific range wins over the wildcard, even with a lower q.
        assert_eq!(
            choose(Some("*/*;q=0.8, text/html;q=0.1"), RDF),
            Some("text/turtle")
        );
    }

    #[test]
    fn nothing_acceptable_is_none_and_no_header_is_the_default() {
        assert_eq!(choose(Some("image/png"), RDF), None);
        assert_eq!(choose(Some("text/turtle;q=0"), &["text/turtle"]), None);
        assert_eq!(choose(None, RDF), Some("text/html"));
        assert_eq!(choose(Some(""), RDF), Some("text/html"));
    }

    #[test]
    fn a_browser_gets_html() {
        let firefox =
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
        assert_eq!(choose(Some(firefox), RDF), Some("text/html"));
    }

    #[test]
    fn languages_fall_back_by_primary_tag() {
        let available = ["en", "ky", "ru", "tr"];
        assert_eq!(language(Some("ky-KG, ru;q=0.8"), &available, "en"), "ky");
        assert_eq!(language(Some("de, tr;q=0.5"), &available, "en"), "tr");
        assert_eq!(language(Some("de"), &available, "en"), "en");
        assert_eq!(language(None, &available, "en"), "en");
    }
}
