//! The step-through of one sample's pass: the forward pass one layer at a time (`net`, then `a`),
//! the backward pass (the output layer's `δ`, then each hidden layer's, gathering the `δ` of the
//! layer after it), every weight's gradient, and the update of every weight.
//!
//! [`steps`] lists the steps with a title, a line of plain words and what to highlight on the
//! canvas; [`step_html`] writes one of them out as HTML with MathML, every neuron's (or weight's)
//! formula with the selected sample's numbers. [`updated_weights`] and [`updated_biases`] are the
//! weights after the update step: for a one-sample data set, bit for bit what one epoch of
//! training gives (from epoch 0, so that momentum has no earlier step to add).
//!
//! Every layer's `a = f(net)` and slope use that layer's activation; with cross-entropy the
//! output `δ` is `a − t`; with regularisation the update adds the penalty's slope.
//!
//! Key numbers carry `data-quantity` and `data-value` (the exact `f64` as Rust's `{}` writes it),
//! as in the inspector: `net`, `a`, `target`, `error`, `error_wrt_a`, `slope` and `delta` with
//! `data-neuron="layer,index"`; `weight`, `gradient`, `update` and `new_weight` with
//! `data-weight="l,k,j"` (or `data-bias="l,k"`). Markup is built only from fixed strings, labels,
//! integer counts and formatted numbers; a step's title and words are escaped.

use crate::model::Snapshot;
use crate::nn::chain_rule::{bias_gradient, weight_gradient, weight_update};
use crate::nn::{Activation, Penalty};
use crate::view::chain::delta_chain;
use crate::view::explain::format_number;
use crate::view::expr::Expr;
use crate::view::formulas::{
    apply_mathml, definition_at_mathml, direct_delta_expr, error_wrt_a_expr, loss_expr,
    loss_in_words, loss_meaning, loss_outer, loss_term, loss_term_symbols, name_in_words,
    output_delta, plain_definition, plain_slope, plain_slope_factor, slope_mathml,
    slope_numbers_mathml, symbol,
};
use crate::view::labels::{
    bias_label, bias_mathml, neuron_label, weight_label, weight_mathml, Role,
};
use crate::view::mathml::{
    factor, formula, formula_split, inline, mi, num, of, paren, partial, product, slash, sub, sum,
    terms, why, CAPITAL_DELTA, MAX_TERMS,
};
use crate::view::prose::SIGN_CONVENTION;

/// Most neurons written out in one step.
const MAX_NEURONS: usize = 32;
/// Most gradient formulas written out in one step.
const MAX_WEIGHTS: usize = 64;
/// Most rows of the update table.
const MAX_ROWS: usize = 256;
/// More formulas than fit on one line: the numbers go on a second line.
const SPLIT_AFTER_TERMS: usize = 3;
/// The error's formula breaks into pieces past this many characters of terms: past three
/// squared misses `(t_k − a_k)²`, or at one cross-entropy term.
const SPLIT_AFTER_CHARS: usize = 36;

/// Which part of the pass a step belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Forward,
    Backward,
    Gradients,
    Update,
}

impl Phase {
    /// `"forward"`, `"backward"`, `"gradients"` or `"update"`.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Forward => "forward",
            Phase::Backward => "backward",
            Phase::Gradients => "gradients",
            Phase::Update => "update",
        }
    }
}

/// One step of the step-through.
///
/// `layer` is the layer whose numbers the step computes: for a gradients step the layer the
/// weights lead into (whose `δ` they use), for the update step the output layer (it changes
/// every weight layer at once). `neurons` are `(layer, index)` pairs to highlight: the neurons
/// computed, and for a gradients step both ends of its weights (the `a` and the `δ` it
/// multiplies); empty for the update step. `weights_layer` is the weight layer to highlight
/// (`weights[l]` joins layer `l` to `l + 1`); `None` for an activation step, the output layer's
/// `δ` and the update step (which changes every weight: highlight them all).
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub phase: Phase,
    pub layer: usize,
    pub title: String,
    /// One or two plain sentences: what this step computes and why.
    pub words: String,
    pub neurons: Vec<(usize, usize)>,
    pub weights_layer: Option<usize>,
}

/// The steps of one pass of the selected sample through a network of layers `0..=n`:
/// `net` and `a` of each layer `1..=n`; `δ` of layer `n`, then of layers `n − 1` down to 1; the
/// gradients of weight layers `n − 1` down to 0; one update step. `4n + 1` steps in all.
pub fn steps(s: &Snapshot) -> Vec<Step> {
    let layers = &s.layers;
    let n = layers.len().saturating_sub(1);
    if n == 0 {
        return Vec::new();
    }
    let all = |l: usize| -> Vec<(usize, usize)> { (0..layers[l]).map(|i| (l, i)).collect() };
    let mut out = Vec::with_capacity(4 * n + 1);
    for l in 1..=n {
        out.push(Step {
            phase: Phase::Forward,
            layer: l,
            title: format!("net of {}", layer_name(layers, l)),
            words: net_words(s, l),
            neurons: all(l),
            weights_layer: Some(l - 1),
        });
        out.push(Step {
            phase: Phase::Forward,
            layer: l,
            title: format!(
                "a = {}(net) of {}",
                symbol(s.activation_of(l)),
                layer_name(layers, l)
            ),
            words: activation_words(s, l),
            neurons: all(l),
            weights_layer: None,
        });
    }
    out.push(Step {
        phase: Phase::Backward,
        layer: n,
        title: format!("δ of {}", layer_name(layers, n)),
        words: output_delta_words(s, n),
        neurons: all(n),
        weights_layer: None,
    });
    for l in (1..n).rev() {
        out.push(Step {
            phase: Phase::Backward,
            layer: l,
            title: format!("δ of {}", layer_name(layers, l)),
            words: format!(
                "A hidden neuron has no target, but its a feeds every neuron of {}, so its δ \
                 gathers their δs: each one times the weight of the line to it, all added up, \
                 then times its own slope {}. That is why backward goes from the output \
                 inwards: those δs must be known first.",
                layer_name(layers, l + 1),
                plain_slope(s.activation_of(l))
            ),
            neurons: all(l),
            weights_layer: Some(l),
        });
    }
    for l in (0..n).rev() {
        let mut words = format!(
            "Each weight's slope ∂E/∂w is the δ of the neuron it leads into times the a of the \
             neuron it comes from{}: moving the weight by 1 moves net by that a, so the w itself \
             drops out.",
            if l == 0 { " (here an input x)" } else { "" }
        );
        if s.has_bias {
            words += " A bias's ∂E/∂b is just δ, since it is added to net on its own.";
        }
        out.push(Step {
            phase: Phase::Gradients,
            layer: l + 1,
            title: format!("∂E/∂w of the weights into {}", layer_name(layers, l + 1)),
            words,
            neurons: all(l).into_iter().chain(all(l + 1)).collect(),
            weights_layer: Some(l),
        });
    }
    let mut words = format!(
        "Every weight{} now takes a small step against its slope: Δw = −η · ∂E/∂w with the \
         learning rate η = {}, so a weight whose growth would raise E goes down and the others \
         go up.",
        if s.has_bias { " and bias" } else { "" },
        format_number(s.learning_rate)
    );
    if let Some(r) = s.regularization {
        words += &format!(
            " The loss also holds the {} penalty, so each weight's step adds its slope {}: \
             Δw = −η · (∂E/∂w + {}).",
            penalty_name(r.kind),
            penalty_slope(r.kind),
            penalty_slope(r.kind)
        );
    }
    if s.sample_count > 1 {
        words += " This step uses this sample alone; training steps along the mean of ∂E/∂w over \
                  a batch of samples.";
    }
    if s.momentum > 0.0 {
        words += &format!(
            " Training also uses momentum μ = {}: each step adds μ times the one before it. \
             This is a first step, from rest.",
            format_number(s.momentum)
        );
    }
    out.push(Step {
        phase: Phase::Update,
        layer: n,
        title: if s.has_bias {
            "Update every weight and bias".into()
        } else {
            "Update every weight".into()
        },
        words,
        neurons: Vec::new(),
        weights_layer: None,
    });
    out
}

/// "the hidden layer", "hidden layer 2", "the output layer".
pub(crate) fn layer_name(layers: &[usize], l: usize) -> String {
    match Role::of(layers, l) {
        Role::Input => "the input layer".into(),
        Role::Output => "the output layer".into(),
        Role::Hidden if layers.len() > 3 => format!("hidden layer {l}"),
        Role::Hidden => "the hidden layer".into(),
    }
}

fn net_words(s: &Snapshot, l: usize) -> String {
    let bias = if s.has_bias { ", plus its bias b" } else { "" };
    let role = Role::of(&s.layers, l).name();
    if l == 1 {
        format!(
            "Each {role} neuron adds up its inputs x, each multiplied by the weight of its \
             line{bias}: that sum is net."
        )
    } else {
        format!(
            "Each {role} neuron adds up the a of the layer before it, each multiplied by the \
             weight of its line{bias}: that sum is net."
        )
    }
}

fn activation_words(s: &Snapshot, l: usize) -> String {
    let role = Role::of(&s.layers, l);
    let squash = format!(
        "Each {} neuron passes its net through {}: that is its activation a.",
        role.name(),
        plain_definition(s.activation_of(l))
    );
    if role == Role::Output {
        squash
            + " These a are the network's answer; compared with the targets t they give the \
               error E."
    } else {
        squash + " It is what the neuron hands on to the next layer."
    }
}

/// The first backward step's words: `δ = (a − t) · f'(net)`, or, where the loss makes the slope
/// cancel, `δ = a − t` and why.
fn output_delta_words(s: &Snapshot, n: usize) -> String {
    let start = "Backward starts at the output: how much would E change if this neuron's net \
                 changed?";
    let (f, loss) = (s.activation_of(n), s.loss_kind);
    let (a, t) = (Expr::ident("a"), Expr::ident("t"));
    let error = error_wrt_a_expr(loss, a.clone(), t.clone());
    match direct_delta_expr(loss, a, t) {
        Some(delta) => format!(
            "{start} With {} that is simply δ = {}: its ∂E/∂a = {} times {}'s slope {}, and the \
             two cancel.",
            loss_in_words(loss),
            delta.text(),
            error.text(),
            name_in_words(f),
            plain_slope(f)
        ),
        None => format!(
            "{start} That is δ = {} · {}: how E changes with a, times how a changes with net (the \
             slope of {}).",
            error.factor().text(),
            plain_slope_factor(f),
            name_in_words(f)
        ),
    }
}

fn penalty_name(kind: Penalty) -> &'static str {
    match kind {
        Penalty::L1 => "L1",
        Penalty::L2 => "L2",
    }
}

fn penalty_slope(kind: Penalty) -> &'static str {
    match kind {
        Penalty::L1 => "λ·sign(w)",
        Penalty::L2 => "λ·w",
    }
}

/// This sample's `∂E/∂w_jk = δ_k · a_j` as the trainer sums it: onto `0.0` (which also turns a
/// `−0` into `0`, as the trainer's sum does).
fn sample_weight_gradient(s: &Snapshot, l: usize, k: usize, j: usize) -> f64 {
    0.0 + weight_gradient(s.delta[l + 1][k], s.a[l][j])
}

fn sample_bias_gradient(s: &Snapshot, l: usize, k: usize) -> f64 {
    0.0 + bias_gradient(s.delta[l + 1][k])
}

/// What this sample's step goes along: `∂E/∂w_jk`, plus the penalty's slope with
/// regularisation (added after, as the trainer adds it to the batch's mean).
pub(crate) fn sample_step_gradient(s: &Snapshot, l: usize, k: usize, j: usize) -> f64 {
    let gradient = sample_weight_gradient(s, l, k, j);
    match s.regularization {
        Some(r) => gradient + r.gradient(s.weights[l][k][j]),
        None => gradient,
    }
}

/// The weights after the update step: `w + Δw` with `Δw = −η · δ_k a_j`, this sample's gradient
/// (plus the penalty's slope with regularisation).
///
/// The arithmetic is the trainer's, in its order: with a one-sample data set this equals, bit
/// for bit, the weights after one epoch of training from rest (whose step is `η / 1` times the
/// sum of one gradient; momentum adds nothing to a first step). With more samples it is the step
/// this sample alone would take.
pub fn updated_weights(s: &Snapshot) -> Vec<Vec<Vec<f64>>> {
    let eta = s.learning_rate;
    s.weights
        .iter()
        .enumerate()
        .map(|(l, rows)| {
            rows.iter()
                .enumerate()
                .map(|(k, row)| {
                    row.iter()
                        .enumerate()
                        .map(|(j, &w)| w + weight_update(eta, sample_step_gradient(s, l, k, j)))
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// The biases after the update step (`b − η δ_k`); unchanged in a network without bias terms,
/// as in training.
pub fn updated_biases(s: &Snapshot) -> Vec<Vec<f64>> {
    if !s.has_bias {
        return s.biases.clone();
    }
    let eta = s.learning_rate;
    s.biases
        .iter()
        .enumerate()
        .map(|(l, row)| {
            row.iter()
                .enumerate()
                .map(|(k, &b)| b + weight_update(eta, sample_bias_gradient(s, l, k)))
                .collect()
        })
        .collect()
}

/// Step `index` of `steps` (from [`steps`] of the same snapshot) as HTML with MathML.
pub fn step_html(s: &Snapshot, steps: &[Step], index: usize) -> String {
    let Some(step) = steps.get(index) else {
        return r#"<section class="step"><p class="why">No such step.</p></section>"#.into();
    };
    let mut html = format!(
        r#"<section class="step" data-step="{index}" data-phase="{phase}"><p class="step-header">Step {} of {} · {phase}{}</p><h3>{}</h3><p class="words">{}</p>"#,
        index + 1,
        steps.len(),
        sample_note(s),
        escape(&step.title),
        escape(&step.words),
        phase = step.phase.name(),
    );
    let l = step.layer;
    if l == 0 || l >= s.layers.len() {
        return html + "</section>";
    }
    html += &match step.phase {
        Phase::Forward if step.weights_layer.is_some() => net_body(s, l),
        Phase::Forward => activation_body(s, l),
        Phase::Backward if l + 1 == s.layers.len() => output_delta_body(s, l),
        Phase::Backward => hidden_delta_body(s, l),
        Phase::Gradients => gradients_body(s, l - 1),
        Phase::Update => update_body(s),
    };
    html + "</section>"
}

fn sample_note(s: &Snapshot) -> String {
    if s.sample_count > 1 {
        format!(" · sample {} of {}", s.sample + 1, s.sample_count)
    } else {
        String::new()
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A number tests and scripts can read back: `data-quantity`, where it belongs, `data-value`.
fn tagged(name: &str, at: &str, x: f64) -> String {
    let space = if at.is_empty() { "" } else { " " };
    format!(
        r#"<mn data-quantity="{name}" {at}{space}data-value="{x}">{}</mn>"#,
        format_number(x)
    )
}

fn neuron_at(layer: usize, index: usize) -> String {
    format!(r#"data-neuron="{layer},{index}""#)
}

fn weight_at(l: usize, k: usize, j: usize) -> String {
    format!(r#"data-weight="{l},{k},{j}""#)
}

fn bias_at(l: usize, k: usize) -> String {
    format!(r#"data-bias="{l},{k}""#)
}

/// A formula, on two lines (the numbers on the second) when it has many terms.
fn chain(parts: &[String], terms: usize) -> String {
    if terms > SPLIT_AFTER_TERMS {
        formula_split(parts, 2)
    } else {
        formula(parts)
    }
}

fn cut_note(shown: usize, total: usize, what: &str) -> String {
    if total > shown {
        why(&format!("Showing the first {shown} of {total} {what}."))
    } else {
        String::new()
    }
}

/// `Σ_j w_jk a_j (+ b_k)` written with `j` and `k`.
fn generic_net(s: &Snapshot) -> String {
    let mut sum = format!(
        "<munder><mo>∑</mo><mi>j</mi></munder><msub><mi>w</mi><mrow><mi>j</mi><mi>k</mi></mrow></msub>{}",
        sub(&mi("a"), &mi("j"))
    );
    if s.has_bias {
        sum += &format!("<mo>+</mo>{}", sub(&mi("b"), &mi("k")));
    }
    sum
}

/// Every neuron's `net = Σ_j w_jk a_j (+ b)`, with symbols and with numbers.
fn net_body(s: &Snapshot, layer: usize) -> String {
    let (layers, l) = (&s.layers, layer - 1);
    let count = layers[layer];
    let shown = terms(layers[l], None);
    let mut html = formula(&[sub(&mi("net"), &mi("k")), generic_net(s)]);
    for k in 0..count.min(MAX_NEURONS) {
        let (w, a) = (&s.weights[l][k], &s.a[l]);
        let mut symbols = sum(&shown, |j| {
            weight_mathml(layers, l, k, j) + &of("a", layers, l, j)
        });
        let mut numbers = sum(&shown, |j| product(w[j], a[j]));
        if s.has_bias {
            let b = s.biases[l][k];
            symbols += &format!("<mo>+</mo>{}", bias_mathml(layers, l, k));
            numbers += &format!("<mo>+</mo>{}", factor(num(b), b));
        }
        html += &chain(
            &[
                of("net", layers, layer, k),
                symbols,
                numbers,
                tagged("net", &neuron_at(layer, k), s.net[layer][k]),
            ],
            layers[l] + usize::from(s.has_bias),
        );
    }
    if layers[l] > MAX_TERMS {
        html += &why(&format!(
            "Showing the first {MAX_TERMS} of {} terms of each sum.",
            layers[l]
        ));
    }
    html + &cut_note(MAX_NEURONS, count, "neurons")
}

/// Every neuron's `a = σ(net)`; at the output also `E`.
fn activation_body(s: &Snapshot, layer: usize) -> String {
    let layers = &s.layers;
    let count = layers[layer];
    let mut html = String::new();
    let f = s.activation_of(layer);
    for k in 0..count.min(MAX_NEURONS) {
        let net = s.net[layer][k];
        let mut parts = vec![
            of("a", layers, layer, k),
            apply_mathml(f, &of("net", layers, layer, k)),
            apply_mathml(f, &num(net)),
        ];
        parts.extend(definition_at_mathml(f, net));
        parts.push(tagged("a", &neuron_at(layer, k), s.a[layer][k]));
        html += &formula(&parts);
    }
    html += &cut_note(MAX_NEURONS, count, "neurons");
    if Role::of(layers, layer) == Role::Output {
        html += &error_formula(s, layer);
    }
    html
}

/// `E = ½ Σ_k (t_k − a_k)² = ½((t₁ − a₁)² + …) = E`, or whatever the loss's own form is
/// (`formulas::loss_expr`): the loss's entry gives the sum's outer factor and its term.
fn error_formula(s: &Snapshot, layer: usize) -> String {
    let (layers, loss) = (&s.layers, s.loss_kind);
    let shown = terms(layers[layer], None);
    let numbers = sum(&shown, |k| {
        let (t, a) = (s.target[k], s.a[layer][k]);
        loss_term(
            loss,
            Expr::markup(&tagged("target", &neuron_at(layer, k), t)),
            Expr::markup(&factor(num(a), a)),
            Expr::markup(&num(1.0 - t)),
        )
        .mathml()
    });
    let parts = [
        mi("E"),
        loss_expr(loss).mathml(),
        Expr::row(vec![loss_outer(loss), Expr::paren(Expr::markup(&numbers))]).mathml(),
        tagged("error", "", s.error),
    ];
    let width = layers[layer] * loss_term_symbols(loss).text().chars().count();
    let html = if width > SPLIT_AFTER_CHARS {
        formula_split(&parts, 2)
    } else {
        formula(&parts)
    };
    html + &why(loss_meaning(loss))
}

/// Every output neuron's `δ = ∂E/∂a · ∂a/∂net`: `(a − t) · f'(net)` with its numbers, or, where
/// the loss makes the slope cancel (cross-entropy), the two factors and then `a − t`.
fn output_delta_body(s: &Snapshot, layer: usize) -> String {
    let (layers, loss) = (&s.layers, s.loss_kind);
    let count = layers[layer];
    let f = s.activation_of(layer);
    let mut html = String::new();
    for k in 0..count.min(MAX_NEURONS) {
        let at = neuron_at(layer, k);
        let (a_s, t_s) = (of("a", layers, layer, k), of("t", layers, layer, k));
        let slope_s = slope_mathml(f, &a_s, &of("net", layers, layer, k));
        let (a, t) = (s.a[layer][k], s.target[k]);
        let c = delta_chain(s, layer, k).expect("an output neuron");
        let (error, slope) = (c.error_wrt_a.value, c.slope.value);
        let forms = output_delta(
            loss,
            (&a_s, &t_s),
            (&num(a), &factor(tagged("target", &at, t), t)),
        );
        let factors = format!(
            "{}<mo>·</mo>{}",
            factor(tagged("error_wrt_a", &at, error), error),
            tagged("slope", &at, slope)
        );
        // The factors in symbols, whichever way δ goes on: ∂E/∂a in parentheses where it is a
        // sum.
        let mut parts = vec![
            of("δ", layers, layer, k),
            format!(
                "{}<mo>·</mo>{slope_s}",
                forms.error.clone().factor().mathml()
            ),
        ];
        if let Some((delta, delta_numbers)) = &forms.direct {
            parts.extend([factors, delta.mathml(), delta_numbers.mathml()]);
        } else {
            parts.extend([
                format!(
                    "{}<mo>·</mo>{}",
                    forms.error_numbers.clone().factor().mathml(),
                    slope_numbers(f, a, slope)
                ),
                factors,
            ]);
        }
        parts.push(tagged("delta", &at, c.delta));
        html += &formula_split(&parts, 2);
    }
    html += &cut_note(MAX_NEURONS, count, "neurons");
    let (a_k, t_k) = (sub(&mi("a"), &mi("k")), sub(&mi("t"), &mi("k")));
    let error_k = error_wrt_a_expr(loss, Expr::markup(&a_k), Expr::markup(&t_k));
    let cancels = direct_delta_expr(loss, Expr::markup(&a_k), Expr::markup(&t_k))
        .map(|delta| {
            format!(
                " The slope is exactly the denominator of {}: they cancel, so δ is just {}, \
                 computed directly (exact even when {} saturates).",
                inline(&slash(&mi("E"), &mi("a"))),
                inline(&delta.mathml()),
                name_in_words(f)
            )
        })
        .unwrap_or_default();
    html + &why(&format!(
        "{} is {}, and {} is {}′(net){}.{cancels} {SIGN_CONVENTION}",
        inline(&error_k.mathml()),
        inline(&slash(&mi("E"), &a_k)),
        inline(&slope_mathml(f, &a_k, &sub(&mi("net"), &mi("k")))),
        symbol(f),
        if f == Activation::Sigmoid {
            String::new()
        } else {
            format!(", the slope of {}", name_in_words(f))
        },
    ))
}

/// The slope with its numbers, or (relu, linear) just its value.
fn slope_numbers(f: Activation, a: f64, slope: f64) -> String {
    slope_numbers_mathml(f, a).unwrap_or_else(|| num(slope))
}

/// Every hidden neuron's `δ_j = (Σ_k w_jk δ_k) · a_j(1 − a_j)`, each term written out.
fn hidden_delta_body(s: &Snapshot, layer: usize) -> String {
    let (layers, next) = (&s.layers, layer + 1);
    let count = layers[layer];
    let m = layers[next];
    let shown = terms(m, None);
    let f = s.activation_of(layer);
    let mut html = String::new();
    for j in 0..count.min(MAX_NEURONS) {
        let at = neuron_at(layer, j);
        let a_s = of("a", layers, layer, j);
        let net_s = of("net", layers, layer, j);
        let a = s.a[layer][j];
        // The factors and the paths of the sum are the chain model's.
        let c = delta_chain(s, layer, j).expect("a hidden neuron");
        let (error, slope) = (c.error_wrt_a.value, c.slope.value);
        let symbols = sum(&shown, |k| {
            weight_mathml(layers, layer, k, j) + &of("δ", layers, next, k)
        });
        let numbers = sum(&shown, |k| product(c.paths[k].weight, c.paths[k].delta));
        html += &formula_split(
            &[
                of("δ", layers, layer, j),
                format!(
                    "{}<mo>·</mo>{}",
                    paren(&symbols),
                    slope_mathml(f, &a_s, &net_s)
                ),
                format!(
                    "{}<mo>·</mo>{}",
                    paren(&numbers),
                    slope_numbers(f, a, slope)
                ),
                format!(
                    "{}<mo>·</mo>{}",
                    factor(tagged("error_wrt_a", &at, error), error),
                    tagged("slope", &at, slope)
                ),
                tagged("delta", &at, c.delta),
            ],
            2,
        );
    }
    if m > MAX_TERMS {
        html += &why(&format!(
            "Showing the first {MAX_TERMS} of {m} terms of each sum."
        ));
    }
    html += &cut_note(MAX_NEURONS, count, "neurons");
    html + &why(&format!(
        "The sum is {}: the neuron reaches E through every neuron it feeds, and those paths add \
         (the total derivative). The δs in it were computed in the step before.",
        inline(&slash(&mi("E"), &sub(&mi("a"), &mi("j")))),
    ))
}

/// Every weight's (and bias's) gradient of weight layer `l`, this sample's.
fn gradients_body(s: &Snapshot, l: usize) -> String {
    let (layers, to) = (&s.layers, l + 1);
    let mut html = formula(&[
        partial(
            &mi("E"),
            &sub(&mi("w"), &format!("<mrow>{}{}</mrow>", mi("j"), mi("k"))),
        ),
        format!(
            "{}<mo>·</mo>{}",
            sub(&mi("δ"), &mi("k")),
            sub(&mi("a"), &mi("j"))
        ),
    ]);
    let total = layers[to] * layers[l];
    let mut written = 0;
    'rows: for k in 0..layers[to] {
        for j in 0..layers[l] {
            if written == MAX_WEIGHTS {
                break 'rows;
            }
            let (delta, a) = (s.delta[to][k], s.a[l][j]);
            html += &formula(&[
                partial(&mi("E"), &weight_mathml(layers, l, k, j)),
                format!(
                    "{}<mo>·</mo>{}",
                    of("δ", layers, to, k),
                    of("a", layers, l, j)
                ),
                product(delta, a),
                tagged(
                    "gradient",
                    &weight_at(l, k, j),
                    sample_weight_gradient(s, l, k, j),
                ),
            ]);
            written += 1;
        }
    }
    html += &cut_note(written, total, "weights");
    if s.has_bias {
        for k in 0..layers[to].min(MAX_NEURONS) {
            html += &formula(&[
                partial(&mi("E"), &bias_mathml(layers, l, k)),
                of("δ", layers, to, k),
                tagged("gradient", &bias_at(l, k), sample_bias_gradient(s, l, k)),
            ]);
        }
        html += &cut_note(MAX_NEURONS, layers[to], "biases");
    }
    html
}

/// The table of every weight: `w`, this sample's `∂E/∂w` (plus the penalty's slope),
/// `Δw = −η ∂E/∂w`, the new `w`.
fn update_body(s: &Snapshot) -> String {
    let (layers, eta) = (&s.layers, s.learning_rate);
    let (new_w, new_b) = (updated_weights(s), updated_biases(s));
    let w = mi("w");
    // What each weight steps along, in symbols: ∂E/∂w, or ∂E/∂w + λ·w (λ·sign(w)).
    let slope = match s.regularization.map(|r| r.kind) {
        None => slash(&mi("E"), &w),
        Some(Penalty::L2) => format!("{}<mo>+</mo><mi>λ</mi><mo>·</mo>{w}", slash(&mi("E"), &w)),
        Some(Penalty::L1) => format!(
            "{}<mo>+</mo><mi>λ</mi><mo>·</mo><mi>sign</mi>{}",
            slash(&mi("E"), &w),
            paren(&w)
        ),
    };
    let mut html = formula(&[
        format!("<mtext>new </mtext>{w}"),
        format!("{w}<mo>+</mo>{CAPITAL_DELTA}{w}"),
        if s.regularization.is_some() {
            format!("{w}<mo>−</mo><mi>η</mi><mo>·</mo>{}", paren(&slope))
        } else {
            format!("{w}<mo>−</mo><mi>η</mi><mo>·</mo>{}", partial(&mi("E"), &w))
        },
    ]);
    let cell = |x: f64| format!(r#"<td class="num">{}</td>"#, format_number(x));
    let td = |name: &str, at: &str, x: f64| {
        format!(
            r#"<td class="num" data-quantity="{name}" {at} data-value="{x}">{}</td>"#,
            format_number(x)
        )
    };
    let row = |label: String, old: f64, gradient: f64, new: f64, at: String| {
        format!(
            "<tr><th>{label}</th>{}{}{}{}</tr>",
            td("weight", &at, old),
            td("gradient", &at, gradient),
            cell(weight_update(eta, gradient)),
            td("new_weight", &at, new),
        )
    };
    html += &format!(
        r#"<table class="weights update"><caption>Every weight{}, η = {}</caption><thead><tr><th>weight</th><th>{}</th><th>{} (this sample)</th><th>{}</th><th>new {}</th></tr></thead><tbody>"#,
        if s.has_bias { " and bias" } else { "" },
        format_number(eta),
        inline(&w),
        inline(&slope),
        inline(&format!(
            "{CAPITAL_DELTA}{w}<mo>=</mo><mo>−</mo><mi>η</mi><mo>·</mo>{}",
            if s.regularization.is_some() {
                paren(&slope)
            } else {
                slope.clone()
            }
        )),
        inline(&w),
    );
    let mut rows = 0;
    let mut total = 0;
    for (l, layer) in s.weights.iter().enumerate() {
        for (k, from) in layer.iter().enumerate() {
            for (j, &old) in from.iter().enumerate() {
                total += 1;
                if rows < MAX_ROWS {
                    rows += 1;
                    html += &row(
                        weight_label(layers, l, k, j),
                        old,
                        sample_step_gradient(s, l, k, j),
                        new_w[l][k][j],
                        weight_at(l, k, j),
                    );
                }
            }
        }
        if s.has_bias {
            for (k, &old) in s.biases[l].iter().enumerate() {
                total += 1;
                if rows < MAX_ROWS {
                    rows += 1;
                    html += &row(
                        bias_label(layers, l, k),
                        old,
                        sample_bias_gradient(s, l, k),
                        new_b[l][k],
                        bias_at(l, k),
                    );
                }
            }
        }
    }
    html += "</tbody></table>";
    html += &cut_note(rows, total, "rows");
    if let Some(r) = s.regularization {
        html += &why(&format!(
            "The {} penalty (λ = {}) adds {} to each weight's slope; biases are not penalised.",
            penalty_name(r.kind),
            format_number(r.rate),
            penalty_slope(r.kind)
        ));
    }
    if s.momentum > 0.0 {
        html += &why(&format!(
            "With momentum μ = {}, training adds μ times its previous step to each step \
             (v ← μ·v + Δw, w ← w + v). From rest, at epoch 0, the first step is the one above; \
             later steps also carry the earlier ones.",
            format_number(s.momentum)
        ));
    }
    html += &wrong_order(s, &new_w);
    html + &why(&if s.sample_count > 1 {
        format!(
            "This update is for this sample alone (sample {} of {}). Training steps along the \
             mean of ∂E/∂w over a batch of samples (a mini-batch or the whole data set), so one \
             epoch of training ends elsewhere.",
            s.sample + 1,
            s.sample_count
        )
    } else if s.momentum > 0.0 && s.epoch > 0 {
        "With one sample this is one epoch of training, except for what momentum carries over \
         from the earlier steps."
            .into()
    } else {
        "With one sample this is exactly one epoch of training: the new weights are the ones \
         training would give."
            .into()
    })
}

/// The rule the update must follow, and what breaking it costs on this network: every δ and
/// ∂E/∂w is computed with the old weights, and none is changed before all are computed. Had
/// the output layer's weights been changed first (`new_w`), the hidden δ of the layer below
/// would come out as `(Σ_k new w_jk·δ_k)·f′(net_j)`: the paragraph shows that wrong δ for the
/// first neuron of that layer, and the weight into it that lands furthest from its right value.
/// Tagged `wrong_order_delta`, `wrong_order_new_weight` and `wrong_order_error` (wrong − right).
fn wrong_order(s: &Snapshot, new_w: &[Vec<Vec<f64>>]) -> String {
    let rule = "The order matters: every δ and ∂E/∂w above was computed with the old weights, \
                and no weight changes before all of them are computed.";
    let depth = s.weights.len();
    if depth < 2 || s.regularization.is_some() {
        return why(rule);
    }
    let (top, hidden, j) = (depth - 1, depth - 1, 0);
    let eta = s.learning_rate;
    // δ_j with the output weights already moved: the wrong order.
    let error_wrong: f64 = (0..s.layers[depth])
        .map(|k| new_w[top][k][j] * s.delta[depth][k])
        .sum();
    let delta_wrong = error_wrong * s.activation_wrt_net[hidden][j];
    let (l, inputs) = (hidden - 1, s.layers[hidden - 1]);
    let landing = |delta: f64, i: usize| {
        s.weights[l][j][i] + weight_update(eta, weight_gradient(delta, s.a[l][i]))
    };
    let worst = (0..inputs)
        .max_by(|&x, &y| {
            let gap = |i| (landing(delta_wrong, i) - landing(s.delta[hidden][j], i)).abs();
            gap(x).total_cmp(&gap(y))
        })
        .unwrap_or(0);
    let (wrong, right) = (
        landing(delta_wrong, worst),
        landing(s.delta[hidden][j], worst),
    );
    let at = weight_at(l, j, worst);
    why(&format!(
        "{rule} Change the weights into {} first, compute δ({}) with them, and it comes out as \
         {} instead of {}; then {} would end at {} instead of {}, off by {}.",
        layer_name(&s.layers, depth),
        neuron_label(&s.layers, hidden, j),
        inline(&tagged(
            "wrong_order_delta",
            &neuron_at(hidden, j),
            delta_wrong
        )),
        format_number(s.delta[hidden][j]),
        weight_label(&s.layers, l, j, worst),
        inline(&tagged("wrong_order_new_weight", &at, wrong)),
        format_number(right),
        inline(&tagged("wrong_order_error", &at, wrong - right)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Session;
    use crate::view::test_support::{assert_well_formed, joined, TOY};

    const DEEP: &str = r#"{"layers":[2,3,4,3,2],"activation":"sigmoid","bias":true,"seed":7,"learning_rate":0.3,"data":{"inputs":[[0.3,-0.9]],"targets":[[0.2,0.7]]}}"#;
    const XOR: &str = r#"{"layers":[2,2,1],"activation":"sigmoid","bias":true,"seed":1,"learning_rate":0.5,"data":{"dataset":"xor"}}"#;

    fn session(spec: &str) -> Session {
        Session::from_json(spec).expect("the spec loads")
    }

    fn bits3(w: &[Vec<Vec<f64>>]) -> Vec<u64> {
        w.iter().flatten().flatten().map(|x| x.to_bits()).collect()
    }

    fn bits2(b: &[Vec<f64>]) -> Vec<u64> {
        b.iter().flatten().map(|x| x.to_bits()).collect()
    }

    fn assert_balanced(html: &str) {
        assert_well_formed(html);
    }

    /// The `data-value` after `data-quantity="{name}"` in `html`.
    fn tagged_value(html: &str, name: &str) -> f64 {
        let rest = html
            .split(&format!(r#"data-quantity="{name}""#))
            .nth(1)
            .expect(name);
        let start = rest.find("data-value=\"").unwrap() + "data-value=\"".len();
        rest[start..start + rest[start..].find('"').unwrap()]
            .parse()
            .unwrap()
    }

    #[test]
    fn the_update_step_shows_what_the_wrong_order_would_give_on_the_toy_network() {
        let s = session(TOY).snapshot(0);
        let all = steps(&s);
        let html = step_html(&s, &all, all.len() - 1);
        assert_well_formed(&html);
        // By hand: new w(h₁→o₁) = 0.5 − 0.5·0.1028463·0.5523079 = 0.4715986 and
        // new w(h₁→o₂) = 0.7 − 0.5·0.0012066853·0.5523079 = 0.6996668; with them
        // ∂E/∂a_h1 = 0.4715986·0.1028463 + 0.6996668·0.0012066853 = 0.0493465, and
        // δ_h1 = 0.0493465·0.2472639 = 0.0122016 (right: 0.0129239).
        assert!((tagged_value(&html, "wrong_order_delta") - 0.012_201_6).abs() < 1e-6);
        // The weight that lands furthest off is x₂ → h₁ (a = 0.9): 0.2 − 0.5·0.0122016·0.9 =
        // 0.1945093 instead of 0.2 − 0.5·0.0129239·0.9 = 0.1941842, off by 3.25·10⁻⁴.
        assert!(html.contains(r#"data-quantity="wrong_order_new_weight" data-weight="0,0,1""#));
        assert!((tagged_value(&html, "wrong_order_new_weight") - 0.194_509_3).abs() < 1e-6);
        assert!((tagged_value(&html, "wrong_order_error") - 3.25e-4).abs() < 1e-6);
    }

    #[test]
    fn toy_network_has_nine_steps_in_order() {
        let s = session(TOY).snapshot(0);
        let all = steps(&s);
        assert_eq!(all.len(), 9);
        use Phase::*;
        let phases: Vec<Phase> = all.iter().map(|step| step.phase).collect();
        assert_eq!(
            phases,
            [
                Forward, Forward, Forward, Forward, Backward, Backward, Gradients, Gradients,
                Update
            ]
        );
        let layers: Vec<usize> = all.iter().map(|step| step.layer).collect();
        assert_eq!(layers, [1, 1, 2, 2, 2, 1, 2, 1, 2]);
        let weights: Vec<Option<usize>> = all.iter().map(|step| step.weights_layer).collect();
        assert_eq!(
            weights,
            [
                Some(0),
                None,
                Some(1),
                None,
                None,
                Some(1),
                Some(1),
                Some(0),
                None
            ]
        );
        assert_eq!(all[0].title, "net of the hidden layer");
        assert_eq!(all[0].neurons, [(1, 0), (1, 1)]);
        assert!(all[0].words.contains("adds up its inputs"));
        assert!(all[4].words.starts_with("Backward starts at the output"));
        assert_eq!(all[6].neurons, [(1, 0), (1, 1), (2, 0), (2, 1)]);
        assert!(all[8].neurons.is_empty());
        assert!(!all[8].words.contains("alone"));
    }

    #[test]
    fn every_layer_is_visited_forward_and_backward() {
        for spec in [TOY, DEEP, XOR] {
            let s = session(spec).snapshot(0);
            let all = steps(&s);
            let n = s.layers.len() - 1;
            let visited = |phase: Phase| -> Vec<usize> {
                all.iter()
                    .filter(|step| step.phase == phase)
                    .map(|step| step.layer)
                    .collect()
            };
            let forward: Vec<usize> = (1..=n).flat_map(|l| [l, l]).collect();
            assert_eq!(visited(Phase::Forward), forward);
            assert_eq!(visited(Phase::Backward), (1..=n).rev().collect::<Vec<_>>());
            assert_eq!(visited(Phase::Gradients), (1..=n).rev().collect::<Vec<_>>());
            assert_eq!(visited(Phase::Update), [n]);
            for (i, step) in all.iter().enumerate() {
                for &(layer, index) in &step.neurons {
                    assert!(index < s.layers[layer]);
                }
                let html = step_html(&s, &all, i);
                assert!(html.contains(&format!(
                    "Step {} of {} · {}",
                    i + 1,
                    all.len(),
                    step.phase.name()
                )));
                assert_balanced(&html);
            }
        }
    }

    #[test]
    fn three_hidden_layers_with_bias_give_seventeen_steps() {
        let s = session(DEEP).snapshot(0);
        let all = steps(&s);
        assert_eq!(all.len(), 4 * 4 + 1);
        assert_eq!(all[0].title, "net of hidden layer 1");
        assert!(all[0].words.contains("plus its bias b"));
        let gradients = all.iter().find(|step| step.phase == Phase::Gradients);
        assert!(gradients.unwrap().words.contains("∂E/∂b is just δ"));
        let html = step_html(&s, &all, 15);
        assert!(html.contains(r#"data-quantity="gradient" data-bias="0,2" "#));
    }

    #[test]
    fn updated_weights_equal_one_epoch_of_training_bit_for_bit() {
        for spec in [TOY, DEEP] {
            let mut session = session(spec);
            let s = session.snapshot(0);
            let (weights, biases) = (updated_weights(&s), updated_biases(&s));
            session.train_epoch().expect("training works");
            let trained = session.snapshot(0);
            assert_eq!(bits3(&weights), bits3(&trained.weights));
            assert_eq!(bits2(&biases), bits2(&trained.biases));
            assert_ne!(bits3(&weights), bits3(&s.weights));
        }
    }

    #[test]
    fn with_every_activation_penalty_and_momentum_the_update_is_still_one_epoch() {
        let options = [
            ("tanh", "sigmoid", r#""loss":"cross_entropy","#),
            (
                "sigmoid",
                "sigmoid",
                r#""regularization":{"kind":"l2","rate":0.3},"momentum":0.9,"#,
            ),
            (
                "relu",
                "linear",
                r#""regularization":{"kind":"l1","rate":0.05},"#,
            ),
        ];
        for spec in [TOY, DEEP] {
            for (hidden, output, extra) in options {
                let layers = session(spec).snapshot(0).layers.len();
                let mut names = vec![format!("\"{hidden}\""); layers - 2];
                names.push(format!("\"{output}\""));
                let activation = format!(r#""activation":[{}],"#, names.join(","));
                let spec = spec
                    .replace(r#""activation":"sigmoid","#, &activation)
                    .replace(r#""learning_rate""#, &format!(r#"{extra}"learning_rate""#));
                let mut session = session(&spec);
                let s = session.snapshot(0);
                let (weights, biases) = (updated_weights(&s), updated_biases(&s));
                session.train_epoch().expect("training works");
                let trained = session.snapshot(0);
                assert_eq!(bits3(&weights), bits3(&trained.weights), "{spec}");
                assert_eq!(bits2(&biases), bits2(&trained.biases), "{spec}");
                let all = steps(&s);
                for i in 0..all.len() {
                    assert_balanced(&step_html(&s, &all, i));
                }
            }
        }
    }

    #[test]
    fn a_tanh_layer_uses_its_own_function_and_slope() {
        let spec = TOY.replace(
            r#""activation":"sigmoid""#,
            r#""activation":["tanh","tanh"]"#,
        );
        let s = session(&spec).snapshot(0);
        let all = steps(&s);
        assert_eq!(all[1].title, "a = tanh(net) of the hidden layer");
        assert!(all[1].words.contains("tanh(net) = (e^net − e^(−net))"));
        assert!(all[4].words.contains("δ = (a − t) · (1 − a²)") && all[4].words.contains("tanh"));
        assert!(all[5].words.contains("then times its own slope 1 − a²"));
        let activation = step_html(&s, &all, 1);
        assert!(activation.contains("<mi>tanh</mi><mrow><mo>(</mo><mn>0.21</mn><mo>)</mo></mrow>"));
        assert!(!activation.contains("<mi>σ</mi>"));
        let output = step_html(&s, &all, 4);
        let a = s.a[2][0];
        assert!(output.contains(&format!(
            r#"data-quantity="slope" data-neuron="2,0" data-value="{}""#,
            1.0 - a * a
        )));
        assert!(output.contains(&format!(
            "<mn>1</mn><mo>−</mo><msup><mn>{}</mn><mn>2</mn></msup>",
            format_number(a)
        )));
        assert!(output.contains("the slope of tanh"));
        let hidden = step_html(&s, &all, 5);
        assert!(hidden.contains("<mrow><mo>(</mo><mn>1</mn><mo>−</mo><msup><msub><mi>a</mi>"));
    }

    #[test]
    fn cross_entropy_steps_show_its_error_and_delta_a_minus_t() {
        let spec = TOY.replace(
            r#""learning_rate""#,
            r#""loss":"cross_entropy","learning_rate""#,
        );
        let s = session(&spec).snapshot(0);
        let all = steps(&s);
        assert!(all[4].words.contains("simply δ = a − t"));
        let error = step_html(&s, &all, 3);
        assert!(error.contains("<mi>ln</mi>") && error.contains("cross-entropy"));
        assert!(error.contains(&format!(
            r#"data-quantity="error" data-value="{}""#,
            s.error
        )));
        let output = step_html(&s, &all, 4);
        for k in 0..2 {
            let (a, t) = (s.a[2][k], s.target[k]);
            assert!(output.contains(&format!(
                r#"data-quantity="delta" data-neuron="2,{k}" data-value="{}""#,
                a - t
            )));
        }
        assert!(output.contains("they cancel, so δ is just <math>"));
    }

    #[test]
    fn net_step_shows_each_neurons_sum_with_the_numbers() {
        let s = session(TOY).snapshot(0);
        let all = steps(&s);
        let html = step_html(&s, &all, 0);
        assert!(html.contains("Step 1 of 9 · forward"));
        // net_h₁ = 0.1·0.3 + 0.2·0.9 = 0.21
        assert!(joined(&html).contains(&format!(
            "<mn>0.1</mn><mo>·</mo><mn>0.3</mn><mo>+</mo><mn>0.2</mn><mo>·</mo><mn>0.9</mn><mo>=</mo>{}",
            tagged("net", r#"data-neuron="1,0""#, s.net[1][0])
        )));
        assert!(html.contains(">0.21</mn>"));
        assert!(html.contains(r#"data-quantity="net" data-neuron="1,1" "#));
        let activation = step_html(&s, &all, 1);
        assert!(activation.contains(&format!(
            r#"data-quantity="a" data-neuron="1,0" data-value="{}">0.5523</mn>"#,
            s.a[1][0]
        )));
        let output = step_html(&s, &all, 3);
        assert!(output.contains(&format!(
            r#"data-quantity="error" data-value="{}""#,
            s.error
        )));
    }

    #[test]
    fn delta_steps_carry_the_snapshots_delta() {
        let s = session(TOY).snapshot(0);
        let all = steps(&s);
        let output = step_html(&s, &all, 4);
        for k in 0..2 {
            assert!(output.contains(&format!(
                r#"data-quantity="delta" data-neuron="2,{k}" data-value="{}""#,
                s.delta[2][k]
            )));
        }
        assert!(output.contains(">0.1028</mn>"));
        let hidden = step_html(&s, &all, 5);
        assert!(hidden.contains(&format!(
            r#"data-quantity="delta" data-neuron="1,0" data-value="{}""#,
            s.delta[1][0]
        )));
        // Both terms of Σ_k w_jk δ_k: 0.5·0.1028 + 0.7·0.001207.
        assert!(hidden.contains(
            "<mn>0.5</mn><mo>·</mo><mn>0.1028</mn><mo>+</mo><mn>0.7</mn><mo>·</mo><mn>0.001207</mn>"
        ));
        assert!(hidden.contains("total derivative"));
    }

    #[test]
    fn gradient_and_update_steps_cover_every_weight() {
        let s = session(TOY).snapshot(0);
        let all = steps(&s);
        let gradients = step_html(&s, &all, 6);
        assert!(gradients.contains(&format!(
            r#"data-quantity="gradient" data-weight="1,0,0" data-value="{}">0.0568</mn>"#,
            s.delta[2][0] * s.a[1][0]
        )));
        assert_eq!(gradients.matches(r#"data-quantity="gradient""#).count(), 4);
        let update = step_html(&s, &all, 8);
        let new = updated_weights(&s);
        for (l, rows) in new.iter().enumerate() {
            for (k, row) in rows.iter().enumerate() {
                for (j, w) in row.iter().enumerate() {
                    assert!(update.contains(&format!(
                        r#"data-quantity="new_weight" data-weight="{l},{k},{j}" data-value="{w}""#
                    )));
                }
            }
        }
        assert_eq!(update.matches(r#"data-quantity="new_weight""#).count(), 8);
        assert!(update.contains(">0.4716</td>"));
        assert!(update.contains("exactly one epoch of training"));
    }

    #[test]
    fn several_samples_say_the_update_is_this_samples_alone() {
        let s = session(XOR).snapshot(2);
        let all = steps(&s);
        let last = all.len() - 1;
        assert!(all[last].words.contains("this sample alone"));
        let html = step_html(&s, &all, last);
        assert!(html.contains("sample 3 of 4") && html.contains("for this sample alone"));
        assert!(html.contains(r#"data-quantity="new_weight" data-bias="1,0" "#));
        assert!(step_html(&s, &all, last + 1).contains("No such step"));
    }

    #[test]
    fn wide_layers_are_cut_with_a_note() {
        let inputs = vec!["0.5"; 40].join(",");
        let spec = format!(
            r#"{{"layers":[40,40,1],"activation":"sigmoid","seed":3,"learning_rate":0.1,"data":{{"inputs":[[{inputs}]],"targets":[[1]]}}}}"#
        );
        let s = session(&spec).snapshot(0);
        let all = steps(&s);
        let net = step_html(&s, &all, 0);
        assert!(net.contains("first 8 of 40 terms") && net.contains("first 32 of 40 neurons"));
        let gradients = step_html(&s, &all, 7);
        assert!(gradients.contains("first 64 of 1600 weights"));
        let update = step_html(&s, &all, 8);
        assert!(update.contains("first 256 of 1640 rows"));
        for i in 0..all.len() {
            assert_balanced(&step_html(&s, &all, i));
        }
    }
}
