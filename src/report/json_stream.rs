//! JSON reports written as they are built. A report is a top-level object whose large arrays
//! (changes, findings, fields, deprecated elements) are produced one element at a time while
//! they are written: at most one element is alive at once. Elements may be of any
//! `Serialize` type: one that serializes borrowed data is written without building a `Value`.
//!
//! The text is the same as `serde_json::to_string_pretty` of [`Document::into_value`]: the
//! top-level object is framed by the calls serde_json makes to its pretty formatter, and each
//! member's value is written by serde_json with that formatter's output one level deep.

use serde::Serialize;
use serde::Serializer as _;
use serde::ser::Error as _;
use serde_json::ser::{Formatter, Serializer};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::io::{self, Write};

/// The elements of a large array, of any serializable type, built when the array is written.
trait Elements {
    /// Writes the array as the value of a top-level member.
    fn write(&mut self, out: &mut dyn Write) -> serde_json::Result<()>;
    /// The elements as values.
    fn into_values(self: Box<Self>) -> serde_json::Result<Vec<Value>>;
}

impl<I> Elements for I
where
    I: Iterator,
    I::Item: Serialize,
{
    fn write(&mut self, out: &mut dyn Write) -> serde_json::Result<()> {
        // Buffered here so that the printer's many small writes are not calls through `dyn`.
        let mut out = io::BufWriter::new(out);
        // Each element is dropped once written, before the next one is built.
        (&mut member_serializer(&mut out)).collect_seq(self.by_ref())?;
        out.flush().map_err(serde_json::Error::io)
    }

    fn into_values(self: Box<Self>) -> serde_json::Result<Vec<Value>> {
        self.map(serde_json::to_value).collect()
    }
}

/// A top-level JSON object whose fields are either values or arrays built lazily.
pub struct Document<'a> {
    fields: Vec<(String, Field<'a>)>,
}

enum Field<'a> {
    Value(Value),
    /// Taken when written: a document is written once.
    Array(RefCell<Option<Box<dyn Elements + 'a>>>),
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
    pub fn array<T: Serialize>(&mut self, key: &str, elements: impl Iterator<Item = T> + 'a) {
        self.fields.push((
            key.to_string(),
            Field::Array(RefCell::new(Some(Box::new(elements)))),
        ));
    }

    /// The whole document as one `Value` (for YAML, and to check the streamed text).
    pub fn into_value(self) -> serde_json::Result<Value> {
        let mut out = Map::new();
        for (key, field) in self.fields {
            let value = match field {
                Field::Value(v) => v,
                Field::Array(elements) => Value::Array(match elements.into_inner() {
                    Some(elements) => elements.into_values()?,
                    None => Vec::new(),
                }),
            };
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }

    /// Writes the document pretty-printed, then a line break: the text of
    /// `serde_json::to_string_pretty` of [`Document::into_value`], plus `\n`.
    pub fn write_pretty<W: Write>(&self, mut out: W) -> serde_json::Result<()> {
        let io = serde_json::Error::io;
        let mut top = PrettyAt::new(0);
        top.begin_object(&mut out).map_err(io)?;
        for (i, (key, field)) in self.fields.iter().enumerate() {
            top.begin_object_key(&mut out, i == 0).map_err(io)?;
            serde_json::to_writer(&mut out, key)?;
            top.begin_object_value(&mut out).map_err(io)?;
            match field {
                Field::Value(v) => v.serialize(&mut member_serializer(&mut out))?,
                Field::Array(elements) => elements
                    .borrow_mut()
                    .take()
                    .ok_or_else(|| serde_json::Error::custom("a streamed array is written once"))?
                    .write(&mut out)?,
            }
            top.end_object_value(&mut out).map_err(io)?;
        }
        top.end_object(&mut out).map_err(io)?;
        out.write_all(b"\n").map_err(io)
    }

    /// The pretty-printed text, as [`Document::write_pretty`] writes it.
    pub fn to_string_pretty(&self) -> serde_json::Result<String> {
        let mut out = Vec::new();
        self.write_pretty(&mut out)?;
        // serde_json writes UTF-8 only.
        String::from_utf8(out).map_err(serde_json::Error::custom)
    }
}

/// A serializer for the value of a top-level member.
fn member_serializer<W: Write>(out: W) -> Serializer<W, PrettyAt> {
    Serializer::with_formatter(out, PrettyAt::new(1))
}

/// serde_json's `PrettyFormatter` (two-space indent), started `level` levels deep: what it
/// writes for a value nested that deep. (`PrettyFormatter` itself always starts at 0.)
struct PrettyAt {
    level: usize,
    has_value: bool,
}

impl PrettyAt {
    fn new(level: usize) -> Self {
        PrettyAt {
            level,
            has_value: false,
        }
    }

    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.break_line(out, b"\n")?;
        }
        out.write_all(bracket)
    }

    /// An element or member: after a comma unless it is the first.
    fn item<W: ?Sized + Write>(&self, out: &mut W, first: bool) -> io::Result<()> {
        self.break_line(out, if first { b"\n" } else { b",\n" })
    }

    /// `line_break`, then the indentation of the current level.
    fn break_line<W: ?Sized + Write>(&self, out: &mut W, line_break: &[u8]) -> io::Result<()> {
        out.write_all(line_break)?;
        (0..self.level).try_for_each(|_| out.write_all(b"  "))
    }
}

impl Formatter for PrettyAt {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.item(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.item(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Document;
    use serde_json::{Map, Value, json};

    /// An element type that is not a `Value`.
    #[derive(serde::Serialize)]
    struct Item {
        i: usize,
        list: Vec<u8>,
        none: Option<&'static str>,
    }

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
        d.array("none", std::iter::empty::<Value>());
        d.array(
            "typed",
            (0..n).map(|i| Item {
                i,
                list: vec![1; i],
                none: None,
            }),
        );
        d
    }

    #[test]
    fn same_text_as_the_whole_value() {
        for n in [0, 1, 3] {
            let expected =
                serde_json::to_string_pretty(&doc(n).into_value().unwrap()).unwrap() + "\n";
            assert_eq!(doc(n).to_string_pretty().unwrap(), expected);
        }
        let empty = Document::new(Map::new());
        assert_eq!(empty.to_string_pretty().unwrap(), "{}\n");
    }

    #[test]
    fn written_once() {
        let d = doc(2);
        assert!(d.to_string_pretty().is_ok());
        assert!(d.to_string_pretty().is_err());
        assert!(
            matches!(doc(0).into_value().unwrap()["none"], Value::Array(ref a) if a.is_empty())
        );
    }
}
