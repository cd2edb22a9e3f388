//! Text measured without a font engine, and text made safe for XML.
//!
//! Labels must never overlap, so the layout needs each label's width before
//! any browser draws it. The pictures ask for the Vera family first (DejaVu
//! Sans on Linux, Verdana on Windows and macOS, whose widths are alike) and
//! estimate with DejaVu Sans' advance widths, rounded up: a label is drawn at
//! most as wide as estimated, so boxes laid out apart stay apart.

/// The font stack of every picture: wide sans-serif faces of similar metrics.
pub const FONT_FAMILY: &str = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, sans-serif";

/// The width in pixels of `text` set in [`FONT_FAMILY`] at `size` pixels.
pub fn text_width(text: &str, size: f64) -> f64 {
    let ems: f64 = text.chars().map(advance).sum();
    (ems * size * 1.04).ceil()
}

/// DejaVu Sans advance widths in em, rounded up; unknown letters as wide ones.
fn advance(c: char) -> f64 {
    match c {
        ' ' => 0.32,
        'i' | 'j' | 'l' | 'ı' => 0.28,
        'f' | 't' => 0.40,
        'r' => 0.42,
        'I' | 'J' => 0.30,
        '.' | ',' | ':' | ';' | '\'' | '’' | '‘' | '|' | '!' => 0.34,
        '(' | ')' | '[' | ']' | '-' => 0.40,
        '“' | '”' | '"' => 0.48,
        'm' => 0.98,
        'w' => 0.82,
        'M' => 0.87,
        'W' => 0.99,
        'c' | 's' | 'z' => 0.56,
        'k' | 'v' | 'x' | 'y' => 0.60,
        'a' | 'e' | 'o' => 0.62,
        'b' | 'd' | 'g' | 'h' | 'n' | 'p' | 'q' | 'u' => 0.64,
        '0'..='9' => 0.64,
        'F' | 'L' | 'T' | 'Y' | 'E' | 'P' => 0.64,
        'A' | 'B' | 'K' | 'R' | 'S' | 'X' | 'Z' | 'V' => 0.70,
        'C' | 'D' | 'G' | 'H' | 'N' | 'O' | 'Q' | 'U' => 0.79,
        '–' => 0.50,
        '—' | '…' => 1.00,
        c if c.is_ascii() => 0.70,
        // Accented Latin and Cyrillic letters: about as wide as wide ASCII ones.
        _ => 0.80,
    }
}

/// `text` cut to at most `width` pixels at `size`, with "…" where it was cut,
/// at a word boundary where one is near.
pub fn fit(text: &str, width: f64, size: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        let mut next = out.clone();
        next.push(c);
        next.push('…');
        if text_width(&next, size) > width {
            break;
        }
        out.push(c);
    }
    if let Some(space) = out.rfind(' ').filter(|&i| i * 4 >= out.len() * 3) {
        out.truncate(space);
    }
    let trimmed = out.trim_end_matches([' ', ',', ';', ':']).to_owned();
    format!("{trimmed}…")
}

/// Escapes text for an XML element or a double-quoted attribute.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not XML.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A number for SVG: at most one decimal, no trailing `.0`.
pub fn num(x: f64) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    if rounded == rounded.trunc() {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wider_text_measures_wider() {
        assert!(text_width("mmmm", 12.0) > text_width("iiii", 12.0));
        assert_eq!(text_width("", 12.0), 0.0);
    }

    #[test]
    fn fitting_cuts_at_a_word_with_an_ellipsis() {
        let long = "Treaty on Eternal Friendship and Cooperation between the Kyrgyz Republic and the Republic of Turkey";
        let short = fit(long, 200.0, 12.0);
        assert!(short.ends_with('…'), "{short}");
        assert!(text_width(&short, 12.0) <= 200.0);
        assert_eq!(fit("short", 200.0, 12.0), "short");
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(xml("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(num(1.25), "1.3");
        assert_eq!(num(2.0), "2");
    }
}
