//! JSON reports written as they are built. A report is a top-level object whose large arrays
//! (changes, findings, fields, deprecated elements) are produced one element at a time while
//! serde_json's pretty printer writes them: at most one element's `Value` is alive at once,
//! instead of the whole report as a `Value` and then as one `String`.
//!
//! The text is the same as `serde_json::to_string_pretty` of [`Document::into_value`]: the
//! same printer writes the same values in the same order.

use serde::ser::{Error as _, Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value};
use std::cell::RefCell;

/// The elements of a large array, built when the array is written.
type Elements<'a> = Box<dyn Iterator<Item = Value> + 'a>;

/// A top-level JSON object whose fields are either values or arrays built lazily.
pub struct Document<'a> {
    fields: Vec<(String, Field<'a>)>,
}

enum Field<'a> {
    Value(Value),
    /// Taken when written: a document is written once.
    Array(RefCell<Option<Elements<'a>>>),
}

impl<'a> Document<'a> {
    /// A document that starts with `head`'s fields, in order.
    pub fn new(head: Map<String, Value>) -> Self {
        Document {
            fields: head
                .into_iter()
                .map(|(k, v)| (k, Field::Value(v)))
                .collect(),
        }
    }

    /// Appends a field.
    pub fn value(&mut self, key: &str, value: Value) {
        self.fields.push((key.to_string(), Field::Value(value)));
    }

    /// Appends an array field whose elements are built as they are written.
    pub fn array(&mut self, key: &str, elements: impl Iterator<Item = Value> + 'a) {
        self.fields.push((
            key.to_string(),
            Field::Array(RefCell::new(Some(Box::new(elements)))),
        ));
    }

    /// The whole document as one `Value` (for YAML, and to check the streamed text).
    pub fn into_value(self) -> Value {
        let mut out = Map::new();
        for (key, field) in self.fields {
            let value = match field {
                Field::Value(v) => v,
                Field::Array(elements) => {
                    Value::Array(elements.into_inner().into_iter().flatten().collect())
                }
            };
            out.insert(key, value);
        }
        Value::Object(out)
    }

    /// Writes the document pretty-printed, then a line break: the text of
    /// `serde_json::to_string_pretty` of [`Document::into_value`], plus `\n`.
    pub fn write_pretty<W: std::io::Write>(&self, mut out: W) -> serde_json::Result<()> {
        serde_json::to_writer_pretty(&mut out, self)?;
        out.write_all(b"\n").map_err(serde_json::Error::io)
    }

    /// The pretty-printed text, as [`Document::write_pretty`] writes it.
    pub fn to_string_pretty(&self) -> serde_json::Result<String> {
        let mut out = Vec::new();
        self.write_pretty(&mut out)?;
        // serde_json writes UTF-8 only.
        String::from_utf8(out).map_err(serde_json::Error::custom)
    }
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.fields.len()))?;
        for (key, field) in &self.fields {
            map.serialize_entry(key, field)?;
        }
        map.end()
    }
}

impl Serialize for Field<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Value(v) => v.serialize(serializer),
            Field::Array(elements) => {
                let elements = elements
                    .borrow_mut()
                    .take()
                    .ok_or_else(|| S::Error::custom("a streamed array is written once"))?;
                let mut seq = serializer.serialize_seq(None)?;
                for element in elements {
                    seq.serialize_element(&element)?;
                    // `element` is dropped here, before the next one is built.
                }
                seq.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Document;
    use serde_json::{Map, Value, json};

    fn doc(n: usize) -> Document<'static> {
        let mut head = Map::new();
        head.insert("schema_version".into(), json!(1));
        head.insert("tool".into(), json!({"name": "apidelta", "list": [1, 2]}));
        let mut d = Document::new(head);
        d.array(
            "items",
            (0..n).map(|i| json!({"i": i, "s": "a\nb\u{7f}é", "empty": [], "o": {}})),
        );
        d.value("after", json!([]));
        d.array("none", std::iter::empty());
        d
    }

    #[test]
    fn same_text_as_the_whole_value() {
        for n in [0, 1, 3] {
            let expected = serde_json::to_string_pretty(&doc(n).into_value()).unwrap() + "\n";
            assert_eq!(doc(n).to_string_pretty().unwrap(), expected);
        }
    }

    #[test]
    fn written_once() {
        let d = doc(2);
        assert!(d.to_string_pretty().is_ok());
        assert!(d.to_string_pretty().is_err());
        assert!(matches!(doc(0).into_value()["none"], Value::Array(ref a) if a.is_empty()));
    }
}
