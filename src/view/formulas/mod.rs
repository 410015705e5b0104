//! The formulas that differ by activation and by loss, written once for every view: in plain
//! text (sentences, the checker), MathML (the inspector, derivations and step-through) and LaTeX
//! (the Markdown export).
//!
//! The derivative of each activation is written in terms of `a`, as the core computes it:
//! `σ′(net) = a(1 − a)`, `tanh′(net) = 1 − a²`, `relu′(net) = 1 if net > 0 else 0`, `linear: 1`.
//! Markup is built only from fixed strings and the caller's markup and numbers.
//!
//! This file is the activations' entry; `loss.rs` is the loss's.

mod loss;

pub use loss::*;

use crate::nn::Activation;
use crate::view::expr::Expr;
use crate::view::mathml::{factor, num, paren, sigmoid_of};

/// `σ`, `tanh`, `relu` or `linear`: the function's name in formulas.
pub fn symbol(activation: Activation) -> &'static str {
    match activation {
        Activation::Sigmoid => "σ",
        Activation::Tanh => "tanh",
        Activation::Relu => "relu",
        Activation::Linear => "linear",
    }
}

/// "the sigmoid", "tanh", "relu", "the linear activation": the function in a sentence.
pub fn name_in_words(activation: Activation) -> &'static str {
    match activation {
        Activation::Sigmoid => "the sigmoid",
        Activation::Tanh => "tanh",
        Activation::Relu => "relu",
        Activation::Linear => "the linear activation",
    }
}

/// The function and what it does, for the step-through's words.
pub fn plain_definition(activation: Activation) -> &'static str {
    match activation {
        Activation::Sigmoid => {
            "the sigmoid σ(net) = 1 / (1 + e^(−net)), which squashes any number into the range 0 \
             to 1"
        }
        Activation::Tanh => {
            "tanh(net) = (e^net − e^(−net)) / (e^net + e^(−net)), which squashes any number into \
             the range −1 to 1"
        }
        Activation::Relu => {
            "relu(net) = max(0, net), which passes a positive net on unchanged and turns a \
             negative one into 0"
        }
        Activation::Linear => "the linear activation a = net, which passes net on unchanged",
    }
}

/// `σ′(net) = a(1 − a)`, `tanh′(net) = 1 − a²`, `relu′(net) = 1 if net > 0 else 0`,
/// `linear: 1`: the slope, said in one line.
pub fn plain_derivative(activation: Activation) -> &'static str {
    match activation {
        Activation::Sigmoid => "σ′(net) = a(1 − a)",
        Activation::Tanh => "tanh′(net) = 1 − a²",
        Activation::Relu => "relu′(net) = 1 if net > 0 else 0",
        Activation::Linear => "linear: 1",
    }
}

/// Each activation's slope `∂a/∂net`, written once in terms of its `a` and `net`, as the core
/// computes it (`Activation::derivative_from_a`): `a(1 − a)`, `(1 − a²)`,
/// `(1 if net > 0 else 0)`, `1`. [`slope_mathml`], [`slope_latex`] and [`plain_slope`] render it.
pub fn slope_expr(activation: Activation, a: Expr, net: Expr) -> Expr {
    let one = || Expr::Num("1");
    match activation {
        Activation::Sigmoid => Expr::row(vec![
            a.clone(),
            Expr::paren(Expr::row(vec![one(), Expr::Op("−"), a])),
        ]),
        Activation::Tanh => Expr::group(Expr::row(vec![one(), Expr::Op("−"), Expr::power(a, 2)])),
        Activation::Relu => Expr::group(Expr::row(vec![
            one(),
            Expr::Words("if"),
            net,
            Expr::Op(">"),
            Expr::Num("0"),
            Expr::Words("else"),
            Expr::Num("0"),
        ])),
        Activation::Linear => one(),
    }
}

/// `a(1 − a)`, `1 − a²`, `1 if net > 0 else 0`, `1`: the slope alone, in plain text.
pub fn plain_slope(activation: Activation) -> String {
    slope_expr(activation, Expr::ident("a"), Expr::ident("net")).text()
}

/// The slope's rule fed `net` where `a` belongs, in plain text: `net(1 − net)`, `1 − net²`, …
/// (the slip the checker names when a learner's slope matches it).
pub fn slope_at_net(activation: Activation) -> String {
    slope_expr(activation, Expr::ident("net"), Expr::ident("net")).text()
}

/// The slope of neuron `n` worked out in a sentence, for the checker's hint. `numbers`: `a`,
/// `a` as a factor (in parentheses when negative), `net` and the slope, already formatted.
pub fn slope_worked(activation: Activation, n: &str, numbers: [String; 4]) -> String {
    let [a, signed_a, net, slope] = numbers;
    match activation {
        Activation::Sigmoid => format!(
            "{n}'s activation is the sigmoid, so ∂a/∂net = σ′(net) = a(1 − a), with \
             a({n}) = σ(net) = {a}, so {a} × (1 − {a}) = {slope}."
        ),
        Activation::Tanh => format!(
            "{n}'s activation is tanh, so ∂a/∂net = tanh′(net) = 1 − a², with a({n}) = \
             tanh(net) = {a}, so 1 − {signed_a}² = {slope}."
        ),
        Activation::Relu => format!(
            "{n}'s activation is relu: {}. Here net({n}) = {net}, so the slope is {slope}.",
            plain_derivative(activation)
        ),
        Activation::Linear => format!(
            "{n}'s activation is the linear activation: {}.",
            plain_derivative(activation)
        ),
    }
}

/// `f(arg)` in MathML: `σ(net)`, `tanh(net)`, `relu(net)`, `linear(net)`.
pub fn apply_mathml(activation: Activation, arg: &str) -> String {
    Expr::apply(Expr::Func(symbol(activation)), Expr::markup(arg)).mathml()
}

/// `f′(arg)` in MathML.
pub fn prime_mathml(activation: Activation, arg: &str) -> String {
    Expr::apply(
        Expr::prime(Expr::Func(symbol(activation))),
        Expr::markup(arg),
    )
    .mathml()
}

/// The function written out in the neuron's own symbol `net` (MathML): `1/(1 + e^(−net))`
/// for the sigmoid, the step the thread asks about; `None` for the others, whose definition the
/// numbers show plainly enough.
pub fn definition_mathml(activation: Activation, net: &str) -> Option<String> {
    match activation {
        Activation::Sigmoid => Some(sigmoid_of(&format!("<mo>−</mo>{net}"))),
        Activation::Tanh | Activation::Relu | Activation::Linear => None,
    }
}

/// The function written out at `net`, a number: `1/(1 + e^(−net))`, `max(0, net)`, `net`;
/// `None` for tanh (no simpler form than `tanh(net)` itself).
pub fn definition_at_mathml(activation: Activation, net: f64) -> Option<String> {
    match activation {
        Activation::Sigmoid => Some(sigmoid_of(&num(-net))),
        Activation::Tanh => None,
        Activation::Relu => Some(format!(
            "<mi>max</mi>{}",
            paren(&format!("<mn>0</mn><mo>,</mo>{}", num(net)))
        )),
        Activation::Linear => Some(num(net)),
    }
}

/// What the inspector says under a neuron's slope: how to read it and why it is what it is
/// (the sigmoid's has a derivation of its own, linked; relu's depends on the side of 0 net is
/// on). HTML.
pub fn slope_meaning(activation: Activation, net: f64) -> String {
    match activation {
        Activation::Sigmoid => "σ′ is the slope of the sigmoid at this net: how fast a moves when \
                                net moves. <a href=\"#\" data-goto=\"why:sigmoid-slope\">Why is it \
                                a(1 − a)? The derivation, step by step, with this neuron's \
                                numbers.</a>"
            .to_string(),
        Activation::Tanh => "This neuron's activation is tanh, so its slope is tanh′(net) = \
                             1 − a²: how fast a moves when net moves. (From tanh = sinh/cosh: \
                             (cosh² − sinh²)/cosh² = 1 − tanh².)"
            .to_string(),
        Activation::Relu | Activation::Linear => format!(
            "This neuron's activation is {}, so its slope is {}′(net). {}",
            name_in_words(activation),
            symbol(activation),
            slope_reason(activation, net)
        ),
    }
}

/// Why the slope is what it is, after its numbers in the derivations of a neuron that is not a
/// sigmoid (the sigmoid's derivation is a panel of its own): tanh's from the quotient rule,
/// relu's and linear's from where net is.
pub fn slope_derived(activation: Activation, net: f64) -> String {
    match activation {
        Activation::Tanh => "Like the sigmoid, tanh's slope is written with the a the forward \
                             pass already has: tanh = sinh/cosh, and the quotient rule gives \
                             (cosh² − sinh²)/cosh² = 1 − tanh² = 1 − a²."
            .to_string(),
        Activation::Sigmoid | Activation::Relu | Activation::Linear => {
            slope_reason(activation, net)
        }
    }
}

/// The slope as a factor of a plain-text product: `a(1 − a)`, `(1 − a²)`,
/// `(1 if net > 0 else 0)`, `(1)`.
pub fn plain_slope_factor(activation: Activation) -> String {
    match activation {
        Activation::Sigmoid => plain_slope(activation),
        Activation::Tanh | Activation::Relu | Activation::Linear => {
            format!("({})", plain_slope(activation))
        }
    }
}

/// The slope in terms of the neuron's symbols (MathML markup): `a(1 − a)`, `(1 − a²)`,
/// `(1 if net > 0 else 0)`, `1` (in parentheses where it would not read as one factor).
pub fn slope_mathml(activation: Activation, a: &str, net: &str) -> String {
    slope_expr(activation, Expr::markup(a), Expr::markup(net)).mathml()
}

/// The slope with the numbers put in: `0.6553·(1 − 0.6553)`, `1 − 0.3²`, and for relu and
/// linear the `1` or `0` itself (`None` when there is nothing to put in beyond the result).
pub fn slope_numbers_mathml(activation: Activation, a: f64) -> Option<String> {
    match activation {
        Activation::Sigmoid => Some(format!(
            "{}<mo>·</mo>{}",
            num(a),
            paren(&format!("<mn>1</mn><mo>−</mo>{}", num(a)))
        )),
        Activation::Tanh => Some(format!(
            "<mn>1</mn><mo>−</mo><msup>{}<mn>2</mn></msup>",
            factor(num(a), a)
        )),
        Activation::Relu | Activation::Linear => None,
    }
}

/// A sentence on why the slope is what it is here, for relu and linear (whose numbers line is
/// only the result); empty for the others.
pub fn slope_reason(activation: Activation, net: f64) -> String {
    match activation {
        Activation::Relu if net > 0.0 => {
            "net is above 0, so the relu is on: it passes changes of net on one for one, slope 1."
                .into()
        }
        Activation::Relu => "net is not above 0, so the relu is off: its output stays 0 whatever \
                             net does, slope 0, and no error flows back through it for this \
                             sample."
            .into(),
        Activation::Linear => "A linear neuron hands net on unchanged, so its slope is 1 \
                               everywhere."
            .into(),
        Activation::Sigmoid | Activation::Tanh => String::new(),
    }
}

/// `f(arg)` in LaTeX: the same tree as [`apply_mathml`].
pub fn apply_latex(activation: Activation, arg: &str) -> String {
    Expr::apply(Expr::Func(symbol(activation)), Expr::markup(arg)).latex()
}

/// The function written out at `net` (LaTeX, `net` already formatted): `\frac{1}{1 + e^{-net}}`,
/// `\max(0, net)`, `net`; `None` for tanh (no simpler form than `\tanh(net)`).
pub fn definition_at_latex(activation: Activation, minus_net: &str, net: &str) -> Option<String> {
    match activation {
        Activation::Sigmoid => Some(format!("\\frac{{1}}{{1 + e^{{{minus_net}}}}}")),
        Activation::Tanh => None,
        Activation::Relu => Some(format!("\\max(0, {net})")),
        Activation::Linear => Some(net.to_string()),
    }
}

/// The definition, for the export's list of layers.
pub fn definition_latex(activation: Activation) -> &'static str {
    match activation {
        Activation::Sigmoid => "\\sigma(net) = \\frac{1}{1 + e^{-net}}",
        Activation::Tanh => "\\tanh(net) = \\frac{e^{net} - e^{-net}}{e^{net} + e^{-net}}",
        Activation::Relu => "\\mathrm{relu}(net) = \\max(0, net)",
        Activation::Linear => "\\mathrm{linear}(net) = net",
    }
}

/// The slope in LaTeX, in terms of the symbols `a` and `net` (LaTeX): `a(1 - a)`,
/// `(1 - a^2)`, `(1\text{ if }net > 0\text{ else }0)`, `1`.
pub fn slope_latex(activation: Activation, a: &str, net: &str) -> String {
    slope_expr(activation, Expr::markup(a), Expr::markup(net)).latex()
}

/// The slope in LaTeX with numbers: `0.6553 \cdot (1 - 0.6553)`, `(1 - 0.3^2)`; `None` for relu
/// and linear, whose slope is just 1 or 0.
pub fn slope_numbers_latex(activation: Activation, a: &str) -> Option<String> {
    match activation {
        Activation::Sigmoid => Some(format!("{a} \\cdot (1 - {a})")),
        Activation::Tanh => Some(format!("(1 - ({a})^2)")),
        Activation::Relu | Activation::Linear => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::mathml::mi;

    #[test]
    fn each_derivative_is_said_as_the_issue_writes_it() {
        let said: Vec<&str> = Activation::ALL
            .iter()
            .map(|&a| plain_derivative(a))
            .collect();
        assert_eq!(
            said,
            [
                "σ′(net) = a(1 − a)",
                "tanh′(net) = 1 − a²",
                "relu′(net) = 1 if net > 0 else 0",
                "linear: 1"
            ]
        );
    }

    #[test]
    fn slopes_in_mathml_and_latex() {
        let a = mi("a");
        assert_eq!(
            slope_mathml(Activation::Tanh, &a, ""),
            "<mrow><mo>(</mo><mn>1</mn><mo>−</mo><msup><mi>a</mi><mn>2</mn></msup><mo>)</mo></mrow>"
        );
        assert_eq!(
            slope_numbers_mathml(Activation::Tanh, -0.5).unwrap(),
            "<mn>1</mn><mo>−</mo><msup><mrow><mo>(</mo><mn>−0.5</mn><mo>)</mo></mrow><mn>2</mn></msup>"
        );
        assert!(slope_numbers_mathml(Activation::Relu, 0.5).is_none());
        assert_eq!(slope_latex(Activation::Sigmoid, "a", "n"), "a(1 - a)");
        // One definition per activation, three media: the words match the issue's wording, and
        // the relu's condition is the same in LaTeX as on the page.
        assert_eq!(
            slope_latex(Activation::Relu, "a", "net"),
            "(1\\text{ if }net > 0\\text{ else }0)"
        );
        assert_eq!(apply_latex(Activation::Relu, "x"), "\\mathrm{relu}(x)");
        assert_eq!(apply_latex(Activation::Sigmoid, "x"), "\\sigma(x)");
        assert_eq!(
            prime_mathml(Activation::Sigmoid, "<mi>x</mi>"),
            "<msup><mi>σ</mi><mo>′</mo></msup><mrow><mo>(</mo><mi>x</mi><mo>)</mo></mrow>"
        );
        let texts: Vec<String> = Activation::ALL.iter().map(|&f| plain_slope(f)).collect();
        assert_eq!(texts, ["a(1 − a)", "1 − a²", "1 if net > 0 else 0", "1"]);
        assert_eq!(
            definition_at_latex(Activation::Relu, "-0.2", "0.2").unwrap(),
            "\\max(0, 0.2)"
        );
        assert!(slope_reason(Activation::Relu, -1.0).contains("off"));
    }
}
