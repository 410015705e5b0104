//! The hand-written JSON reader and writer (`model::json`) against serde_json, the reference:
//! the same values from the same text, the same verdict on broken text, numbers that come back
//! bit for bit, and errors that say where.

use backprop_playground::model::json::{self, Json, MAX_DEPTH};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::Value;

/// Our value as serde_json's, numbers compared as the `f64` (or whole number) they read as.
fn to_serde(value: &Json) -> Value {
    match value {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(text) => serde_json::from_str(text).expect("our number text is JSON"),
        Json::String(s) => Value::String(s.clone()),
        Json::Array(items) => Value::Array(items.iter().map(to_serde).collect()),
        Json::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), to_serde(v)))
                .collect(),
        ),
    }
}

const VALID: &[&str] = &[
    "0",
    "-0",
    "-0.0",
    "1",
    "1.5e3",
    "1E-7",
    "-2.5e+10",
    "18446744073709551615",
    "9007199254740993",
    "0.1",
    "1.7976931348623157e308",
    "5e-324",
    "123456789.123456789e-20",
    "true",
    "false",
    "null",
    r#""""#,
    r#""plain""#,
    r#""esc \" \\ \/ \b \f \n \r \t""#,
    r#""\u00e9 \u20AC \ud83d\ude00 é ∂E/∂w""#,
    "[]",
    "[ ]",
    "{}",
    " \n\t\r [1, [2, [3, {}]], {\"a\": [true, null]}] \n",
    r#"{"layers": [2, 2, 1], "activation": "sigmoid", "learning_rate": 0.5,
        "data": {"inputs": [[0, 1], [1, 0]], "targets": [[1], [0]]}}"#,
];

#[test]
fn valid_text_reads_as_serde_json_reads_it() {
    for text in VALID {
        let ours = json::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let reference: Value = serde_json::from_str(text).unwrap();
        assert_eq!(to_serde(&ours), reference, "{text}");
        // And what we write reads back to the same value, compact and pretty.
        for written in [ours.to_text(), ours.to_pretty_text()] {
            let again: Value = serde_json::from_str(&written).unwrap();
            assert_eq!(again, reference, "{text} written as {written}");
            assert_eq!(json::parse(&written).unwrap(), ours, "{written}");
        }
    }
}

#[test]
fn pretty_text_is_laid_out_as_serde_json_lays_it_out() {
    // Keys in sorted order: serde_json's `Value` sorts them, ours keeps them as written.
    let documents = [
        r#"{"activation": ["relu", "sigmoid"], "data": {"inputs": [[0, 1], [1, 0]],
            "targets": [[1], [0]]}, "layers": [2, 2, 1], "learning_rate": 0.5, "seed": 7}"#,
        r#"[[], {}, [[]], {"a": {}}, "x", true, null, 12]"#,
        "[]",
        "{}",
    ];
    for text in documents {
        let ours = json::parse(text).unwrap();
        let reference: Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            ours.to_pretty_text(),
            serde_json::to_string_pretty(&reference).unwrap(),
            "{text}"
        );
        assert_eq!(ours.to_text(), serde_json::to_string(&reference).unwrap());
    }
}

#[test]
fn broken_text_is_refused_as_serde_json_refuses_it() {
    let deep_ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    let too_deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    assert!(json::parse(&deep_ok).is_ok());
    let broken = [
        "",
        " ",
        "{",
        "[",
        "[1",
        "[1,",
        "[1,]",
        "[1 2]",
        "{\"a\"",
        "{\"a\":",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{1: 2}",
        "{a: 1}",
        "01",
        "1.",
        ".5",
        "-",
        "+1",
        "1e",
        "1e+",
        "0x10",
        "NaN",
        "Infinity",
        "-Infinity",
        "1e400",
        "-1e400",
        "tru",
        "nul",
        "falsy",
        "\"open",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\ud800\"",
        "\"\\ud800\\u0041\"",
        "\"a\u{1}b\"",
        "\"tab\there\"",
        "{} {}",
        "[] x",
        "'single'",
        "[1]]",
        too_deep.as_str(),
    ];
    for text in broken {
        assert!(
            serde_json::from_str::<Value>(text).is_err(),
            "serde_json accepts {text:?}: fix the list"
        );
        assert!(json::parse(text).is_err(), "{text:?} was accepted");
    }
}

#[test]
fn a_key_given_twice_is_refused_at_that_key_not_silently_overwritten() {
    use backprop_playground::model::json_read::Object;
    let doc = json::parse(r#"{"seed": 1, "layers": [2], "seed": 2}"#).unwrap();
    let error = Object::of(&doc, "", &["seed", "layers"]).err().unwrap();
    assert_eq!(error.field, "seed");
    assert_eq!(error.message, "duplicate field `seed`");
}

#[test]
fn errors_give_the_line_and_column_the_reader_stopped_at() {
    let error = json::parse("{\"layers\": [2, 2").unwrap_err();
    assert_eq!(error.message, "EOF while parsing a list");
    assert_eq!((error.line, error.column, error.offset), (1, 17, 16));
    let error = json::parse("{\n  \"a\": 1,\n  \"b\": tru\n}").unwrap_err();
    assert_eq!(error.message, "expected ident");
    assert_eq!((error.line, error.column), (3, 11));
    assert_eq!(error.to_string(), "expected ident at line 3 column 11");
    // Columns count characters, not bytes.
    let error = json::parse("[\"∂E\", x]").unwrap_err();
    assert_eq!((error.line, error.column), (1, 8));
    let error = json::parse("[1] 2").unwrap_err();
    assert_eq!(error.message, json::TRAILING);
}

#[test]
fn every_finite_number_is_written_so_it_reads_back_bit_for_bit() {
    let mut rng = StdRng::seed_from_u64(11);
    let special = [
        0.0,
        -0.0,
        0.1,
        1.0 / 3.0,
        1e-7,
        1e21,
        1e16,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
    ];
    let random = (0..20_000).map(|_| f64::from_bits(rng.random::<u64>()));
    for x in special.into_iter().chain(random).filter(|x| x.is_finite()) {
        let Json::Number(text) = Json::number(x) else {
            panic!("{x} is finite")
        };
        assert_eq!(
            text.parse::<f64>().unwrap().to_bits(),
            x.to_bits(),
            "{text}"
        );
        let by_serde: f64 = serde_json::from_str(&text).unwrap();
        assert_eq!(by_serde.to_bits(), x.to_bits(), "{text}");
        assert_eq!(json::parse(&text).unwrap(), Json::Number(text.clone()));
    }
    for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(Json::number(x), Json::Null);
    }
}

#[test]
fn strings_with_every_kind_of_character_round_trip() {
    let mut rng = StdRng::seed_from_u64(5);
    for _ in 0..2_000 {
        let text: String = (0..rng.random_range(0..12))
            .map(|_| match rng.random_range(0..4) {
                0 => char::from(rng.random_range(0u8..0x20)),
                1 => ['"', '\\', '/', 'a'][rng.random_range(0..4)],
                2 => char::from_u32(rng.random_range(0x80..0xD800)).unwrap(),
                _ => char::from_u32(rng.random_range(0x10000..0x10FFFF)).unwrap(),
            })
            .collect();
        let written = Json::string(text.clone()).to_text();
        assert_eq!(serde_json::from_str::<String>(&written).unwrap(), text);
        assert_eq!(json::parse(&written).unwrap(), Json::String(text.clone()));
        let by_serde = serde_json::to_string(&text).unwrap();
        assert_eq!(json::parse(&by_serde).unwrap(), Json::String(text));
    }
}

mod typed_reading {
    use backprop_playground::model::json::{self, Json};
    use backprop_playground::model::json_read::{list, number, size, tuple, whole, Object};

    fn value(text: &str) -> Json {
        json::parse(text).unwrap()
    }

    #[test]
    fn whole_numbers_are_exact_and_anything_else_is_refused_at_its_path() {
        assert_eq!(
            whole(&value("18446744073709551615"), "seed").unwrap(),
            u64::MAX
        );
        assert_eq!(
            whole(&value("9007199254740993"), "seed").unwrap(),
            (1 << 53) + 1
        );
        let error = whole(&value("18446744073709551616"), "seed").unwrap_err();
        assert_eq!(error.field, "seed");
        assert!(
            error.message.starts_with("invalid value: integer"),
            "{error}"
        );
        let error = list(&value("[2, 2.0, 1]"), "layers", size).unwrap_err();
        assert_eq!(error.field, "layers[1]");
        assert!(
            error
                .message
                .starts_with("invalid type: floating point `2.0`"),
            "{error}"
        );
        let error = list(&value("[[1, 2], [3, -4]]"), "w", |v, p| list(v, p, size)).unwrap_err();
        assert_eq!(error.field, "w[1][1]");
        assert!(
            error.message.starts_with("invalid value: integer `-4`"),
            "{error}"
        );
        assert_eq!(number(&value("-2.5e-3"), "x").unwrap(), -2.5e-3);
        let error = number(&value("\"fast\""), "learning_rate").unwrap_err();
        assert_eq!(
            error.message,
            "invalid type: string \"fast\", expected a number"
        );
    }

    #[test]
    fn objects_name_unknown_and_missing_fields_and_leave_out_nulls() {
        let known = ["kind", "rate"];
        let error = Object::of(
            &value(r#"{"kind": 1, "decay": 2}"#),
            "regularization",
            &known,
        )
        .err()
        .unwrap();
        assert_eq!(error.field, "regularization.decay");
        assert_eq!(
            error.message,
            "unknown field `decay`, expected `kind` or `rate`"
        );
        let doc = value(r#"{"kind": null}"#);
        let fields = Object::of(&doc, "", &known).unwrap();
        assert_eq!(fields.optional("kind", number).unwrap(), None);
        let error = fields.required("rate", number).unwrap_err();
        assert_eq!(
            (error.field.as_str(), error.message.as_str()),
            ("spec", "missing field `rate`")
        );
        let error = fields.required("kind", number).unwrap_err();
        assert_eq!(error.field, "kind");
        assert!(error.message.starts_with("invalid type: null"), "{error}");
    }

    #[test]
    fn a_pair_must_have_two_items() {
        let doc = value("[1, 2, 3]");
        let error = tuple::<2>(&doc, "points[0]").unwrap_err();
        assert_eq!(error.field, "points[0]");
        let doc = value("[4, 0.5]");
        let [a, b] = tuple::<2>(&doc, "p").unwrap();
        assert_eq!((whole(a, "p").unwrap(), number(b, "p").unwrap()), (4, 0.5));
    }
}
