//! Derivation panels: each answers one question of `shared/seed-question.md` step by step, with
//! the numbers of the neuron or weight in focus (for the selected sample), as HTML with MathML.
//!
//! - [`Derivation::SigmoidSlope`]: why `σ'(x) = a(1 − a)`, through the chain `f(g) = 1/g`,
//!   `g(h) = 1 + e^h`, `h(x) = −x`, with `x = net` substituted at every line. For a neuron with
//!   another activation it says which, and gives that one's slope in one line.
//! - [`Derivation::OutputError`]: why `∂E/∂a_k = −(t_k − a_k)`: `E` written out as its sum, the
//!   power rule and the chain rule on the one term that holds `a_k`, the others' derivative 0.
//!   With cross-entropy: its `∂E/∂a_k = (a_k − t_k)/(a_k(1 − a_k))` the same way, and why the
//!   sigmoid's `a(1 − a)` cancels it into `δ_k = a_k − t_k`. That part is the loss's entry
//!   ([`crate::view::formulas::error_wrt_a_derivation`]); this panel adds the hidden neuron's
//!   preface.
//! - [`Derivation::NetWrtWeight`]: why `∂net_k/∂w_jk = a_j` ("where did the w's go?").
//! - [`Derivation::ChainProduct`]: how the factors multiply into `Δw = −η · δ_k · a_j`, and how a
//!   hidden neuron's `δ` gathers the `δ`s of the layer after it (the total derivative).
//!
//! Every formula line is a `<div class="formula"><math display="block">`, every sentence a
//! `<p class="why">`. Markup is built only from fixed strings, labels and formatted numbers.
//!
//! Key numbers carry `data-quantity` and `data-value` (the exact `f64` as Rust's `{}` writes it),
//! each name at most once per panel:
//! - sigmoid-slope: `net`, `a`, `slope_product` (the unsimplified `e^{−x}/(1+e^{−x})²`; sigmoid
//!   only), `slope` (`a(1 − a)`, the core's `activation_wrt_net`, or the neuron's own slope);
//! - output-error: `error` (this sample's `E`), `target`, `error_wrt_a` (of the output neuron
//!   shown), and with cross-entropy `delta` (`a − t`);
//! - net-wrt-weight: `net` (of the neuron the weight feeds), `net_wrt_w` (`a_j`);
//! - chain-product: `error_wrt_a`, `slope`, `net_wrt_w`, `delta` (of the neuron the weight
//!   feeds), `gradient` (this sample's `∂E/∂w = δ_k·a_j`), `mean_gradient` (only with several
//!   samples), `penalty_gradient` (with regularisation), `update` (`Δw = −η·∂loss/∂w`),
//!   `new_weight`, and for the hidden neuron whose `δ`
//!   is gathered, `hidden_error_wrt_a` (`Σ_k w_jk δ_k`) and `hidden_delta`.

use crate::model::Snapshot;
use crate::nn::chain_rule::weight_update;
use crate::nn::{Activation, Penalty};
use crate::view::chain::{delta_chain, weight_chain};
use crate::view::expr::Expr;
use crate::view::formulas::{
    apply_mathml, definition_at_mathml, direct_delta_expr, error_wrt_a_derivation,
    error_wrt_a_expr, loss_in_words, name_in_words, plain_derivative, plain_slope, prime_mathml,
    slope_derived, slope_mathml, slope_numbers_mathml,
};
use crate::view::labels::{
    bias_mathml, neuron_label, neuron_mathml, weight_label, weight_mathml, Role,
};
use crate::view::mathml::{
    factor, format_number, formula, formula_split, frac, highlight, inline, mi, mrow, neg,
    new_weight_formula, num, of, one_minus, paren, partial, quantity, sigmoid_of, slash, sub, sum,
    sup, terms, why, CAPITAL_DELTA, MAX_TERMS, NEG_ONE,
};
use crate::view::prose::{estimated_mean, SIGN_CONVENTION};

/// One derivation panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Derivation {
    SigmoidSlope,
    OutputError,
    NetWrtWeight,
    ChainProduct,
}

impl Derivation {
    /// Every panel, in the order of the chain `∂E/∂a_k × ∂a_k/∂net_k × ∂net_k/∂w_jk` as the
    /// thread asks about it: the sigmoid first, then the error, the net, and the product.
    pub fn all() -> [Derivation; 4] {
        [
            Derivation::SigmoidSlope,
            Derivation::OutputError,
            Derivation::NetWrtWeight,
            Derivation::ChainProduct,
        ]
    }

    /// The stable id, for the page, URLs and tests.
    pub fn name(self) -> &'static str {
        match self {
            Derivation::SigmoidSlope => "sigmoid-slope",
            Derivation::OutputError => "output-error",
            Derivation::NetWrtWeight => "net-wrt-weight",
            Derivation::ChainProduct => "chain-product",
        }
    }

    /// The question the panel answers, as plain text.
    pub fn title(self) -> &'static str {
        match self {
            Derivation::SigmoidSlope => "Why is σ′(net) = a(1 − a)?",
            Derivation::OutputError => "Why is ∂E/∂aₖ = −(tₖ − aₖ)?",
            Derivation::NetWrtWeight => "Why is ∂netₖ/∂wⱼₖ = aⱼ? Where did the w go?",
            Derivation::ChainProduct => "How do the factors multiply into Δw = −η·δₖ·aⱼ?",
        }
    }

    /// The panel with this [`name`](Derivation::name).
    pub fn from_name(name: &str) -> Option<Derivation> {
        Derivation::all().into_iter().find(|d| d.name() == name)
    }
}

/// What the learner has selected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// Neuron `index` of layer `layer` (layer 0 is the input layer).
    Neuron { layer: usize, index: usize },
    /// The weight `weights[layer][to][from]`: from neuron `from` of layer `layer` to neuron `to`
    /// of layer `layer + 1`.
    Weight {
        layer: usize,
        to: usize,
        from: usize,
    },
}

/// The panel `d` for the neuron or weight in focus, with the numbers of the selected sample.
///
/// The sigmoid and output-error panels use a neuron with a net: the focused neuron, or the
/// neuron a focused weight feeds. The other two use a weight: the focused weight, or a focused
/// neuron's first incoming weight. An input neuron has neither a net nor incoming weights, so the
/// panels say so and use the first output neuron (and its first incoming weight) instead.
pub fn derivation_html(d: Derivation, s: &Snapshot, focus: Focus) -> String {
    let open = format!(
        r#"<section class="derivation" data-derivation="{}"><h3>{}</h3>"#,
        d.name(),
        d.title()
    );
    if !exists(s, focus) {
        return open + &why("Nothing in focus: no such neuron or weight.") + "</section>";
    }
    let body = match d {
        Derivation::SigmoidSlope => {
            let (layer, index, place) = neuron_in_focus(s, focus);
            place + &sigmoid_slope(s, layer, index)
        }
        Derivation::OutputError => {
            let (layer, index, place) = neuron_in_focus(s, focus);
            place + &output_error(s, layer, index)
        }
        Derivation::NetWrtWeight => {
            let (l, k, j, place) = weight_in_focus(s, focus);
            place + &net_wrt_weight(s, l, k, j)
        }
        Derivation::ChainProduct => {
            let (l, k, j, place) = weight_in_focus(s, focus);
            place + &chain_product(s, l, k, j)
        }
    };
    open + &body + "</section>"
}

fn exists(s: &Snapshot, focus: Focus) -> bool {
    let layers = &s.layers;
    if layers.len() < 2 {
        return false;
    }
    match focus {
        Focus::Neuron { layer, index } => layer < layers.len() && index < layers[layer],
        Focus::Weight { layer, to, from } => {
            layer + 1 < layers.len() && to < layers[layer + 1] && from < layers[layer]
        }
    }
}

fn output_layer(s: &Snapshot) -> usize {
    s.layers.len() - 1
}

/// ` (sample 2 of 4)` when there are several samples.
fn sample_note(s: &Snapshot) -> String {
    if s.sample_count > 1 {
        format!(" (sample {} of {})", s.sample + 1, s.sample_count)
    } else {
        String::new()
    }
}

fn place(text: &str) -> String {
    format!(r#"<p class="place">{text}</p>"#)
}

/// Why an input neuron cannot be the focus of a panel, and what is shown instead.
fn input_note(s: &Snapshot, index: usize, needs: &str, instead: &str) -> String {
    why(&format!(
        "{} is an input neuron: it only hands its value on, with no net input, no activation \
         function and no incoming weight. This panel needs {needs}, so it shows {instead}.",
        neuron_label(&s.layers, 0, index)
    ))
}

/// The neuron with a net that the sigmoid and output-error panels use, and a line saying which.
fn neuron_in_focus(s: &Snapshot, focus: Focus) -> (usize, usize, String) {
    let layers = &s.layers;
    match focus {
        Focus::Neuron { layer: 0, index } => {
            let out = output_layer(s);
            let first = neuron_label(layers, out, 0);
            (
                out,
                0,
                input_note(
                    s,
                    index,
                    "a neuron with a net",
                    &format!("the first output neuron, {first}"),
                ) + &place(&format!("for output neuron {first}{}", sample_note(s))),
            )
        }
        Focus::Neuron { layer, index } => (
            layer,
            index,
            place(&format!(
                "for {} neuron {}{}",
                Role::of(layers, layer).name(),
                neuron_label(layers, layer, index),
                sample_note(s)
            )),
        ),
        Focus::Weight { layer, to, from } => (
            layer + 1,
            to,
            place(&format!(
                "for {} neuron {}, the neuron the weight {} feeds{}",
                Role::of(layers, layer + 1).name(),
                neuron_label(layers, layer + 1, to),
                weight_label(layers, layer, to, from),
                sample_note(s)
            )),
        ),
    }
}

/// The weight `(l, k, j)` the net and chain panels use, and a line saying which.
fn weight_in_focus(s: &Snapshot, focus: Focus) -> (usize, usize, usize, String) {
    let layers = &s.layers;
    match focus {
        Focus::Weight { layer, to, from } => (
            layer,
            to,
            from,
            place(&format!(
                "for the weight {}{}",
                weight_label(layers, layer, to, from),
                sample_note(s)
            )),
        ),
        Focus::Neuron { layer: 0, index } => {
            let out = output_layer(s);
            let label = weight_label(layers, out - 1, 0, 0);
            (
                out - 1,
                0,
                0,
                input_note(
                    s,
                    index,
                    "a neuron with incoming weights",
                    &format!("the first weight into the first output neuron, {label}"),
                ) + &place(&format!("for the weight {label}{}", sample_note(s))),
            )
        }
        Focus::Neuron { layer, index } => (
            layer - 1,
            index,
            0,
            place(&format!(
                "for the weight {}, the first weight into {}{}",
                weight_label(layers, layer - 1, index, 0),
                neuron_label(layers, layer, index),
                sample_note(s)
            )),
        ),
    }
}

fn e_to(exponent: &str) -> String {
    format!("<msup><mi>e</mi>{}</msup>", mrow(exponent))
}

/// `d top / d bottom`: an ordinary derivative (a function of one variable).
fn d_frac(top: &str, bottom: &str) -> String {
    let d = r#"<mi mathvariant="normal">d</mi>"#;
    frac(&format!("{d}{top}"), &format!("{d}{bottom}"))
}

/// `name(arg)`.
fn call(name: &str, arg: &str) -> String {
    format!("{}{}", mi(name), paren(arg))
}

/// `−x` with a number: `−0.6425`, or `−(−0.3)`.
fn minus(markup: String, x: f64) -> String {
    neg(&factor(markup, x))
}

// ---------------------------------------------------------------------------------------------
// Why σ′(x) = a(1 − a)

/// For a neuron whose activation is not the sigmoid: which it is, and its slope in one line.
fn other_slope(s: &Snapshot, layer: usize, index: usize, f: Activation) -> String {
    let layers = &s.layers;
    let (net_s, a_s) = (
        of("net", layers, layer, index),
        of("a", layers, layer, index),
    );
    let (net, a) = (s.net[layer][index], s.a[layer][index]);
    let mut html = why(&format!(
        "{} does not use the sigmoid: its activation is {}, so this panel's a(1 − a) is not its \
         slope. Its slope is {}.",
        neuron_label(layers, layer, index),
        name_in_words(f),
        plain_derivative(f)
    ));
    html += &formula(&[
        a_s.clone(),
        apply_mathml(f, &net_s),
        definition_at_mathml(f, net).unwrap_or_else(|| apply_mathml(f, &num(net))),
        quantity("a", a),
    ]);
    let mut slope = vec![prime_mathml(f, &net_s), slope_mathml(f, &a_s, &net_s)];
    slope.extend(slope_numbers_mathml(f, a));
    slope.push(quantity("slope", s.activation_wrt_net[layer][index]));
    html += &formula(&slope);
    html += &why(&format!(
        "Here {}. {}",
        inline(&format!("{net_s}<mo>=</mo>{}", quantity("net", net))),
        slope_derived(f, net)
    ));
    html
}

fn sigmoid_slope(s: &Snapshot, layer: usize, index: usize) -> String {
    let f = s.activation_of(layer);
    if f != Activation::Sigmoid {
        return other_slope(s, layer, index, f);
    }
    let layers = &s.layers;
    let net_s = of("net", layers, layer, index);
    let a_s = of("a", layers, layer, index);
    let label = neuron_label(layers, layer, index);
    let x = mi("x");
    let neg_x = neg(&x);
    let (g_s, h_s) = (mi("g"), mi("h"));
    let one_plus_e = format!("<mn>1</mn><mo>+</mo>{}", e_to(&neg_x));

    // The numbers, computed exactly as the lines say.
    let net = s.net[layer][index];
    let a = s.a[layer][index];
    let h = -net;
    let e_h = crate::nn::exp::exp(h);
    let g = 1.0 + e_h;
    let f = 1.0 / g;
    let df_dg = -1.0 / (g * g);
    let dh_dx = -1.0;
    let product = df_dg * e_h * dh_dx;
    let ratio = e_h / g;
    let slope = s.activation_wrt_net[layer][index];

    let mut html = why(&format!(
        "The sigmoid σ(x) = 1/(1 + e<sup>−x</sup>) is three simple functions nested inside each \
         other, and each is easy to differentiate on its own. Here x is the net input of {label}, \
         {}: follow it through the three.",
        inline(&format!("{net_s}<mo>=</mo>{}", quantity("net", net)))
    ));
    html += &formula(&[
        call("σ", &x),
        sigmoid_of(&neg_x),
        call("f", &call("g", &call("h", &x))),
    ]);
    let mut h_line = vec![call("h", &x), neg_x.clone(), minus(num(net), net)];
    if net < 0.0 {
        h_line.push(num(h));
    }
    html += &formula(&h_line);
    html += &formula(&[
        call("g", &h_s),
        format!("<mn>1</mn><mo>+</mo>{}", e_to(&h_s)),
        format!("<mn>1</mn><mo>+</mo>{}", e_to(&num(h))),
        format!("<mn>1</mn><mo>+</mo>{}", num(e_h)),
        num(g),
    ]);
    html += &formula(&[
        call("f", &g_s),
        frac("<mn>1</mn>", &g_s),
        frac("<mn>1</mn>", &num(g)),
        num(f),
        a_s.clone(),
        quantity("a", a),
    ]);
    html += &why(&format!(
        "So f(g(h(x))) is σ(x), the activation {} the forward pass computed. The chain rule says \
         the derivative of nested functions is the product of each one's derivative, each taken \
         at the value it receives:",
        inline(&a_s)
    ));
    html += &formula(&[
        d_frac(&mi("σ"), &x),
        format!(
            "{}<mo>·</mo>{}<mo>·</mo>{}",
            d_frac(&mi("f"), &g_s),
            d_frac(&g_s, &h_s),
            d_frac(&h_s, &x)
        ),
    ]);

    html += "<h4>The three factors</h4>";
    html += &formula(&[
        d_frac(&mi("f"), &g_s),
        d_frac(&sup(&g_s, "<mo>−</mo><mn>1</mn>"), &g_s),
        format!(
            "{}<mo>·</mo>{}",
            paren(NEG_ONE),
            sup(&g_s, "<mo>−</mo><mn>2</mn>")
        ),
        frac("<mo>−</mo><mn>1</mn>", &sup(&g_s, "<mn>2</mn>")),
        frac("<mo>−</mo><mn>1</mn>", &sup(&num(g), "<mn>2</mn>")),
        num(df_dg),
    ]);
    html += &why(
        "Power rule: 1/g is g to the power −1, and the power rule says the derivative of gⁿ is \
         n·gⁿ⁻¹. With n = −1 the exponent −1 comes down in front as a factor, and the exponent \
         drops by one, to −2. That is how the −1 gets to the numerator: it is the old exponent. \
         (No quotient rule needed, though it gives the same: (0·g − 1·1)/g².)",
    );
    html += &formula(&[
        d_frac(&g_s, &h_s),
        d_frac(&paren(&format!("<mn>1</mn><mo>+</mo>{}", e_to(&h_s))), &h_s),
        format!("<mn>0</mn><mo>+</mo>{}", e_to(&h_s)),
        e_to(&num(h)),
        num(e_h),
    ]);
    html += &why(
        "The constant 1 does not change, so its derivative is 0; and e<sup>h</sup> is its own \
         derivative. This is the derivative with respect to h, not x: the −x inside is the next \
         factor's business.",
    );
    html += &formula(&[d_frac(&h_s, &x), d_frac(&paren(&neg_x), &x), NEG_ONE.into()]);
    html += &why(
        "−x is (−1)·x, a constant times x, and the derivative of a constant times x is that \
         constant: −1. This −1 is the minus sign you see when you differentiate 1 + e<sup>−x</sup> \
         in one go (−e<sup>−x</sup>): the chain rule multiplies the inner derivative −1 onto \
         e<sup>−x</sup>. The exponent itself is not touched. The power rule is for a variable \
         raised to a fixed power, like xⁿ, not for e raised to a variable, so e<sup>−x</sup> \
         never becomes e<sup>−2x</sup>.",
    );

    html += "<h4>Multiply them</h4>";
    let factors = format!(
        "{}<mo>·</mo>{}<mo>·</mo>{}",
        paren(&frac("<mo>−</mo><mn>1</mn>", &sup(&g_s, "<mn>2</mn>"))),
        e_to(&h_s),
        paren(NEG_ONE)
    );
    html += &formula_split(
        &[
            d_frac(&mi("σ"), &x),
            factors,
            frac(&e_to(&h_s), &sup(&g_s, "<mn>2</mn>")),
            frac(&e_to(&neg_x), &sup(&paren(&one_plus_e), "<mn>2</mn>")),
        ],
        2,
    );
    html += &formula(&[
        d_frac(&mi("σ"), &x),
        format!(
            "{}<mo>·</mo>{}<mo>·</mo>{}",
            factor(num(df_dg), df_dg),
            num(e_h),
            paren(NEG_ONE)
        ),
        quantity("slope_product", product),
    ]);
    html += &why(
        "The two minus signs cancel (−1 times −1 is +1). What is left, \
         e<sup>−x</sup>/(1 + e<sup>−x</sup>)², is the form the thread's link gives. One more \
         step turns it into something backprop already has.",
    );
    if !product.is_finite() {
        html += &why(
            "At this net e<sup>−net</sup> is too large for a 64-bit float: it overflows to \
             infinity, and the unsimplified form becomes ∞/∞, which is not a number. The form \
             a(1 − a) below has no such trouble: one more reason to use it.",
        );
    }

    html += "<h4>From the product to a(1 − a)</h4>";
    html += &formula(&[
        frac(&e_to(&neg_x), &sup(&paren(&one_plus_e), "<mn>2</mn>")),
        format!(
            "{}<mo>·</mo>{}",
            frac("<mn>1</mn>", &one_plus_e),
            frac(&e_to(&neg_x), &one_plus_e)
        ),
        format!("{}<mo>·</mo>{}", num(f), num(ratio)),
    ]);
    html += &why(
        "Split the square in the denominator: one factor 1 + e<sup>−x</sup> goes under the 1, \
         the other under e<sup>−x</sup>. The first fraction is σ(x) itself.",
    );
    html += &formula(&[
        frac(&e_to(&neg_x), &one_plus_e),
        frac(
            &format!("<mn>1</mn><mo>+</mo>{}<mo>−</mo><mn>1</mn>", e_to(&neg_x)),
            &one_plus_e,
        ),
        format!("<mn>1</mn><mo>−</mo>{}", frac("<mn>1</mn>", &one_plus_e)),
        format!("<mn>1</mn><mo>−</mo>{}", call("σ", &x)),
    ]);
    html += &formula(&[
        frac(&num(e_h), &num(g)),
        num(ratio),
        format!("<mn>1</mn><mo>−</mo>{}", num(a)),
    ]);
    html += &why(
        "Add 1 and take it away again in the numerator, then split the fraction: \
         (1 + e<sup>−x</sup>)/(1 + e<sup>−x</sup>) is 1. So the second fraction is 1 − σ(x).",
    );
    html += &formula_split(
        &[
            format!("<msup><mi>σ</mi><mo>′</mo></msup>{}", paren(&net_s)),
            format!(
                "{}{}",
                call("σ", &x),
                paren(&format!("<mn>1</mn><mo>−</mo>{}", call("σ", &x)))
            ),
            one_minus(&a_s),
            format!(
                "{}<mo>·</mo>{}",
                num(a),
                paren(&format!("<mn>1</mn><mo>−</mo>{}", num(a)))
            ),
            quantity("slope", slope),
        ],
        3,
    );
    html += &why(&format!(
        "That is why backprop writes σ′ = a(1 − a): the forward pass already computed a, so the \
         slope costs one multiplication and no exponential. Both forms give the same number: {} \
         from the chain, {} from a(1 − a). It is the slope of the sigmoid at this net: how fast \
         {} moves when {} moves.",
        format_number(product),
        format_number(slope),
        inline(&a_s),
        inline(&net_s)
    ));
    html
}

// ---------------------------------------------------------------------------------------------
// Why ∂E/∂a_k = −(t_k − a_k)

/// The output neuron shown for a hidden neuron, and why that one.
fn output_for_hidden(s: &Snapshot, layer: usize, index: usize) -> (usize, String) {
    let out = output_layer(s);
    let layers = &s.layers;
    if layer + 1 == out {
        let mut k = 0;
        for q in 1..layers[out] {
            if s.weights[layer][q][index].abs() > s.weights[layer][k][index].abs() {
                k = q;
            }
        }
        let w = s.weights[layer][k][index];
        (
            k,
            format!(
                "the output neuron {} feeds most strongly: {} (its weight {} = {} is the largest \
                 in size)",
                neuron_label(layers, layer, index),
                neuron_label(layers, out, k),
                weight_label(layers, layer, k, index),
                format_number(w)
            ),
        )
    } else {
        (
            0,
            format!(
                "the first output neuron, {} ({} reaches the outputs only through another hidden \
                 layer)",
                neuron_label(layers, out, 0),
                neuron_label(layers, layer, index)
            ),
        )
    }
}

fn output_error(s: &Snapshot, layer: usize, index: usize) -> String {
    let layers = &s.layers;
    let out = output_layer(s);
    let mut html = String::new();
    let k = if layer == out {
        index
    } else {
        let (k, which) = output_for_hidden(s, layer, index);
        let a_j = of("a", layers, layer, index);
        html +=
            &why(&format!(
            "{} is a hidden neuron, so this rule is not its {}. {} does not appear in E directly: \
             it reaches E through every neuron it feeds, and its {} is the sum {} = {} (see \
             “{}”). This panel shows {which}.",
            neuron_label(layers, layer, index),
            inline(&slash(&mi("E"), &a_j)),
            inline(&a_j),
            inline(&slash(&mi("E"), &a_j)),
            inline(&format!(
                "<munder><mo>∑</mo><mi>k</mi></munder>{}{}",
                sub(
                    &mi("w"),
                    &mrow(&format!("{}<mi>k</mi>", neuron_mathml(layers, layer, index)))
                ),
                sub(&mi("δ"), &mi("k"))
            )),
            format_number(s.error_wrt_a[layer][index]),
            Derivation::ChainProduct.title()
        ));
        k
    };
    html + &error_wrt_a_derivation(s, k, Derivation::SigmoidSlope.title())
}

// ---------------------------------------------------------------------------------------------
// Why ∂net_k/∂w_jk = a_j

fn net_wrt_weight(s: &Snapshot, l: usize, k: usize, j: usize) -> String {
    let layers = &s.layers;
    let to = l + 1;
    let (w_s, a_j) = (weight_mathml(layers, l, k, j), of("a", layers, l, j));
    let net_k = of("net", layers, to, k);
    let (w, aj) = (s.weights[l][k][j], s.a[l][j]);
    let n = layers[l];
    let shown = terms(n, Some(j));
    let mark = |i: usize, inner: String| if i == j { highlight(&inner) } else { inner };
    let term = |i: usize| weight_mathml(layers, l, k, i) + &of("a", layers, l, i);
    let term_numbers = |i: usize| {
        let (w_i, a_i) = (s.weights[l][k][i], s.a[l][i]);
        format!(
            "{}<mo>·</mo>{}",
            factor(num(w_i), w_i),
            factor(num(a_i), a_i)
        )
    };
    let (mut symbols, mut numbers) = (
        sum(&shown, |i| mark(i, term(i))),
        sum(&shown, |i| mark(i, term_numbers(i))),
    );
    let mut zeros_after = String::new();
    if s.has_bias {
        let b = s.biases[l][k];
        symbols += &format!("<mo>+</mo>{}", bias_mathml(layers, l, k));
        numbers += &format!("<mo>+</mo>{}", factor(num(b), b));
        zeros_after = "<mo>+</mo><mn>0</mn>".into();
    }

    let mut html = why(&format!(
        "Write {} out term by term: one term per incoming weight{}. Only the highlighted term \
         holds {}:",
        inline(&net_k),
        if s.has_bias { ", plus the bias" } else { "" },
        inline(&w_s)
    ));
    html += &formula_split(
        &[
            net_k.clone(),
            symbols,
            numbers,
            quantity("net", s.net[to][k]),
        ],
        2,
    );
    if n > MAX_TERMS {
        html += &why(&format!(
            "Showing {} of the {n} terms.",
            shown.iter().flatten().count()
        ));
    }
    let d_term = partial(&paren(&format!("{w_s}<mo>·</mo>{a_j}")), &w_s);
    html += &why("Differentiate term by term with respect to that one weight:");
    html += &formula(&[
        partial(&net_k, &w_s),
        sum(&shown, |i| {
            if i == j {
                highlight(&d_term)
            } else {
                "<mn>0</mn>".into()
            }
        }) + &zeros_after,
        d_term,
        a_j.clone(),
        quantity("net_wrt_w", aj),
    ]);
    let others = if n > 1 || s.has_bias {
        let example = (0..n)
            .find(|&i| i != j)
            .map(|i| format!("{} = {}", inline(&term(i)), inline(&term_numbers(i))));
        let example = match (example, s.has_bias) {
            (Some(e), true) => format!("{e} and the bias {}", inline(&bias_mathml(layers, l, k))),
            (Some(e), false) => e,
            (None, _) => format!("the bias {}", inline(&bias_mathml(layers, l, k))),
        };
        format!(
            "Every other term, like {example}, contains no {}: when only {} moves it stays put, \
             so its derivative is 0. That is why only one term is left: the other weights are not \
             forgotten, they just do not change when this one does. ",
            inline(&w_s),
            inline(&w_s)
        )
    } else {
        String::new()
    };
    if !others.is_empty() {
        html += &why(&others);
    }
    html += &formula(&[
        d_frac(
            "<mo>(</mo><mi>c</mi><mo>·</mo><mi>w</mi><mo>)</mo>",
            &mi("w"),
        ),
        mi("c"),
    ]);
    html += &why(&format!(
        "The rule for the one term: the derivative of (constant × w) with respect to w is that \
         constant, here c = {} = {}. For example d(3w)/dw = 3.",
        inline(&a_j),
        format_number(aj)
    ));
    html += &why(&format!(
        "“Shouldn't it be 0? {a} is a constant.” Yes, {a} is a constant here: it does not change \
         when only {w} moves, and a constant standing alone has derivative 0. But {a} is not \
         alone: it multiplies {w}. It is {wa}'s derivative that is {a}, not {a}'s own \
         derivative, which would indeed be 0.",
        a = inline(&a_j),
        w = inline(&w_s),
        wa = inline(&format!("{w_s}<mo>·</mo>{a_j}")),
    ));
    html += &why(&format!(
        "“Where did the w go?” It is the variable we differentiate by. By the power rule at its \
         simplest, w = w¹ becomes 1·w⁰ = 1: the w leaves, and the constant it multiplied stays. \
         In numbers: {net} is a straight line in {w} with slope {a}. If {w} grows by 0.01 (from \
         {} to {}), {net} grows by 0.01 × {} = {}, whatever the other terms are.",
        format_number(w),
        format_number(w + 0.01),
        format_number(aj),
        format_number(0.01 * aj),
        net = inline(&net_k),
        w = inline(&w_s),
        a = inline(&a_j),
    ));
    html
}

// ---------------------------------------------------------------------------------------------
// How the factors multiply into Δw, and how a hidden δ gathers the layer after it

fn chain_product(s: &Snapshot, l: usize, k: usize, j: usize) -> String {
    let layers = &s.layers;
    let to = l + 1;
    let (w_s, a_j) = (weight_mathml(layers, l, k, j), of("a", layers, l, j));
    let (a_k, net_k, delta_k) = (
        of("a", layers, to, k),
        of("net", layers, to, k),
        of("δ", layers, to, k),
    );
    // "Do you just multiply them?": the factors and their products are the chain model's.
    let c = weight_chain(s, l, k, j).expect("the focus is a weight of this network");
    let (w, aj, delta) = (c.weight, c.net_wrt_w.value, c.into.delta);
    let (error, slope) = (c.into.error_wrt_a.value, c.into.slope.value);
    let gradient = c.gradient;
    let (eta, mean) = (c.learning_rate, c.mean_gradient);
    let update = c.full_batch_update;
    let label_k = neuron_label(layers, to, k);
    let to_is_output = to == output_layer(s);

    let mut html = "<h4>One weight: multiply the factors</h4>".to_string();
    html += &why(&format!(
        "E depends on {w} only through a chain: {w} moves {net}, {net} moves {a}, and {a} moves \
         E. Each factor says how much one link moves per unit of the one before it; multiplied, \
         they say how much E moves per unit of {w}.",
        w = inline(&w_s),
        net = inline(&net_k),
        a = inline(&a_k),
    ));
    html += &formula_split(
        &[
            partial(&mi("E"), &w_s),
            format!(
                "{}<mo>·</mo>{}<mo>·</mo>{}",
                partial(&mi("E"), &a_k),
                partial(&a_k, &net_k),
                partial(&net_k, &w_s)
            ),
            format!(
                "{}<mo>·</mo>{}<mo>·</mo>{}",
                factor(quantity("error_wrt_a", error), error),
                quantity("slope", slope),
                factor(quantity("net_wrt_w", aj), aj)
            ),
            format!("{delta_k}<mo>·</mo>{a_j}"),
            format!(
                "{}<mo>·</mo>{}",
                factor(quantity("delta", delta), delta),
                factor(num(aj), aj)
            ),
            quantity("gradient", gradient),
        ],
        2,
    );
    let f = s.activation_of(to);
    let t_k = of("t", layers, to, k);
    let (a_expr, t_expr) = (Expr::markup(&a_k), Expr::markup(&t_k));
    // An output's ∂E/∂a, and its δ where the loss makes the slope cancel, from the loss's entry.
    let error_wrt_a = error_wrt_a_expr(s.loss_kind, a_expr.clone(), t_expr.clone());
    let direct_delta = direct_delta_expr(s.loss_kind, a_expr, t_expr).filter(|_| to_is_output);
    let slope_panel = if f == Activation::Sigmoid {
        format!("“{}”", Derivation::SigmoidSlope.title())
    } else {
        format!(
            "{label_k}'s activation is {}: {}",
            name_in_words(f),
            plain_derivative(f)
        )
    };
    html += &why(&format!(
        "The factors, each answered in its own panel: {} is {} (“{}”{}); {} = {} ({slope_panel}); \
         {} (“{}”). The first two together are the error term of {label_k}, {}{}.",
        inline(&slash(&mi("E"), &a_k)),
        if to_is_output {
            inline(&error_wrt_a.mathml())
        } else {
            format!(
                "the sum {} gathered below",
                inline(&format!(
                    "<munder><mo>∑</mo><mi>m</mi></munder>{}{}",
                    sub(
                        &mi("w"),
                        &mrow(&format!("{}<mi>m</mi>", neuron_mathml(layers, to, k)))
                    ),
                    sub(&mi("δ"), &mi("m"))
                ))
            )
        },
        Derivation::OutputError.title(),
        if to_is_output {
            ""
        } else {
            ", for an output neuron"
        },
        inline(&slash(&a_k, &net_k)),
        inline(&slope_mathml(f, &a_k, &net_k)),
        inline(&format!("{}<mo>=</mo>{a_j}", slash(&net_k, &w_s))),
        Derivation::NetWrtWeight.title(),
        inline(&format!("{delta_k}<mo>=</mo>{}", slash(&mi("E"), &net_k))),
        match direct_delta {
            Some(direct) => format!(
                ", and with {} they cancel: {} exactly",
                loss_in_words(s.loss_kind),
                inline(&format!("{delta_k}<mo>=</mo>{}", direct.mathml()))
            ),
            None => String::new(),
        },
    ));

    let dloss = partial(&mi("loss"), &w_s);
    html += &why(
        "And to get the weight change you do just multiply them: then by −η, minus because the \
         step goes against the slope (downhill in E), η for how long the step is.",
    );
    if let Some(regularization) = s.regularization {
        let penalty = regularization.gradient(w);
        let term = match regularization.kind {
            Penalty::L2 => format!("<mi>λ</mi><mo>·</mo>{w_s}"),
            Penalty::L1 => format!("<mi>λ</mi><mo>·</mo><mi>sign</mi>{}", paren(&w_s)),
        };
        let mean_e = if s.sample_count > 1 {
            format!("<mtext>mean </mtext>{}", partial(&mi("E"), &w_s))
        } else {
            partial(&mi("E"), &w_s)
        };
        html += &formula_split(
            &[
                dloss.clone(),
                format!("{mean_e}<mo>+</mo>{term}"),
                format!(
                    "{}<mo>+</mo>{}",
                    factor(num(mean - penalty), mean - penalty),
                    factor(quantity("penalty_gradient", penalty), penalty)
                ),
                num(mean),
            ],
            2,
        );
        html += &why(&format!(
            "The loss also holds a penalty on the weights, {} with λ = {}, so its slope joins \
             the chain's: {}. Biases are not penalised.",
            match regularization.kind {
                Penalty::L2 => "the L2 penalty ½λ·Σw²",
                Penalty::L1 => "the L1 penalty λ·Σ|w|",
            },
            format_number(regularization.rate),
            match regularization.kind {
                Penalty::L2 => "λ·w, a pull toward 0 in proportion to the weight",
                Penalty::L1 => "λ·sign(w), the same pull toward 0 for every weight",
            },
        ));
    }
    if s.sample_count > 1 || s.regularization.is_some() {
        let mean_gradient = if s.sample_count > 1 {
            quantity("mean_gradient", mean)
        } else {
            num(mean)
        };
        html += &formula(&[
            format!("{CAPITAL_DELTA}{w_s}"),
            neg(&format!("<mi>η</mi><mo>·</mo>{dloss}")),
            neg(&format!(
                "{}<mo>·</mo>{}",
                num(eta),
                factor(mean_gradient, mean)
            )),
            quantity("update", update),
        ]);
    }
    if s.sample_count > 1 {
        html += &why(&format!(
            "With {} samples the loss is the mean of E over them, so the step uses ∂loss/∂w, the \
             mean of δ·a over every sample ({}).{} This sample's {} is one of its terms; alone it \
             would give Δw = −η·δ·a = {}.",
            s.sample_count,
            format_number(mean),
            estimated_mean(s.measured_samples, s.sample_count),
            format_number(gradient),
            format_number(weight_update(eta, gradient))
        ));
    } else if s.regularization.is_none() {
        html += &formula(&[
            format!("{CAPITAL_DELTA}{w_s}"),
            neg(&format!("<mi>η</mi><mo>·</mo>{}", partial(&mi("E"), &w_s))),
            neg(&format!("<mi>η</mi><mo>·</mo>{delta_k}<mo>·</mo>{a_j}")),
            neg(&format!(
                "{}<mo>·</mo>{}",
                num(eta),
                factor(num(mean), mean)
            )),
            quantity("update", update),
        ]);
    }
    html += &new_weight_formula(&w_s, w, update);
    if s.momentum > 0.0 {
        html += &why(&format!(
            "Training also uses momentum μ = {}: each step adds μ times the previous one \
             (v ← μ·v − η·∂loss/∂w, w ← w + v). The Δw above is the plain step.",
            format_number(s.momentum)
        ));
    }
    html += &why(SIGN_CONVENTION);

    html += "<h4>A hidden neuron: the paths add up</h4>";
    // The hidden neuron in the weight's path: the one it feeds (whose δ is a factor above), or
    // else the one it leaves.
    let hidden = if !to_is_output {
        Some((to, k))
    } else if l >= 1 {
        Some((l, j))
    } else {
        None
    };
    match hidden {
        None => {
            html += &why(&format!(
                "This network has no hidden layer: every weight feeds an output neuron directly, \
                 so every δ is an output's {} and nothing needs gathering. Add a hidden layer to \
                 see a δ gathered from the layer after it.",
                {
                    let (a, t) = (Expr::ident("a"), Expr::ident("t"));
                    match direct_delta_expr(s.loss_kind, a.clone(), t.clone()) {
                        Some(direct) => direct.text(),
                        None => format!(
                            "({})·{}",
                            error_wrt_a_expr(s.loss_kind, a, t).text(),
                            plain_slope(s.activation_of(to))
                        ),
                    }
                }
            ));
        }
        Some((h, i)) => html += &hidden_delta(s, h, i, (l, k, j)),
    }
    html
}

/// How hidden neuron `i` of layer `h` gathers the δs of layer `h + 1` (the total derivative).
fn hidden_delta(s: &Snapshot, h: usize, i: usize, (l, k, j): (usize, usize, usize)) -> String {
    let layers = &s.layers;
    let next = h + 1;
    let label = neuron_label(layers, h, i);
    let (a_h, net_h, delta_h) = (
        of("a", layers, h, i),
        of("net", layers, h, i),
        of("δ", layers, h, i),
    );
    let m = layers[next];
    let shown = terms(m, None);
    let fed: Vec<String> = (0..m.min(MAX_TERMS))
        .map(|q| neuron_label(layers, next, q))
        .collect();
    let fed = if m > MAX_TERMS {
        format!("{}, …", fed.join(", "))
    } else {
        fed.join(", ")
    };
    let (delta_q, net_q) = (sub(&mi("δ"), &mi("k")), sub(&mi("net"), &mi("k")));
    let w_hq = sub(
        &mi("w"),
        &mrow(&format!("{}<mi>k</mi>", neuron_mathml(layers, h, i))),
    );
    let sigma = "<munder><mo>∑</mo><mi>k</mi></munder>";
    // The hidden δ and the paths of its sum are the chain model's.
    let c = delta_chain(s, h, i).expect("a hidden neuron of this network");
    let error = c.error_wrt_a.value;
    let (slope, delta) = (c.slope.value, c.delta);

    let mut html = why(&format!(
        "{label} feeds every neuron of the next layer ({fed}). A change in {a} changes each of \
         their nets, and each of those changes E: {a} reaches E along several paths at once. The \
         total derivative adds the paths, one term per neuron k it feeds:",
        a = inline(&a_h),
    ));
    html += &formula_split(
        &[
            partial(&mi("E"), &a_h),
            format!(
                "{sigma}{}<mo>·</mo>{}",
                partial(&mi("E"), &net_q),
                partial(&net_q, &a_h)
            ),
            format!("{sigma}{delta_q}<mo>·</mo>{w_hq}"),
            sum(&shown, |q| {
                format!(
                    "{}<mo>·</mo>{}",
                    of("δ", layers, next, q),
                    weight_mathml(layers, h, q, i)
                )
            }),
            sum(&shown, |q| {
                let (d, w) = (c.paths[q].delta, c.paths[q].weight);
                format!("{}<mo>·</mo>{}", factor(num(d), d), factor(num(w), w))
            }),
            quantity("hidden_error_wrt_a", error),
        ],
        3,
    );
    if m > MAX_TERMS {
        html += &why(&format!("Showing the first {MAX_TERMS} of the {m} terms."));
    }
    html += &why(&format!(
        "{} = {}: the same rule as for a weight (d(c·x)/dx = c), now with {} the variable and the \
         weight the constant. And {} is {}, already computed for the layer after: that is why \
         backpropagation runs backwards, from the outputs in.",
        inline(&slash(&net_q, &a_h)),
        inline(&w_hq),
        inline(&a_h),
        inline(&slash(&mi("E"), &net_q)),
        inline(&delta_q),
    ));
    html += &formula(&[
        delta_h.clone(),
        format!(
            "{}<mo>·</mo>{}",
            partial(&mi("E"), &a_h),
            partial(&a_h, &net_h)
        ),
        format!("{}<mo>·</mo>{}", factor(num(error), error), num(slope)),
        quantity("hidden_delta", delta),
    ]);
    let f = s.activation_of(h);
    if f != Activation::Sigmoid {
        html += &why(&format!(
            "{label}'s activation is {}, so its slope ∂a/∂net is {}.",
            name_in_words(f),
            plain_derivative(f)
        ));
    }
    html += &why(&if (h, i) == (l + 1, k) {
        format!(
            "This {} is the δ of the weight's own chain above: {} = {} · {}.",
            inline(&delta_h),
            inline(&slash(&mi("E"), &weight_mathml(layers, l, k, j))),
            inline(&delta_h),
            inline(&of("a", layers, l, j))
        )
    } else {
        format!(
            "{label} is where the weight in focus starts. Its own {} gives the gradients of the \
             weights into it, {} for each of them, and so on back to the inputs.",
            inline(&delta_h),
            inline(&format!("{}<mo>·</mo>{}", delta_h, sub(&mi("a"), &mi("j"))))
        )
    });
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::activation::sigmoid;
    use crate::view::test_support::{
        assert_well_formed as shared_well_formed, joined, snapshot, TOY,
    };

    const XOR: &str = r#"{"layers":[2,3,1],"activation":"sigmoid","biases":[[0.1,-0.2,0.3],[0.4]],"seed":1,"learning_rate":0.5,"data":{"dataset":"xor"}}"#;

    fn with_bias() -> String {
        TOY.replace(
            r#""learning_rate""#,
            r#""biases":[[0.1,-0.2],[0.3,0.4]],"learning_rate""#,
        )
    }

    /// The `data-value` of the one `data-quantity="name"` in `html`.
    fn value(html: &str, name: &str) -> f64 {
        let needle = format!(r#"data-quantity="{name}" data-value=""#);
        assert_eq!(html.matches(&needle).count(), 1, "one {name} in {html}");
        let start = html.find(&needle).unwrap() + needle.len();
        let end = start + html[start..].find('"').unwrap();
        html[start..end].parse().expect("a number")
    }

    fn shown(html: &str, name: &str) -> String {
        let needle = format!(r#"data-quantity="{name}" data-value=""#);
        let start = html.find(&needle).unwrap();
        let start = start + html[start..].find('>').unwrap() + 1;
        html[start..start + html[start..].find('<').unwrap()].to_string()
    }

    /// Every opened tag is closed, in order; no ASCII minus in front of a number.
    fn assert_well_formed(html: &str) {
        shared_well_formed(html);
        assert!(!html.contains("NaN") || html.contains("not a number"));
    }

    const O1: Focus = Focus::Neuron { layer: 2, index: 0 };
    const W_H1_O1: Focus = Focus::Weight {
        layer: 1,
        to: 0,
        from: 0,
    };

    #[test]
    fn names_round_trip_and_titles_are_the_questions() {
        for d in Derivation::all() {
            assert_eq!(Derivation::from_name(d.name()), Some(d));
            assert!(d.title().ends_with('?'));
        }
        assert_eq!(Derivation::from_name("nope"), None);
        assert_eq!(
            Derivation::all().map(Derivation::name),
            [
                "sigmoid-slope",
                "output-error",
                "net-wrt-weight",
                "chain-product"
            ]
        );
    }

    #[test]
    fn sigmoid_slope_substitutes_net_at_every_line() {
        let s = snapshot(TOY);
        for focus in [O1, W_H1_O1] {
            let html = derivation_html(Derivation::SigmoidSlope, &s, focus);
            assert!(html.starts_with(
                r#"<section class="derivation" data-derivation="sigmoid-slope"><h3>"#
            ));
            assert_eq!(value(&html, "net"), s.net[2][0]);
            assert_eq!(value(&html, "a"), s.a[2][0]);
            assert_eq!(value(&html, "slope"), s.activation_wrt_net[2][0]);
            let product = value(&html, "slope_product");
            assert!((product - s.activation_wrt_net[2][0]).abs() < 1e-15);
            // net = 0.6425: h = −0.6425, e^h = 0.526, g = 1.526, −1/g² = −0.4294, a = 0.6553.
            let net = s.net[2][0];
            let g = 1.0 + crate::nn::exp::exp(-net);
            assert_eq!(shown(&html, "net"), format_number(net));
            assert!(html.contains(&format!("<mn>{}</mn>", format_number(-net))));
            assert!(html.contains(&format!(
                "<mn>{}</mn>",
                format_number(crate::nn::exp::exp(-net))
            )));
            assert!(html.contains(&format!("<mn>{}</mn>", format_number(g))));
            assert!(html.contains(&format!("<mn>{}</mn>", format_number(-1.0 / (g * g)))));
            assert!(html.contains(">0.6553</mn>") && html.contains(">0.2259</mn>"));
            assert!(html.contains("how the −1 gets to the numerator"));
            assert!(html.contains("never becomes e<sup>−2x</sup>"));
            assert!(html.contains("1 − σ(x)"));
            assert_well_formed(&html);
        }
        let html = derivation_html(Derivation::SigmoidSlope, &s, W_H1_O1);
        assert!(html.contains("the neuron the weight w(h₁→o₁) feeds"));
    }

    #[test]
    fn sigmoid_slope_of_a_huge_negative_net_says_why_the_quotient_fails() {
        let spec = TOY.replace("[[0.5,0.6],[0.7,0.8]]", "[[-2000,0.6],[0.7,0.8]]");
        let s = snapshot(&spec);
        let html = derivation_html(Derivation::SigmoidSlope, &s, O1);
        assert!(html.contains("overflows to infinity"));
        assert_eq!(value(&html, "slope"), s.activation_wrt_net[2][0]);
        assert_well_formed(&html);
    }

    #[test]
    fn output_error_writes_e_out_and_keeps_one_term() {
        let s = snapshot(TOY);
        let html = derivation_html(Derivation::OutputError, &s, O1);
        assert_eq!(value(&html, "error_wrt_a"), s.error_wrt_a[2][0]);
        assert_eq!(value(&html, "error"), s.error);
        assert_eq!(value(&html, "target"), 0.2);
        // ½(0.2 − 0.6553)² + ½(0.7 − a_o₂)², the first one highlighted.
        let second = format!(
            "<mn>0.7</mn><mo>−</mo><mn>{}</mn>",
            format_number(s.a[2][1])
        );
        assert!(html.contains(r##"<mrow class="highlight" mathcolor="#c2185b"><mfrac><mn>1</mn><mn>2</mn></mfrac><msup><mrow><mrow><mo>(</mo><mn>0.2</mn><mo>−</mo><mn>0.6553</mn>"##));
        assert!(html.contains(&second));
        assert!(html.contains("<mn>2</mn><mo>·</mo><mfrac><mn>1</mn><mn>2</mn></mfrac>"));
        assert!(html.contains("derivative is 0") && html.contains("cancels the ½"));
        assert!(html.contains(&format!(">{}</mn>", format_number(s.error_wrt_a[2][0]))));
        assert!(html.contains("above its target"));
        assert_well_formed(&html);
    }

    #[test]
    fn output_error_for_a_hidden_neuron_points_to_the_sum() {
        let s = snapshot(TOY);
        let html = derivation_html(
            Derivation::OutputError,
            &s,
            Focus::Neuron { layer: 1, index: 0 },
        );
        assert!(html.contains("h₁ is a hidden neuron"));
        // h₁ feeds o₂ with 0.7 and o₁ with 0.5: o₂ is shown.
        assert!(html.contains("feeds most strongly: o₂"));
        assert_eq!(value(&html, "error_wrt_a"), s.error_wrt_a[2][1]);
        assert!(html.contains(&format_number(s.error_wrt_a[1][0])));
        assert_well_formed(&html);
        // An input neuron: the first output neuron instead.
        let html = derivation_html(
            Derivation::OutputError,
            &s,
            Focus::Neuron { layer: 0, index: 1 },
        );
        assert!(html.contains("x₂ is an input neuron") && html.contains("for output neuron o₁"));
        assert_eq!(value(&html, "error_wrt_a"), s.error_wrt_a[2][0]);
        assert_well_formed(&html);
    }

    #[test]
    fn net_wrt_weight_highlights_the_one_term_and_answers_the_thread() {
        let s = snapshot(TOY);
        for focus in [W_H1_O1, O1] {
            let html = derivation_html(Derivation::NetWrtWeight, &s, focus);
            assert_eq!(value(&html, "net_wrt_w"), s.a[1][0]);
            assert_eq!(value(&html, "net"), s.net[2][0]);
            assert!(joined(&html).contains(r##"<mrow class="highlight" mathcolor="#c2185b"><mn>0.5</mn><mo>·</mo><mn>0.5523</mn></mrow><mo>+</mo><mn>0.6</mn><mo>·</mo><mn>0.6106</mn>"##));
            assert!(html.contains("d(3w)/dw = 3") && html.contains("which would indeed be 0"));
            assert!(html.contains("grows by 0.01 × 0.5523 = 0.005523"));
            assert!(!html.contains("<mi>b</mi>"));
            assert_well_formed(&html);
        }
        let html = derivation_html(Derivation::NetWrtWeight, &s, O1);
        assert!(html.contains("the first weight into o₁"));
    }

    #[test]
    fn a_network_with_bias_shows_the_bias_term_in_net() {
        let s = snapshot(&with_bias());
        let html = derivation_html(
            Derivation::NetWrtWeight,
            &s,
            Focus::Weight {
                layer: 0,
                to: 1,
                from: 0,
            },
        );
        assert!(html.contains("<mo>+</mo><msub><mi>b</mi><msub><mi>h</mi><mn>2</mn></msub></msub>"));
        assert!(html.contains(
            "<mo>+</mo><mrow><mo>(</mo><mn>−0.2</mn><mo>)</mo></mrow></math><math><mo>=</mo>"
        ));
        assert!(html.contains("<mo>+</mo><mn>0</mn>"));
        assert_eq!(value(&html, "net"), s.net[1][1]);
        assert_eq!(value(&html, "net_wrt_w"), 0.3);
        assert_well_formed(&html);
    }

    #[test]
    fn chain_product_multiplies_into_the_cores_gradient_and_update() {
        let s = snapshot(TOY);
        let html = derivation_html(Derivation::ChainProduct, &s, W_H1_O1);
        assert_eq!(value(&html, "error_wrt_a"), s.error_wrt_a[2][0]);
        assert_eq!(value(&html, "slope"), s.activation_wrt_net[2][0]);
        assert_eq!(value(&html, "net_wrt_w"), s.a[1][0]);
        assert_eq!(value(&html, "delta"), s.delta[2][0]);
        let gradient = value(&html, "gradient");
        assert!((gradient - s.gradients[1][0][0]).abs() < 1e-15);
        assert_eq!(value(&html, "update"), -0.5 * s.gradients[1][0][0]);
        assert_eq!(value(&html, "new_weight"), 0.5 - 0.5 * s.gradients[1][0][0]);
        assert!(html.contains(">0.0568</mn>"));
        // The hidden neuron in the weight's path is h₁, the one it leaves.
        assert_eq!(value(&html, "hidden_error_wrt_a"), s.error_wrt_a[1][0]);
        assert_eq!(value(&html, "hidden_delta"), s.delta[1][0]);
        assert!(joined(&html).contains("<mn>0.1028</mn><mo>·</mo><mn>0.5</mn><mo>+</mo><mn>0.001207</mn><mo>·</mo><mn>0.7</mn>"));
        assert!(html.contains("total derivative") && html.contains("(some texts use"));
        assert!(!html.contains("mean_gradient"));
        assert_well_formed(&html);

        // A weight into a hidden neuron: that neuron's δ is gathered.
        let html = derivation_html(
            Derivation::ChainProduct,
            &s,
            Focus::Weight {
                layer: 0,
                to: 1,
                from: 1,
            },
        );
        assert_eq!(value(&html, "hidden_delta"), s.delta[1][1]);
        assert_eq!(value(&html, "delta"), s.delta[1][1]);
        assert!((value(&html, "gradient") - s.gradients[0][1][1]).abs() < 1e-15);
        assert!(html.contains("the δ of the weight's own chain above"));
        assert_well_formed(&html);
    }

    #[test]
    fn chain_product_without_a_hidden_layer_says_so() {
        let spec = r#"{"layers":[2,1],"activation":"sigmoid","weights":[[[0.1,0.2]]],"learning_rate":0.5,"data":{"inputs":[[0.3,0.9]],"targets":[[0.2]]}}"#;
        let s = snapshot(spec);
        let html = derivation_html(
            Derivation::ChainProduct,
            &s,
            Focus::Neuron { layer: 1, index: 0 },
        );
        assert!(html.contains("no hidden layer"));
        // Every δ is an output's: the product of the loss's ∂E/∂a and the slope, or with
        // cross-entropy a − t itself.
        assert!(html.contains("every δ is an output's (a − t)·a(1 − a) and"));
        let cross_entropy = spec.replace(
            r#""learning_rate""#,
            r#""loss":"cross_entropy","learning_rate""#,
        );
        let s_ce = snapshot(&cross_entropy);
        let focus = Focus::Neuron { layer: 1, index: 0 };
        let html_ce = derivation_html(Derivation::ChainProduct, &s_ce, focus);
        assert!(html_ce.contains("every δ is an output's a − t and"));
        assert!((value(&html, "gradient") - s.gradients[0][0][0]).abs() < 1e-15);
        assert_well_formed(&html);
        let html = derivation_html(
            Derivation::OutputError,
            &s,
            Focus::Neuron { layer: 0, index: 0 },
        );
        assert!(html.contains("only this one term"));
        assert_well_formed(&html);
    }

    #[test]
    fn on_the_largest_networks_the_step_says_its_mean_is_an_estimate() {
        let big = r#"{"layers":[2,100,100,1],"activation":"sigmoid","bias":true,"seed":1,"learning_rate":0.5,"data":{"dataset":"circle","samples":10000}}"#;
        let focus = Focus::Weight {
            layer: 1,
            to: 0,
            from: 0,
        };
        let s = snapshot(big);
        assert!(s.measured_samples < s.sample_count);
        let html = derivation_html(Derivation::ChainProduct, &s, focus);
        assert!(html.contains(&format!(
            "estimates that mean on {} of the 10000 samples",
            s.measured_samples
        )));
        let s = snapshot(XOR);
        let html = derivation_html(Derivation::ChainProduct, &s, focus);
        assert!(html.contains("mean of δ·a over every sample") && !html.contains("estimates"));
    }

    #[test]
    fn several_samples_step_along_the_mean() {
        let s = snapshot(XOR);
        assert!(s.sample_count > 1);
        let html = derivation_html(
            Derivation::ChainProduct,
            &s,
            Focus::Weight {
                layer: 1,
                to: 0,
                from: 2,
            },
        );
        assert!(html.contains("(sample 1 of 4)"));
        assert_eq!(value(&html, "mean_gradient"), s.gradients[1][0][2]);
        assert_eq!(value(&html, "update"), -0.5 * s.gradients[1][0][2]);
        assert_eq!(value(&html, "gradient"), s.delta[2][0] * s.a[1][2]);
        assert_eq!(value(&html, "hidden_delta"), s.delta[1][2]);
        assert_well_formed(&html);
    }

    #[test]
    fn every_panel_is_well_formed_for_every_focus() {
        for spec in [TOY, XOR, &with_bias()] {
            let s = snapshot(spec);
            let mut focuses = Vec::new();
            for (layer, &n) in s.layers.iter().enumerate() {
                focuses.extend((0..n).map(|index| Focus::Neuron { layer, index }));
            }
            for (layer, rows) in s.weights.iter().enumerate() {
                for (to, row) in rows.iter().enumerate() {
                    focuses.extend((0..row.len()).map(|from| Focus::Weight { layer, to, from }));
                }
            }
            for focus in focuses {
                for d in Derivation::all() {
                    let html = derivation_html(d, &s, focus);
                    assert_well_formed(&html);
                    assert!(html.contains(r#"<div class="formula"><math>"#));
                    assert!(html.contains(r#"<p class="why">"#));
                }
            }
        }
    }

    #[test]
    fn a_tanh_neuron_says_which_activation_it_has_and_its_slope() {
        let spec = TOY.replace(
            r#""activation":"sigmoid""#,
            r#""activation":["tanh","sigmoid"]"#,
        );
        let s = snapshot(&spec);
        let h1 = Focus::Neuron { layer: 1, index: 0 };
        let html = derivation_html(Derivation::SigmoidSlope, &s, h1);
        assert!(html.contains("h₁ does not use the sigmoid: its activation is tanh"));
        assert!(html.contains("Its slope is tanh′(net) = 1 − a²."));
        let a = s.a[1][0];
        assert_eq!(value(&html, "a"), a);
        assert_eq!(value(&html, "net"), s.net[1][0]);
        assert_eq!(value(&html, "slope"), 1.0 - a * a);
        assert!(!html.contains("slope_product") && !html.contains("how the −1 gets"));
        assert_well_formed(&html);
        // The output is still a sigmoid: the full derivation.
        assert!(derivation_html(Derivation::SigmoidSlope, &s, O1).contains("how the −1 gets"));
        // The chain of a weight into h₁ names tanh's slope, and the gathered δ says it too.
        let into_h1 = Focus::Weight {
            layer: 0,
            to: 0,
            from: 1,
        };
        let html = derivation_html(Derivation::ChainProduct, &s, into_h1);
        assert!(html.contains("h₁'s activation is tanh: tanh′(net) = 1 − a²"));
        assert!(html.contains("h₁'s activation is tanh, so its slope ∂a/∂net is tanh′(net)"));
        assert_eq!(value(&html, "slope"), 1.0 - a * a);
        assert!((value(&html, "gradient") - s.gradients[0][0][1]).abs() < 1e-15);
        assert_well_formed(&html);
        let relu = snapshot(&TOY.replace(
            r#""activation":"sigmoid""#,
            r#""activation":["relu","linear"]"#,
        ));
        let html = derivation_html(Derivation::SigmoidSlope, &relu, O1);
        assert!(html.contains("the linear activation") && html.contains("linear: 1"));
        assert_eq!(value(&html, "slope"), 1.0);
    }

    #[test]
    fn cross_entropy_derives_its_error_and_why_delta_is_a_minus_t() {
        let spec = TOY.replace(
            r#""learning_rate""#,
            r#""loss":"cross_entropy","learning_rate""#,
        );
        let s = snapshot(&spec);
        let html = derivation_html(Derivation::OutputError, &s, O1);
        let (a, t) = (s.a[2][0], 0.2);
        assert_eq!(value(&html, "error"), s.error);
        assert_eq!(value(&html, "target"), t);
        assert_eq!(value(&html, "error_wrt_a"), s.error_wrt_a[2][0]);
        assert!((s.error_wrt_a[2][0] - (a - t) / (a * (1.0 - a))).abs() < 1e-15);
        assert_eq!(value(&html, "delta"), a - t);
        assert!(html.contains("not −(t − a) here") && html.contains("<mi>ln</mi>"));
        assert!(html.contains("the two factors cancel, and δ is just the miss a − t"));
        assert!(html.contains("−t + ta + a − ta = a − t"));
        assert!(!html.contains("cancels the ½"));
        assert_well_formed(&html);
        // E with numbers: −([0.2·ln 0.6553 + 0.8·ln(1 − 0.6553)] + …).
        assert!(html.contains("<mn>0.2</mn><mo>·</mo><mi>ln</mi><mo>&#x2061;</mo><mn>0.6553</mn><mo>+</mo><mn>0.8</mn>"));
        let chain = derivation_html(Derivation::ChainProduct, &s, W_H1_O1);
        // δ = a − t, said where the factors are named, in the loss's own form.
        let (a_s, t_s) = (of("a", &s.layers, 2, 0), of("t", &s.layers, 2, 0));
        let delta_is_a_minus_t = format!("<mo>=</mo>{a_s}<mo>−</mo>{t_s}</math>");
        assert!(chain.contains(&delta_is_a_minus_t), "{delta_is_a_minus_t}");
        assert_eq!(value(&chain, "delta"), a - t);
        assert!((value(&chain, "gradient") - s.gradients[1][0][0]).abs() < 1e-15);
        assert_well_formed(&chain);
    }

    #[test]
    fn regularisation_adds_its_term_to_the_chains_step() {
        let spec = TOY.replace(
            r#""learning_rate""#,
            r#""regularization":{"kind":"l2","rate":0.1},"learning_rate""#,
        );
        let s = snapshot(&spec);
        let html = derivation_html(Derivation::ChainProduct, &s, W_H1_O1);
        assert_eq!(value(&html, "penalty_gradient"), 0.1 * 0.5);
        assert_eq!(value(&html, "update"), -0.5 * s.gradients[1][0][0]);
        assert!((s.gradients[1][0][0] - (s.delta[2][0] * s.a[1][0] + 0.05)).abs() < 1e-15);
        assert!(html.contains("the L2 penalty ½λ·Σw² with λ = 0.1"));
        assert_well_formed(&html);
    }

    #[test]
    fn every_panel_is_well_formed_with_every_activation_and_loss() {
        for (activation, extra) in [
            (r#"["tanh","sigmoid"]"#, r#""loss":"cross_entropy","#),
            (r#"["relu","tanh"]"#, r#""momentum":0.9,"#),
            (
                r#"["linear","relu"]"#,
                r#""regularization":{"kind":"l1","rate":0.01},"#,
            ),
        ] {
            let spec = XOR
                .replace(
                    r#""activation":"sigmoid""#,
                    &format!(r#""activation":{activation}"#),
                )
                .replace(r#""learning_rate""#, &format!(r#"{extra}"learning_rate""#));
            let s = snapshot(&spec);
            for (layer, &n) in s.layers.iter().enumerate() {
                for index in 0..n {
                    for d in Derivation::all() {
                        assert_well_formed(&derivation_html(d, &s, Focus::Neuron { layer, index }));
                    }
                }
            }
        }
    }

    #[test]
    fn long_sums_are_cut_and_out_of_range_focus_says_so() {
        let inputs = vec!["0.5"; 20].join(",");
        let spec = format!(
            r#"{{"layers":[20,12,3],"activation":"sigmoid","seed":3,"learning_rate":0.1,"data":{{"inputs":[[{inputs}]],"targets":[[1,0,1]]}}}}"#
        );
        let s = snapshot(&spec);
        let focus = Focus::Weight {
            layer: 0,
            to: 2,
            from: 15,
        };
        for d in Derivation::all() {
            let html = derivation_html(d, &s, focus);
            assert_well_formed(&html);
        }
        let html = derivation_html(Derivation::NetWrtWeight, &s, focus);
        assert!(html.contains("<mo>…</mo>") && html.contains("of the 20 terms"));
        assert_eq!(value(&html, "net_wrt_w"), 0.5);
        let html = derivation_html(Derivation::ChainProduct, &s, focus);
        assert_eq!(value(&html, "hidden_delta"), s.delta[1][2]);
        let html = derivation_html(
            Derivation::ChainProduct,
            &s,
            Focus::Neuron { layer: 1, index: 0 },
        );
        assert_eq!(value(&html, "hidden_delta"), s.delta[1][0]);

        let toy = snapshot(TOY);
        for focus in [
            Focus::Neuron { layer: 3, index: 0 },
            Focus::Neuron { layer: 1, index: 2 },
            Focus::Weight {
                layer: 2,
                to: 0,
                from: 0,
            },
            Focus::Weight {
                layer: 0,
                to: 0,
                from: 2,
            },
        ] {
            let html = derivation_html(Derivation::SigmoidSlope, &toy, focus);
            assert!(html.contains("no such neuron or weight"));
            assert_well_formed(&html);
        }
        // sigmoid() is what the core's forward pass uses: a is exactly 1/g.
        assert_eq!(sigmoid(toy.net[2][0]), toy.a[2][0]);
    }
}
