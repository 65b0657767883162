//! Control characters from a spec made visible before text reaches a terminal or a file.
//!
//! Specs are untrusted. A summary holding `ESC ] 0 ; … BEL` would set the terminal's title,
//! `ESC [ 2 J` would clear the screen, a carriage return would overwrite the line it is on,
//! and a right-to-left override would make text read as something else. Every such character
//! is written as an escape (`\x1b`, `\x0d`, `\u{202e}`) instead. The only escape sequences
//! let through are the ones apidelta's own styles write (reset, bold, dim and five text
//! colours), so a spec can at most colour text in one of those until the next reset; it
//! cannot hide text, move the cursor or talk to the terminal.

use std::borrow::Cow;

/// `text` with every control character, other than line breaks (LF or CRLF), tabs and the
/// colour sequences of [`style_len`], written as a visible escape.
pub fn defang(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let kept = match c {
            '\x1b' => style_len(rest),
            // A CRLF line ending (CSV's) overwrites nothing.
            '\r' if rest[1..].starts_with('\n') => Some(2),
            _ => None,
        };
        if let Some(len) = kept {
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        if needs_escape(c) {
            escape(c, &mut out);
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// The invisible characters that reorder the text around them.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

fn escape(c: char, out: &mut String) {
    use std::fmt::Write;
    let code = u32::from(c);
    let _ = if code < 0x100 {
        write!(out, "\\x{code:02x}")
    } else {
        write!(out, "\\u{{{code:x}}}")
    };
}

/// The length of the style sequence `text` starts with: `ESC [ params m`, each parameter one
/// that apidelta's styles use: reset, bold, dim, and red, green, yellow, blue and magenta
/// text. No background, black or white: a spec must not be able to hide text with them.
fn style_len(text: &str) -> Option<usize> {
    let params_and_rest = text.strip_prefix("\x1b[")?;
    // Only digits and `;` may come before the `m`: the scan stops at the first other byte,
    // so text full of ESC stays linear.
    let end = params_and_rest
        .bytes()
        .position(|b| !(b.is_ascii_digit() || b == b';'))
        .filter(|&at| params_and_rest.as_bytes()[at] == b'm')?;
    let params = &params_and_rest[..end];
    let allowed = params
        .split(';')
        .all(|p| matches!(p.parse::<u8>(), Ok(0..=2 | 31..=35)));
    allowed.then_some(2 + end + 1)
}

#[cfg(test)]
mod tests {
    use super::defang;

    #[test]
    fn unfinished_sequences_are_escaped_one_by_one() {
        // (Each ESC used to search the rest of the text for an `m`: quadratic.)
        let text = "\x1b[1".repeat(1_000);
        assert_eq!(defang(&text), "\\x1b[1".repeat(1_000));
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(defang("a\tb\nc é"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn our_styles_pass_and_everything_else_is_escaped() {
        let ours = "\x1b[1m\x1b[33mbold yellow\x1b[0m";
        assert_eq!(defang(ours), ours);
        assert_eq!(defang("\x1b[2Jclear"), "\\x1b[2Jclear");
        assert_eq!(defang("\x1b]0;title\x07"), "\\x1b]0;title\\x07");
        assert_eq!(defang("hidden \x1b[8mtext"), "hidden \\x1b[8mtext");
        assert_eq!(defang("\x1b[30;40mblack"), "\\x1b[30;40mblack");
        assert_eq!(
            defang("over\rwrite del\x7f c1\u{85}"),
            "over\\x0dwrite del\\x7f c1\\x85"
        );
        assert_eq!(defang("abc\u{202e}def"), "abc\\u{202e}def");
        assert_eq!(defang("\x1b[31"), "\\x1b[31");
        assert_eq!(defang("a,b\r\nc\r"), "a,b\r\nc\\x0d");
    }
}
