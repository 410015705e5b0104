//! One whole step of the selected sample as Markdown with LaTeX formulas: the network, the forward
//! pass, the error, the backward pass, every gradient and every weight's update, each line with
//! its numbers, so a learner can compare it line by line with their work on paper.
//!
//! Names are the page's, in LaTeX: `x_1` for inputs, `h_1` for hidden neurons (`h^{(l)}_1` with
//! several hidden layers), `o_1` for outputs; `w_{x_1 h_1}` is the weight from `x_1` to `h_1`.
//! Numbers have 6 significant digits (more than the page shows: learners compare with their own
//! arithmetic) and a LaTeX minus; every line is computed from the unrounded values, so a last
//! digit may differ from a hand calculation that rounded on the way.
//!
//! Each layer's `a = f(net)` and slope are its own activation's; with cross-entropy the output
//! `δ` is `a − t`; with regularisation the update adds the penalty's slope.

use crate::model::Snapshot;
use crate::nn::chain_rule::weight_update;
use crate::nn::{Activation, Penalty};
use crate::view::chain::delta_chain;
use crate::view::expr::Expr;
use crate::view::formulas::{
    apply_latex, definition_at_latex, definition_latex, direct_delta_expr, error_wrt_a_expr,
    loss_in_words, loss_latex, loss_outer, loss_term, output_delta, slope_latex,
    slope_numbers_latex,
};
use crate::view::labels::Role;
use crate::view::steps::{sample_step_gradient, updated_biases, updated_weights};

/// Most formula lines written in one section (a network far bigger than a learner works by hand).
const MAX_LINES: usize = 300;

/// `x` with 6 significant digits for LaTeX math: trailing zeros dropped (`0.21`), `-` for
/// negatives, `1.23457 \times 10^{-5}` below 10⁻³ and from 10⁶ up, `0` for zero.
pub fn latex_number(x: f64) -> String {
    if x.is_nan() {
        return r"\mathrm{NaN}".into();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    if x.is_infinite() {
        return format!(r"{sign}\infty");
    }
    if x == 0.0 {
        return "0".into();
    }
    let scientific = format!("{:.5e}", x.abs());
    let (mantissa, exponent) = scientific
        .split_once('e')
        .expect("Rust's {:e} always has an exponent");
    let exponent: i32 = exponent.parse().expect("Rust's exponent is an integer");
    if (-3..=5).contains(&exponent) {
        let decimals = (5 - exponent) as usize;
        format!("{sign}{}", trim_zeros(&format!("{:.*}", decimals, x.abs())))
    } else {
        format!(r"{sign}{} \times 10^{{{exponent}}}", trim_zeros(mantissa))
    }
}

fn trim_zeros(decimal: &str) -> &str {
    if decimal.contains('.') {
        decimal.trim_end_matches('0').trim_end_matches('.')
    } else {
        decimal
    }
}

/// A number as a factor or a subtrahend: in parentheses when negative, `0.5 \cdot (-0.3)`.
fn factor(x: f64) -> String {
    if x < 0.0 || x.is_nan() {
        format!("({})", latex_number(x))
    } else {
        latex_number(x)
    }
}

fn product(x: f64, y: f64) -> String {
    format!(r"{} \cdot {}", factor(x), factor(y))
}

/// `x_1`, `h_2`, `h^{(2)}_1`, `o_{10}`.
fn neuron(layers: &[usize], layer: usize, index: usize) -> String {
    let number = index + 1;
    let sub = if number < 10 {
        number.to_string()
    } else {
        format!("{{{number}}}")
    };
    match Role::of(layers, layer) {
        Role::Input => format!("x_{sub}"),
        Role::Output => format!("o_{sub}"),
        Role::Hidden if layers.len() > 3 => format!("h^{{({layer})}}_{sub}"),
        Role::Hidden => format!("h_{sub}"),
    }
}

/// `letter_{neuron}`: `a_{h_1}`, `net_{o_2}`, `\delta_{h_1}`.
fn of(letter: &str, layers: &[usize], layer: usize, index: usize) -> String {
    format!("{letter}_{{{}}}", neuron(layers, layer, index))
}

/// `w_{x_1 h_1}`: from neuron `j` of layer `l` to neuron `k` of layer `l + 1`.
fn weight(layers: &[usize], l: usize, k: usize, j: usize) -> String {
    format!(
        "w_{{{} {}}}",
        neuron(layers, l, j),
        neuron(layers, l + 1, k)
    )
}

/// `b_{h_1}`: the bias of neuron `k` of layer `l + 1`.
fn bias(layers: &[usize], l: usize, k: usize) -> String {
    of("b", layers, l + 1, k)
}

/// "Hidden layer", "Hidden layer 2", "Output layer".
fn layer_heading(layers: &[usize], l: usize) -> String {
    match Role::of(layers, l) {
        Role::Input => "Input layer".into(),
        Role::Output => "Output layer".into(),
        Role::Hidden if layers.len() > 3 => format!("Hidden layer {l}"),
        Role::Hidden => "Hidden layer".into(),
    }
}

/// Longest sum written out term by term; longer ones keep their first terms and the last.
const MAX_SUM_TERMS: usize = 12;

/// `t₀ + t₁ + …` over `n` terms: all of them up to [`MAX_SUM_TERMS`], else the first ten,
/// `\cdots` and the last, so a 314-neuron layer writes lines a learner can read (and the export
/// stays kilobytes, not megabytes). The result after `=` is always the exact one.
fn sum_of(n: usize, term: impl Fn(usize) -> String) -> String {
    if n <= MAX_SUM_TERMS {
        return (0..n).map(&term).collect::<Vec<_>>().join(" + ");
    }
    let mut parts: Vec<String> = (0..MAX_SUM_TERMS - 2).map(&term).collect();
    parts.push("\\cdots".into());
    parts.push(term(n - 1));
    parts.join(" + ")
}

/// A Markdown list of formula lines, cut after [`MAX_LINES`] with a note.
struct Lines {
    text: String,
    written: usize,
    total: usize,
}

impl Lines {
    fn new() -> Lines {
        Lines {
            text: String::new(),
            written: 0,
            total: 0,
        }
    }

    fn push(&mut self, math: impl FnOnce() -> String) {
        self.total += 1;
        if self.written < MAX_LINES {
            self.written += 1;
            self.text += &format!("- ${}$\n", math());
        }
    }

    fn finish(self) -> String {
        if self.total > self.written {
            format!(
                "{}- … and {} more lines, left out of this export.\n",
                self.text,
                self.total - self.written
            )
        } else {
            self.text
        }
    }
}

/// The whole step of the selected sample (forward, error, backward, gradients, update) as a
/// Markdown document with LaTeX formulas.
pub fn step_markdown(s: &Snapshot) -> String {
    let layers = &s.layers;
    let n = layers.len().saturating_sub(1);
    if n == 0 {
        return "# One step of backpropagation\n\nThis network has no layer after its input.\n"
            .into();
    }
    let mut md = String::from("# One step of backpropagation, by hand\n\n");
    let first = s.activations[0];
    let kind = if s.activations.iter().all(|&f| f == first) {
        format!("{} network", first.name())
    } else {
        format!(
            "network ({})",
            s.activations
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    md += &format!(
        "One forward pass, backward pass and weight update of a {} {kind} for sample {} \
         of {}, at epoch {}. Numbers are rounded to 6 significant digits; each line is computed \
         from unrounded values, so a last digit may differ from a calculation that rounded on \
         the way.\n\n",
        layers
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join("-"),
        s.sample + 1,
        s.sample_count,
        s.epoch
    );
    md += &network_section(s);
    md += &forward_section(s);
    md += &error_section(s, n);
    md += &backward_section(s, n);
    md += &gradients_section(s, n);
    md += &update_section(s);
    md
}

fn network_section(s: &Snapshot) -> String {
    let layers = &s.layers;
    let names = |l: usize| -> String {
        (0..layers[l])
            .map(|i| neuron(layers, l, i))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut md = String::from("## Network\n\n");
    for (l, &count) in layers.iter().enumerate() {
        md += &format!(
            "- {}: {count} neuron{} (${}$)\n",
            layer_heading(layers, l),
            if count == 1 { "" } else { "s" },
            names(l)
        );
    }
    let first = s.activations[0];
    if s.activations.iter().all(|&f| f == first) {
        md += &format!(
            "- Activation: {}, ${}$\n",
            first.name(),
            definition_latex(first)
        );
    } else {
        md += "- Activations:\n";
        for (l, &f) in s.activations.iter().enumerate() {
            md += &format!(
                "  - {}: {}, ${}$\n",
                layer_heading(layers, l + 1),
                f.name(),
                definition_latex(f)
            );
        }
    }
    md += &format!(
        "- Bias terms: {}\n",
        if s.has_bias { "yes" } else { "none" }
    );
    md += &format!(
        "- Learning rate: $\\eta = {}$\n",
        latex_number(s.learning_rate)
    );
    let input = (0..layers[0])
        .map(|i| format!("{} = {}", neuron(layers, 0, i), latex_number(s.a[0][i])))
        .collect::<Vec<_>>()
        .join(",\\ ");
    let target = (0..layers[layers.len() - 1])
        .map(|k| {
            format!(
                "{} = {}",
                of("t", layers, layers.len() - 1, k),
                latex_number(s.target[k])
            )
        })
        .collect::<Vec<_>>()
        .join(",\\ ");
    md += &format!("- Input: ${input}$\n- Target: ${target}$\n");
    md += &format!(
        "- Error of one sample: ${}$; error term $\\delta = \\partial E/\\partial net$ (some \
         texts use the opposite sign)\n",
        loss_latex(s.loss_kind)
    );
    if let Some(r) = s.regularization {
        md += &format!(
            "- Regularisation: {}, $\\lambda = {}$ (on the weights, not the biases)\n",
            match r.kind {
                Penalty::L1 => "L1, $\\lambda \\sum |w|$",
                Penalty::L2 => "L2, $\\tfrac12 \\lambda \\sum w^2$",
            },
            latex_number(r.rate)
        );
    }
    if s.momentum > 0.0 {
        md += &format!(
            "- Momentum: $\\mu = {}$ (training adds $\\mu$ times its previous step; this is a \
             first step, from rest)\n",
            latex_number(s.momentum)
        );
    }
    md += "\n";
    md += "### Weights before the step\n\n";
    let mut lines = Lines::new();
    for (l, rows) in s.weights.iter().enumerate() {
        for (k, row) in rows.iter().enumerate() {
            for (j, &w) in row.iter().enumerate() {
                lines.push(|| format!("{} = {}", weight(layers, l, k, j), latex_number(w)));
            }
        }
        if s.has_bias {
            for (k, &b) in s.biases[l].iter().enumerate() {
                lines.push(|| format!("{} = {}", bias(layers, l, k), latex_number(b)));
            }
        }
    }
    md + &lines.finish() + "\n"
}

fn forward_section(s: &Snapshot) -> String {
    let layers = &s.layers;
    let mut md = String::from(
        "## Forward pass\n\nEach neuron adds up the activations of the layer before it, each \
         times the weight of its line: $net_k = \\sum_j w_{jk} a_j",
    );
    md += if s.has_bias { " + b_k$" } else { "$" };
    let first = s.activations[0];
    md += &if s.activations.iter().all(|&f| f == first) {
        format!("; then $a_k = {}$", apply_latex(first, "net_k"))
    } else {
        "; then $a_k = f(net_k)$ with the layer's activation $f$".into()
    };
    md += ". The inputs' activations are the input: $a_{x_1} = x_1$, and so on.\n\n";
    for layer in 1..layers.len() {
        let l = layer - 1;
        md += &format!("### {}\n\n", layer_heading(layers, layer));
        let mut lines = Lines::new();
        for k in 0..layers[layer] {
            lines.push(|| {
                let mut symbols = sum_of(layers[l], |j| {
                    format!("{} {}", weight(layers, l, k, j), of("a", layers, l, j))
                });
                let mut numbers = sum_of(layers[l], |j| product(s.weights[l][k][j], s.a[l][j]));
                if s.has_bias {
                    symbols += &format!(" + {}", bias(layers, l, k));
                    numbers += &format!(" + {}", factor(s.biases[l][k]));
                }
                format!(
                    "{} = {} = {} = {}",
                    of("net", layers, layer, k),
                    symbols,
                    numbers,
                    latex_number(s.net[layer][k])
                )
            });
            lines.push(|| {
                let net = s.net[layer][k];
                let f = s.activations[l];
                let mut parts = vec![
                    of("a", layers, layer, k),
                    apply_latex(f, &of("net", layers, layer, k)),
                    apply_latex(f, &latex_number(net)),
                ];
                parts.extend(definition_at_latex(
                    f,
                    &latex_number(-net),
                    &latex_number(net),
                ));
                parts.push(latex_number(s.a[layer][k]));
                parts.join(" = ")
            });
        }
        md += &lines.finish();
        md += "\n";
    }
    md
}

/// `E = ½ Σ_k (t_k − a_k)^2 = ½ (…) = E`, or the loss's own form, from its entry in
/// `formulas`.
fn error_section(s: &Snapshot, n: usize) -> String {
    let loss = s.loss_kind;
    let terms: Vec<String> = (0..s.layers[n])
        .map(|k| {
            let (t, a) = (s.target[k], s.a[n][k]);
            loss_term(
                loss,
                Expr::markup(&latex_number(t)),
                Expr::markup(&factor(a)),
                Expr::markup(&factor(1.0 - t)),
            )
            .latex()
        })
        .collect();
    format!(
        "## Error\n\n- ${} = {}\\left({}\\right) = {}$\n\n",
        loss_latex(loss),
        loss_outer(loss).latex(),
        terms.join(" + "),
        latex_number(s.error)
    )
}

fn backward_section(s: &Snapshot, n: usize) -> String {
    let layers = &s.layers;
    let all_sigmoid = s.activations.iter().all(|&f| f == Activation::Sigmoid);
    let mut md = String::from("## Backward pass\n\nAn output neuron's error term is ");
    // ∂E/∂a_k · ∂a_k/∂net_k in the loss's own form, and where the slope cancels, a − t.
    let (a_k, t_k) = (Expr::ident("a_k"), Expr::ident("t_k"));
    md += &format!(
        "$\\delta_k = \\partial E/\\partial a_k \\cdot \\partial a_k/\\partial net_k = {}\\,{}",
        error_wrt_a_expr(s.loss_kind, a_k.clone(), t_k.clone())
            .factor()
            .latex(),
        if all_sigmoid {
            "a_k(1 - a_k)"
        } else {
            "f'(net_k)"
        }
    );
    md += &match direct_delta_expr(s.loss_kind, a_k, t_k) {
        Some(delta) => format!(
            " = {}$ (with {} the slope cancels)",
            delta.latex(),
            loss_in_words(s.loss_kind)
        ),
        None => "$".into(),
    };
    md += if all_sigmoid {
        "; a hidden neuron's gathers the error terms of the layer after it: \
         $\\delta_j = \\left(\\sum_k w_{jk} \\delta_k\\right) a_j(1 - a_j)$.\n\n"
    } else {
        "; a hidden neuron's gathers the error terms of the layer after it: \
         $\\delta_j = \\left(\\sum_k w_{jk} \\delta_k\\right) f'(net_j)$, with each layer's \
         slope $f'$: $a(1 - a)$ for the sigmoid, $1 - a^2$ for tanh, $1$ if $net > 0$ else $0$ for relu, 1 for \
         linear.\n\n"
    };
    md += &format!("### {}\n\n", layer_heading(layers, n));
    let mut lines = Lines::new();
    let f = s.activations[n - 1];
    for k in 0..layers[n] {
        lines.push(|| {
            let (a_s, t_s) = (of("a", layers, n, k), of("t", layers, n, k));
            let a = s.a[n][k];
            // The factors and δ are the chain model's.
            let c = delta_chain(s, n, k).expect("an output neuron");
            let forms = output_delta(
                s.loss_kind,
                (&a_s, &t_s),
                (&latex_number(a), &factor(s.target[k])),
            );
            if let Some((delta, delta_numbers)) = &forms.direct {
                return format!(
                    "{} = {} = {} = {}",
                    of("\\delta", layers, n, k),
                    delta.latex(),
                    delta_numbers.latex(),
                    latex_number(c.delta)
                );
            }
            let slope = c.slope.value;
            format!(
                "{} = {}\\,{} = {} \\cdot {} = {} = {}",
                of("\\delta", layers, n, k),
                forms.error.clone().factor().latex(),
                slope_latex(f, &a_s, &of("net", layers, n, k)),
                forms.error_numbers.clone().factor().latex(),
                slope_numbers_latex(f, &latex_number(a)).unwrap_or_else(|| latex_number(slope)),
                product(c.error_wrt_a.value, slope),
                latex_number(c.delta)
            )
        });
    }
    md += &lines.finish();
    md += "\n";
    for layer in (1..n).rev() {
        let next = layer + 1;
        md += &format!("### {}\n\n", layer_heading(layers, layer));
        let mut lines = Lines::new();
        for j in 0..layers[layer] {
            lines.push(|| {
                let a_s = of("a", layers, layer, j);
                let a = s.a[layer][j];
                let c = delta_chain(s, layer, j).expect("a hidden neuron");
                let symbols = sum_of(layers[next], |k| {
                    format!(
                        "{} {}",
                        weight(layers, layer, k, j),
                        of("\\delta", layers, next, k)
                    )
                });
                let numbers = sum_of(layers[next], |k| {
                    product(c.paths[k].weight, c.paths[k].delta)
                });
                let f = s.activations[layer - 1];
                let slope = c.slope.value;
                format!(
                    "{} = ({})\\,{} = ({}) \\cdot {} = {} = {}",
                    of("\\delta", layers, layer, j),
                    symbols,
                    slope_latex(f, &a_s, &of("net", layers, layer, j)),
                    numbers,
                    slope_numbers_latex(f, &latex_number(a)).unwrap_or_else(|| latex_number(slope)),
                    product(c.error_wrt_a.value, slope),
                    latex_number(c.delta)
                )
            });
        }
        md += &lines.finish();
        md += "\n";
    }
    md
}

/// This sample's `∂E/∂w_jk = δ_k a_j` as the trainer sums it (see `steps::updated_weights`).
fn weight_gradient(s: &Snapshot, l: usize, k: usize, j: usize) -> f64 {
    0.0 + crate::nn::chain_rule::weight_gradient(s.delta[l + 1][k], s.a[l][j])
}

fn bias_gradient(s: &Snapshot, l: usize, k: usize) -> f64 {
    0.0 + crate::nn::chain_rule::bias_gradient(s.delta[l + 1][k])
}

fn gradients_section(s: &Snapshot, n: usize) -> String {
    let layers = &s.layers;
    let mut md = String::from(
        "## Gradients\n\nThis sample's slope of every weight: \
         $\\partial E/\\partial w_{jk} = \\delta_k \\cdot \\partial net_k/\\partial w_{jk} \
         = \\delta_k a_j$ (only the term $w_{jk} a_j$ of $net_k$ contains $w_{jk}$, and its \
         derivative is $a_j$)",
    );
    md += if s.has_bias {
        "; a bias's is $\\partial E/\\partial b_k = \\delta_k$.\n\n"
    } else {
        ".\n\n"
    };
    for l in (0..n).rev() {
        let to = l + 1;
        md += &format!(
            "### Weights into the {}\n\n",
            layer_heading(layers, to).to_ascii_lowercase()
        );
        let mut lines = Lines::new();
        for k in 0..layers[to] {
            for j in 0..layers[l] {
                lines.push(|| {
                    format!(
                        "\\partial E/\\partial {} = {} {} = {} = {}",
                        weight(layers, l, k, j),
                        of("\\delta", layers, to, k),
                        of("a", layers, l, j),
                        product(s.delta[to][k], s.a[l][j]),
                        latex_number(weight_gradient(s, l, k, j))
                    )
                });
            }
        }
        if s.has_bias {
            for k in 0..layers[to] {
                lines.push(|| {
                    format!(
                        "\\partial E/\\partial {} = {} = {}",
                        bias(layers, l, k),
                        of("\\delta", layers, to, k),
                        latex_number(bias_gradient(s, l, k))
                    )
                });
            }
        }
        md += &lines.finish();
        md += "\n";
    }
    md
}

fn update_section(s: &Snapshot) -> String {
    let layers = &s.layers;
    let eta = s.learning_rate;
    let eta_text = latex_number(eta);
    let mut md = if eta_text.contains('\\') {
        format!("## Update ($\\eta = {eta_text}$)\n\n")
    } else {
        format!("## Update (η = {eta_text})\n\n")
    };
    md += if s.has_bias {
        "Every weight and bias takes a step against its slope: $\\Delta w = -\\eta\\,\\partial \
         E/\\partial w$"
    } else {
        "Every weight takes a step against its slope: $\\Delta w = -\\eta\\,\\partial \
         E/\\partial w$"
    };
    // What a weight's step goes along, in LaTeX, given the weight's name.
    let penalty = |name: &str| match s.regularization.map(|r| r.kind) {
        None => String::new(),
        Some(Penalty::L2) => format!(" + \\lambda {name}"),
        Some(Penalty::L1) => format!(" + \\lambda\\,\\mathrm{{sign}}({name})"),
    };
    md += &match s.regularization {
        Some(r) => format!(
            ", and each weight's slope also holds the penalty's ${}$ with $\\lambda = {}$ \
             (biases are not penalised).\n\n",
            penalty("w").trim_start_matches(" + "),
            latex_number(r.rate)
        ),
        None => ".\n\n".into(),
    };
    let (new_w, new_b) = (updated_weights(s), updated_biases(s));
    let mut lines = Lines::new();
    let line = |name: &str, old: f64, gradient: f64, new: f64, penalised: bool| {
        debug_assert!(new.is_nan() || old + weight_update(eta, gradient) == new);
        let slope = if penalised {
            format!("(\\partial E/\\partial {name}{})", penalty(name))
        } else {
            format!("\\partial E/\\partial {name}")
        };
        format!(
            "{name} \\leftarrow {name} - \\eta\\,{slope} = {} - {} = {}",
            latex_number(old),
            product(eta, gradient),
            latex_number(new)
        )
    };
    let penalised = s.regularization.is_some();
    for (l, rows) in s.weights.iter().enumerate() {
        for (k, row) in rows.iter().enumerate() {
            for (j, &w) in row.iter().enumerate() {
                lines.push(|| {
                    line(
                        &weight(layers, l, k, j),
                        w,
                        sample_step_gradient(s, l, k, j),
                        new_w[l][k][j],
                        penalised,
                    )
                });
            }
        }
        if s.has_bias {
            for (k, &b) in s.biases[l].iter().enumerate() {
                lines.push(|| {
                    line(
                        &bias(layers, l, k),
                        b,
                        bias_gradient(s, l, k),
                        new_b[l][k],
                        false,
                    )
                });
            }
        }
    }
    md += &lines.finish();
    md += "\n";
    md += &if s.sample_count > 1 {
        format!(
            "This update is for sample {} alone. Training steps along the mean of \
             $\\partial E/\\partial w$ over a batch of samples (a mini-batch or all {} of them), \
             so one epoch of training ends with other weights.\n",
            s.sample + 1,
            s.sample_count
        )
    } else if s.momentum > 0.0 && s.epoch > 0 {
        "With one sample this is one epoch of training, except for what momentum carries over \
         from the earlier steps.\n"
            .into()
    } else {
        "With one sample this is exactly one epoch of training.\n".into()
    };
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Session;
    use crate::view::test_support::TOY;

    fn snapshot(spec: &str) -> Snapshot {
        Session::from_json(spec)
            .expect("the spec loads")
            .snapshot(0)
            .as_ref()
            .clone()
    }

    #[test]
    fn six_significant_digits_with_a_latex_minus() {
        assert_eq!(latex_number(0.21000000000000002), "0.21");
        assert_eq!(latex_number(0.5523079095743253), "0.552308");
        assert_eq!(latex_number(0.10284630007978213), "0.102846");
        assert_eq!(latex_number(-0.046875), "-0.046875");
        assert_eq!(latex_number(0.5), "0.5");
        assert_eq!(latex_number(1.0), "1");
        assert_eq!(latex_number(123456.7), "123457");
        assert_eq!(latex_number(0.0012345678), "0.00123457");
        assert_eq!(latex_number(0.00066653), r"6.6653 \times 10^{-4}");
        assert_eq!(latex_number(-2.5e7), r"-2.5 \times 10^{7}");
        assert_eq!(latex_number(0.0), "0");
        assert_eq!(latex_number(f64::NEG_INFINITY), r"-\infty");
        assert_eq!(factor(-0.3), "(-0.3)");
    }

    #[test]
    fn toy_export_has_every_line_of_the_step() {
        let s = snapshot(TOY);
        let md = step_markdown(&s);
        for heading in [
            "# One step of backpropagation",
            "## Network",
            "## Forward pass",
            "## Error",
            "## Backward pass",
            "## Gradients",
            "## Update (η = 0.5)",
        ] {
            assert!(md.contains(heading), "{heading} in {md}");
        }
        assert!(md.contains(
            r"- $net_{h_1} = w_{x_1 h_1} a_{x_1} + w_{x_2 h_1} a_{x_2} = 0.1 \cdot 0.3 + 0.2 \cdot 0.9 = 0.21$"
        ));
        assert!(md.contains(
            r"$a_{h_1} = \sigma(net_{h_1}) = \sigma(0.21) = \frac{1}{1 + e^{-0.21}} = 0.552308$"
        ));
        assert!(md.contains(r"\delta_{o_1} = (a_{o_1} - t_{o_1})\,a_{o_1}(1 - a_{o_1})"));
        assert!(md.contains("= 0.102846$"));
        assert!(md.contains(r"\delta_{h_1} = (w_{h_1 o_1} \delta_{o_1} + w_{h_1 o_2} \delta_{o_2})\,a_{h_1}(1 - a_{h_1}) = (0.5 \cdot 0.102846 + 0.7 \cdot 0.00120669)"));
        assert!(md.contains(
            r"\partial E/\partial w_{h_1 o_1} = \delta_{o_1} a_{h_1} = 0.102846 \cdot 0.552308 = 0.0568028$"
        ));
        assert!(md.contains(
            r"w_{h_1 o_1} \leftarrow w_{h_1 o_1} - \eta\,\partial E/\partial w_{h_1 o_1} = 0.5 - 0.5 \cdot 0.0568028 = 0.471599$"
        ));
        let updates = md.lines().filter(|l| l.contains(r"\leftarrow")).count();
        assert_eq!(updates, 8);
        let new = updated_weights(&s);
        for (l, rows) in new.iter().enumerate() {
            for (k, row) in rows.iter().enumerate() {
                for (j, &w) in row.iter().enumerate() {
                    let name = weight(&s.layers, l, k, j);
                    let line = format!("{name} \\leftarrow {name}");
                    assert_eq!(md.matches(&line).count(), 1, "{line}");
                    assert!(md.contains(&format!("= {}$\n", latex_number(w))));
                }
            }
        }
        assert!(!md.contains(r"b_{") && md.contains("Bias terms: none"));
        assert!(md.contains("exactly one epoch of training"));
        assert!(!md.contains('−'), "a Unicode minus where LaTeX wants -");
        assert_eq!(md.matches('$').count() % 2, 0);
    }

    #[test]
    fn a_network_with_bias_includes_bias_lines() {
        let spec = TOY.replace(
            r#""learning_rate""#,
            r#""biases":[[0.1,-0.2],[0.3,0.4]],"learning_rate""#,
        );
        let s = snapshot(&spec);
        let md = step_markdown(&s);
        assert!(md.contains(
            r"w_{x_2 h_2} a_{x_2} + b_{h_2} = 0.3 \cdot 0.3 + 0.4 \cdot 0.9 + (-0.2) = "
        ));
        assert!(md.contains(r"- $b_{h_2} = -0.2$"));
        assert!(md.contains(r"\partial E/\partial b_{o_1} = \delta_{o_1} = "));
        assert!(md.contains(
            r"b_{h_2} \leftarrow b_{h_2} - \eta\,\partial E/\partial b_{h_2} = -0.2 - 0.5 \cdot "
        ));
        let updates = md.lines().filter(|l| l.contains(r"\leftarrow")).count();
        assert_eq!(updates, 8 + 4);
    }

    #[test]
    fn a_tanh_layer_is_written_with_tanh_and_one_minus_a_squared() {
        let spec = TOY.replace(
            r#""activation":"sigmoid""#,
            r#""activation":["tanh","sigmoid"]"#,
        );
        let s = snapshot(&spec);
        let md = step_markdown(&s);
        assert!(md.contains("2-2-2 network (tanh, sigmoid)"));
        assert!(md.contains("  - Hidden layer: tanh, $\\tanh(net) = "));
        assert!(md.contains("  - Output layer: sigmoid, $\\sigma(net) = "));
        let a = s.a[1][0];
        assert!(md.contains(&format!(
            r"$a_{{h_1}} = \tanh(net_{{h_1}}) = \tanh(0.21) = {}$",
            latex_number(a)
        )));
        assert!(md.contains(
            r"\delta_{h_1} = (w_{h_1 o_1} \delta_{o_1} + w_{h_1 o_2} \delta_{o_2})\,(1 - a_{h_1}^2) = ("
        ));
        assert!(md.contains(&format!(r"\cdot (1 - ({})^2) = ", latex_number(a))));
        assert!(md.contains(r"f'(net_j)") && md.contains("$1 - a^2$ for tanh"));
        // The output is a sigmoid with squared error, as before.
        assert!(md.contains(r"\delta_{o_1} = (a_{o_1} - t_{o_1})\,a_{o_1}(1 - a_{o_1})"));
        assert_eq!(md.matches('$').count() % 2, 0);
    }

    #[test]
    fn cross_entropy_and_a_penalty_are_in_the_export() {
        let spec = TOY.replace(
            r#""learning_rate""#,
            r#""loss":"cross_entropy","regularization":{"kind":"l2","rate":0.1},"learning_rate""#,
        );
        let s = snapshot(&spec);
        let md = step_markdown(&s);
        assert!(md.contains(
            r"E = -\sum_k \left[t_k \cdot \ln(a_k) + (1 - t_k) \cdot \ln(1 - a_k)\right]"
        ));
        // Each output's term with its numbers, from the same entry as the formula.
        assert!(md.contains(&format!(
            r"\left[0.2 \cdot \ln({a}) + 0.8 \cdot \ln(1 - {a})\right]",
            a = latex_number(s.a[2][0])
        )));
        assert!(md.contains(&format!(r"\right) = {}$", latex_number(s.error))));
        let (a, t) = (s.a[2][0], 0.2);
        assert!(md.contains(&format!(
            r"\delta_{{o_1}} = a_{{o_1}} - t_{{o_1}} = {} - 0.2 = {}$",
            latex_number(a),
            latex_number(a - t)
        )));
        assert!(md.contains("= a_k - t_k$ (with the cross-entropy loss the slope cancels)"));
        assert!(md.contains(r"- Regularisation: L2, $\tfrac12 \lambda \sum w^2$, $\lambda = 0.1$"));
        let g = s.delta[2][0] * s.a[1][0] + 0.1 * 0.5;
        assert!(md.contains(&format!(
            r"w_{{h_1 o_1}} \leftarrow w_{{h_1 o_1}} - \eta\,(\partial E/\partial w_{{h_1 o_1}} + \lambda w_{{h_1 o_1}}) = 0.5 - 0.5 \cdot {} = ",
            latex_number(g)
        )));
        assert!(md.contains("exactly one epoch of training"));
        assert_eq!(md.matches('$').count() % 2, 0);
    }

    #[test]
    fn several_hidden_layers_and_samples_are_named_and_noted() {
        let s = Session::from_json(
            r#"{"layers":[2,3,3,1],"activation":"sigmoid","bias":true,"seed":5,"learning_rate":0.25,"data":{"dataset":"xor"}}"#,
        )
        .expect("the spec loads")
        .snapshot(1);
        let md = step_markdown(&s);
        assert!(md.contains("### Hidden layer 1") && md.contains("### Hidden layer 2"));
        assert!(md.contains(r"w_{h^{(1)}_3 h^{(2)}_1}"));
        assert!(md.contains("sample 2 of 4") && md.contains("for sample 2 alone"));
        let updates = md.lines().filter(|l| l.contains(r"\leftarrow")).count();
        assert_eq!(updates, 2 * 3 + 3 * 3 + 3 + 3 + 3 + 1);
    }

    #[test]
    fn a_wide_network_writes_long_sums_cut_and_the_export_stays_small() {
        let spec = r#"{"layers":[2,40,40,1],"activation":"sigmoid","bias":true,"seed":3,"learning_rate":0.5,"data":{"dataset":"circle","samples":50}}"#;
        let s = crate::view::test_support::snapshot(spec);
        let md = step_markdown(&s);
        // 40 terms per net and per hidden δ: each is cut to 10, ⋯ and the last.
        assert!(md.contains(r" + \cdots + "));
        let line = md
            .lines()
            .find(|l| l.starts_with("- $net_{h^{(2)}_1}"))
            .expect("the net of h²₁");
        assert_eq!(
            line.matches(r"\cdots").count(),
            2,
            "symbols and numbers: {line}"
        );
        // The exact net is still the result.
        assert!(line.ends_with(&format!("= {}$", latex_number(s.net[2][0]))));
        assert!(md.len() < 300_000, "{} bytes", md.len());
    }
}
