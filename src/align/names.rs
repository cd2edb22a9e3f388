//! Name keys for linking: two spellings of one name get the same key.
//!
//! A name is folded in three steps. Unicode NFKC and lower case; then Latin
//! letters by `any_ascii` (a maintained transliteration table: Cyrillic, Turkish
//! and all other scripts; `Erdoğan` and `Erdogan` meet, `Жээнбеков` becomes
//! `zheenbekov`); then a *skeleton* that merges the spellings different
//! romanisations give one Kyrgyz or Russian sound (`dzh`, `dj`, `zh` and `j` are
//! one letter; `y` and `i`; `kh` and `h`), so `Jeenbekov`, `Zheenbekov` and
//! `Ceenbekov` (Turkish `c` is English `j`) share a key. Turkish-tagged names
//! are read a second time with Turkish spelling rules (`c` → `j`, `ç` → `ch`,
//! `ş` → `sh`), because `any_ascii` alone cannot know the language.

use unicode_normalization::UnicodeNormalization;

/// Lower case, NFKC, transliterated to ASCII letters and digits, words separated by one space.
pub fn fold(name: &str) -> String {
    let lower: String = name.nfkc().collect::<String>().to_lowercase();
    words(&any_ascii::any_ascii(&lower))
}

fn words(ascii: &str) -> String {
    let mut out = String::with_capacity(ascii.len());
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out
}

/// Folds a Turkish-spelled name by Turkish rules, where `c` is English `j`.
fn fold_turkish(name: &str) -> String {
    let lower: String = name.nfkc().collect::<String>().to_lowercase();
    let mut spelled = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            'c' => spelled.push('j'),
            'ç' => spelled.push_str("ch"),
            'ş' => spelled.push_str("sh"),
            // The soft g lengthens the vowel; English spellings drop it.
            'ğ' => {}
            c => spelled.push(c),
        }
    }
    words(&any_ascii::any_ascii(&spelled))
}

/// Merges the spellings different romanisations give one sound.
pub fn skeleton(folded: &str) -> String {
    let mut s = folded.to_owned();
    for (from, to) in [
        ("dzh", "j"),
        ("dj", "j"),
        ("zh", "j"),
        ("kh", "h"),
        ("sch", "sh"),
        ("yu", "u"),
        ("iu", "u"),
        ("ya", "a"),
        ("ia", "a"),
        ("y", "i"),
        ("w", "v"),
        ("ph", "f"),
    ] {
        // Most names hold few of these: no copy where there is nothing to replace.
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    // Doubled letters come and go between romanisations (Tayyip, Taiip).
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if out.ends_with(c) && c != ' ' && !c.is_ascii_digit() {
            continue;
        }
        out.push(c);
    }
    out
}

/// Every key of a name: its skeleton, and for Turkish also that of the Turkish reading.
pub fn keys(name: &str, language: &str) -> Vec<String> {
    keys_of_folded(name, &fold(name), language)
}

/// [`keys`], for a name already folded by [`fold`].
pub fn keys_of_folded(name: &str, folded: &str, language: &str) -> Vec<String> {
    let mut keys = vec![skeleton(folded)];
    let primary = language.split('-').next().unwrap_or_default();
    if primary.eq_ignore_ascii_case("tr") || primary.eq_ignore_ascii_case("az") {
        let turkish = skeleton(&fold_turkish(name));
        if !keys.contains(&turkish) {
            keys.push(turkish);
        }
    }
    keys.retain(|k| !k.is_empty());
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meet(a: (&str, &str), b: (&str, &str)) -> bool {
        let ka = keys(a.0, a.1);
        keys(b.0, b.1).iter().any(|k| ka.contains(k))
    }

    #[test]
    fn diacritics_and_case_fold_away() {
        assert_eq!(fold("Recep Tayyip Erdoğan"), "recep tayyip erdogan");
        assert_eq!(fold("İzmir"), fold("Izmir"));
        assert_eq!(fold("ＡＮＫＡＲＡ"), "ankara");
        assert_eq!(fold("Cholpon-Ata"), "cholpon ata");
    }

    #[test]
    fn romanisations_of_one_name_share_a_key() {
        let jeenbekov = ("Жээнбеков", "ru");
        assert!(meet(jeenbekov, ("Jeenbekov", "en")));
        assert!(meet(jeenbekov, ("Zheenbekov", "en")));
        assert!(meet(("Ceenbekov", "tr"), ("Jeenbekov", "en")));
        let dzhumabekov = ("Джумабеков", "ru");
        assert!(meet(dzhumabekov, ("Dzhumabekov", "en")));
        assert!(meet(dzhumabekov, ("Jumabekov", "en")));
        assert!(meet(("Çolpon-Ata", "tr"), ("Чолпон-Ата", "ky")));
        assert!(meet(
            ("Recep Tayyip Erdoğan", "tr"),
            ("Recep Tayyip Erdogan", "en")
        ));
    }

    #[test]
    fn different_names_keep_different_keys() {
        assert!(!meet(("Jeenbekov", "en"), ("Jumabekov", "en")));
        assert!(!meet(("Ankara", "en"), ("Antalya", "en")));
        assert!(!meet(
            ("Asylbek Jeenbekov", "en"),
            ("Sooronbay Jeenbekov", "en")
        ));
    }
}
