//! The inspector's content: each chain-rule factor of one neuron or one weight, written out with
//! the numbers of the network on screen, as HTML with MathML (which Chromium renders natively).
//!
//! It answers the questions of `shared/seed-question.md` where they arise: why `σ' = a(1 − a)`
//! (pointed to), why `∂E/∂a_k = −(t_k − a_k)`, how the paths of a hidden neuron add up, why
//! `∂net_k/∂w_jk = a_j` ("where did the w's go?"), and how the factors become `Δw`.
//!
//! Each neuron's slope is its layer's activation's (`σ′ = a(1 − a)`, `tanh′ = 1 − a²`, relu's
//! `1 if net > 0 else 0`, linear's `1`), named as such. With cross-entropy an output's `δ` is
//! shown as `a − t`, with why the `a(1 − a)` cancels; with regularisation a weight's `∂loss/∂w`
//! shows the penalty's term.
//!
//! Per-sample numbers (`net`, `a`, `δ`, `∂E/∂w = δ·a_j`) are for the selected sample; `∂loss/∂w`
//! is the mean over every sample (the snapshot's `gradients`, what the weight colours show).
//! With several samples the heading says "sample i of n", counting from 1 (`i = sample + 1`).
//!
//! Markup is built only from fixed strings, labels (letters and digits), integer counts and
//! [`format_number`]; nothing else reaches the HTML. Key numbers carry `data-quantity` and
//! `data-value` (the exact `f64` as Rust's `{}` writes it): `net`, `a`, `slope` (f'), `target`,
//! `error_wrt_a`, `delta`; for a weight `weight`, `net_wrt_w` (a_j), `gradient` (this sample's
//! ∂E/∂w), `mean_gradient` (∂loss/∂w over all samples), `penalty_gradient` (with regularisation),
//! `update` (Δw) and `new_weight`. In a
//! neuron's table the `gradient`, `mean_gradient` and `update` cells also carry
//! `data-weight="l,k,j"` (or `data-bias="l,k"` on the bias row).

pub use crate::view::mathml::format_number;
use crate::view::mathml::{
    factor, formula, formula_split, highlight, inline, mi, new_weight_formula, num, of, paren,
    partial, product, quantity, slash, sub, sum, terms, why, CAPITAL_DELTA, MAX_TERMS,
};
use crate::view::prose::{estimated_mean, SIGN_CONVENTION, WEIGHT_INDICES};

use crate::model::Snapshot;
use crate::nn::chain_rule::weight_update;
use crate::nn::{Activation, Penalty};
use crate::view::chain::{delta_chain, weight_chain};
use crate::view::formulas::{
    apply_mathml, definition_at_mathml, definition_mathml, error_wrt_a_derived, name_in_words,
    output_delta, prime_mathml, slope_mathml, slope_meaning, slope_numbers_mathml,
};
use crate::view::labels::{
    bias_label, bias_mathml, neuron_label, neuron_mathml, weight_label, weight_mathml, Role,
};

/// Longest table of incoming weights.
const MAX_ROWS: usize = 16;

/// The inspector of neuron `index` of layer `layer`.
pub fn neuron_html(s: &Snapshot, layer: usize, index: usize) -> String {
    let layers = &s.layers;
    if layer >= layers.len() || index >= layers[layer] {
        return r#"<section class="inspector-neuron"><p class="why">No such neuron.</p></section>"#
            .into();
    }
    let role = Role::of(layers, layer);
    let mut html = format!(
        r#"<section class="inspector-neuron"><h3>{} neuron {}{}</h3>"#,
        role.name(),
        neuron_label(layers, layer, index),
        sample_note(s)
    );
    if role == Role::Input {
        html += &formula(&[
            of("a", layers, 0, index),
            neuron_mathml(layers, 0, index),
            quantity("a", s.a[0][index]),
        ]);
        html += &why(
            "An input neuron only hands its value on: it has no net input, no activation \
             function and no error term δ. The weights leaving it multiply this a.",
        );
    } else {
        html += &net_part(s, layer, index);
        html += &activation_part(s, layer, index);
        html += &if role == Role::Output {
            output_delta_part(s, layer, index)
        } else {
            hidden_delta_part(s, layer, index)
        };
        html += &why(SIGN_CONVENTION);
        html += &weights_table(s, layer, index);
    }
    html + "</section>"
}

/// The inspector of the weight from neuron `j` of layer `l` to neuron `k` of layer `l + 1`.
pub fn weight_html(s: &Snapshot, l: usize, k: usize, j: usize) -> String {
    let layers = &s.layers;
    if l + 1 >= layers.len() || k >= layers[l + 1] || j >= layers[l] {
        return r#"<section class="inspector-weight"><p class="why">No such weight.</p></section>"#
            .into();
    }
    let to = l + 1;
    let w_s = weight_mathml(layers, l, k, j);
    let (a_j, a_k, net_k) = (
        of("a", layers, l, j),
        of("a", layers, to, k),
        of("net", layers, to, k),
    );
    let (delta_k, d_e) = (of("δ", layers, to, k), partial(&mi("E"), &w_s));
    // Every number below is the chain model's (view::chain).
    let Ok(c) = weight_chain(s, l, k, j) else {
        return r#"<section class="inspector-weight"><p class="why">No such weight.</p></section>"#
            .into();
    };
    let (w, aj, delta) = (c.weight, c.net_wrt_w.value, c.into.delta);
    let error = c.into.error_wrt_a.value;
    let (eta, mean) = (c.learning_rate, c.mean_gradient);
    let update = c.full_batch_update;

    let mut html = format!(
        r#"<section class="inspector-weight"><h3>weight {}</h3><p class="place">from {} neuron {} to {} neuron {}{}</p>"#,
        inline(&format!("{w_s}<mo>=</mo>{}", quantity("weight", w))),
        Role::of(layers, l).name(),
        neuron_label(layers, l, j),
        Role::of(layers, to).name(),
        neuron_label(layers, to, k),
        sample_note(s)
    );
    html += &formula_split(
        &[
            d_e.clone(),
            format!(
                "{}<mo>×</mo>{}<mo>×</mo>{}",
                partial(&mi("E"), &a_k),
                partial(&a_k, &net_k),
                partial(&net_k, &w_s)
            ),
            format!(
                "{}<mo>×</mo>{}<mo>×</mo>{}",
                factor(quantity("error_wrt_a", error), error),
                quantity("slope", c.into.slope.value),
                quantity("net_wrt_w", aj)
            ),
            quantity("gradient", c.gradient),
        ],
        2,
    );
    html += &why(&format!(
        "The first two factors multiply to {}, the error term of {} (see its inspector), so {}.",
        inline(&format!(
            "{delta_k}<mo>=</mo>{}<mo>=</mo>{}",
            slash(&mi("E"), &net_k),
            num(delta)
        )),
        neuron_label(layers, to, k),
        inline(&format!(
            "{}<mo>=</mo>{delta_k}<mo>·</mo>{a_j}",
            slash(&mi("E"), &w_s)
        )),
    ));
    if Role::of(layers, to) == Role::Hidden {
        html += &why(&format!(
            "{} is a hidden neuron: its {} gathers the δ of every neuron it feeds.",
            neuron_label(layers, to, k),
            inline(&slash(&mi("E"), &a_k)),
        ));
    }
    html += &why_a_j(s, l, k, j);
    html += &penalty_part(s, &w_s, w, mean);
    html += &formula(&[
        format!("{CAPITAL_DELTA}{w_s}"),
        format!(
            "<mo>−</mo><mi>η</mi><mo>·</mo>{}",
            partial(&mi("loss"), &w_s)
        ),
        format!(
            "<mo>−</mo>{}<mo>·</mo>{}",
            num(eta),
            factor(quantity("mean_gradient", mean), mean)
        ),
        quantity("update", update),
    ]);
    html += &new_weight_formula(&w_s, w, update);
    if s.momentum > 0.0 {
        html += &why(&momentum_note(s.momentum));
    }
    let against = "Δw goes against the slope: where raising w would raise the error, w is lowered.";
    html += &why(&if s.sample_count > 1 {
        format!(
            "Training steps along ∂loss/∂w, the mean of ∂E/∂w over all {} samples ({}): \
             full-batch training uses exactly this mean, mini-batch training the mean over its \
             batch. The chain above is for the selected sample only ({} of {}). The weight's \
             colour on the canvas shows the mean.{} {against}",
            s.sample_count,
            format_number(mean),
            s.sample + 1,
            s.sample_count,
            estimated_mean(s.measured_samples, s.sample_count)
        )
    } else if s.regularization.is_some() {
        format!(
            "With one sample, the mean ∂E/∂w is this sample's ∂E/∂w above; ∂loss/∂w adds the \
             penalty's slope to it. {against}"
        )
    } else {
        format!(
            "With one sample, ∂loss/∂w (the loss is the mean of E over the data set) is this \
             sample's ∂E/∂w above. {against}"
        )
    });
    html + "</section>"
}

/// With regularisation: `∂loss/∂w = mean ∂E/∂w + λ·w` (L2) or `+ λ·sign(w)` (L1), with its
/// numbers; empty without.
fn penalty_part(s: &Snapshot, w_s: &str, w: f64, mean: f64) -> String {
    let Some(regularization) = s.regularization else {
        return String::new();
    };
    let lambda = regularization.rate;
    let penalty = regularization.gradient(w);
    let data_part = mean - penalty;
    let (term, words) = match regularization.kind {
        Penalty::L2 => (
            format!("<mi>λ</mi><mo>·</mo>{w_s}"),
            "The L2 penalty ½λ·Σw² is part of the loss, so its slope λ·w joins every weight's \
             ∂loss/∂w (biases are not penalised): a pull toward 0 in proportion to the weight's \
             size, \"weight decay\".",
        ),
        Penalty::L1 => (
            format!("<mi>λ</mi><mo>·</mo><mi>sign</mi>{}", paren(w_s)),
            "The L1 penalty λ·Σ|w| is part of the loss, so its slope λ·sign(w) joins every \
             weight's ∂loss/∂w (biases are not penalised): the same pull toward 0 for every \
             weight, large or small, which drives small weights to exactly 0.",
        ),
    };
    formula_split(
        &[
            partial(&mi("loss"), w_s),
            format!(
                "<mtext>mean </mtext>{}<mo>+</mo>{term}",
                partial(&mi("E"), w_s)
            ),
            format!(
                "{}<mo>+</mo>{}",
                factor(num(data_part), data_part),
                factor(quantity("penalty_gradient", penalty), penalty)
            ),
            num(mean),
        ],
        2,
    ) + &why(&format!("{words} Here λ = {}.", format_number(lambda)))
}

fn momentum_note(momentum: f64) -> String {
    format!(
        "With momentum μ = {}, training adds μ times its previous step to this one \
         (v ← μ·v − η·∂loss/∂w, then w ← w + v), so the step it takes also carries the \
         direction of the last ones. The Δw here is the plain step, −η·∂loss/∂w.",
        format_number(momentum)
    )
}

fn sample_note(s: &Snapshot) -> String {
    if s.sample_count > 1 {
        format!(
            r#" <span class="sample">(sample {} of {})</span>"#,
            s.sample + 1,
            s.sample_count
        )
    } else {
        String::new()
    }
}

/// `net = Σ_j w_jk a_j (+ b)`, with symbols, then with numbers.
fn net_part(s: &Snapshot, layer: usize, index: usize) -> String {
    let (layers, l) = (&s.layers, layer - 1);
    let (n, w, a) = (layers[l], &s.weights[l][index], &s.a[l]);
    let shown = terms(n, None);
    let mut symbols = sum(&shown, |j| {
        weight_mathml(layers, l, index, j) + &of("a", layers, l, j)
    });
    let mut numbers = sum(&shown, |j| product(w[j], a[j]));
    if s.has_bias {
        let b = s.biases[l][index];
        symbols += &format!("<mo>+</mo>{}", bias_mathml(layers, l, index));
        numbers += &format!("<mo>+</mo>{}", factor(num(b), b));
    }
    let mut html = formula_split(
        &[
            of("net", layers, layer, index),
            symbols,
            numbers,
            quantity("net", s.net[layer][index]),
        ],
        2,
    );
    if n > MAX_TERMS {
        html += &why(&format!(
            "Showing the first {MAX_TERMS} of {n} incoming terms."
        ));
    }
    html
}

/// `a = f(net)` and `f'(net)` for the layer's activation: `σ'(net) = a(1 − a)`,
/// `tanh'(net) = 1 − a²`, `relu'(net) = 1 if net > 0 else 0`, linear `1`.
fn activation_part(s: &Snapshot, layer: usize, index: usize) -> String {
    let layers = &s.layers;
    let f = s.activation_of(layer);
    let (a_s, net_s) = (
        of("a", layers, layer, index),
        of("net", layers, layer, index),
    );
    let (net, a) = (s.net[layer][index], s.a[layer][index]);
    let mut value = vec![a_s.clone(), apply_mathml(f, &net_s)];
    value.extend(definition_mathml(f, &net_s));
    value.extend([
        definition_at_mathml(f, net).unwrap_or_else(|| apply_mathml(f, &num(net))),
        quantity("a", a),
    ]);
    let mut slope = vec![prime_mathml(f, &net_s), slope_mathml(f, &a_s, &net_s)];
    slope.extend(slope_numbers_mathml(f, a));
    slope.push(quantity("slope", s.activation_wrt_net[layer][index]));
    formula(&value) + &formula(&slope) + &why(&slope_meaning(f, net))
}

/// `δ_k = ∂E/∂a_k · ∂a_k/∂net_k`: `(a_k − t_k) · f'(net_k)` with squared error; where the loss
/// makes the slope cancel (`Loss::delta_is_a_minus_t`: cross-entropy), the two factors, then
/// `a_k − t_k`, and each factor's value. The loss's forms and the derivation of its `∂E/∂a` are
/// its entry in `formulas`.
fn output_delta_part(s: &Snapshot, layer: usize, index: usize) -> String {
    let (layers, loss) = (&s.layers, s.loss_kind);
    let f = s.activation_of(layer);
    let (a_s, net_s, t_s) = (
        of("a", layers, layer, index),
        of("net", layers, layer, index),
        of("t", layers, layer, index),
    );
    let c = delta_chain(s, layer, index).expect("an output neuron");
    let (a, t, slope) = (s.a[layer][index], s.target[index], c.slope.value);
    let error = c.error_wrt_a.value;
    let forms = output_delta(
        loss,
        (&a_s, &t_s),
        (&num(a), &factor(quantity("target", t), t)),
    );
    let slope_s = slope_mathml(f, &a_s, &net_s);
    // The factors in symbols, whichever way δ goes on: ∂E/∂a in parentheses where it is a sum.
    let mut parts = vec![
        of("δ", layers, layer, index),
        format!(
            "{}<mo>·</mo>{}",
            partial(&mi("E"), &a_s),
            partial(&a_s, &net_s)
        ),
        format!(
            "{}<mo>·</mo>{slope_s}",
            forms.error.clone().factor().mathml()
        ),
    ];
    let mut values = String::new();
    if let Some((delta, delta_numbers)) = &forms.direct {
        parts.extend([delta.mathml(), delta_numbers.mathml()]);
        // The two factors are not multiplied out above: what each is worth.
        values = formula(&[
            partial(&mi("E"), &a_s),
            forms.error.mathml(),
            factor(quantity("error_wrt_a", error), error),
        ]) + &formula(&[
            partial(&a_s, &net_s),
            slope_s.clone(),
            quantity("slope", slope),
        ]);
    } else {
        parts.extend([
            format!(
                "{}<mo>·</mo>{}",
                forms.error_numbers.clone().factor().mathml(),
                num(slope)
            ),
            format!(
                "{}<mo>·</mo>{}",
                factor(quantity("error_wrt_a", error), error),
                num(slope)
            ),
        ]);
    }
    parts.push(quantity("delta", c.delta));
    formula_split(&parts, 3)
        + &values
        + &slope_note(f)
        + &why(&error_wrt_a_derived(loss, &a_s, &t_s))
}

/// `δ_j = (Σ_k w_jk δ_k) · f'(net_j)`, every term of the sum written out.
fn hidden_delta_part(s: &Snapshot, layer: usize, index: usize) -> String {
    let (layers, next) = (&s.layers, layer + 1);
    let f = s.activation_of(layer);
    let (a_s, net_s) = (
        of("a", layers, layer, index),
        of("net", layers, layer, index),
    );
    // The numbers are the chain model's: its two factors, and the paths of the sum.
    let c = delta_chain(s, layer, index).expect("a hidden neuron");
    let (slope, error) = (c.slope.value, c.error_wrt_a.value);
    let m = layers[next];
    let shown = terms(m, None);
    let w_jk = format!(
        "<msub><mi>w</mi><mrow>{}<mi>k</mi></mrow></msub>",
        neuron_mathml(layers, layer, index)
    );
    let (delta_k, sigma) = (
        sub(&mi("δ"), &mi("k")),
        "<munder><mo>∑</mo><mi>k</mi></munder>",
    );
    let symbols = sum(&shown, |k| {
        weight_mathml(layers, layer, k, index) + &of("δ", layers, next, k)
    });
    let numbers = sum(&shown, |k| product(c.paths[k].weight, c.paths[k].delta));
    let mut html = formula_split(
        &[
            of("δ", layers, layer, index),
            format!(
                "{}<mo>·</mo>{}",
                partial(&mi("E"), &a_s),
                partial(&a_s, &net_s)
            ),
            format!(
                "{}<mo>·</mo>{}",
                paren(&format!("{sigma}{w_jk}{delta_k}")),
                slope_mathml(f, &a_s, &net_s)
            ),
            format!(
                "{}<mo>·</mo>{}",
                paren(&symbols),
                slope_mathml(f, &a_s, &net_s)
            ),
            format!("{}<mo>·</mo>{}", paren(&numbers), num(slope)),
            format!(
                "{}<mo>·</mo>{}",
                factor(quantity("error_wrt_a", error), error),
                num(slope)
            ),
            quantity("delta", c.delta),
        ],
        4,
    );
    if m > MAX_TERMS {
        html += &why(&format!(
            "Showing the first {MAX_TERMS} of {m} terms of the sum."
        ));
    }
    let net_k = sub(&mi("net"), &mi("k"));
    html += &slope_note(f);
    html += &why(&format!(
        "{} reaches E through every neuron it feeds: moving {} moves the net of each of them, \
         and each of those moves E. So the paths add (the total derivative):",
        neuron_label(layers, layer, index),
        inline(&a_s),
    ));
    // Its own formula, not inline in the sentence, so that a phone breaks it between steps.
    html += &formula(&[
        slash(&mi("E"), &a_s),
        format!(
            "{sigma}{}<mo>·</mo>{}",
            slash(&mi("E"), &net_k),
            slash(&net_k, &a_s)
        ),
        format!("{sigma}{delta_k}{w_jk}"),
    ]);
    html + &why(
        "Each δ<sub>k</sub> is already known from the layer above: that is the \"back\" in \
         backpropagation.",
    )
}

/// For a neuron that is not a sigmoid, which slope stands where the thread has `a(1 − a)`.
fn slope_note(f: Activation) -> String {
    match f {
        Activation::Sigmoid => String::new(),
        _ => why(&format!(
            "The second factor is this neuron's slope: its activation is {}, so it is {} (not \
             the sigmoid's a(1 − a)).",
            name_in_words(f),
            crate::view::formulas::plain_derivative(f)
        )),
    }
}

/// Why `∂net_k/∂w_jk = a_j`: `net_k` term by term, the one term with `w_jk` highlighted.
fn why_a_j(s: &Snapshot, l: usize, k: usize, j: usize) -> String {
    let (layers, to) = (&s.layers, l + 1);
    let (w_s, a_j) = (weight_mathml(layers, l, k, j), of("a", layers, l, j));
    let net_k = of("net", layers, to, k);
    let aj = s.a[l][j];
    let shown = terms(layers[l], Some(j));
    let bias = |zero: &str| {
        if s.has_bias {
            format!("<mo>+</mo>{zero}")
        } else {
            String::new()
        }
    };
    let term = |i: usize| weight_mathml(layers, l, k, i) + &of("a", layers, l, i);
    let written = sum(
        &shown,
        |i| if i == j { highlight(&term(i)) } else { term(i) },
    ) + &bias(&bias_mathml(layers, l, k));
    let derived = sum(&shown, |i| {
        if i == j {
            highlight(&a_j)
        } else {
            "<mn>0</mn>".into()
        }
    }) + &bias("<mn>0</mn>");
    let (w, a) = (inline(&w_s), inline(&a_j));
    why(&format!(
        "Why is {} just {a}? Where did the w go, and shouldn't it be 0? Write {} out term by \
         term:",
        inline(&slash(&net_k, &w_s)),
        inline(&net_k)
    )) + &formula(&[net_k.clone(), written])
        + &formula(&[partial(&net_k, &w_s), derived, a_j.clone(), num(aj)])
        + &why(&format!(
            "Every other term does not contain {w}: when only {w} moves they stay put, so their \
             derivative is 0. In the one term {}, {a} is a constant multiplier: it does not \
             change when only {w} moves. Being a constant does not make it 0: a constant \
             standing alone has derivative 0, but a constant multiplying w stays, because \
             d(c·w)/dw = c (for example d(3w)/dw = 3; it is the power rule at its simplest, w¹ \
             becomes 1·w⁰ = 1). So the derivative is {a}: the w is what we differentiate by, so \
             it disappears, and the constant it was multiplying stays. In numbers: if {w} grows \
             by 0.01, {} grows by 0.01 × {} = {}.",
            inline(&format!("{w_s}<mo>·</mo>{a_j}")),
            inline(&net_k),
            format_number(aj),
            format_number(0.01 * aj)
        ))
}

/// The incoming weights (and bias) with this sample's `∂E/∂w`, the mean `∂loss/∂w` and `Δw`.
fn weights_table(s: &Snapshot, layer: usize, index: usize) -> String {
    let (layers, l) = (&s.layers, layer - 1);
    let (n, delta, eta) = (layers[l], s.delta[layer][index], s.learning_rate);
    let mean_column = s.sample_count > 1;
    // Each cell carries its column's name, so that on a phone the table can reflow into one
    // card per weight (style.css) with every number labelled.
    let cell = |label: &str, x: f64| {
        format!(
            r#"<td class="num" data-label="{label}">{}</td>"#,
            format_number(x)
        )
    };
    let tagged = |label: &str, name: &str, at: &str, x: f64| {
        format!(
            r#"<td class="num" data-label="{label}" data-quantity="{name}" {at} data-value="{x}">{}</td>"#,
            format_number(x)
        )
    };
    let row = |label: String, value: f64, input: f64, gradient: f64, mean: f64, at: String| {
        let mut tr = format!(
            "<tr><th>{label}</th>{}{}",
            cell("w", value),
            cell("a (from)", input)
        );
        tr += &tagged("∂E/∂w (this sample)", "gradient", &at, gradient);
        if mean_column {
            tr += &tagged("mean ∂loss/∂w", "mean_gradient", &at, mean);
        }
        tr + &tagged("Δw", "update", &at, weight_update(eta, mean)) + "</tr>"
    };
    let mut html = why(&if mean_column {
        format!(
            "∂E/∂w = δ·a<sub>j</sub> is for the selected sample; the mean ∂loss/∂w is over all \
             {} samples: what the weight's colour shows and what full-batch training steps along.",
            s.sample_count
        )
    } else if s.regularization.is_none() {
        "With one sample, ∂loss/∂w (the loss is the mean of E) equals this sample's ∂E/∂w.".into()
    } else {
        "With one sample, the mean of E is this sample's E.".into()
    });
    if let Some(r) = s.regularization {
        html += &why(&format!(
            "Δw steps along ∂loss/∂w, which adds the {} penalty's slope {} to each weight's \
             mean ∂E/∂w (not to the bias).",
            if r.kind == Penalty::L1 { "L1" } else { "L2" },
            if r.kind == Penalty::L1 {
                "λ·sign(w)"
            } else {
                "λ·w"
            }
        ));
    }
    html += &format!(r#"<p class="why notation" data-note="weight-indices">{WEIGHT_INDICES}</p>"#);
    html += &format!(
        "<table class=\"weights\"><caption>Incoming weights: ∂E/∂w = δ·a<sub>j</sub>, and \
         Δw = −η·∂loss/∂w at η = {}</caption><thead><tr><th>weight</th><th>w</th>\
         <th>a<sub>j</sub> (from)</th><th>∂E/∂w (this sample)</th>{}<th>Δw</th></tr></thead><tbody>",
        format_number(eta),
        if mean_column {
            "<th>mean ∂loss/∂w (all samples)</th>"
        } else {
            ""
        },
    );
    for j in 0..n.min(MAX_ROWS) {
        let c = weight_chain(s, l, index, j).expect("an incoming weight of this neuron");
        html += &row(
            weight_label(layers, l, index, j),
            c.weight,
            c.net_wrt_w.value,
            c.gradient,
            c.mean_gradient,
            format!(r#"data-weight="{l},{index},{j}""#),
        );
    }
    if s.has_bias {
        html += &row(
            bias_label(layers, l, index),
            s.biases[l][index],
            1.0,
            delta,
            s.bias_gradients[l][index],
            format!(r#"data-bias="{l},{index}""#),
        );
    }
    html += "</tbody></table>";
    if n > MAX_ROWS {
        html += &why(&format!(
            "Showing the first {MAX_ROWS} of {n} incoming weights."
        ));
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::test_support::{assert_well_formed, joined, snapshot, TOY};

    const XOR: &str = r#"{"layers":[2,2,1],"activation":"sigmoid","bias":true,"seed":1,"learning_rate":0.5,"data":{"dataset":"xor"}}"#;

    /// `data-quantity="name" … data-value="x"` is in the html, with `x` written as Rust's `{}`.
    fn has_value(html: &str, name: &str, at: &str, x: f64) -> bool {
        html.contains(&format!(r#"data-quantity="{name}" {at}data-value="{x}""#))
    }

    /// The core's value, checked against the thread's worked example (which was computed in a
    /// different order, so the last bit may differ).
    fn known(core: f64, by_hand: f64) -> f64 {
        assert!(
            (core - by_hand).abs() <= 4.0 * f64::EPSILON * by_hand.abs(),
            "{core} vs {by_hand}"
        );
        core
    }

    #[test]
    fn output_neuron_writes_delta_as_its_chain_rule_product() {
        let s = snapshot(TOY);
        let html = neuron_html(&s, 2, 0);
        assert!(html.starts_with(r#"<section class="inspector-neuron"><h3>output neuron o₁</h3>"#));
        assert!(!html.contains("sample 1 of"));
        assert!(has_value(
            &html,
            "delta",
            "",
            known(s.delta[2][0], 0.10284630007978213)
        ));
        assert!(html.contains(">0.1028</mn>"));
        // net = 0.5·0.5523 + 0.6·0.6106 = 0.6425, no bias term.
        assert!(joined(&html).contains("<mn>0.5</mn><mo>·</mo><mn>0.5523</mn><mo>+</mo><mn>0.6</mn><mo>·</mo><mn>0.6106</mn><mo>=</mo>"));
        assert!(html.contains(">0.6425</mn>") && !html.contains("<mi>b</mi>"));
        // (a_k − t_k) with its numbers, and their difference as ∂E/∂a.
        assert!(html.contains(
            r#"<mn>0.6553</mn><mo>−</mo><mn data-quantity="target" data-value="0.2">0.2</mn>"#
        ));
        assert!(has_value(&html, "error_wrt_a", "", s.a[2][0] - 0.2));
        assert!(html.contains(
            "<mn>0.6553</mn><mo>·</mo><mrow><mo>(</mo><mn>1</mn><mo>−</mo><mn>0.6553</mn>"
        ));
        assert!(
            html.contains("cancels the ½") && html.contains("(some texts use the opposite sign")
        );
        // The table: this sample's ∂E/∂w, Δw = −η·∂loss/∂w, no mean column with one sample.
        assert!(html.contains(r#"<table class="weights">"#) && html.contains("at η = 0.5"));
        assert!(html.contains("<th>w(h₁→o₁)</th>"));
        assert!(has_value(
            &html,
            "gradient",
            r#"data-weight="1,0,0" "#,
            known(s.delta[2][0] * s.a[1][0], 0.056802825004518234)
        ));
        assert!(has_value(
            &html,
            "update",
            r#"data-weight="1,0,0" "#,
            -0.5 * s.gradients[1][0][0]
        ));
        assert!(!html.contains("mean_gradient") && !html.contains("(all samples)"));
    }

    #[test]
    fn hidden_neuron_adds_the_paths_through_every_neuron_it_feeds() {
        let s = snapshot(TOY);
        let html = neuron_html(&s, 1, 0);
        assert!(html.contains("<h3>hidden neuron h₁</h3>"));
        assert!(has_value(
            &html,
            "a",
            "",
            known(s.a[1][0], 0.5523079095743253)
        ));
        assert!(has_value(
            &html,
            "delta",
            "",
            known(s.delta[1][0], 0.012923946525889933)
        ));
        assert!(html.contains(">0.01292</mn>"));
        // Both terms of Σ_k w_jk δ_k: 0.5·0.1028 + 0.7·0.001207.
        assert!(html.contains("<mn>0.5</mn><mo>·</mo><mn>0.1028</mn><mo>+</mo><mn>0.7</mn><mo>·</mo><mn>0.001207</mn>"));
        assert!(has_value(&html, "error_wrt_a", "", s.error_wrt_a[1][0]));
        assert!(html.contains("total derivative"));
        assert!(has_value(
            &html,
            "gradient",
            r#"data-weight="0,0,1" "#,
            s.delta[1][0] * 0.9
        ));
    }

    #[test]
    fn input_neuron_has_only_its_value() {
        let html = neuron_html(&snapshot(TOY), 0, 1);
        assert!(html.contains("<h3>input neuron x₂</h3>"));
        assert!(has_value(&html, "a", "", 0.9));
        assert!(html.contains("no net input") && !html.contains("<table"));
        assert!(!html.contains(r#"data-quantity="delta""#));
    }

    #[test]
    fn weight_explains_each_factor_and_where_the_w_went() {
        let s = snapshot(TOY);
        let html = weight_html(&s, 1, 0, 0);
        assert!(html.contains("from hidden neuron h₁ to output neuron o₁"));
        assert!(has_value(&html, "weight", "", 0.5));
        assert!(has_value(
            &html,
            "net_wrt_w",
            "",
            known(s.a[1][0], 0.5523079095743253)
        ));
        assert!(html.contains(">0.5523</mn>"));
        assert!(has_value(&html, "error_wrt_a", "", s.error_wrt_a[2][0]));
        assert!(has_value(&html, "slope", "", s.activation_wrt_net[2][0]));
        assert!(has_value(
            &html,
            "gradient",
            "",
            known(s.delta[2][0] * s.a[1][0], 0.056802825004518234)
        ));
        assert!(html.contains(">0.0568</mn>"));
        assert!(html.contains(r#"<mrow class="highlight""#) && html.contains("d(c·w)/dw = c"));
        assert!(html.contains("grows by 0.01 × 0.5523 = 0.005523"));
        let update = -0.5 * s.gradients[1][0][0];
        assert!(has_value(&html, "update", "", update));
        assert!(has_value(&html, "new_weight", "", 0.5 + update));
        assert!(html.contains("With one sample"));
        // A weight into a hidden neuron: ∂E/∂a there is the gathered Σ w δ.
        assert!(weight_html(&s, 0, 1, 0).contains("h₂ is a hidden neuron"));
    }

    #[test]
    fn bias_terms_appear_only_in_a_network_with_bias() {
        let with_bias = TOY.replace(
            r#""learning_rate""#,
            r#""biases":[[0.1,-0.2],[0.3,0.4]],"learning_rate""#,
        );
        let s = snapshot(&with_bias);
        let html = neuron_html(&s, 1, 1);
        assert!(html.contains("<mo>+</mo><msub><mi>b</mi><msub><mi>h</mi><mn>2</mn></msub></msub>"));
        assert!(html.contains(
            "<mo>+</mo><mrow><mo>(</mo><mn>−0.2</mn><mo>)</mo></mrow></math><math><mo>=</mo>"
        ));
        assert!(html.contains("<th>b(h₂)</th>"));
        assert!(has_value(
            &html,
            "gradient",
            r#"data-bias="0,1" "#,
            s.delta[1][1]
        ));
        assert!(weight_html(&s, 0, 1, 0).contains("<mo>+</mo><mn>0</mn>"));
        let toy = snapshot(TOY);
        assert!(!neuron_html(&toy, 1, 1).contains("<mi>b</mi>"));
        assert!(!weight_html(&toy, 0, 1, 0).contains("<mi>b</mi>"));
    }

    #[test]
    fn several_samples_show_the_mean_gradient_beside_this_samples() {
        let s = snapshot(XOR);
        assert_eq!(s.sample_count, 4);
        let html = neuron_html(&s, 2, 0);
        assert!(html.contains(r#"output neuron o₁ <span class="sample">(sample 1 of 4)</span>"#));
        assert!(html.contains("(all samples)"));
        let at = r#"data-weight="1,0,1" "#;
        assert!(has_value(&html, "gradient", at, s.delta[2][0] * s.a[1][1]));
        assert!(has_value(&html, "mean_gradient", at, s.gradients[1][0][1]));
        assert!(has_value(
            &html,
            "mean_gradient",
            r#"data-bias="1,0" "#,
            s.bias_gradients[1][0]
        ));
        let weight = weight_html(&s, 1, 0, 1);
        assert!(has_value(
            &weight,
            "mean_gradient",
            "",
            s.gradients[1][0][1]
        ));
        assert!(weight.contains("over all 4 samples") && weight.contains("(1 of 4)"));
    }

    #[test]
    fn long_sums_and_tables_are_cut_with_a_note() {
        let inputs = vec!["0.5"; 20].join(",");
        let spec = format!(
            r#"{{"layers":[20,3,1],"activation":"sigmoid","seed":3,"learning_rate":0.1,"data":{{"inputs":[[{inputs}]],"targets":[[1]]}}}}"#
        );
        let s = snapshot(&spec);
        let html = neuron_html(&s, 1, 0);
        assert!(html.contains("<mo>…</mo>") && html.contains("first 8 of 20 incoming terms"));
        assert!(html.contains("<th>w(x₁₆→h₁)</th>") && !html.contains("w(x₁₇→h₁)"));
        assert!(html.contains("first 16 of 20 incoming weights"));
        let weight = weight_html(&s, 0, 2, 15);
        assert!(weight.contains(r##"<mrow class="highlight" mathcolor="#c2185b"><msub><mi>w</mi><mrow><msub><mi>x</mi><mn>16</mn>"##));
        assert_well_formed(&html);
        assert_well_formed(&weight);
    }

    #[test]
    fn html_is_well_formed_for_every_neuron_and_weight() {
        for spec in [TOY, XOR] {
            let s = snapshot(spec);
            for (layer, &n) in s.layers.iter().enumerate() {
                for index in 0..n {
                    assert_well_formed(&neuron_html(&s, layer, index));
                }
            }
            for (l, rows) in s.weights.iter().enumerate() {
                for (k, row) in rows.iter().enumerate() {
                    for j in 0..row.len() {
                        assert_well_formed(&weight_html(&s, l, k, j));
                    }
                }
            }
        }
    }

    #[test]
    fn a_tanh_layer_names_its_activation_and_uses_one_minus_a_squared() {
        let spec = TOY.replace(
            r#""activation":"sigmoid""#,
            r#""activation":["tanh","sigmoid"]"#,
        );
        let s = snapshot(&spec);
        let html = neuron_html(&s, 1, 0);
        let a = s.a[1][0];
        assert_eq!(a, s.net[1][0].tanh());
        assert!(has_value(&html, "slope", "", 1.0 - a * a));
        assert_eq!(s.activation_wrt_net[1][0], 1.0 - a * a);
        // a = tanh(net) = tanh(0.21), and tanh′(net) = 1 − a² with the numbers.
        assert!(html.contains("<mi>tanh</mi><mrow><mo>(</mo><mn>0.21</mn><mo>)</mo></mrow>"));
        assert!(
            html.contains("<msup><mi>tanh</mi><mo>′</mo></msup><mrow><mo>(</mo><msub><mi>net</mi>")
        );
        assert!(html.contains(&format!(
            "<mn>1</mn><mo>−</mo><msup><mn>{}</mn><mn>2</mn></msup>",
            format_number(a)
        )));
        assert!(html.contains("tanh′(net) = 1 − a²") && html.contains("its activation is tanh"));
        assert!(
            !html.contains("<mi>σ</mi>"),
            "no sigmoid in a tanh neuron: {html}"
        );
        // δ = (Σ w δ) · (1 − a²), and the output layer is still a sigmoid.
        assert!(has_value(&html, "delta", "", s.delta[1][0]));
        let output = neuron_html(&s, 2, 0);
        assert!(
            output.contains("<msup><mi>σ</mi><mo>′</mo></msup>")
                && output.contains("cancels the ½")
        );
        for spec in [
            spec.clone(),
            TOY.replace(
                r#""activation":"sigmoid""#,
                r#""activation":["relu","linear"]"#,
            ),
        ] {
            let s = snapshot(&spec);
            for (layer, &n) in s.layers.iter().enumerate() {
                for index in 0..n {
                    assert_well_formed(&neuron_html(&s, layer, index));
                }
            }
        }
        let relu = snapshot(&TOY.replace(
            r#""activation":"sigmoid""#,
            r#""activation":["relu","linear"]"#,
        ));
        let html = neuron_html(&relu, 1, 0);
        assert!(html.contains("relu′(net) = 1 if net > 0 else 0") && html.contains("is on"));
        assert!(has_value(&html, "slope", "", 1.0));
        assert!(neuron_html(&relu, 2, 1).contains("linear: 1"));
    }

    #[test]
    fn cross_entropy_shows_why_the_output_delta_is_a_minus_t() {
        let spec = TOY.replace(
            r#""learning_rate""#,
            r#""loss":"cross_entropy","learning_rate""#,
        );
        let s = snapshot(&spec);
        let html = neuron_html(&s, 2, 0);
        let (a, t) = (s.a[2][0], 0.2);
        assert!(has_value(&html, "delta", "", a - t));
        assert_eq!(s.delta[2][0], a - t);
        assert!(has_value(
            &html,
            "error_wrt_a",
            "",
            (a - t) / (a * (1.0 - a))
        ));
        assert!(has_value(&html, "slope", "", a * (1.0 - a)));
        // δ = (a − t)/(a(1 − a)) · a(1 − a) = a − t = 0.6553 − 0.2.
        assert!(html.contains("<mfrac><mrow><msub><mi>a</mi>"));
        assert!(html.contains(
            r#"<mn>0.6553</mn><mo>−</mo><mn data-quantity="target" data-value="0.2">0.2</mn>"#
        ));
        assert!(html.contains("the two factors cancel") && html.contains("cross-entropy"));
        assert!(!html.contains("cancels the ½"));
        assert_well_formed(&html);
        // A hidden neuron's δ is unchanged in form.
        assert!(neuron_html(&s, 1, 0).contains("total derivative"));
    }

    #[test]
    fn regularisation_shows_its_term_in_the_weights_gradient() {
        let spec = XOR.replace(
            r#""learning_rate""#,
            r#""regularization":{"kind":"l2","rate":0.1},"momentum":0.5,"learning_rate""#,
        );
        let s = snapshot(&spec);
        let html = weight_html(&s, 1, 0, 1);
        let w = s.weights[1][0][1];
        assert!(has_value(&html, "penalty_gradient", "", 0.1 * w));
        assert!(has_value(&html, "mean_gradient", "", s.gradients[1][0][1]));
        assert!(html.contains("L2 penalty") && html.contains("λ = 0.1"));
        assert!(html.contains("momentum μ = 0.5"));
        assert_well_formed(&html);
        let l1 = snapshot(&spec.replace("l2", "l1"));
        let html = weight_html(&l1, 1, 0, 1);
        assert!(has_value(&html, "penalty_gradient", "", 0.1 * w.signum()));
        assert!(neuron_html(&l1, 2, 0).contains("L1 penalty's slope λ·sign(w)"));
    }

    #[test]
    fn out_of_range_indices_say_so_instead_of_panicking() {
        let s = snapshot(TOY);
        assert!(neuron_html(&s, 3, 0).contains("No such neuron"));
        assert!(neuron_html(&s, 1, 2).contains("No such neuron"));
        assert!(weight_html(&s, 2, 0, 0).contains("No such weight"));
        assert!(weight_html(&s, 0, 0, 2).contains("No such weight"));
    }

    #[test]
    fn an_estimated_mean_is_said_to_be_one() {
        let big = r#"{"layers":[2,100,100,1],"activation":"sigmoid","bias":true,"seed":1,"learning_rate":0.5,"data":{"dataset":"circle","samples":10000}}"#;
        let s = snapshot(big);
        assert!(s.measured_samples < s.sample_count);
        let html = weight_html(&s, 1, 0, 0);
        assert!(html.contains(&format!(
            "estimates that mean on {} of the 10000",
            s.measured_samples
        )));
        let small = snapshot(TOY);
        assert!(!weight_html(&small, 1, 0, 0).contains("estimates"));
    }
}
