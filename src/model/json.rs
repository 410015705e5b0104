//! JSON text, read into a [`Json`] value and written back, by hand.
//!
//! The page reads and writes a handful of small documents (a spec, a saved state, a snapshot),
//! so a general serialisation framework was most of what it carried: serde_json and
//! serde_path_to_error, with the code generated for every type they read, were about 57 KiB of
//! the gzipped wasm module. This reader is the JSON grammar of RFC 8259 and no more; the typed
//! reading, with each error at its field's path, is [`crate::model::json_read`].
//!
//! Numbers keep their text, so a whole number is read exactly (a seed up to 2⁶⁴ − 1) and any
//! other is rounded once, by the standard library's correctly rounded parser. Written numbers
//! are the shortest text that reads back to the same bits.

mod parse;

pub use parse::{parse, SyntaxError, MAX_DEPTH, TRAILING};

/// A JSON value. An object keeps its fields in the order written (a key appears once).
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// A number as written (or as [`Json::number`] wrote it): valid JSON number text.
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// A finite number as the shortest text that reads back to the same bits; `null` for NaN
    /// and the infinities, which JSON cannot hold.
    pub fn number(x: f64) -> Json {
        if x.is_finite() {
            // `{:?}` is Rust's shortest round-trip form: `0.1`, `1.0`, `1e-7`, `-0.0`.
            Json::Number(format!("{x:?}"))
        } else {
            Json::Null
        }
    }

    /// A whole number, exactly.
    pub fn whole(n: u64) -> Json {
        Json::Number(n.to_string())
    }

    pub fn string(text: impl Into<String>) -> Json {
        Json::String(text.into())
    }

    /// An object from `(key, value)` pairs, leaving out the pairs whose value is `None`.
    pub fn object<'a>(fields: impl IntoIterator<Item = (&'a str, Option<Json>)>) -> Json {
        Json::Object(
            fields
                .into_iter()
                .filter_map(|(key, value)| Some((key.to_string(), value?)))
                .collect(),
        )
    }

    /// An array of numbers (see [`Json::number`]).
    pub fn numbers(values: &[f64]) -> Json {
        Json::Array(values.iter().map(|&x| Json::number(x)).collect())
    }

    /// The field `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Compact text, on one line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, None);
        out
    }

    /// Text indented by two spaces a level, one array item or field per line.
    pub fn to_pretty_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(0));
        out
    }

    /// Writes the value; `indent` is the current level when pretty, `None` when compact.
    fn write(&self, out: &mut String, indent: Option<usize>) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(text) => out.push_str(text),
            Json::String(text) => write_string(out, text),
            Json::Array(items) => write_list(out, indent, '[', ']', items, |out, item, indent| {
                item.write(out, indent)
            }),
            Json::Object(fields) => write_list(
                out,
                indent,
                '{',
                '}',
                fields,
                |out, (key, value), indent| {
                    write_string(out, key);
                    out.push_str(if indent.is_some() { ": " } else { ":" });
                    value.write(out, indent);
                },
            ),
        }
    }
}

/// Writes `items` between `open` and `close`, separated by commas (and, pretty, each on its own
/// line one level in); an empty list stays on one line.
fn write_list<T>(
    out: &mut String,
    indent: Option<usize>,
    open: char,
    close: char,
    items: &[T],
    write_item: impl Fn(&mut String, &T, Option<usize>),
) {
    out.push(open);
    let inner = indent.map(|level| level + 1);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        new_line(out, inner);
        write_item(out, item, inner);
    }
    if !items.is_empty() {
        new_line(out, indent);
    }
    out.push(close);
}

fn new_line(out: &mut String, indent: Option<usize>) {
    if let Some(level) = indent {
        out.push('\n');
        for _ in 0..level {
            out.push_str("  ");
        }
    }
}

/// `text` as a JSON string: quotes, backslashes and control characters escaped, the rest as is.
fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
