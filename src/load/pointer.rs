//! JSON pointers (RFC 6901) as used in `$ref` fragments.

/// Undoes the pointer escapes of one segment: `~1` is `/`, `~0` is `~`.
pub fn unescape_segment(segment: &str) -> String {
    if segment.contains('~') {
        segment.replace("~1", "/").replace("~0", "~")
    } else {
        segment.to_string()
    }
}

/// Decodes `%XX` escapes of a URI fragment. Invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_percent_encoding() {
        assert_eq!(unescape_segment("~1pets~1{id}"), "/pets/{id}");
        assert_eq!(unescape_segment("a~0b"), "a~b");
        assert_eq!(percent_decode("~1pets~1%7Bid%7D"), "~1pets~1{id}");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
