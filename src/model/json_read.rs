//! Reading typed values out of a [`Json`] document, each error at its field's path.
//!
//! A path is how the learner finds the field in the text: `layers[1]`, `data.seed`,
//! `regularization.rate`. The empty path is the spec's root, which errors name `spec`; a saved
//! state starts its paths at `resume`. The messages keep serde's wording ("missing field
//! `rate`", "unknown variant `l3`, expected `l1` or `l2`", "invalid type: string \"fast\",
//! expected a number"), which the page has always shown.

use crate::model::json::Json;
use crate::model::spec::SpecError;

pub type Read<T> = Result<T, SpecError>;

/// An error at `path` (the empty path is the spec itself).
pub fn wrong(path: &str, message: impl Into<String>) -> SpecError {
    SpecError {
        field: if path.is_empty() { "spec" } else { path }.to_string(),
        message: message.into(),
    }
}

/// The path of field `key` of the object at `path`.
pub fn key_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The path of item `index` of the array at `path`.
pub fn index_path(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

/// `value` described as an unexpected value is: `string "fast"`, `integer `3``, `array`, ….
fn found(value: &Json) -> String {
    match value {
        Json::Null => "null".into(),
        Json::Bool(b) => format!("boolean `{b}`"),
        Json::Number(text) if is_whole(text) => format!("integer `{text}`"),
        Json::Number(text) => format!("floating point `{text}`"),
        Json::String(text) => format!("string {text:?}"),
        Json::Array(_) => "array".into(),
        Json::Object(_) => "object".into(),
    }
}

fn is_whole(text: &str) -> bool {
    !text.contains(['.', 'e', 'E'])
}

/// "invalid type: …, expected …".
pub fn invalid_type(value: &Json, path: &str, expected: &str) -> SpecError {
    wrong(
        path,
        format!("invalid type: {}, expected {expected}", found(value)),
    )
}

/// Names as serde lists what it expected: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
pub fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} or {}", quoted[0], quoted[1]),
        _ => format!("one of {}", quoted.join(", ")),
    }
}

/// A number (every number the reader accepts is finite).
pub fn number(value: &Json, path: &str) -> Read<f64> {
    match value {
        Json::Number(text) => text
            .parse()
            .map_err(|_| invalid_type(value, path, "a number")),
        _ => Err(invalid_type(value, path, "a number")),
    }
}

/// A whole number from 0 up, exactly.
pub fn whole(value: &Json, path: &str) -> Read<u64> {
    const EXPECTED: &str = "a whole number from 0 up";
    match value {
        Json::Number(text) if is_whole(text) => text.parse().map_err(|_| {
            wrong(
                path,
                format!("invalid value: integer `{text}`, expected {EXPECTED} below 2^64"),
            )
        }),
        _ => Err(invalid_type(value, path, EXPECTED)),
    }
}

/// A count or an index.
pub fn size(value: &Json, path: &str) -> Read<usize> {
    let n = whole(value, path)?;
    usize::try_from(n).map_err(|_| wrong(path, format!("{n} is too large")))
}

pub fn boolean(value: &Json, path: &str) -> Read<bool> {
    match value {
        Json::Bool(b) => Ok(*b),
        _ => Err(invalid_type(value, path, "true or false")),
    }
}

pub fn string<'a>(value: &'a Json, path: &str) -> Read<&'a str> {
    match value {
        Json::String(text) => Ok(text),
        _ => Err(invalid_type(value, path, "a string")),
    }
}

/// One of `options`, by its name.
pub fn named<T: Copy>(
    value: &Json,
    path: &str,
    options: &[T],
    name: impl Fn(T) -> &'static str,
) -> Read<T> {
    let names: Vec<&str> = options.iter().map(|&option| name(option)).collect();
    name_index(value, path, &names).map(|i| options[i])
}

/// Where `value` is in `names` (the part of [`named`] that is the same for every type).
fn name_index(value: &Json, path: &str, names: &[&str]) -> Read<usize> {
    let expected = one_of(names);
    let Json::String(text) = value else {
        return Err(invalid_type(value, path, &format!("a name, {expected}")));
    };
    names.iter().position(|name| name == text).ok_or_else(|| {
        wrong(
            path,
            format!("unknown variant `{text}`, expected {expected}"),
        )
    })
}

/// An array, each item read by `item` at its own path.
pub fn list<T>(value: &Json, path: &str, item: impl Fn(&Json, &str) -> Read<T>) -> Read<Vec<T>> {
    let Json::Array(items) = value else {
        return Err(invalid_type(value, path, "an array"));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, value)| item(value, &index_path(path, i)))
        .collect()
}

/// An array of numbers.
pub fn numbers(value: &Json, path: &str) -> Read<Vec<f64>> {
    list(value, path, number)
}

/// An array of exactly `N` items (a pair `[epoch, loss]`, …).
pub fn tuple<'a, const N: usize>(value: &'a Json, path: &str) -> Read<&'a [Json; N]> {
    match value {
        Json::Array(items) => items.as_slice().try_into().map_err(|_| {
            wrong(
                path,
                format!("has {} items, where {N} were expected", items.len()),
            )
        }),
        _ => Err(invalid_type(value, path, &format!("an array of {N}"))),
    }
}

/// An object whose fields are all among `known`.
pub struct Object<'a> {
    fields: &'a [(String, Json)],
    path: String,
}

impl<'a> Object<'a> {
    /// The object at `path`; refuses anything else, and any field not in `known`.
    pub fn of(value: &'a Json, path: &str, known: &[&str]) -> Read<Object<'a>> {
        let Json::Object(fields) = value else {
            return Err(invalid_type(value, path, "an object"));
        };
        if let Some((key, _)) = fields
            .iter()
            .find(|(key, _)| !known.contains(&key.as_str()))
        {
            return Err(wrong(
                &key_path(path, key),
                format!("unknown field `{key}`, expected {}", one_of(known)),
            ));
        }
        // A key given twice is refused rather than one silently winning; counted per known
        // key, so a crafted object with many keys costs linear time, not quadratic.
        if let Some(key) = known
            .iter()
            .find(|&&key| fields.iter().filter(|(k, _)| k == key).count() > 1)
        {
            return Err(wrong(
                &key_path(path, key),
                format!("duplicate field `{key}`"),
            ));
        }
        Ok(Object {
            fields,
            path: path.to_string(),
        })
    }

    /// Field `key` read by `read`, or `None` when it is left out (or `null`).
    pub fn optional<T>(&self, key: &str, read: impl Fn(&Json, &str) -> Read<T>) -> Read<Option<T>> {
        match self.field(key) {
            Some((Json::Null, _)) | None => Ok(None),
            Some((value, path)) => read(value, &path).map(Some),
        }
    }

    /// Field `key` read by `read`; refused, at the object's path, when it is left out.
    pub fn required<T>(&self, key: &str, read: impl Fn(&Json, &str) -> Read<T>) -> Read<T> {
        match self.field(key) {
            Some((value, path)) => read(value, &path),
            None => Err(wrong(&self.path, format!("missing field `{key}`"))),
        }
    }

    /// Field `key` and its path (not generic, so that each field's reader adds only its call).
    fn field(&self, key: &str) -> Option<(&'a Json, String)> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, value)| (value, key_path(&self.path, key)))
    }
}
