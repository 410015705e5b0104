//! "Check my work": the learner types their own value for a `δ`, a `∂E/∂w` or an updated weight
//! (say, from working the toy network on paper, as the thread suggests), optionally with the
//! chain's factors, and the page says whether it is right within a stated tolerance and, when it
//! is not, which factor of the chain first differs from theirs, with the usual slip for it.
//!
//! Everything is for the snapshot's selected sample: `δ`, this sample's `∂E/∂w = δ_k · a_j`, and
//! the weight after one step on this sample alone, `w − η · δ_k · a_j` (with regularisation
//! `w − η · (δ_k · a_j + λ·w)`, or `λ·sign(w)` for L1). Slopes are each neuron's own
//! activation's; with cross-entropy an output's `∂E/∂a = (a − t)/(a(1 − a))` and `δ = a − t`.
//!
//! Nothing the learner typed reaches the HTML except as a number formatted here; the rest is
//! fixed text, labels (letters and digits) and integers. Key numbers carry `data-quantity`
//! (`yours`, `expected`, and per factor `factor_yours`, `factor_expected` with `data-factor="i"`)
//! and `data-value` (the exact `f64` as Rust's `{}` writes it).

use crate::model::Snapshot;
use crate::nn::{Activation, Penalty};
use crate::view::chain::{delta_chain, weight_chain, DeltaChain, NoChain};
use crate::view::expr::Expr;
use crate::view::formulas::{
    error_wrt_a_expr, error_wrt_a_hint, name_in_words, output_delta_slips, output_gradient_slips,
    plain_derivative, slope_at_net, slope_worked, LossSlip,
};
use crate::view::labels::{neuron_label, weight_label, Role};
use crate::view::mathml::format_digits;

/// A value is right when `|yours − ours| ≤ RELATIVE_TOLERANCE · |ours|`: within 0.5 %, enough
/// for 4 significant digits worked by hand (rounding each factor to 4 digits moves a product of
/// three by at most about 0.15 %). There is no absolute floor: after training, error terms are
/// about 10⁻⁵, and a floor of that size would accept 0, the opposite sign, or 20 % off.
pub const RELATIVE_TOLERANCE: f64 = 5e-3;
/// Off by more than the tolerance but within this share of ours, with the right sign: a rounding
/// slip, and the verdict says so.
pub const CLOSE: f64 = 0.02;

/// Digits shown for the learner's and our values.
const DIGITS: usize = 7;
/// Longest sum `Σ w·δ` written out with its numbers in a hint.
const MAX_TERMS: usize = 8;

/// What the learner worked out, for the selected sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// `δ = ∂E/∂net` of neuron `index` of layer `layer` (not the input layer).
    Delta { layer: usize, index: usize },
    /// This sample's `∂E/∂w = δ_k · a_j` of the weight from neuron `from` of layer `layer` to
    /// neuron `to` of layer `layer + 1` (`weights[layer][to][from]`).
    Gradient {
        layer: usize,
        to: usize,
        from: usize,
    },
    /// That weight after one step on this sample alone: `w − η · δ_k · a_j` (plus the penalty's
    /// slope inside the parentheses, with regularisation).
    UpdatedWeight {
        layer: usize,
        to: usize,
        from: usize,
    },
}

/// The learner's value and, optionally, the factors of its chain in chain order (see
/// [`factor_names`]); a factor left blank is `None`, and trailing blanks may be left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answer {
    pub value: f64,
    pub factors: Vec<Option<f64>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// `|yours − ours| ≤ tolerance`.
    pub correct: bool,
    /// Our value.
    pub expected: f64,
    /// How far from ours a value may be and still count as right. For a `δ` or a `∂E/∂w` it is
    /// `RELATIVE_TOLERANCE · |ours|`. For an updated weight the old `w`
    /// is known exactly and the learner computes only the change, so 0.5 % is taken of the change
    /// `η · ∂E/∂w`, not of the new weight: otherwise, with a small `η`, leaving `w` as it was
    /// would pass.
    pub tolerance: f64,
    /// The first factor (in chain order) the learner gave that is not within the tolerance of
    /// ours (each factor measured against its own value). It can be `Some` even when the value
    /// is right.
    pub first_wrong_factor: Option<usize>,
    /// The usual slip the wrong value matches, by id (`"sign"`, `"half"`, `"rounding"`, …;
    /// see `value_slip`), when the learner gave no factor that differs.
    pub slip: Option<&'static str>,
    pub html: String,
}

/// What a factor is: it decides the label's meaning and the hint for its usual slip.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// `∂E/∂a_k = a_k − t_k` of an output neuron.
    ErrorWrtOutput,
    /// `∂E/∂a_j = Σ_k w_jk δ_k` of a hidden neuron.
    ErrorWrtHidden,
    /// `∂a/∂net = a(1 − a)`.
    Slope,
    /// `∂net_k/∂w_jk = a_j`.
    FromActivation,
    /// The weight before the update.
    Weight,
    /// This sample's `∂E/∂w`.
    SampleGradient,
    LearningRate,
}

struct Factor {
    name: String,
    kind: Kind,
    ours: f64,
}

/// One quantity's chain with our numbers.
struct Chain {
    /// `δ(o₁)`, `∂E/∂w(h₁→o₁)`, `new w(h₁→o₁)`.
    label: String,
    /// The chain in words and symbols, e.g. `δ(o₁) = ∂E/∂a(o₁) × ∂a(o₁)/∂net(o₁)`.
    formula: String,
    factors: Vec<Factor>,
    expected: f64,
    tolerance: f64,
    /// The neuron whose `δ` the chain goes through: (layer, index).
    neuron: (usize, usize),
    /// The neuron the weight comes from, for the weight quantities.
    from: Option<(usize, usize)>,
    /// The penalty's slope at the weight, added to `∂E/∂w` in an updated weight's step (0
    /// without regularisation and for the other quantities).
    penalty: f64,
}

/// `RELATIVE_TOLERANCE · |scale|`.
pub fn tolerance(scale: f64) -> f64 {
    RELATIVE_TOLERANCE * scale.abs()
}

/// Off by a rounding slip: outside the tolerance, within [`CLOSE`] of ours, same sign.
fn is_close(yours: f64, chain: &Chain) -> bool {
    let ours = chain.expected;
    let scale = match chain.factors.first() {
        // For an updated weight the learner computes the change; measure against it.
        Some(f) if f.kind == Kind::Weight => (ours - f.ours).abs(),
        _ => ours.abs(),
    };
    (yours - ours).abs() > chain.tolerance
        && (yours - ours).abs() <= CLOSE * scale
        && yours.signum() == ours.signum()
}

/// `yours` is within the tolerance of `ours`.
fn near(yours: f64, ours: f64) -> bool {
    (yours - ours).abs() <= tolerance(ours)
}

/// The plain label of what is checked: `δ(o₁)`, `∂E/∂w(h₁→o₁)` or `new w(h₁→o₁)`.
pub fn quantity_label(q: &Quantity, layers: &[usize]) -> String {
    match *q {
        Quantity::Delta { layer, index } => format!("δ({})", neuron_label(layers, layer, index)),
        Quantity::Gradient { layer, to, from } => {
            format!("∂E/∂{}", weight_label(layers, layer, to, from))
        }
        Quantity::UpdatedWeight { layer, to, from } => {
            format!("new {}", weight_label(layers, layer, to, from))
        }
    }
}

/// Human labels of the factors, in chain order, for the form:
/// - `δ` of an output neuron: `∂E/∂a(o₁)`, `∂a(o₁)/∂net(o₁)`;
/// - `δ` of a hidden neuron: `∂E/∂a(h₁) = Σ w·δ`, `∂a(h₁)/∂net(h₁)`;
/// - `∂E/∂w`: `∂E/∂a(o₁)`, `∂a(o₁)/∂net(o₁)`, `∂net(o₁)/∂w(h₁→o₁)`;
/// - updated weight: `w(h₁→o₁)`, `∂E/∂w(h₁→o₁)`, `η`.
pub fn factor_names(q: &Quantity, layers: &[usize]) -> Vec<String> {
    let error_and_slope = |layer: usize, index: usize| {
        let n = neuron_label(layers, layer, index);
        let error = if Role::of(layers, layer) == Role::Hidden {
            format!("∂E/∂a({n}) = Σ w·δ")
        } else {
            format!("∂E/∂a({n})")
        };
        vec![error, format!("∂a({n})/∂net({n})")]
    };
    match *q {
        Quantity::Delta { layer, index } => error_and_slope(layer, index),
        Quantity::Gradient { layer, to, from } => {
            let mut names = error_and_slope(layer + 1, to);
            names.push(format!(
                "∂net({})/∂{}",
                neuron_label(layers, layer + 1, to),
                weight_label(layers, layer, to, from)
            ));
            names
        }
        Quantity::UpdatedWeight { layer, to, from } => {
            let w = weight_label(layers, layer, to, from);
            vec![w.clone(), format!("∂E/∂{w}"), "η".into()]
        }
    }
}

/// Says whether `answer` is right for `q` on the snapshot's selected sample, and if not, where
/// the learner's chain first parts from ours.
///
/// Errs, with a message that names what is wrong, when `q` does not exist in this network (a
/// neuron or weight out of range, or the `δ` of an input neuron), when the value or a factor is
/// not a finite number, or when more factors are given than the chain has.
pub fn check(s: &Snapshot, q: &Quantity, answer: &Answer) -> Result<Verdict, String> {
    let chain = chain(s, q)?;
    if !answer.value.is_finite() {
        return Err(format!(
            "Your value for {} is not a finite number: type a number such as 0.1028.",
            chain.label
        ));
    }
    if answer.factors.len() > chain.factors.len() {
        return Err(format!(
            "{} has {} factors in its chain, but {} were given.",
            chain.label,
            chain.factors.len(),
            answer.factors.len()
        ));
    }
    for (i, given) in answer.factors.iter().enumerate() {
        if given.is_some_and(|x| !x.is_finite()) {
            return Err(format!(
                "Your factor {} ({}) is not a finite number.",
                i + 1,
                chain.factors[i].name
            ));
        }
    }

    let yours = answer.value;
    let correct = (yours - chain.expected).abs() <= chain.tolerance;
    let given = |i: usize| answer.factors.get(i).copied().flatten();
    let first_wrong_factor = (0..chain.factors.len())
        .find(|&i| given(i).is_some_and(|x| !near(x, chain.factors[i].ours)));

    let mut html = format!(
        r#"<section class="checker-verdict" data-correct="{correct}"><p class="verdict {}"><strong>{}</strong> Your {} is {}; ours is {}.</p>"#,
        if correct { "right" } else { "wrong" },
        if correct { "Right." } else { "Not right yet." },
        chain.label,
        number("yours", yours, ""),
        number("expected", chain.expected, ""),
    );
    html += &tolerance_sentence(q, &chain);
    html += &format!(r#"<p class="chain">{}</p>"#, chain.formula);
    if !answer.factors.is_empty() {
        html += &factor_table(&chain, answer);
    }

    let mut diagnosis = Vec::new();
    let mut slip_id = None;
    match first_wrong_factor {
        Some(i) => {
            let f = &chain.factors[i];
            let theirs = given(i).expect("a wrong factor was given");
            diagnosis.push(format!(
                "{}The first factor of the chain that differs from ours is {}: yours is {}, ours \
                 is {}.",
                if correct {
                    "Your value is right, but one of your factors is not. "
                } else {
                    ""
                },
                f.name,
                fmt(theirs),
                fmt(f.ours)
            ));
            diagnosis.push(factor_hint(s, q, &chain, f, theirs));
        }
        None if !correct => {
            if let Some((id, slip)) = value_slip(s, q, &chain, yours) {
                slip_id = Some(id);
                diagnosis.push(slip);
            } else if is_close(yours, &chain) {
                slip_id = Some("rounding");
                diagnosis.push(format!(
                    "Close: yours is within {} % of ours, but not within 0.5 %. Check your \
                     rounding: keep 4 significant digits in every factor until the end, since \
                     rounding early moves the product.",
                    CLOSE * 100.0
                ));
            }
            let blank: Vec<&str> = (0..chain.factors.len())
                .filter(|&i| given(i).is_none())
                .map(|i| chain.factors[i].name.as_str())
                .collect();
            let (step, ours) = combination(q, &chain);
            diagnosis.push(if blank.is_empty() {
                format!("Every factor you gave matches ours, so the slip is in the {step}: {ours}.")
            } else if blank.len() < chain.factors.len() {
                format!(
                    "The factors you gave match ours, so the slip is in one you left blank ({}) \
                     or in the {step}. Fill them in to find which.",
                    blank.join(", ")
                )
            } else {
                format!(
                    "Give the factors of the chain too ({}), and the checker will say which one \
                     first differs from ours.",
                    blank.join(", ")
                )
            });
        }
        None => {}
    }
    for line in diagnosis {
        html += &format!(r#"<p class="why">{line}</p>"#);
    }
    html += &sample_note(s, q);
    html += &format!(
        r#"<p class="why pinned">Checked against the network at epoch <span data-quantity="epoch" data-value="{0}">{0}</span>{1}.</p>"#,
        s.epoch,
        if s.sample_count > 1 {
            format!(", sample {} of {}", s.sample + 1, s.sample_count)
        } else {
            String::new()
        }
    );
    html += "</section>";

    Ok(Verdict {
        correct,
        expected: chain.expected,
        tolerance: chain.tolerance,
        first_wrong_factor,
        slip: slip_id,
        html,
    })
}

/// Our chain for `q`, or why `q` does not exist in this network.
fn chain(s: &Snapshot, q: &Quantity) -> Result<Chain, String> {
    let layers = &s.layers;
    let last = layers.len() - 1;
    let neuron = |layer: usize, index: usize| neuron_label(layers, layer, index);
    // The values and which factors multiply are the chain model's (view::chain); here they get
    // the checker's names and the kinds its hints are keyed by.
    let error_and_slope = |c: &DeltaChain| {
        let (layer, index) = (c.layer, c.index);
        let names = factor_names(&Quantity::Delta { layer, index }, layers);
        let kind = if Role::of(layers, layer) == Role::Hidden {
            Kind::ErrorWrtHidden
        } else {
            Kind::ErrorWrtOutput
        };
        let mut names = names.into_iter();
        vec![
            Factor {
                name: names.next().expect("two names"),
                kind,
                ours: c.error_wrt_a.value,
            },
            Factor {
                name: names.next().expect("two names"),
                kind: Kind::Slope,
                ours: c.slope.value,
            },
        ]
    };
    fn checked<T>(chain: Result<T, NoChain>) -> T {
        chain.expect("the indices were checked above")
    }
    match *q {
        Quantity::Delta { layer, index } => {
            if layer > last {
                return Err(no_layer(layer, last));
            }
            if layer == 0 {
                return Err(format!(
                    "Layer 0 is the input layer: its neurons have no net input, so no δ. \
                     δ exists for layers 1 to {last}."
                ));
            }
            if index >= layers[layer] {
                return Err(no_neuron(layer, layers[layer], index));
            }
            let n = neuron(layer, index);
            let c = checked(delta_chain(s, layer, index));
            let expected = c.delta;
            Ok(Chain {
                label: format!("δ({n})"),
                formula: format!("δ({n}) = ∂E/∂a({n}) × ∂a({n})/∂net({n})"),
                factors: error_and_slope(&c),
                expected,
                tolerance: tolerance(expected),
                neuron: (layer, index),
                from: None,
                penalty: 0.0,
            })
        }
        Quantity::Gradient { layer, to, from } | Quantity::UpdatedWeight { layer, to, from } => {
            if layer >= last {
                return Err(format!(
                    "There is no weight layer {layer}: weights go from layer l to layer l + 1, \
                     for l from 0 to {}.",
                    last - 1
                ));
            }
            if to >= layers[layer + 1] {
                return Err(format!(
                    "{} There is no such neuron for the weight to go to.",
                    no_neuron(layer + 1, layers[layer + 1], to)
                ));
            }
            if from >= layers[layer] {
                return Err(format!(
                    "{} There is no such neuron for the weight to come from.",
                    no_neuron(layer, layers[layer], from)
                ));
            }
            let (k, j) = (neuron(layer + 1, to), neuron(layer, from));
            let w = weight_label(layers, layer, to, from);
            let c = checked(weight_chain(s, layer, to, from));
            let gradient = c.gradient;
            if let Quantity::Gradient { .. } = q {
                let mut factors = error_and_slope(&c.into);
                factors.push(Factor {
                    name: format!("∂net({k})/∂{w}"),
                    kind: Kind::FromActivation,
                    ours: c.net_wrt_w.value,
                });
                Ok(Chain {
                    label: format!("∂E/∂{w}"),
                    formula: format!("∂E/∂{w} = ∂E/∂a({k}) × ∂a({k})/∂net({k}) × ∂net({k})/∂{w}"),
                    factors,
                    expected: gradient,
                    tolerance: tolerance(gradient),
                    neuron: (layer + 1, to),
                    from: Some((layer, from)),
                    penalty: 0.0,
                })
            } else {
                let (weight, eta, penalty, update) =
                    (c.weight, c.learning_rate, c.penalty, c.update);
                let formula = match s.regularization {
                    None => {
                        format!("new {w} = {w} − η × ∂E/∂{w}, with ∂E/∂{w} = δ({k}) × a({j})")
                    }
                    Some(r) => format!(
                        "new {w} = {w} − η × (∂E/∂{w} + {}), with ∂E/∂{w} = δ({k}) × a({j}) and \
                         λ = {} (the {} penalty's slope)",
                        penalty_term(r.kind),
                        fmt(r.rate),
                        penalty_name(r.kind)
                    ),
                };
                Ok(Chain {
                    label: format!("new {w}"),
                    formula,
                    factors: vec![
                        Factor {
                            name: w.clone(),
                            kind: Kind::Weight,
                            ours: weight,
                        },
                        Factor {
                            name: format!("∂E/∂{w}"),
                            kind: Kind::SampleGradient,
                            ours: gradient,
                        },
                        Factor {
                            name: "η".into(),
                            kind: Kind::LearningRate,
                            ours: eta,
                        },
                    ],
                    expected: c.new_weight,
                    tolerance: tolerance(update),
                    neuron: (layer + 1, to),
                    from: Some((layer, from)),
                    penalty,
                })
            }
        }
    }
}

fn penalty_term(kind: Penalty) -> &'static str {
    match kind {
        Penalty::L1 => "λ·sign(w)",
        Penalty::L2 => "λ·w",
    }
}

fn penalty_name(kind: Penalty) -> &'static str {
    match kind {
        Penalty::L1 => "L1",
        Penalty::L2 => "L2",
    }
}

fn no_layer(layer: usize, last: usize) -> String {
    format!("There is no layer {layer}: the network's layers are 0 to {last}.")
}

fn no_neuron(layer: usize, count: usize, index: usize) -> String {
    format!(
        "Layer {layer} has {count} neuron{} (indices 0 to {}): there is no neuron {index}.",
        if count == 1 { "" } else { "s" },
        count - 1
    )
}

/// A number shown to the learner.
fn fmt(x: f64) -> String {
    format_digits(x, DIGITS)
}

/// A number as a factor or summand: in parentheses when negative.
fn signed(x: f64) -> String {
    if x < 0.0 {
        format!("({})", fmt(x))
    } else {
        fmt(x)
    }
}

/// A number with its exact value for scripts: `<span data-quantity="name" data-value="x">`.
fn number(name: &str, x: f64, extra: &str) -> String {
    format!(
        r#"<span class="num" data-quantity="{name}"{extra} data-value="{x}">{}</span>"#,
        fmt(x)
    )
}

fn tolerance_sentence(q: &Quantity, chain: &Chain) -> String {
    let what = match q {
        Quantity::UpdatedWeight { .. } => {
            "Right means within 0.5 % of the change η × ∂E/∂w: the old w is known exactly, so \
             the tolerance is on what you computed, enough for 4 significant digits worked by \
             hand."
        }
        _ => "Right means within 0.5 % of ours: enough for 4 significant digits worked by hand.",
    };
    format!(
        r#"<p class="tolerance">{what} Here: ± <span data-quantity="tolerance" data-value="{}">{}</span>.</p>"#,
        chain.tolerance,
        format_digits(chain.tolerance, 2)
    )
}

/// The learner's factors beside ours (blank ones say so and do not give ours away).
fn factor_table(chain: &Chain, answer: &Answer) -> String {
    let mut html = String::from(
        r#"<table class="checker-factors"><thead><tr><th scope="col">factor</th><th scope="col">yours</th><th scope="col">ours</th><th scope="col">matches?</th></tr></thead><tbody>"#,
    );
    for (i, f) in chain.factors.iter().enumerate() {
        let at = format!(r#" data-factor="{i}""#);
        html += &match answer.factors.get(i).copied().flatten() {
            Some(x) => {
                let mark = if near(x, f.ours) {
                    r#"<td class="mark pass"><span aria-hidden="true">✓</span> matches</td>"#
                } else {
                    r#"<td class="mark fail"><span aria-hidden="true">✗</span> differs</td>"#
                };
                format!(
                    r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td>{mark}</tr>"#,
                    f.name,
                    number("factor_yours", x, &at),
                    number("factor_expected", f.ours, &at)
                )
            }
            None => format!(
                r#"<tr><th scope="row">{}</th><td colspan="3">left blank</td></tr>"#,
                f.name
            ),
        };
    }
    html + "</tbody></table>"
}

/// How the factors combine, and our combination with numbers.
fn combination(q: &Quantity, chain: &Chain) -> (&'static str, String) {
    let ours: Vec<f64> = chain.factors.iter().map(|f| f.ours).collect();
    match q {
        Quantity::UpdatedWeight { .. } if chain.penalty != 0.0 => (
            "arithmetic",
            format!(
                "ours is w − η × (∂E/∂w + penalty) = {} − {} × ({} + {}) = {}",
                fmt(ours[0]),
                fmt(ours[2]),
                signed(ours[1]),
                signed(chain.penalty),
                fmt(chain.expected)
            ),
        ),
        Quantity::UpdatedWeight { .. } => (
            "arithmetic",
            format!(
                "ours is w − η × ∂E/∂w = {} − {} × {} = {}",
                fmt(ours[0]),
                fmt(ours[2]),
                signed(ours[1]),
                fmt(chain.expected)
            ),
        ),
        _ => (
            "multiplication",
            format!(
                "ours is {} = {}",
                ours.iter()
                    .map(|&x| signed(x))
                    .collect::<Vec<_>>()
                    .join(" × "),
                fmt(chain.expected)
            ),
        ),
    }
}

/// The usual slip for factor `f`, said more precisely when `theirs` is what that slip gives.
fn factor_hint(s: &Snapshot, q: &Quantity, chain: &Chain, f: &Factor, theirs: f64) -> String {
    let layers = &s.layers;
    let (layer, index) = chain.neuron;
    let n = neuron_label(layers, layer, index);
    let (a, net) = (s.a[layer][index], s.net[layer][index]);
    match f.kind {
        Kind::ErrorWrtOutput => {
            let t = s.target[index];
            let written = [fmt(a), fmt(t), fmt(f.ours)];
            let hint = error_wrt_a_hint(s.loss_kind, &n, (a, t), written);
            let spotted = if near(theirs, hint.slip) {
                hint.spotted
            } else {
                ""
            };
            format!("{spotted}{}", hint.worked)
        }
        Kind::ErrorWrtHidden => {
            let next = layer + 1;
            let term = |k: usize| s.weights[layer][k][index] * s.delta[next][k];
            let single = (0..layers[next]).find(|&k| layers[next] > 1 && near(theirs, term(k)));
            let transposed = (layers[layer] == layers[next]).then(|| {
                (0..layers[next])
                    .map(|k| s.weights[layer][index][k] * s.delta[next][k])
                    .sum::<f64>()
            });
            let spotted = if let Some(k) = single {
                format!(
                    "Yours is the path through {} alone. ",
                    neuron_label(layers, next, k)
                )
            } else if near(theirs, s.delta[layer][index]) {
                format!("Yours is δ({n}) itself, which already includes the factor a(1 − a). ")
            } else if transposed.is_some_and(|x| !near(x, f.ours) && near(theirs, x)) {
                format!(
                    "Yours pairs each δ_k with the wrong weight: it needs w({n}→k), the \
                     weight from {n} to that neuron k. "
                )
            } else {
                String::new()
            };
            let numbers = if layers[next] <= MAX_TERMS {
                let terms: Vec<String> = (0..layers[next])
                    .map(|k| {
                        format!(
                            "{} × {}",
                            signed(s.weights[layer][k][index]),
                            signed(s.delta[next][k])
                        )
                    })
                    .collect();
                format!(" Here: {} = {}.", terms.join(" + "), fmt(f.ours))
            } else {
                String::new()
            };
            format!(
                "{spotted}A hidden δ gathers w·δ over every neuron this one feeds: \
                 ∂E/∂a({n}) = Σ_k w({n}→k) · δ_k, with the weights leaving {n}, each times the δ \
                 of the neuron it goes to, because {n} reaches E through every one of them.\
                 {numbers}"
            )
        }
        Kind::Slope => slope_hint(s.activation_of(layer), &n, a, net, theirs, f.ours),
        Kind::FromActivation => {
            let (from_layer, from) = chain.from.expect("a weight's chain has a from neuron");
            let j = neuron_label(layers, from_layer, from);
            let w = match *q {
                Quantity::Gradient { layer, to, from }
                | Quantity::UpdatedWeight { layer, to, from } => s.weights[layer][to][from],
                Quantity::Delta { .. } => f64::NAN,
            };
            let spotted = if near(theirs, a) {
                format!("Yours is a({n}), of the neuron the weight goes TO. ")
            } else if near(theirs, w) {
                "Yours is the weight itself: the w is what we differentiate by, so it disappears. "
                    .into()
            } else if near(theirs, 0.0) {
                format!(
                    "It is not 0: a({j}) is a constant, but a constant multiplying w stays when \
                     we differentiate by w; only a constant standing alone has derivative 0. "
                )
            } else {
                String::new()
            };
            format!(
                "{spotted}∂net/∂w is the activation a_j of the neuron the weight comes FROM: \
                 net({n}) = … + w·a({j}) + …, only that term contains w, and d(c·w)/dw = c, so \
                 ∂net({n})/∂w = a({j}) = {}.",
                fmt(f.ours)
            )
        }
        Kind::Weight => format!(
            "w is the weight as it is now, before this update: {}.",
            fmt(f.ours)
        ),
        Kind::SampleGradient => {
            let spotted = match *q {
                Quantity::UpdatedWeight { layer, to, from }
                    if s.sample_count > 1
                        && !near(s.gradients[layer][to][from], f.ours)
                        && near(theirs, s.gradients[layer][to][from]) =>
                {
                    format!(
                        "Yours is the mean ∂loss/∂w over all {} samples; here the step is for \
                         this sample alone. ",
                        s.sample_count
                    )
                }
                _ if near(theirs, -f.ours) => "Yours has the opposite sign. ".into(),
                _ => String::new(),
            };
            format!(
                "{spotted}∂E/∂w = δ_k · a_j for this sample: δ({n}) times the activation of the \
                 neuron the weight comes from, = {}.",
                fmt(f.ours)
            )
        }
        Kind::LearningRate => format!(
            "η is the learning rate set on the page, now {}.",
            fmt(f.ours)
        ),
    }
}

/// The usual slips for a neuron's slope `∂a/∂net`, spotted with the core's own rule (so any
/// activation has them), then the slope worked out in the activation's words
/// ([`slope_worked`]).
fn slope_hint(f: Activation, n: &str, a: f64, net: f64, theirs: f64, ours: f64) -> String {
    let sigmoid_slope = Activation::Sigmoid.derivative_from_a(a);
    // The rule is written in a; fed net instead, it gives net(1 − net), 1 − net², …
    let at_net = f.derivative_from_a(net);
    let spotted =
        if f != Activation::Sigmoid && near(theirs, sigmoid_slope) && !near(sigmoid_slope, ours) {
            format!(
                "Yours is the sigmoid's a(1 − a), but {n}'s activation is {}. ",
                name_in_words(f)
            )
        } else if near(theirs, at_net) && !near(at_net, ours) {
            format!(
                "Yours is {}: the slope uses the activation a, not net. ",
                slope_at_net(f)
            )
        } else if near(theirs, a) && !near(a, ours) {
            "Yours is a itself. ".into()
        } else {
            String::new()
        };
    spotted + &slope_worked(f, n, [fmt(a), signed(a), fmt(net), fmt(ours)])
}

/// A slip recognised from the value alone: the sign, a missing factor, an added update.
/// The usual slip that gives `yours`, if one does: its id (for the page and the tests) and its
/// hint.
fn value_slip(
    s: &Snapshot,
    q: &Quantity,
    chain: &Chain,
    yours: f64,
) -> Option<(&'static str, String)> {
    let expected = chain.expected;
    let ours: Vec<f64> = chain.factors.iter().map(|f| f.ours).collect();
    let (layer, index) = chain.neuron;
    let (a, net) = (s.a[layer][index], s.net[layer][index]);
    let is = |x: f64| !near(x, expected) && near(yours, x);
    let output = layer + 1 == s.layers.len();
    let sign = if output {
        // The loss's own ∂E/∂a, as its entry writes it: a − t for squared error.
        let (a_s, t_s) = (Expr::ident("a"), Expr::ident("t"));
        format!(
            "Yours has the opposite sign. Here δ = ∂E/∂net, so ∂E/∂a = {} at an output neuron; \
             texts that use δ = −∂E/∂net (or t − a) get your sign, and add where we subtract.",
            error_wrt_a_expr(s.loss_kind, a_s, t_s).text()
        )
    } else {
        "Yours has the opposite sign. Here δ = ∂E/∂net, and a hidden neuron's ∂E/∂a = Σ_k w·δ_k \
         carries the output neurons' δ, with their sign, back to it; texts that use \
         δ = −∂E/∂net get your sign, and add where we subtract."
            .into()
    };
    let sign_id = if output { "sign_output" } else { "sign_hidden" };
    // The loss's own slips at an output (asked for only there), in its entry's order.
    let loss_slip = |slips: &dyn Fn() -> Vec<LossSlip>| {
        output
            .then(slips)?
            .into_iter()
            .find(|slip| is(slip.gives))
            .map(|slip| (slip.id, slip.hint.to_string()))
    };
    match *q {
        Quantity::Delta { .. } => {
            let f = s.activation_of(layer);
            let slope = s.activation_wrt_net[layer][index];
            // The hidden sum with one of the neurons it feeds left out.
            let missing_path = (!output)
                .then(|| {
                    let next = &s.delta[layer + 1];
                    (0..next.len()).find(|&k| {
                        let partial: f64 = (0..next.len())
                            .filter(|&m| m != k)
                            .map(|m| s.weights[layer][m][index] * next[m])
                            .sum();
                        next.len() > 1 && is(partial * slope)
                    })
                })
                .flatten();
            // The slope's rule fed net where a belongs: net(1 − net), 1 − net², …
            let at_net = f.derivative_from_a(net);
            let delta_slips = || output_delta_slips(s.loss_kind, a, s.target[index], expected);
            if is(-expected) {
                Some((sign_id, sign))
            } else if let Some(slip) = loss_slip(&delta_slips) {
                Some(slip)
            } else if let Some(k) = missing_path {
                Some((
                    "missing_path",
                    format!(
                    "Yours leaves out the path through {}: a hidden δ sums w·δ over every neuron \
                     it feeds (the total derivative), then multiplies by its slope.",
                    neuron_label(&s.layers, layer + 1, k)
                ),
                ))
            } else if is(ours[0]) {
                Some((
                    "error_wrt_a_only",
                    format!(
                        "Yours is ∂E/∂a alone: δ = ∂E/∂net also needs the factor ∂a/∂net, here {}.",
                        plain_derivative(f)
                    ),
                ))
            } else if at_net != f.derivative_from_a(a) && is(ours[0] * at_net) {
                Some((
                    "net_for_a",
                    format!(
                        "Yours uses {}: the slope uses the activation a, not net.",
                        slope_at_net(f)
                    ),
                ))
            } else {
                None
            }
        }
        Quantity::Gradient { layer: l, from, .. } => {
            let delta = s.delta[layer][index];
            let w = s.weights[l][index][from];
            let other_from = (0..s.layers[l])
                .filter(|&j| j != from)
                .find(|&j| is(delta * s.a[l][j]));
            if is(-expected) {
                Some((sign_id, sign))
            } else if let Some(slip) = loss_slip(&|| output_gradient_slips(s.loss_kind, expected)) {
                Some(slip)
            } else if is(delta * w) {
                Some((
                    "weight_for_a",
                    "Yours multiplies δ by the weight itself. In net = Σ w·a the weight is what \
                     moves and a_j is the number in front of it, so ∂net/∂w = a_j: the w's go \
                     away because d(w·a_j)/dw = a_j."
                        .into(),
                ))
            } else if let Some(j) = other_from {
                Some((
                    "wrong_from",
                    format!(
                    "Yours uses the activation of {}, but this weight comes from {}: ∂net/∂w is \
                     the a_j of the neuron the weight starts at.",
                    neuron_label(&s.layers, l, j),
                    neuron_label(&s.layers, l, from)
                ),
                ))
            } else if s.sample_count > 1 && is(s.gradients[l][index][from] * s.sample_count as f64)
            {
                Some((
                    "sum_over_samples",
                    format!(
                        "Yours is the sum of ∂E/∂w over all {} samples. Here it is this sample's \
                     ∂E/∂w alone (and the loss that training follows is the mean, not the sum).",
                        s.sample_count
                    ),
                ))
            } else if is(delta) {
                Some((
                    "delta_only",
                    format!(
                        "Yours is δ({}) alone: ∂E/∂w also needs ∂net/∂w = a_j, the activation of \
                     the neuron the weight comes from.",
                        neuron_label(&s.layers, layer, index)
                    ),
                ))
            } else if is(delta * a) {
                Some((
                    "to_activation",
                    "Yours multiplies δ by the activation of the neuron the weight goes TO; \
                     ∂net/∂w is a_j, of the neuron it comes FROM."
                        .into(),
                ))
            } else if s.sample_count > 1 && is(s.gradients[l][index][from]) {
                Some((
                    "mean_gradient",
                    format!(
                        "Yours is the mean ∂loss/∂w over all {} samples; here it is this sample's \
                     ∂E/∂w alone.",
                        s.sample_count
                    ),
                ))
            } else {
                None
            }
        }
        Quantity::UpdatedWeight { layer: l, to, from } => {
            let (w, g, eta) = (ours[0], ours[1], ours[2]);
            if s.sample_count > 1 && is(w - eta * s.gradients[l][to][from]) {
                Some((
                    "full_batch_step",
                    format!(
                    "Yours is the full-batch step, with the mean ∂loss/∂w over all {} samples: \
                     that is what training on the whole data set does. Here the step is for \
                     this sample alone, with its own ∂E/∂w.",
                    s.sample_count
                ),
                ))
            } else if is(w + eta * g) {
                Some((
                    "added",
                    "You added η × ∂E/∂w: the update goes against the slope, new w = w − η × \
                     ∂E/∂w."
                        .into(),
                ))
            } else if is(w) {
                Some(("unchanged", "Yours is the weight before the update.".into()))
            } else if is(-eta * g) {
                Some((
                    "change_only",
                    "Yours is the change Δw = −η × ∂E/∂w; the new weight is w + Δw.".into(),
                ))
            } else if is(w - g) {
                Some((
                    "no_learning_rate",
                    "Yours leaves out η: the step is η × ∂E/∂w, not ∂E/∂w.".into(),
                ))
            } else if chain.penalty != 0.0 && is(w - eta * g) {
                Some((
                    "no_penalty",
                    format!(
                        "Yours leaves out the penalty: with regularisation the step is \
                     η × (∂E/∂w + {}), and here the penalty's slope is {}.",
                        s.regularization.map_or("", |r| penalty_term(r.kind)),
                        fmt(chain.penalty)
                    ),
                ))
            } else {
                None
            }
        }
    }
}

fn sample_note(s: &Snapshot, q: &Quantity) -> String {
    if s.sample_count <= 1 {
        return String::new();
    }
    let (i, n) = (s.sample + 1, s.sample_count);
    let text = match q {
        Quantity::UpdatedWeight { .. } => format!(
            "These are the numbers of sample {i} of {n}. The new weight here is one step on this \
             sample alone, w − η × its ∂E/∂w; training on all {n} samples at once steps along \
             the mean ∂loss/∂w instead."
        ),
        _ => format!("These are the numbers of sample {i} of {n}, for this sample alone."),
    };
    format!(r#"<p class="why sample">{text}</p>"#)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Session;
    use crate::view::test_support::TOY;

    const XOR: &str = r#"{"layers":[2,2,1],"activation":"sigmoid","bias":true,"seed":1,"learning_rate":0.5,"data":{"dataset":"xor"}}"#;

    const DELTA_O1: Quantity = Quantity::Delta { layer: 2, index: 0 };

    fn toy() -> Snapshot {
        Session::from_json(TOY)
            .expect("the toy loads")
            .snapshot(0)
            .as_ref()
            .clone()
    }

    fn value(x: f64) -> Answer {
        Answer {
            value: x,
            factors: Vec::new(),
        }
    }

    fn with(x: f64, factors: &[Option<f64>]) -> Answer {
        Answer {
            value: x,
            factors: factors.to_vec(),
        }
    }

    #[test]
    fn the_right_delta_is_accepted_and_both_numbers_shown() {
        let s = toy();
        let v = check(&s, &DELTA_O1, &value(0.1028463)).unwrap();
        assert!(v.correct);
        assert!((v.expected - 0.10284630007978213).abs() < 1e-16);
        assert_eq!(v.expected, s.delta[2][0]);
        assert_eq!(v.first_wrong_factor, None);
        assert!(v.html.contains("<strong>Right.</strong> Your δ(o₁) is"));
        assert!(v
            .html
            .contains(r#"data-quantity="yours" data-value="0.1028463">0.1028463<"#));
        assert!(v.html.contains(&format!(
            r#"data-quantity="expected" data-value="{}">0.1028463<"#,
            s.delta[2][0]
        )));
        assert!(v.html.contains("within 0.5 %") && v.html.contains("4 significant digits"));
        assert!(v.html.contains("δ(o₁) = ∂E/∂a(o₁) × ∂a(o₁)/∂net(o₁)"));
        assert!(v.html.contains(r#"data-correct="true""#));
    }

    #[test]
    fn four_digits_are_within_the_tolerance_and_0_11_is_not() {
        let s = toy();
        assert!(check(&s, &DELTA_O1, &value(0.1028)).unwrap().correct);
        let v = check(&s, &DELTA_O1, &value(0.11)).unwrap();
        assert!(!v.correct);
        assert!(v.html.contains("<strong>Not right yet.</strong>"));
        assert!(v.html.contains(">0.11</span>; ours is"));
        assert!(v.html.contains("Give the factors of the chain too"));
        assert!((v.tolerance - 5e-3 * 0.10284630007978213).abs() < 1e-15);
        // No absolute floor: a small value is held to the same 0.5 %.
        assert!((tolerance(1e-4) - 5e-7).abs() < 1e-20);
        assert_eq!(tolerance(-2.0), 0.01);
    }

    #[test]
    fn a_flipped_sign_on_the_first_factor_is_found_and_explained() {
        let s = toy();
        let (a, t) = (s.a[2][0], 0.2);
        let slope = s.activation_wrt_net[2][0];
        let v = check(
            &s,
            &DELTA_O1,
            &with((t - a) * slope, &[Some(t - a), Some(slope)]),
        )
        .unwrap();
        assert!(!v.correct);
        assert_eq!(v.first_wrong_factor, Some(0));
        assert!(v
            .html
            .contains("The first factor of the chain that differs from ours is ∂E/∂a(o₁)"));
        assert!(v.html.contains("Yours is t − a."));
        assert!(v.html.contains("∂E/∂a_k = a_k − t_k, not t_k − a_k"));
        assert!(v.html.contains(r#"<table class="checker-factors">"#));
        assert!(v.html.contains("✗</span> differs") && v.html.contains("✓</span> matches"));
        // The value alone with the wrong sign is recognised too.
        let v = check(&s, &DELTA_O1, &value(-s.delta[2][0])).unwrap();
        assert!(v.html.contains("Yours has the opposite sign"));
        assert_eq!(v.slip, Some("sign_output"));
        assert!(v.html.contains("so ∂E/∂a = a − t at an output neuron"));
    }

    #[test]
    fn right_factors_with_a_wrong_product_point_at_the_multiplication() {
        let s = toy();
        let factors = [Some(s.error_wrt_a[2][0]), Some(s.activation_wrt_net[2][0])];
        let v = check(&s, &DELTA_O1, &with(0.09, &factors)).unwrap();
        assert!(!v.correct);
        assert_eq!(v.first_wrong_factor, None);
        assert!(v.html.contains("Every factor you gave matches ours, so the slip is in the multiplication: ours is 0.4553268 × 0.2258736 = 0.1028463."), "{}", v.html);
        // Some factors blank: the slip may be in those.
        let v = check(&s, &DELTA_O1, &with(0.09, &[factors[0]])).unwrap();
        assert!(v
            .html
            .contains("one you left blank (∂a(o₁)/∂net(o₁)) or in the multiplication"));
        assert!(v.html.contains("left blank</td>"));
        assert!(
            !v.html.contains("0.2258849"),
            "blank factors keep ours hidden"
        );
    }

    #[test]
    fn slope_from_net_instead_of_a_is_named() {
        let s = toy();
        let net = s.net[2][0];
        let v = check(
            &s,
            &DELTA_O1,
            &with(0.2, &[Some(s.error_wrt_a[2][0]), Some(net * (1.0 - net))]),
        )
        .unwrap();
        assert_eq!(v.first_wrong_factor, Some(1));
        assert!(v
            .html
            .contains("Yours is net(1 − net): the slope uses the activation a, not net."));
    }

    #[test]
    fn hidden_delta_is_accepted_and_a_single_path_is_named() {
        let s = toy();
        let q = Quantity::Delta { layer: 1, index: 0 };
        let v = check(&s, &q, &value(0.012923946525889933)).unwrap();
        assert!(v.correct);
        assert!(check(&s, &q, &value(0.01292)).unwrap().correct);
        assert_eq!(
            factor_names(&q, &s.layers),
            ["∂E/∂a(h₁) = Σ w·δ", "∂a(h₁)/∂net(h₁)"]
        );
        let one_path = 0.5 * s.delta[2][0];
        let v = check(&s, &q, &with(0.0115, &[Some(one_path)])).unwrap();
        assert_eq!(v.first_wrong_factor, Some(0));
        assert!(v.html.contains("Yours is the path through o₁ alone."));
        assert!(v
            .html
            .contains("Here: 0.5 × 0.1028463 + 0.7 × 0.001206685 = 0.05226783."));
        assert!(
            v.html
                .contains("a hidden δ gathers w·δ over every neuron this one feeds")
                || v.html
                    .contains("A hidden δ gathers w·δ over every neuron this one feeds")
        );
    }

    #[test]
    fn updated_weight_is_accepted_and_the_usual_slips_named() {
        let s = toy();
        let q = Quantity::UpdatedWeight {
            layer: 1,
            to: 0,
            from: 0,
        };
        let v = check(&s, &q, &value(0.4715985875)).unwrap();
        assert!(v.correct, "{}", v.html);
        assert!((v.expected - 0.4715985875).abs() < 1e-9);
        assert!(check(&s, &q, &value(0.4716)).unwrap().correct);
        assert_eq!(
            factor_names(&q, &s.layers),
            ["w(h₁→o₁)", "∂E/∂w(h₁→o₁)", "η"]
        );
        // The tolerance is on the change, so leaving w as it was does not pass.
        assert!((v.tolerance - 5e-3 * 0.5 * 0.056802825004518234).abs() < 1e-12);
        let v = check(&s, &q, &value(0.5 + 0.5 * 0.0568028)).unwrap();
        assert!(!v.correct && v.html.contains("You added η × ∂E/∂w"));
        let v = check(&s, &q, &value(0.5)).unwrap();
        assert!(!v.correct && v.html.contains("before the update"));
        // Right factors, wrong arithmetic.
        let v = check(&s, &q, &with(0.45, &[Some(0.5), Some(0.0568), Some(0.5)])).unwrap();
        assert!(v.html.contains("slip is in the arithmetic: ours is w − η × ∂E/∂w = 0.5 − 0.5 × 0.05680283 = 0.4715986."), "{}", v.html);
        let v = check(&s, &q, &with(0.45, &[Some(0.5), Some(0.0568), Some(0.05)])).unwrap();
        assert_eq!(v.first_wrong_factor, Some(2));
        assert!(v.html.contains("η is the learning rate"));
    }

    #[test]
    fn gradient_of_a_first_layer_weight_and_its_from_factor() {
        let s = toy();
        // w(x₂→h₁): ∂E/∂w = δ_h₁ · x₂ = δ_h₁ · 0.9.
        let q = Quantity::Gradient {
            layer: 0,
            to: 0,
            from: 1,
        };
        assert_eq!(
            factor_names(&q, &s.layers),
            ["∂E/∂a(h₁) = Σ w·δ", "∂a(h₁)/∂net(h₁)", "∂net(h₁)/∂w(x₂→h₁)"]
        );
        let right = s.delta[1][0] * 0.9;
        let v = check(&s, &q, &value(right)).unwrap();
        assert!(v.correct);
        assert_eq!(v.expected, right);
        assert!(v.html.contains("Your ∂E/∂w(x₂→h₁) is"));
        // Taking a of the neuron the weight goes to.
        let factors = [
            Some(s.error_wrt_a[1][0]),
            Some(s.activation_wrt_net[1][0]),
            Some(s.a[1][0]),
        ];
        let v = check(&s, &q, &with(s.delta[1][0] * s.a[1][0], &factors)).unwrap();
        assert!(!v.correct);
        assert_eq!(v.first_wrong_factor, Some(2));
        assert!(v
            .html
            .contains("Yours is a(h₁), of the neuron the weight goes TO."));
        assert!(v
            .html
            .contains("the activation a_j of the neuron the weight comes FROM"));
        // Output layer: the gradient of the thread's worked example.
        let q = Quantity::Gradient {
            layer: 1,
            to: 0,
            from: 0,
        };
        assert!(check(&s, &q, &value(0.0568)).unwrap().correct);
        let v = check(&s, &q, &value(s.delta[2][0])).unwrap();
        assert!(v.html.contains("Yours is δ(o₁) alone"));
    }

    #[test]
    fn a_tanh_neurons_slope_is_one_minus_a_squared_and_the_sigmoids_is_named_as_a_slip() {
        let spec = TOY.replace(
            r#""activation":"sigmoid""#,
            r#""activation":["tanh","sigmoid"]"#,
        );
        let s = Session::from_json(&spec).unwrap().snapshot(0);
        let q = Quantity::Delta { layer: 1, index: 0 };
        let a = s.a[1][0];
        let (error, slope) = (s.error_wrt_a[1][0], 1.0 - a * a);
        assert_eq!(s.activation_wrt_net[1][0], slope);
        assert!(check(&s, &q, &value(error * slope)).unwrap().correct);
        let sigmoid_slope = a * (1.0 - a);
        let v = check(
            &s,
            &q,
            &with(error * sigmoid_slope, &[Some(error), Some(sigmoid_slope)]),
        )
        .unwrap();
        assert!(!v.correct);
        assert_eq!(v.first_wrong_factor, Some(1));
        assert!(v
            .html
            .contains("Yours is the sigmoid's a(1 − a), but h₁'s activation is tanh."));
        assert!(v.html.contains("∂a/∂net = tanh′(net) = 1 − a²"));
        let v = check(&s, &q, &value(error)).unwrap();
        assert!(v.html.contains("here tanh′(net) = 1 − a²"), "{}", v.html);

        // The slips spotted from the core's rule hold for tanh too: its slope fed net instead
        // of a, as a factor and as the whole δ. (Inputs ten times the toy's, so that net = 2.1
        // and 1 − net² is far from 1 − a²; at the toy's net = 0.21 they agree within 0.5 %.)
        let s = Session::from_json(&spec.replace("[[0.3,0.9]]", "[[3.0,9.0]]"))
            .unwrap()
            .snapshot(0);
        let (error, net) = (s.error_wrt_a[1][0], s.net[1][0]);
        let at_net = 1.0 - net * net;
        let v = check(&s, &q, &with(error * at_net, &[Some(error), Some(at_net)])).unwrap();
        assert_eq!(v.first_wrong_factor, Some(1));
        assert!(
            v.html
                .contains("Yours is 1 − net²: the slope uses the activation a, not net."),
            "{}",
            v.html
        );
        assert_eq!(
            check(&s, &q, &value(error * at_net)).unwrap().slip,
            Some("net_for_a")
        );
    }

    #[test]
    fn with_cross_entropy_the_output_delta_is_a_minus_t() {
        let spec = TOY.replace(
            r#""learning_rate""#,
            r#""loss":"cross_entropy","learning_rate""#,
        );
        let s = Session::from_json(&spec).unwrap().snapshot(0);
        let (a, t) = (s.a[2][0], 0.2);
        let v = check(&s, &DELTA_O1, &value(a - t)).unwrap();
        assert!(v.correct);
        assert_eq!(v.expected, a - t);
        let squared = (a - t) * a * (1.0 - a);
        let v = check(&s, &DELTA_O1, &value(squared)).unwrap();
        assert!(!v.correct && v.html.contains("Yours is squared error's δ"));
        assert_eq!(v.slip, Some("cross_entropy_delta"));
        // A sign slip names cross-entropy's ∂E/∂a, not squared error's a − t.
        let v = check(&s, &DELTA_O1, &value(t - a)).unwrap();
        assert_eq!(v.slip, Some("sign_output"));
        assert!(
            v.html
                .contains("so ∂E/∂a = (a − t)/(a(1 − a)) at an output neuron"),
            "{}",
            v.html
        );
        // Squared error's forgotten ½ is no slip with cross-entropy, whose E has no ½.
        let v = check(&s, &DELTA_O1, &value(2.0 * (a - t))).unwrap();
        assert!(!v.correct);
        assert_ne!(v.slip, Some("half"));
        // Its factors: ∂E/∂a = (a − t)/(a(1 − a)), and a − t given for it is named.
        let v = check(&s, &DELTA_O1, &with(a - t, &[Some(a - t)])).unwrap();
        assert_eq!(v.first_wrong_factor, Some(0));
        assert!(v
            .html
            .contains("Yours is a − t: that is squared error's ∂E/∂a"));
        assert!(v.html.contains("(a − t)/(a(1 − a))"));
    }

    #[test]
    fn with_regularisation_the_updated_weight_steps_along_the_penalty_too() {
        let spec = TOY.replace(
            r#""learning_rate""#,
            r#""regularization":{"kind":"l2","rate":0.1},"learning_rate""#,
        );
        let s = Session::from_json(&spec).unwrap().snapshot(0);
        let q = Quantity::UpdatedWeight {
            layer: 1,
            to: 0,
            from: 0,
        };
        let g = s.delta[2][0] * s.a[1][0];
        let right = 0.5 - 0.5 * (g + 0.1 * 0.5);
        let v = check(&s, &q, &value(right)).unwrap();
        assert!(v.correct, "{}", v.html);
        assert!(v.html.contains("(∂E/∂w(h₁→o₁) + λ·w)") && v.html.contains("L2 penalty"));
        let v = check(&s, &q, &value(0.5 - 0.5 * g)).unwrap();
        assert!(!v.correct && v.html.contains("Yours leaves out the penalty"));
        let v = check(&s, &q, &with(0.4, &[Some(0.5), Some(g), Some(0.5)])).unwrap();
        assert!(
            v.html
                .contains("ours is w − η × (∂E/∂w + penalty) = 0.5 − 0.5 × (0.05680283 + 0.05)"),
            "{}",
            v.html
        );
    }

    #[test]
    fn a_right_value_with_a_wrong_factor_says_both() {
        let s = toy();
        let v = check(&s, &DELTA_O1, &with(0.1028, &[Some(0.4553), Some(0.3)])).unwrap();
        assert!(v.correct);
        assert_eq!(v.first_wrong_factor, Some(1));
        assert!(v
            .html
            .contains("Your value is right, but one of your factors is not."));
    }

    #[test]
    fn quantities_that_do_not_exist_and_non_numbers_are_errors() {
        let s = toy();
        let err = |q: Quantity, a: Answer| check(&s, &q, &a).unwrap_err();
        assert!(err(Quantity::Delta { layer: 2, index: 2 }, value(0.1))
            .contains("Layer 2 has 2 neurons (indices 0 to 1): there is no neuron 2."));
        assert!(err(Quantity::Delta { layer: 3, index: 0 }, value(0.1)).contains("no layer 3"));
        assert!(err(Quantity::Delta { layer: 0, index: 0 }, value(0.1)).contains("input layer"));
        let weight = |layer, to, from| Quantity::Gradient { layer, to, from };
        assert!(err(weight(2, 0, 0), value(0.1)).contains("no weight layer 2"));
        assert!(err(weight(0, 5, 0), value(0.1)).contains("for the weight to go to"));
        assert!(err(weight(0, 0, 5), value(0.1)).contains("for the weight to come from"));
        let updated = Quantity::UpdatedWeight {
            layer: 1,
            to: 2,
            from: 0,
        };
        assert!(err(updated, value(0.1)).contains("no neuron 2"));
        assert!(err(DELTA_O1, value(f64::NAN)).contains("not a finite number"));
        assert!(err(DELTA_O1, value(f64::INFINITY)).contains("not a finite number"));
        assert!(err(DELTA_O1, with(0.1, &[Some(f64::NAN)])).contains("factor 1 (∂E/∂a(o₁))"));
        assert!(err(DELTA_O1, with(0.1, &[None, None, Some(1.0)])).contains("has 2 factors"));
    }

    #[test]
    fn several_samples_are_checked_for_the_selected_one_and_say_so() {
        let session = Session::from_json(XOR).unwrap();
        let s = session.snapshot(2);
        let q = Quantity::UpdatedWeight {
            layer: 1,
            to: 0,
            from: 1,
        };
        let own = s.weights[1][0][1] - s.learning_rate * s.delta[2][0] * s.a[1][1];
        let v = check(&s, &q, &value(own)).unwrap();
        assert!(v.correct);
        assert!(v.html.contains("sample 3 of 4") && v.html.contains("this sample alone"));
        let full_batch = s.weights[1][0][1] - s.learning_rate * s.gradients[1][0][1];
        let v = check(&s, &q, &value(full_batch)).unwrap();
        if !v.correct {
            assert!(
                v.html.contains("Yours is the full-batch step"),
                "{}",
                v.html
            );
        }
    }

    #[test]
    fn the_html_is_well_formed_and_shows_only_formatted_numbers() {
        let s = toy();
        let v = check(&s, &DELTA_O1, &with(1e300, &[Some(-1e-300), None])).unwrap();
        assert!(v.html.contains(">1×10³⁰⁰</span>"));
        assert!(!v.html.contains(">-") && !v.html.contains("e300"));
        let mut open = Vec::new();
        for tag in v.html.split('<').skip(1) {
            let name = tag.split(['>', ' ']).next().unwrap();
            match name.strip_prefix('/') {
                Some(closing) => assert_eq!(open.pop(), Some(closing), "in {}", v.html),
                None => open.push(name),
            }
        }
        assert!(open.is_empty());
    }

    /// The toy network after `epochs` epochs: its error terms are small.
    fn trained_toy(epochs: usize) -> Snapshot {
        let mut session = Session::from_json(TOY).expect("the toy loads");
        for _ in 0..epochs {
            session.train_epoch().unwrap();
        }
        session.snapshot(0).as_ref().clone()
    }

    /// `x` rounded to 4 significant digits, as a learner would write it.
    fn four_digits(x: f64) -> f64 {
        format!("{x:.3e}").parse().unwrap()
    }

    #[test]
    fn small_error_terms_are_held_to_half_a_percent_of_themselves() {
        let s = trained_toy(300);
        let weight = Quantity::Gradient {
            layer: 1,
            to: 0,
            from: 0,
        };
        for (q, ours) in [
            (DELTA_O1, s.delta[2][0]),
            (Quantity::Delta { layer: 1, index: 0 }, s.delta[1][0]),
            (weight, s.delta[2][0] * s.a[1][0]),
        ] {
            assert!(
                ours.abs() < 1e-3 && ours != 0.0,
                "{q:?}: {ours} is not small"
            );
            for wrong in [0.0, -ours, 1.2 * ours, 0.8 * ours] {
                let v = check(&s, &q, &value(wrong)).unwrap();
                assert!(!v.correct, "{q:?}: {wrong} accepted for {ours}");
            }
            let v = check(&s, &q, &value(four_digits(ours))).unwrap();
            assert!(v.correct, "{q:?}: {} refused for {ours}", four_digits(ours));
        }
    }

    #[test]
    fn each_usual_slip_of_a_value_is_named() {
        let s = toy();
        let slip = |q: Quantity, yours: f64| check(&s, &q, &value(yours)).unwrap().slip;
        let (d_o1, d_o2) = (s.delta[2][0], s.delta[2][1]);
        let h1 = Quantity::Delta { layer: 1, index: 0 };
        let d_h1 = s.delta[1][0];
        let slope_h1 = s.activation_wrt_net[1][0];
        assert_eq!(slip(DELTA_O1, -d_o1), Some("sign_output"));
        assert_eq!(slip(DELTA_O1, 2.0 * d_o1), Some("half"));
        assert_eq!(
            slip(DELTA_O1, s.error_wrt_a[2][0]),
            Some("error_wrt_a_only")
        );
        assert_eq!(slip(h1, -d_h1), Some("sign_hidden"));
        // δ(h₁) with the path through o₁ left out: w(h₁→o₂)·δ(o₂)·slope.
        assert_eq!(
            slip(h1, s.weights[1][1][0] * d_o2 * slope_h1),
            Some("missing_path")
        );
        assert_eq!(slip(h1, s.error_wrt_a[1][0]), Some("error_wrt_a_only"));

        // ∂E/∂w of the weight h₁ → o₁.
        let g = Quantity::Gradient {
            layer: 1,
            to: 0,
            from: 0,
        };
        assert_eq!(slip(g, d_o1 * s.weights[1][0][0]), Some("weight_for_a"));
        assert_eq!(slip(g, d_o1 * s.a[1][1]), Some("wrong_from"));
        assert_eq!(slip(g, d_o1), Some("delta_only"));
        assert_eq!(slip(g, 2.0 * d_o1 * s.a[1][0]), Some("half"));

        // The weight h₁ → o₁ after one update.
        let u = Quantity::UpdatedWeight {
            layer: 1,
            to: 0,
            from: 0,
        };
        let (w, eta, grad) = (s.weights[1][0][0], s.learning_rate, d_o1 * s.a[1][0]);
        assert_eq!(slip(u, w - grad), Some("no_learning_rate"));
        assert_eq!(slip(u, w + eta * grad), Some("added"));
        assert_eq!(slip(u, w), Some("unchanged"));

        // Rounding: 1 % off with the right sign is close, not a slip of method. (1.6 % above is
        // the net(1 − net) slip on this network: the slips are checked first.)
        assert_eq!(slip(DELTA_O1, 0.99 * d_o1), Some("rounding"));
        assert_eq!(
            slip(
                DELTA_O1,
                s.error_wrt_a[2][0] * s.net[2][0] * (1.0 - s.net[2][0])
            ),
            Some("net_for_a")
        );
        assert_eq!(slip(DELTA_O1, 0.013), None, "26 % off is not rounding");
    }

    #[test]
    fn the_mean_and_the_sum_over_the_samples_are_told_apart() {
        let s = Session::from_json(XOR)
            .unwrap()
            .snapshot(1)
            .as_ref()
            .clone();
        let g = Quantity::Gradient {
            layer: 1,
            to: 0,
            from: 0,
        };
        let slip = |yours: f64| check(&s, &g, &value(yours)).unwrap().slip;
        let mean = s.gradients[1][0][0];
        assert_eq!(slip(mean), Some("mean_gradient"));
        assert_eq!(slip(4.0 * mean), Some("sum_over_samples"));
    }

    #[test]
    fn the_verdict_names_the_epoch_and_sample_it_compares_with() {
        let s = trained_toy(41);
        let v = check(&s, &DELTA_O1, &value(s.delta[2][0])).unwrap();
        assert!(
            v.html.contains(r#"data-quantity="epoch" data-value="41""#),
            "{}",
            v.html
        );
    }
}
