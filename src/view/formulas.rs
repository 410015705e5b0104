//! The formulas that differ by activation and by loss, written once for every view: in plain
//! text (sentences, the checker), MathML (the inspector, derivations and step-through) and LaTeX
//! (the Markdown export).
//!
//! The derivative of each activation is written in terms of `a`, as the core computes it:
//! `σ′(net) = a(1 − a)`, `tanh′(net) = 1 − a²`, `relu′(net) = 1 if net > 0 else 0`, `linear: 1`.
//! Markup is built only from fixed strings and the caller's markup and numbers.

use crate::nn::{Activation, Loss};
use crate::view::expr::Expr;
use crate::view::mathml::{factor, inline, mi, num, one_minus, paren, sigmoid_of, slash};

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

/// What multiplies the sum in `E = outer · Σ_k term_k`: `½` for squared error, `−` for
/// cross-entropy.
pub fn loss_outer(loss: Loss) -> Expr {
    match loss {
        Loss::Squared => Expr::half(),
        Loss::CrossEntropy => Expr::Sign("−"),
    }
}

/// One output's term of the loss, from its target `t`, its activation `a` and `1 − t` (symbols,
/// or numbers as markup): `(t − a)²`, or `[t·ln(a) + (1 − t)·ln(1 − a)]`.
pub fn loss_term(loss: Loss, t: Expr, a: Expr, one_minus_t: Expr) -> Expr {
    match loss {
        Loss::Squared => Expr::power(Expr::paren(Expr::row(vec![t, Expr::Op("−"), a])), 2),
        Loss::CrossEntropy => {
            let ln = |x: Expr| Expr::apply(Expr::Func("ln"), x);
            Expr::bracket(Expr::row(vec![
                t,
                Expr::Op("·"),
                ln(a.clone()),
                Expr::Op("+"),
                one_minus_t,
                Expr::Op("·"),
                ln(Expr::row(vec![Expr::Num("1"), Expr::Op("−"), a])),
            ]))
        }
    }
}

/// The loss's term in symbols: `(t_k − a_k)²`, `[t_k·ln(a_k) + (1 − t_k)·ln(1 − a_k)]`.
pub fn loss_term_symbols(loss: Loss) -> Expr {
    let k = |name: &str| Expr::subscript(Expr::ident(name), Expr::ident("k"));
    let one_minus_t = Expr::paren(Expr::row(vec![Expr::Num("1"), Expr::Op("−"), k("t")]));
    loss_term(loss, k("t"), k("a"), one_minus_t)
}

/// The error of one sample, right of `E =`: `½ Σ_k (t_k − a_k)²`, or
/// `−Σ_k [t_k·ln(a_k) + (1 − t_k)·ln(1 − a_k)]`.
pub fn loss_expr(loss: Loss) -> Expr {
    Expr::row(vec![
        loss_outer(loss),
        Expr::Sum("k"),
        loss_term_symbols(loss),
    ])
}

/// `E = …` in LaTeX.
pub fn loss_latex(loss: Loss) -> String {
    format!("E = {}", loss_expr(loss).latex())
}

/// An output's `∂E/∂a` from its `a` and `t` (symbols, or numbers as markup), as the core's
/// `chain_rule` computes it: `a − t` for squared error, `(a − t)/(a(1 − a))` for cross-entropy.
pub fn error_wrt_a_expr(loss: Loss, a: Expr, t: Expr) -> Expr {
    let miss = miss(a.clone(), t);
    match loss {
        Loss::Squared => miss,
        Loss::CrossEntropy => Expr::frac(
            miss,
            Expr::row(vec![
                a.clone(),
                Expr::paren(Expr::row(vec![Expr::Num("1"), Expr::Op("−"), a])),
            ]),
        ),
    }
}

/// An output's δ where the loss makes it `a − t` itself (`Loss::delta_is_a_minus_t`, the
/// core's rule); `None` where δ is the product `∂E/∂a · ∂a/∂net`.
pub fn direct_delta_expr(loss: Loss, a: Expr, t: Expr) -> Option<Expr> {
    loss.delta_is_a_minus_t().then(|| miss(a, t))
}

/// `a − t`: the miss, squared error's `∂E/∂a` and cross-entropy's δ.
fn miss(a: Expr, t: Expr) -> Expr {
    Expr::row(vec![a, Expr::Op("−"), t])
}

/// Why an output's `∂E/∂a` is what it is, from the loss, for the inspector: `a_s` and `t_s` are
/// the neuron's `a` and `t` as MathML.
pub fn error_wrt_a_derived(loss: Loss, a_s: &str, t_s: &str) -> String {
    let d_e = slash(&mi("E"), a_s);
    match loss {
        Loss::Squared => {
            let t_minus_a = paren(&format!("{t_s}<mo>−</mo>{a_s}"));
            let term =
                format!("<mfrac><mn>1</mn><mn>2</mn></mfrac><msup>{t_minus_a}<mn>2</mn></msup>");
            format!(
                "Why {}: E = ½ Σ<sub>k</sub> (t<sub>k</sub> − a<sub>k</sub>)² has one term per \
                 output neuron, and only {} contains {}; the other terms do not change when it \
                 moves, so their derivative is 0. On that term the power rule and the chain rule \
                 give {}: the 2 comes down from the square and cancels the ½, and −1 is the \
                 derivative of the inside, t − a, with respect to a. So {}.",
                inline(&format!("{d_e}<mo>=</mo><mo>−</mo>{t_minus_a}")),
                inline(&term),
                inline(a_s),
                inline(&format!(
                    "<mn>2</mn><mo>·</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><mo>·</mo>{t_minus_a}\
                     <mo>·</mo><mrow><mo>(</mo><mn>−1</mn><mo>)</mo></mrow>"
                )),
                inline(&format!(
                    "{d_e}<mo>=</mo><mo>−</mo>{t_minus_a}<mo>=</mo>{}",
                    miss(Expr::markup(a_s), Expr::markup(t_s)).mathml()
                )),
            )
        }
        Loss::CrossEntropy => {
            let (a, t) = (Expr::markup(a_s), Expr::markup(t_s));
            let fraction = error_wrt_a_expr(loss, a.clone(), t.clone()).mathml();
            let a_minus_t = miss(a, t).mathml();
            format!(
                "Why {}: with the cross-entropy loss E = −Σ<sub>k</sub> [t<sub>k</sub> ln \
                 a<sub>k</sub> + (1 − t<sub>k</sub>) ln(1 − a<sub>k</sub>)], only the k-th term \
                 holds {}, and its derivative is −t/a + (1 − t)/(1 − a); over the common \
                 denominator a(1 − a) that is (a − t)/(a(1 − a)). The sigmoid's slope {} is \
                 exactly that denominator, so the two factors cancel and δ is just the miss, {}. \
                 The two factors above multiply to the same number, but the core computes a − t \
                 directly: it stays exact when the sigmoid saturates (a at 0 or 1), where the \
                 factors become huge times tiny. So a confidently wrong output still gets a \
                 full-sized δ: nothing flat slows it down, which is why cross-entropy learns where \
                 squared error stalls.",
                inline(&format!("{d_e}<mo>=</mo>{fraction}")),
                inline(a_s),
                inline(&one_minus(a_s)),
                inline(&a_minus_t),
            )
        }
    }
}

/// An output's δ in the loss's own forms, for a panel to lay out in its medium: `∂E/∂a` in
/// symbols and with numbers, and where the loss makes the slope cancel, `a − t` in symbols and
/// with numbers.
pub struct OutputDelta {
    pub error: Expr,
    pub error_numbers: Expr,
    pub direct: Option<(Expr, Expr)>,
}

/// The forms of [`OutputDelta`] from `a` and `t` as the medium's markup: `(a, t)` in symbols,
/// then with numbers.
pub fn output_delta(loss: Loss, symbols: (&str, &str), numbers: (&str, &str)) -> OutputDelta {
    let m = Expr::markup;
    OutputDelta {
        error: error_wrt_a_expr(loss, m(symbols.0), m(symbols.1)),
        error_numbers: error_wrt_a_expr(loss, m(numbers.0), m(numbers.1)),
        direct: direct_delta_expr(loss, m(symbols.0), m(symbols.1)).zip(direct_delta_expr(
            loss,
            m(numbers.0),
            m(numbers.1),
        )),
    }
}

/// The loss in a sentence: "squared error", "the cross-entropy loss".
pub fn loss_in_words(loss: Loss) -> &'static str {
    match loss {
        Loss::Squared => "squared error",
        Loss::CrossEntropy => "the cross-entropy loss",
    }
}

/// What `E` is, in a sentence under its formula.
pub fn loss_meaning(loss: Loss) -> &'static str {
    match loss {
        Loss::Squared => {
            "E is this sample's error: half the sum of the squared misses of the outputs."
        }
        Loss::CrossEntropy => {
            "E is this sample's cross-entropy: for each output, −ln a where the target is 1 and \
             −ln(1 − a) where it is 0, so a confident wrong answer costs a lot."
        }
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
    fn each_loss_is_written_once_for_every_medium() {
        assert_eq!(loss_expr(Loss::Squared).text(), "½ Σ_k (t_k − a_k)²");
        assert_eq!(
            loss_latex(Loss::Squared),
            r"E = \tfrac12 \sum_k (t_k - a_k)^2"
        );
        assert_eq!(
            loss_expr(Loss::CrossEntropy).text(),
            "−Σ_k [t_k · ln(a_k) + (1 − t_k) · ln(1 − a_k)]"
        );
        // With numbers: the target and activation as given, 1 − t as its value.
        let term = loss_term(
            Loss::CrossEntropy,
            Expr::markup("0.2"),
            Expr::markup("0.6"),
            Expr::markup("0.8"),
        );
        assert_eq!(
            term.latex(),
            r"\left[0.2 \cdot \ln(0.6) + 0.8 \cdot \ln(1 - 0.6)\right]"
        );
    }

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
