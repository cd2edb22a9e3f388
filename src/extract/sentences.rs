//! Sentences and clauses. A sentence ends at `.`, `!`, `?` or `…` before a
//! capital, a digit or a quote, unless the word ending there is an
//! abbreviation of the lexicon, initials (`S.Sh.`, `Н.А.`) or, in Turkish, an
//! ordinal (`10. Zirve`); a line ending always ends one. A sentence with
//! several dates is cut into clauses at the last boundary word (`, and`,
//! `;`, `, а`, `ve`…) before each later date, never inside quotes.

use crate::extract::lexicon::Lexicon;

/// A byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// The byte after the last.
    pub end: usize,
}

/// How the abbreviations of one language are read.
pub struct Abbreviations {
    always: Vec<String>,
    after_number: Vec<String>,
    ordinals: bool,
}

impl Abbreviations {
    /// The abbreviations of `lang` (and of every language).
    pub fn new(lexicon: &Lexicon, lang: &str) -> Self {
        let mut always = Vec::new();
        let mut after_number = Vec::new();
        for row in lexicon.for_lang("abbreviations.tsv", lang) {
            let word = row.fields[1].to_lowercase();
            match row.fields[2].as_str() {
                "after-number-ends" => after_number.push(word),
                _ => always.push(word),
            }
        }
        Self {
            always,
            after_number,
            ordinals: lang == "tr",
        }
    }
}

/// The sentences of the text, each within one line, trimmed.
pub fn sentences(text: &str, abbreviations: &Abbreviations) -> Vec<Span> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        split_line(text, line_start, body, abbreviations, &mut out);
        line_start += line.len();
    }
    out
}

fn split_line(text: &str, offset: usize, line: &str, abbr: &Abbreviations, out: &mut Vec<Span>) {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut start = 0;
    for (i, &(at, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // Closing quotes and brackets stay with the sentence they close.
        let mut j = i + 1;
        while j < chars.len() && matches!(chars[j].1, '"' | '”' | '»' | '’' | ')' | '\'') {
            j += 1;
        }
        if j < chars.len() && !chars[j].1.is_whitespace() {
            continue;
        }
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        if k < chars.len() {
            let next = chars[k].1;
            if !(next.is_uppercase() || next.is_ascii_digit() || "\"“«„'‘(—–-".contains(next))
            {
                continue;
            }
        }
        if c == '.' && !ends_sentence(line, start, at, chars.get(k).map(|&(_, c)| c), abbr) {
            continue;
        }
        let end = chars.get(j).map_or(line.len(), |&(b, _)| b);
        push(text, offset + start, offset + end, out);
        start = chars.get(k).map_or(line.len(), |&(b, _)| b);
    }
    push(text, offset + start, offset + line.len(), out);
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if piece.trim().is_empty() {
        return;
    }
    out.push(Span {
        start: start + lead,
        end: end - trail,
    });
}

/// Whether the full stop at `dot` ends a sentence, from the word it ends.
fn ends_sentence(
    line: &str,
    from: usize,
    dot: usize,
    next: Option<char>,
    abbr: &Abbreviations,
) -> bool {
    let word_start = line[from..dot]
        .rfind(|c: char| c.is_whitespace() || "(\"“«".contains(c))
        .map_or(from, |i| {
            from + i + line[from + i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &line[word_start..=dot];
    let lower = word.to_lowercase();
    if abbr.always.contains(&lower) {
        return false;
    }
    // A year's abbreviation ends a sentence only before a capital: "в 1998 г.
    // Затем" does, "2021-ж. 19-октябрында" does not. Kyrgyz writes it joined
    // to the year (2021-ж.).
    let (joined, bare) = match lower.split_once('-') {
        Some((number, rest))
            if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) =>
        {
            (true, rest.to_owned())
        }
        _ => (false, lower.clone()),
    };
    if abbr.after_number.contains(&bare) {
        let before = line[from..word_start].trim_end();
        let after_number = joined
            || before
                .rsplit(char::is_whitespace)
                .next()
                .is_some_and(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()));
        return after_number && next.is_none_or(char::is_uppercase);
    }
    if is_initials(word) {
        return false;
    }
    let digits = &word[..word.len() - 1];
    // A Turkish ordinal in Roman numerals (XI. Toplantı).
    if abbr.ordinals && !digits.is_empty() && digits.chars().all(|c| "IVXLC".contains(c)) {
        return false;
    }
    if abbr.ordinals
        && !digits.is_empty()
        && digits.len() <= 3
        && digits.chars().all(|c| c.is_ascii_digit())
    {
        return false;
    }
    true
}

/// `S.`, `S.Sh.`, `Н.А.`, `U.S.`: capitals with at most one small letter, each with its full stop.
fn is_initials(word: &str) -> bool {
    let parts: Vec<&str> = word.split_terminator('.').collect();
    !parts.is_empty()
        && word.ends_with('.')
        && parts.iter().all(|p| {
            let mut chars = p.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.clone().count() <= 1
                && chars.all(char::is_lowercase)
        })
}

/// Cuts a sentence into clauses, one for each date in it: before each date
/// after the first, at the last boundary between it and the date before.
pub fn clauses(text: &str, sentence: Span, dates: &[Span], boundaries: &[String]) -> Vec<Span> {
    if dates.len() < 2 {
        return vec![sentence];
    }
    let quoted = quoted_ranges(&text[sentence.start..sentence.end], sentence.start);
    let lower = lower_in_place(&text[sentence.start..sentence.end]);
    let mut cuts = vec![sentence.start];
    for pair in dates.windows(2) {
        let (from, to) = (pair[0].end, pair[1].start);
        let mut best = None;
        for boundary in boundaries {
            let window = &lower[from - sentence.start..to - sentence.start];
            for (i, _) in window.match_indices(boundary.as_str()) {
                let at = from + i;
                if quoted.iter().any(|q| q.start <= at && at < q.end) {
                    continue;
                }
                if best.is_none_or(|b| at > b) {
                    best = Some(at);
                }
            }
        }
        cuts.push(best.unwrap_or(to));
    }
    cuts.push(sentence.end);
    let mut out = Vec::new();
    for pair in cuts.windows(2) {
        let piece = &text[pair[0]..pair[1]];
        let trimmed = piece.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
        if trimmed.is_empty() {
            continue;
        }
        let lead = piece.find(trimmed).unwrap_or(0);
        out.push(Span {
            start: pair[0] + lead,
            end: pair[0] + lead + trimmed.len(),
        });
    }
    out
}

/// Lower case, each character kept where lower-casing would change its length
/// (Turkish İ), so byte offsets stay those of the text.
pub fn lower_in_place(text: &str) -> String {
    text.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// The byte ranges inside quotation marks.
pub fn quoted_ranges(text: &str, offset: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        match (open, c) {
            (None, '“' | '«' | '„' | '"') => open = Some((i, c)),
            (Some((s, o)), _) if closes(o, c) => {
                out.push(Span {
                    start: offset + s,
                    end: offset + i + c.len_utf8(),
                });
                open = None;
            }
            _ => {}
        }
    }
    out
}

fn closes(open: char, c: char) -> bool {
    matches!(
        (open, c),
        ('“', '”') | ('«', '»') | ('„', '“' | '”') | ('"', '"')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, lang: &str) -> Vec<String> {
        let lexicon = Lexicon::load(None).expect("works");
        sentences(text, &Abbreviations::new(&lexicon, lang))
            .iter()
            .map(|s| text[s.start..s.end].to_owned())
            .collect()
    }

    #[test]
    fn initials_and_abbreviations_do_not_end_sentences() {
        assert_eq!(
            split(
                "President S.Sh. Jeenbekov met the U.S. envoy. Then R.T. Erdogan spoke.",
                "en"
            ),
            [
                "President S.Sh. Jeenbekov met the U.S. envoy.",
                "Then R.T. Erdogan spoke."
            ]
        );
        assert_eq!(
            split(
                "Визит состоялся в 1998 г. Затем в г. Оше прошла встреча.",
                "ru"
            ),
            [
                "Визит состоялся в 1998 г.",
                "Затем в г. Оше прошла встреча."
            ]
        );
        assert_eq!(split("Bişkek'te 10. Zirve yapıldı. Sonra.", "tr").len(), 2);
    }
}
