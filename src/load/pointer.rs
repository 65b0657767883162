//! JSON pointers (RFC 6901) as used in `$ref` fragments.

use serde_json::Value;

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

/// The value at `pointer` (already percent-decoded, still `~`-escaped), if any.
pub fn pointer_get<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let rest = pointer.strip_prefix('/')?;
    let mut current = root;
    for raw in rest.split('/') {
        let segment = unescape_segment(raw);
        current = match current {
            Value::Object(map) => map.get(&segment)?,
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_and_percent_encoding() {
        let doc = json!({"paths": {"/pets/{id}": {"get": 1}}, "a~b": [10, 20]});
        assert_eq!(
            pointer_get(&doc, "/paths/~1pets~1{id}/get"),
            Some(&json!(1))
        );
        assert_eq!(pointer_get(&doc, "/a~0b/1"), Some(&json!(20)));
        assert_eq!(percent_decode("~1pets~1%7Bid%7D"), "~1pets~1{id}");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(pointer_get(&doc, "/missing"), None);
    }
}
