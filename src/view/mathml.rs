//! The inspector's small MathML vocabulary and its one number format.
//!
//! Shared by the inspector, the derivations, the step-through and the gradient check: every
//! builder takes markup that the caller built from fixed strings, labels and formatted numbers,
//! never text from outside.

use crate::view::labels::{neuron_mathml, superscript};

/// Longest sum written out term by term.
pub const MAX_TERMS: usize = 8;

/// The one number format of the derivations: 4 significant digits (`0.1028`, `−0.04688`, `12.35`),
/// trailing zeros dropped (`0.5`), `1.234×10⁻⁵` below 10⁻³ and from 10⁴ up, exactly `0` for zero,
/// a real minus sign `−`, and `NaN`, `∞`, `−∞` spelled out.
///
/// Whether a number is "below 10⁻³" is decided after rounding, so `0.00099996` is `0.001`.
pub fn format_number(x: f64) -> String {
    format_digits(x, 4)
}

/// `x` with `digits` significant digits in the style of [`format_number`] (which is this with
/// 4): the gradient check shows 10, so the place where two columns differ is visible.
/// `digits` is at least 1.
pub fn format_digits(x: f64, digits: usize) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    let sign = if x < 0.0 { "−" } else { "" };
    if x.is_infinite() {
        return format!("{sign}∞");
    }
    if x == 0.0 {
        return "0".into();
    }
    let digits = digits.max(1);
    let scientific = format!("{:.*e}", digits - 1, x.abs());
    let (mantissa, exponent) = scientific
        .split_once('e')
        .expect("Rust's {:e} always has an exponent");
    let exponent: i32 = exponent.parse().expect("Rust's exponent is an integer");
    if (-3..=3).contains(&exponent) {
        let decimals = (digits as i32 - 1 - exponent).max(0) as usize;
        let plain = format!("{:.*}", decimals, x.abs());
        format!("{sign}{}", trim_zeros(&plain))
    } else {
        let minus = if exponent < 0 { "⁻" } else { "" };
        let power = superscript(exponent.unsigned_abs() as usize);
        format!("{sign}{}×10{minus}{power}", trim_zeros(mantissa))
    }
}

/// `0.5000` → `0.5`, `1.000` → `1`, `1200` stays.
fn trim_zeros(decimal: &str) -> &str {
    if decimal.contains('.') {
        decimal.trim_end_matches('0').trim_end_matches('.')
    } else {
        decimal
    }
}

/// A capital delta as an upright operator name (`Δw`), not a slanted variable.
pub const CAPITAL_DELTA: &str = r#"<mi mathvariant="normal">Δ</mi>"#;

/// `new w = w + Δw = 0.5 + (−0.0284) = 0.4716`, the step's result, with `w_markup` the
/// weight's name; the result is tagged `new_weight`.
pub fn new_weight_formula(w_markup: &str, w: f64, update: f64) -> String {
    formula(&[
        format!("<mtext>new </mtext>{w_markup}"),
        format!("{w_markup}<mo>+</mo>{CAPITAL_DELTA}{w_markup}"),
        format!(
            "{}<mo>+</mo>{}",
            factor(num(w), w),
            factor(num(update), update)
        ),
        quantity("new_weight", w + update),
    ])
}

pub fn mi(name: &str) -> String {
    format!("<mi>{name}</mi>")
}

/// A number, formatted.
pub fn num(x: f64) -> String {
    format!("<mn>{}</mn>", format_number(x))
}

/// A key number that tests and scripts can read back exactly: `data-value` is Rust's `{}`.
pub fn quantity(name: &str, x: f64) -> String {
    format!(
        r#"<mn data-quantity="{name}" data-value="{x}">{}</mn>"#,
        format_number(x)
    )
}

/// A number as a factor or summand: in parentheses when negative, so `0.5·(−0.3)`.
pub fn factor(markup: String, x: f64) -> String {
    if x < 0.0 {
        paren(&markup)
    } else {
        markup
    }
}

pub fn paren(inner: &str) -> String {
    format!("<mrow><mo>(</mo>{inner}<mo>)</mo></mrow>")
}

pub fn sub(base: &str, subscript: &str) -> String {
    format!("<msub>{base}{subscript}</msub>")
}

/// `∂top/∂bottom` as a fraction.
pub fn partial(top: &str, bottom: &str) -> String {
    format!("<mfrac><mrow><mo>∂</mo>{top}</mrow><mrow><mo>∂</mo>{bottom}</mrow></mfrac>")
}

/// `∂top/∂bottom` on one line, for sentences and table headings.
pub fn slash(top: &str, bottom: &str) -> String {
    format!(r#"<mrow><mo>∂</mo>{top}<mo lspace="0" rspace="0">/</mo><mo>∂</mo>{bottom}</mrow>"#)
}

/// `a(1 − a)`, given the markup of `a` (a symbol or a number).
pub fn one_minus(a: &str) -> String {
    format!(
        "<mrow>{a}{}</mrow>",
        paren(&format!("<mn>1</mn><mo>−</mo>{a}"))
    )
}

/// `1 / (1 + e^{exponent})`.
pub fn sigmoid_of(exponent: &str) -> String {
    format!(
        "<mfrac><mn>1</mn><mrow><mn>1</mn><mo>+</mo><msup><mi>e</mi><mrow>{exponent}</mrow></msup></mrow></mfrac>"
    )
}

/// `x·y` with numbers.
pub fn product(x: f64, y: f64) -> String {
    format!("{}<mo>·</mo>{}", factor(num(x), x), factor(num(y), y))
}

/// `letter` with the neuron's label as subscript: `a_{h₁}`, `net_{o₁}`, `δ_{o₁}`.
pub fn of(letter: &str, layers: &[usize], layer: usize, index: usize) -> String {
    sub(&mi(letter), &neuron_mathml(layers, layer, index))
}

/// Which of `n` terms to write out (`None` is a `…`): all of them, or the first few and, if
/// given, the one that must be seen.
pub fn terms(n: usize, must: Option<usize>) -> Vec<Option<usize>> {
    if n <= MAX_TERMS {
        return (0..n).map(Some).collect();
    }
    match must {
        Some(j) if j >= MAX_TERMS => {
            let mut shown: Vec<_> = (0..MAX_TERMS - 2).map(Some).collect();
            shown.extend([None, Some(j)]);
            if j + 1 < n {
                shown.push(None);
            }
            shown
        }
        _ => (0..MAX_TERMS).map(Some).chain([None]).collect(),
    }
}

/// The terms joined with `+`, a `…` for each gap.
pub fn sum(terms: &[Option<usize>], term: impl Fn(usize) -> String) -> String {
    let parts: Vec<String> = terms
        .iter()
        .map(|t| t.map_or_else(|| "<mo>…</mo>".to_string(), &term))
        .collect();
    format!("{SUM_OPEN}{}</mrow>", parts.join("<mo>+</mo>"))
}

/// How [`sum`] opens its row: a step that starts with it may break between its terms.
const SUM_OPEN: &str = r#"<mrow class="sum">"#;

/// A step's pieces: the step itself, or, when it starts with a [`sum`], one piece per term
/// (`t₁`, `+ t₂`, …), whatever follows the sum going with its last term. Each piece becomes its
/// own `<math>`, so a narrow panel breaks a long sum between terms, never inside one.
fn pieces(step: &str) -> Vec<String> {
    let Some(inner) = step.strip_prefix(SUM_OPEN) else {
        return vec![step.to_string()];
    };
    // Walk the tags: split at `<mo>+</mo>` at depth 0 of the sum, stop at its closing tag.
    let (mut depth, mut start, mut out) = (0_i32, 0, Vec::new());
    let mut i = 0;
    while let Some(offset) = inner[i..].find('<') {
        let at = i + offset;
        let rest = &inner[at..];
        if depth == 0 && rest.starts_with("<mo>+</mo>") {
            out.push(inner[start..at].to_string());
            start = at;
            i = at + "<mo>+</mo>".len();
            continue;
        }
        if rest.starts_with("</") {
            if depth == 0 {
                // The sum's own </mrow>: the last term, then whatever follows the sum.
                out.push(format!("{}{}", &inner[start..at], &rest["</mrow>".len()..]));
                return out;
            }
            depth -= 1;
        } else {
            depth += 1;
        }
        i = at + 1;
    }
    vec![step.to_string()]
}

/// Marks the term that matters.
pub fn highlight(inner: &str) -> String {
    format!(r##"<mrow class="highlight" mathcolor="#c2185b">{inner}</mrow>"##)
}

/// Joins the parts with `=` into a block formula. Each step is its own `<math>`, so a narrow
/// screen breaks the chain between steps ("= …" starts the next line), never inside one.
pub fn formula(parts: &[String]) -> String {
    format!(r#"<div class="formula">{}</div>"#, steps(parts))
}

/// A chain too long for one line: the parts from `at` on always start a new line, after `=`.
pub fn formula_split(parts: &[String], at: usize) -> String {
    format!(
        r#"<div class="formula">{}<span class="formula-break"></span>{}</div>"#,
        steps(&parts[..at]),
        steps(&[&[String::new()], &parts[at..]].concat()).trim_start_matches("<math></math>")
    )
}

/// `a`, `= b`, `= c`: one `<math>` per step (per term of a leading sum, see [`pieces`]).
fn steps(parts: &[String]) -> String {
    parts
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            pieces(p).into_iter().enumerate().map(move |(j, piece)| {
                if i > 0 && j == 0 {
                    format!("<math><mo>=</mo>{piece}</math>")
                } else {
                    format!("<math>{piece}</math>")
                }
            })
        })
        .collect()
}

/// Inline math, for symbols inside sentences.
pub fn inline(body: &str) -> String {
    format!("<math>{body}</math>")
}

/// A sentence of explanation.
pub fn why(text: &str) -> String {
    format!(r#"<p class="why">{text}</p>"#)
}

/// `½`.
pub const HALF: &str = "<mfrac><mn>1</mn><mn>2</mn></mfrac>";

/// `−1` as a prefix minus (an `<mo>` first in its row), not an infix one with wide spacing.
pub const NEG_ONE: &str = "<mrow><mo>−</mo><mn>1</mn></mrow>";

/// `−inner`, the minus in prefix form.
pub fn neg(inner: &str) -> String {
    mrow(&format!("<mo>−</mo>{inner}"))
}

/// `<mrow>inner</mrow>`.
pub fn mrow(inner: &str) -> String {
    format!("<mrow>{inner}</mrow>")
}

/// `top/bottom` as a fraction.
pub fn frac(top: &str, bottom: &str) -> String {
    format!("<mfrac>{}{}</mfrac>", mrow(top), mrow(bottom))
}

/// `base^exponent`.
pub fn sup(base: &str, exponent: &str) -> String {
    format!("<msup>{}{}</msup>", mrow(base), mrow(exponent))
}

/// `[inner]`.
pub fn bracket(inner: &str) -> String {
    format!("<mrow><mo>[</mo>{inner}<mo>]</mo></mrow>")
}

/// `ln x`, with `x` in parentheses when it is not a single symbol or number.
pub fn ln(x: &str, wrap: bool) -> String {
    if wrap {
        format!("<mi>ln</mi>{}", paren(x))
    } else {
        format!("<mi>ln</mi><mo>&#x2061;</mo>{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_significant_digits_with_trailing_zeros_dropped() {
        assert_eq!(format_number(0.10284630007978213), "0.1028");
        assert_eq!(format_number(-0.046875), "−0.04688");
        assert_eq!(format_number(12.3456), "12.35");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(format_number(1.0), "1");
        assert_eq!(format_number(0.001), "0.001");
        assert_eq!(format_number(1234.4), "1234");
        assert_eq!(format_number(9.99996), "10");
        assert_eq!(format_number(0.00099996), "0.001");
    }

    #[test]
    fn small_and_large_numbers_are_scientific() {
        assert_eq!(format_number(1.2341e-5), "1.234×10⁻⁵");
        assert_eq!(format_number(-1e-5), "−1×10⁻⁵");
        assert_eq!(format_number(0.0009), "9×10⁻⁴");
        assert_eq!(format_number(2.5e-12), "2.5×10⁻¹²");
        assert_eq!(format_number(12346.0), "1.235×10⁴");
        assert_eq!(format_number(f64::MIN_POSITIVE), "2.225×10⁻³⁰⁸");
    }

    #[test]
    fn zero_and_non_finite_numbers_are_spelled_out() {
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(f64::NAN), "NaN");
        assert_eq!(format_number(f64::INFINITY), "∞");
        assert_eq!(format_number(f64::NEG_INFINITY), "−∞");
    }

    #[test]
    fn long_sums_keep_the_first_terms_and_the_one_that_must_be_seen() {
        assert_eq!(terms(3, Some(2)), [Some(0), Some(1), Some(2)]);
        let first: Vec<_> = (0..8).map(Some).chain([None]).collect();
        assert_eq!(terms(20, None), first);
        assert_eq!(terms(20, Some(7)), first);
        let mut late: Vec<_> = (0..6).map(Some).collect();
        late.extend([None, Some(15), None]);
        assert_eq!(terms(20, Some(15)), late);
        late.pop();
        late[7] = Some(19);
        assert_eq!(terms(20, Some(19)), late);
        assert_eq!(
            sum(&[Some(0), None], |i| format!("<mi>{i}</mi>")),
            r#"<mrow class="sum"><mi>0</mi><mo>+</mo><mo>…</mo></mrow>"#
        );
    }

    #[test]
    fn negative_factors_get_parentheses_and_quantities_their_exact_value() {
        assert_eq!(factor(num(0.3), 0.3), "<mn>0.3</mn>");
        assert_eq!(
            factor(num(-0.3), -0.3),
            "<mrow><mo>(</mo><mn>−0.3</mn><mo>)</mo></mrow>"
        );
        assert_eq!(
            quantity("delta", 0.1 + 0.2),
            r#"<mn data-quantity="delta" data-value="0.30000000000000004">0.3</mn>"#
        );
    }

    #[test]
    fn a_leading_sum_breaks_between_its_terms_and_nothing_else_does() {
        let terms = sum(&[Some(1), Some(2), Some(3)], |i| {
            format!("<msub><mi>w</mi><mn>{i}</mn></msub><mrow><mi>a</mi></mrow>")
        });
        let with_bias = format!("{terms}<mo>+</mo><mi>b</mi>");
        let html = formula(&[mi("net"), with_bias.clone(), num(0.5)]);
        assert_eq!(
            html,
            "<div class=\"formula\"><math><mi>net</mi></math>\
             <math><mo>=</mo><msub><mi>w</mi><mn>1</mn></msub><mrow><mi>a</mi></mrow></math>\
             <math><mo>+</mo><msub><mi>w</mi><mn>2</mn></msub><mrow><mi>a</mi></mrow></math>\
             <math><mo>+</mo><msub><mi>w</mi><mn>3</mn></msub><mrow><mi>a</mi></mrow><mo>+</mo><mi>b</mi></math>\
             <math><mo>=</mo><mn>0.5</mn></math></div>"
        );
        // A sum inside parentheses stays whole: it does not lead its step.
        let inside = paren(&terms);
        assert_eq!(pieces(&inside), vec![inside.clone()]);
        crate::view::test_support::assert_well_formed(&formula_split(
            &[mi("x"), with_bias, inside],
            1,
        ));
    }
}
