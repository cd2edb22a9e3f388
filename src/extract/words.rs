//! The words of a text, as the names and rules match them: where each is,
//! folded (the align layer's keys) and in lower case; and when a word of a
//! name and a word of the text are one, allowing the endings the four
//! languages add.

use crate::align::names::{fold, skeleton};
use crate::extract::sentences::Span;

/// A word of the text: where it is and its folded form.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// Where it is (bytes).
    pub(crate) span: Span,
    /// Folded to ASCII and merged spellings (the align layer's skeleton).
    pub(crate) folded: String,
    /// The word in lower case, as the lexicon's rules match it.
    pub(crate) lower: String,
    /// Whether it starts with a capital.
    pub(crate) capital: bool,
}

/// The words of `text` (runs of letters and digits), `offset` bytes into the whole text.
pub(crate) fn words(text: &str, offset: usize) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, c.is_alphanumeric()) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let word = &text[s..i];
                out.push(Word {
                    span: Span {
                        start: offset + s,
                        end: offset + i,
                    },
                    folded: skeleton(&fold(word)),
                    lower: word.to_lowercase(),
                    capital: word.chars().next().is_some_and(char::is_uppercase),
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Whether a word of a name and a word of the text are one, the text's allowed an ending.
pub(crate) fn same_word(name: &str, text: &str) -> bool {
    if name == text {
        return true;
    }
    let (short, long) = if name.len() <= text.len() {
        (name, text)
    } else {
        (text, name)
    };
    if short.len() < 4 {
        return false;
    }
    let common = short
        .bytes()
        .zip(long.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let slack = if short.len() >= 8 { 2 } else { 1 };
    common >= 4 && common + slack >= short.len() && long.len() - common <= 5
}

/// The index key of a folded word: its first three letters.
pub(crate) fn bucket(folded: &str) -> String {
    folded.chars().take(3).collect()
}

/// The byte ranges of a text's words (for the rules).
pub fn word_spans(text: &str, span: Span) -> Vec<(Span, String)> {
    words(&text[span.start..span.end], span.start)
        .into_iter()
        .map(|w| (w.span, w.lower))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::same_word;

    #[test]
    fn endings_meet_but_other_words_do_not() {
        assert!(same_word("kyrgyzstan", "kyrgyzstanom"));
        assert!(same_word("turtsiia", "turtsii"));
        assert!(same_word("kyrgyzskaia", "kyrgyzskoi"));
        assert!(!same_word("turkey", "turkic"));
        assert!(!same_word("iran", "ireland"));
    }
}
