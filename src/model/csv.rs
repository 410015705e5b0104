//! Your own data as CSV: a header line naming the columns, then one row per sample, the inputs
//! first and the targets after them.
//!
//! ```text
//! x1, x2, label
//! 0.3, 0.9, 1
//! -0.5, 0.2, 0
//! ```
//!
//! Columns are separated by commas; spaces around a value are ignored; header names may be in
//! double quotes (needed when a name holds a comma; `""` inside quotes is one `"`). Blank lines, a
//! trailing newline, Windows line ends (`\r\n`) and a byte-order mark are accepted. Anything else
//! that is wrong is refused with a [`CsvError`] naming the line and column (both counted from 1,
//! as an editor shows them) and what to do about it; the caller's data is left as it was.

use std::borrow::Cow;

use crate::model::spec::{target_in_reach, MAX_SAMPLES};
use crate::nn::data::Dataset;
use crate::nn::Activation;

/// The most columns (inputs and targets together) a CSV may have.
pub const MAX_COLUMNS: usize = 64;

/// Why a CSV was refused: where (line and column, from 1) and what is wrong there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for CsvError {}

fn refuse<T>(line: usize, column: usize, message: impl Into<String>) -> Result<T, CsvError> {
    Err(CsvError {
        line,
        column,
        message: message.into(),
    })
}

/// A parsed CSV: the data set, the header's names, and where each sample came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Csv {
    pub data: Dataset,
    /// The names of the input columns, as the header gives them (quotes removed).
    pub input_names: Vec<String>,
    /// The names of the target columns.
    pub target_names: Vec<String>,
    /// `lines[i]` is the line (from 1) sample `i` was read from, to point at a sample later.
    pub lines: Vec<usize>,
}

impl Csv {
    /// Refuses a target the `output` layer cannot reach (the spec's rule,
    /// [`target_in_reach`]), with its line and column.
    pub fn check_targets(&self, output: Activation) -> Result<(), CsvError> {
        let inputs = self.data.input_size();
        for (i, &line) in self.lines.iter().enumerate() {
            for (k, &t) in self.data.sample(i).1.iter().enumerate() {
                if let Err(message) = target_in_reach(t, output) {
                    return refuse(line, inputs + k + 1, format!("target {message}"));
                }
            }
        }
        Ok(())
    }
}

/// Parses CSV text whose first `inputs` columns are inputs and the rest (at least one) targets.
pub fn parse_csv(text: &str, inputs: usize) -> Result<Dataset, CsvError> {
    read_csv(text, inputs).map(|csv| csv.data)
}

/// Like [`parse_csv`], but keeps the header's names and each sample's line.
pub fn read_csv(text: &str, inputs: usize) -> Result<Csv, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Lines end in `\n`, `\r\n` or (old Macs) a lone `\r`.
    let text = if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    };
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .filter(|(_, line)| !line.trim().is_empty());

    let Some((header_line, header)) = lines.next() else {
        return refuse(
            1,
            1,
            "the file is empty: give a header line naming the columns, then one row per sample",
        );
    };
    let names = split_fields(header, header_line)?;
    let columns = names.len();
    if columns > MAX_COLUMNS {
        return refuse(
            header_line,
            MAX_COLUMNS + 1,
            format!("{columns} columns is more than the {MAX_COLUMNS} allowed"),
        );
    }
    if inputs == 0 {
        return refuse(header_line, 1, "a network needs at least one input column");
    }
    if inputs >= columns {
        let hint = separator_hint(header);
        return refuse(
            header_line,
            1,
            format!(
                "the header has {columns} column{}, but after {inputs} input column{} there must \
                 be at least one target column{hint}",
                plural(columns),
                plural(inputs),
            ),
        );
    }
    if names
        .iter()
        .all(|field| !field.quoted && parse_number(&field.text).is_some())
    {
        return refuse(
            header_line,
            1,
            "this line is all numbers, but the first line must be a header naming the columns \
             (such as \"x1,x2,label\"); quote names that look like numbers",
        );
    }

    let (mut input_rows, mut target_rows, mut sample_lines) = (Vec::new(), Vec::new(), Vec::new());
    for (line_number, line) in lines {
        if sample_lines.len() == MAX_SAMPLES {
            return refuse(
                line_number,
                1,
                format!("more than {MAX_SAMPLES} samples: a data set has at most {MAX_SAMPLES}"),
            );
        }
        let fields = split_fields(line, line_number)?;
        if fields.len() != columns {
            let column = fields.len().min(columns) + 1;
            return refuse(
                line_number,
                column,
                format!(
                    "{} value{}, but the header has {columns} column{}: expected {columns} values \
                     separated by commas{}",
                    fields.len(),
                    plural(fields.len()),
                    plural(columns),
                    separator_hint(line),
                ),
            );
        }
        let mut row = Vec::with_capacity(columns);
        for (i, field) in fields.iter().enumerate() {
            row.push(value(field, line_number, i + 1)?);
        }
        target_rows.push(row.split_off(inputs));
        input_rows.push(row);
        sample_lines.push(line_number);
    }
    if sample_lines.is_empty() {
        return refuse(
            header_line + 1,
            1,
            "the header is there but no data: add one row per sample below it",
        );
    }
    let (input_names, target_names) = {
        let mut names: Vec<String> = names.into_iter().map(|field| field.text).collect();
        let targets = names.split_off(inputs);
        (names, targets)
    };
    Ok(Csv {
        data: Dataset::from_rows(&input_rows, &target_rows),
        input_names,
        target_names,
        lines: sample_lines,
    })
}

/// Writes `data` as CSV that [`parse_csv`] reads back exactly (with `data.input_size()` inputs):
/// a header of the names, then one row per sample with every number in its shortest form that
/// round-trips. Names are quoted where they must be (a comma, a quote, spaces at an end, or a
/// name that looks like a number); a line break in a name is written as a space.
///
/// # Panics
/// When the number of names differs from the data set's inputs or targets.
pub fn to_csv<S: AsRef<str>>(data: &Dataset, input_names: &[S], target_names: &[S]) -> String {
    assert_eq!(
        input_names.len(),
        data.input_size(),
        "one name per input column"
    );
    assert_eq!(
        target_names.len(),
        data.target_size(),
        "one name per target column"
    );
    let header: Vec<String> = input_names
        .iter()
        .chain(target_names)
        .map(|name| quote_name(name.as_ref()))
        .collect();
    let mut out = header.join(",");
    out.push('\n');
    for i in 0..data.len() {
        let (x, t) = data.sample(i);
        let row: Vec<String> = x.iter().chain(t).map(|&v| number(v)).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// The shortest decimal that parses back to exactly `x`: plain (`0.25`, `-3`) unless the
/// exponent form is much shorter (`1e-20` rather than twenty zeros).
pub fn number(x: f64) -> String {
    let plain = format!("{x}");
    let exponent = format!("{x:e}");
    if plain.len() > exponent.len() + 4 {
        exponent
    } else {
        plain
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A hint when a line seems to use another separator than the comma.
fn separator_hint(line: &str) -> &'static str {
    if line.contains(';') {
        " (this line has semicolons: separate the columns with commas)"
    } else if line.contains('\t') {
        " (this line has tabs: separate the columns with commas)"
    } else {
        ""
    }
}

#[derive(Debug)]
struct Field {
    text: String,
    quoted: bool,
}

/// Splits one line at its commas, honouring double quotes; `line` is for the error.
fn split_fields(line: &str, line_number: usize) -> Result<Vec<Field>, CsvError> {
    let mut fields = Vec::new();
    let mut rest = line;
    loop {
        let column = fields.len() + 1;
        let trimmed = rest.trim_start_matches([' ', '\t']);
        if let Some(quoted) = trimmed.strip_prefix('"') {
            // A quoted field: up to the closing quote, `""` standing for one `"`.
            let mut text = String::new();
            let mut chars = quoted.char_indices();
            let after = loop {
                match chars.next() {
                    None => {
                        return refuse(
                            line_number,
                            column,
                            "a quote is opened but not closed on this line",
                        )
                    }
                    Some((i, '"')) => {
                        if quoted[i + 1..].starts_with('"') {
                            text.push('"');
                            chars.next();
                        } else {
                            break &quoted[i + 1..];
                        }
                    }
                    Some((_, c)) => text.push(c),
                }
            };
            let after = after.trim_start_matches([' ', '\t']);
            fields.push(Field { text, quoted: true });
            if after.is_empty() {
                return Ok(fields);
            }
            match after.strip_prefix(',') {
                Some(next) => rest = next,
                None => {
                    return refuse(
                        line_number,
                        column,
                        "after a closing quote comes a comma or the end of the line",
                    )
                }
            }
        } else {
            let (field, next) = match trimmed.split_once(',') {
                Some((field, next)) => (field, Some(next)),
                None => (trimmed, None),
            };
            fields.push(Field {
                text: field.trim_end_matches([' ', '\t']).to_string(),
                quoted: false,
            });
            match next {
                Some(next) => rest = next,
                None => return Ok(fields),
            }
        }
    }
}

/// A finite number, as Rust reads it (`0.5`, `-3`, `.5`, `1e-3`); `None` for anything else.
fn parse_number(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|x| x.is_finite())
}

fn value(field: &Field, line: usize, column: usize) -> Result<f64, CsvError> {
    let text = field.text.trim();
    if text.is_empty() {
        return refuse(line, column, "the value is missing: expected a number");
    }
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        Ok(x) if x.is_nan() => refuse(
            line,
            column,
            format!("\"{text}\" is not a number a network can learn from: give a finite number"),
        ),
        Ok(_) if text.to_ascii_lowercase().contains("inf") => refuse(
            line,
            column,
            format!("\"{text}\" is infinite: give a finite number"),
        ),
        Ok(_) => refuse(
            line,
            column,
            format!("\"{text}\" is too large: numbers must be below about 1.8e308"),
        ),
        Err(_) => refuse(
            line,
            column,
            format!("\"{text}\" is not a number{}", separator_hint(text)),
        ),
    }
}

fn quote_name(name: &str) -> String {
    // A value never spans lines here, so a line break in a name becomes a space.
    let name = name.replace(['\r', '\n'], " ");
    let needs_quotes = name.contains([',', '"'])
        || name.trim() != name
        || name.starts_with('\u{feff}')
        || parse_number(name.trim()).is_some();
    if needs_quotes {
        format!("\"{}\"", name.replace('"', "\"\""))
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str, inputs: usize) -> CsvError {
        parse_csv(text, inputs).expect_err("should be refused")
    }

    /// Asserts the error's place and that its message contains `words`.
    fn refused(text: &str, inputs: usize, line: usize, column: usize, words: &str) {
        let e = error(text, inputs);
        assert_eq!(
            (e.line, e.column),
            (line, column),
            "wrong place for {text:?}: {e}"
        );
        assert!(
            e.message.contains(words),
            "message {:?} lacks {words:?}",
            e.message
        );
    }

    #[test]
    fn reads_inputs_then_targets() {
        let csv = read_csv("x1,x2,t\n0.3,0.9,1\n-0.5,0.25,0\n", 2).unwrap();
        assert_eq!(csv.data.len(), 2);
        assert_eq!(csv.data.input_size(), 2);
        assert_eq!(csv.data.target_size(), 1);
        assert_eq!(csv.data.sample(0), (&[0.3, 0.9][..], &[1.0][..]));
        assert_eq!(csv.data.sample(1), (&[-0.5, 0.25][..], &[0.0][..]));
        assert_eq!(csv.input_names, ["x1", "x2"]);
        assert_eq!(csv.target_names, ["t"]);
        assert_eq!(csv.lines, [2, 3]);
    }

    #[test]
    fn several_targets_and_one_input() {
        let data = parse_csv("x,a,b,c\n1,0,0.5,1\n", 1).unwrap();
        assert_eq!(data.input_size(), 1);
        assert_eq!(data.target_size(), 3);
        assert_eq!(data.sample(0).1, &[0.0, 0.5, 1.0]);
    }

    #[test]
    fn spaces_quotes_blank_lines_crlf_and_bom_are_accepted() {
        let text = "\u{feff}\r\n \"x, first\" , \"say \"\"hi\"\"\",target \r\n\r\n  1 ,\t2,  0.5\r\n\n\n+3, .5, 1e-1\r\n";
        let csv = read_csv(text, 2).unwrap();
        assert_eq!(csv.input_names, ["x, first", "say \"hi\""]);
        assert_eq!(csv.target_names, ["target"]);
        assert_eq!(csv.data.input_rows(), [vec![1.0, 2.0], vec![3.0, 0.5]]);
        assert_eq!(csv.data.target_rows(), [vec![0.5], vec![0.1]]);
        assert_eq!(csv.lines, [4, 7]);
    }

    #[test]
    fn old_mac_line_ends_are_lines_too() {
        let csv = read_csv("x,t\r1,0\r\r2,1\r", 1).unwrap();
        assert_eq!(csv.data.len(), 2);
        assert_eq!(csv.lines, [2, 4]);
        refused("x,t\r\n1,0\r\n2,a\r\n", 1, 3, 2, "\"a\" is not a number");
    }

    #[test]
    fn no_trailing_newline_is_fine() {
        let data = parse_csv("a,b\n1,2", 1).unwrap();
        assert_eq!(data.len(), 1);
    }

    #[test]
    fn quoted_numbers_in_rows_are_read() {
        let data = parse_csv("a,b\n\"1\",\" 2 \"\n", 1).unwrap();
        assert_eq!(data.sample(0), (&[1.0][..], &[2.0][..]));
    }

    #[test]
    fn display_names_line_and_column() {
        let e = error("a,b,c\n1,2,3\n4,abc,6\n", 2);
        assert_eq!(e.to_string(), "line 3, column 2: \"abc\" is not a number");
    }

    #[test]
    fn empty_file_is_refused() {
        refused("", 1, 1, 1, "empty");
        refused("\n\n  \r\n", 1, 1, 1, "empty");
        refused("\u{feff}", 1, 1, 1, "empty");
    }

    #[test]
    fn header_without_rows_is_refused_below_the_header() {
        refused("x,t\n", 1, 2, 1, "no data");
        refused("\nx,t", 1, 3, 1, "no data");
        refused("x,t\n\n\n", 1, 2, 1, "no data");
    }

    #[test]
    fn a_row_with_too_few_values_points_at_the_missing_column() {
        refused(
            "x1,x2,t\n1,2,3\n1,2\n",
            2,
            3,
            3,
            "2 values, but the header has 3 columns",
        );
        refused("x1,x2,t\n1\n", 2, 2, 2, "expected 3 values");
    }

    #[test]
    fn a_row_with_too_many_values_points_at_the_first_extra() {
        refused(
            "x1,x2,t\n1,2,3,4\n",
            2,
            2,
            4,
            "4 values, but the header has 3 columns",
        );
        refused("x,t\n1,2,\n", 1, 2, 3, "expected 2 values");
    }

    #[test]
    fn semicolons_get_a_hint() {
        refused("x;y;t\n1;2;3\n", 2, 1, 1, "semicolons");
        refused("x,t\n1;2\n", 1, 2, 2, "semicolons");
        refused("x\ty\tt\n1\t2\t3\n", 1, 1, 1, "tabs");
    }

    #[test]
    fn non_numbers_are_refused_with_their_text() {
        refused("a,b\n1,x\n", 1, 2, 2, "\"x\" is not a number");
        refused("a,b\n1,2\n0,5,3\n", 1, 3, 3, "3 values");
        refused("a,b\n1_000,2\n", 1, 2, 1, "\"1_000\" is not a number");
        refused(
            "a,b\n1,2\n3,4\n5,0x10\n",
            1,
            4,
            2,
            "\"0x10\" is not a number",
        );
        refused("a,b\n1,\n", 1, 2, 2, "missing");
        refused("a,b\n,1\n", 1, 2, 1, "missing");
        refused("a,b\n1,\"\"\n", 1, 2, 2, "missing");
    }

    #[test]
    fn nan_and_infinity_are_refused() {
        refused(
            "a,b\n1,NaN\n",
            1,
            2,
            2,
            "\"NaN\" is not a number a network can learn from",
        );
        refused("a,b\nnan,1\n", 1, 2, 1, "finite");
        refused("a,b\n1,inf\n", 1, 2, 2, "\"inf\" is infinite");
        refused("a,b\n-Infinity,1\n", 1, 2, 1, "infinite");
        refused("a,b\n1,1e400\n", 1, 2, 2, "\"1e400\" is too large");
        refused("a,b\n1,-1e309\n", 1, 2, 2, "too large");
    }

    #[test]
    fn unbalanced_quotes_are_refused() {
        refused("\"x,t\n1,2\n", 1, 1, 1, "not closed");
        refused("x,\"t\"y\n1,2\n", 1, 1, 2, "after a closing quote");
        refused("x,t\n1,\"2\n", 1, 2, 2, "not closed");
    }

    #[test]
    fn a_header_of_numbers_is_taken_for_missing_names() {
        refused("0.3,0.9,1\n0.1,0.2,0\n", 2, 1, 1, "header");
        // Quoted, numbers are names.
        let csv = read_csv("\"1\",\"2\"\n3,4\n", 1).unwrap();
        assert_eq!(csv.input_names, ["1"]);
        // One name among numbers is a header.
        assert!(parse_csv("1,t\n3,4\n", 1).is_ok());
    }

    #[test]
    fn too_many_rows_are_refused_at_the_first_one_too_many() {
        let mut text = String::from("x,t\n");
        for i in 0..MAX_SAMPLES {
            text.push_str(&format!("{i},1\n"));
        }
        assert_eq!(parse_csv(&text, 1).unwrap().len(), MAX_SAMPLES);
        text.push_str("\n7,0\n");
        refused(&text, 1, MAX_SAMPLES + 3, 1, "at most 10000");
    }

    #[test]
    fn too_many_columns_are_refused_in_the_header() {
        let names: Vec<String> = (0..=MAX_COLUMNS).map(|i| format!("c{i}")).collect();
        let row = vec!["0"; MAX_COLUMNS + 1].join(",");
        let text = format!("{}\n{row}\n", names.join(","));
        refused(
            &text,
            2,
            1,
            MAX_COLUMNS + 1,
            "65 columns is more than the 64",
        );
        let names = &names[..MAX_COLUMNS];
        let row = vec!["0"; MAX_COLUMNS].join(",");
        let text = format!("{}\n{row}\n", names.join(","));
        assert_eq!(
            parse_csv(&text, MAX_COLUMNS - 1).unwrap().input_size(),
            MAX_COLUMNS - 1
        );
    }

    #[test]
    fn inputs_must_leave_a_target_column() {
        refused("x1,x2\n1,2\n", 2, 1, 1, "at least one target column");
        refused(
            "x1,x2\n1,2\n",
            3,
            1,
            1,
            "the header has 2 columns, but after 3 input columns",
        );
        refused("\n\nt\n1\n", 1, 3, 1, "1 column, but after 1 input column");
        refused("x,t\n1,2\n", 0, 1, 1, "at least one input");
    }

    #[test]
    fn targets_out_of_range_are_placed_by_line_and_column() {
        let csv = read_csv("x1,x2,a,b\n0,0,0,1\n\n0,0,0.5,1.5\n", 2).unwrap();
        assert_eq!(csv.check_targets(Activation::Linear), Ok(()));
        let e = csv.check_targets(Activation::Sigmoid).unwrap_err();
        assert!(
            e.to_string().starts_with(
                "line 4, column 4: target 1.5 is outside [0, 1], the range a sigmoid output can reach"
            ),
            "{e}"
        );
    }

    #[test]
    fn to_csv_quotes_names_only_where_needed() {
        let data = Dataset::from_rows(&[vec![0.5, -2.0]], &[vec![1e-20]]);
        let text = to_csv(&data, &["x1", "a,b"], &["7"]);
        assert_eq!(text, "x1,\"a,b\",\"7\"\n0.5,-2,1e-20\n");
        let csv = read_csv(&text, 2).unwrap();
        assert_eq!(csv.input_names, ["x1", "a,b"]);
        let two_lines = to_csv(&data, &["x\n1", "x2"], &["t"]);
        assert!(two_lines.starts_with("x 1,x2,t\n"), "{two_lines}");
        assert_eq!(csv.target_names, ["7"]);
        assert_eq!(csv.data, data);
    }

    #[test]
    fn numbers_are_short_and_exact() {
        for x in [
            0.1 + 0.2,
            1e-300,
            -123456.789,
            1e22,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            0.0,
            -1.0,
        ] {
            assert_eq!(number(x).parse::<f64>().unwrap(), x, "{x}");
            assert!(number(x).len() <= 25, "{}", number(x));
        }
        assert_eq!(number(100000.0), "100000");
        assert_eq!(number(0.25), "0.25");
    }
}
