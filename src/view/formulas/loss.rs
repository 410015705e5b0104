//! The loss's entry: everything the views say about how one sample's error `E` is measured and
//! differentiated, for squared error and cross-entropy, in every medium (MathML, LaTeX, text).
//! A new loss is its rule in the core (`nn/src/loss.rs`, `nn/src/chain_rule.rs`) and an arm in
//! each function here; no panel names a loss.

use crate::model::Snapshot;
use crate::nn::Loss;
use crate::view::expr::Expr;
use crate::view::labels::neuron_label;
use crate::view::mathml::{
    bracket, factor, formula, formula_split, frac, highlight, inline, ln, mi, neg, num, of,
    one_minus, paren, partial, quantity, slash, sum, sup, terms, why, HALF, MAX_TERMS, NEG_ONE,
};

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
            let term = format!("{HALF}<msup>{t_minus_a}<mn>2</mn></msup>");
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
                    "<mn>2</mn><mo>·</mo>{HALF}<mo>·</mo>{t_minus_a}\
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

/// The loss as the page's Training options offer it.
pub fn loss_label(loss: Loss) -> &'static str {
    match loss {
        Loss::Squared => "squared error ½Σ(t − a)²",
        Loss::CrossEntropy => "cross-entropy (sigmoid output)",
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

/// A slip with this loss that Check my work recognises from the value alone: its id (for the
/// page and the tests), the value the slip gives, and what to tell the learner.
pub struct LossSlip {
    pub id: &'static str,
    pub gives: f64,
    pub hint: &'static str,
}

/// Squared error's ½, forgotten: twice the right value, for an output's δ and the ∂E/∂w of a
/// weight into it alike.
const FORGOT_HALF: &str = "Yours is twice ours: the ½ in E = ½ Σ (t − a)² is there to cancel \
                           the 2 that the power rule brings down, so ∂E/∂a = a − t, not 2(a − t).";

/// The loss's slips for an output neuron's δ, given its `a`, `t` and the right `delta`.
pub fn output_delta_slips(loss: Loss, a: f64, t: f64, delta: f64) -> Vec<LossSlip> {
    match loss {
        Loss::Squared => vec![LossSlip {
            id: "half",
            gives: 2.0 * delta,
            hint: FORGOT_HALF,
        }],
        Loss::CrossEntropy => vec![LossSlip {
            id: "cross_entropy_delta",
            gives: (a - t) * a * (1.0 - a),
            hint: "Yours is squared error's δ = (a − t)·a(1 − a). With cross-entropy, \
                   ∂E/∂a = (a − t)/(a(1 − a)): the sigmoid's a(1 − a) cancels it, and δ = a − t.",
        }],
    }
}

/// The loss's slips for `∂E/∂w` of a weight into an output neuron, given the right `gradient`.
pub fn output_gradient_slips(loss: Loss, gradient: f64) -> Vec<LossSlip> {
    match loss {
        Loss::Squared => vec![LossSlip {
            id: "half",
            gives: 2.0 * gradient,
            hint: FORGOT_HALF,
        }],
        Loss::CrossEntropy => Vec::new(),
    }
}

/// Check my work's hint for an output's `∂E/∂a`: the usual slip (the value it gives, and what
/// to say when the learner's answer is that), then the worked value.
pub struct ErrorWrtAHint {
    pub slip: f64,
    pub spotted: &'static str,
    pub worked: String,
}

/// The hint for output `n`'s `∂E/∂a`, from `a`, `t` and the right value `ours` (numbers as the
/// checker writes them in `written`: `a`, `t`, `ours`).
pub fn error_wrt_a_hint(
    loss: Loss,
    n: &str,
    (a, t): (f64, f64),
    written: [String; 3],
) -> ErrorWrtAHint {
    let [a_s, t_s, ours] = written;
    match loss {
        Loss::Squared => ErrorWrtAHint {
            slip: t - a,
            spotted: "Yours is t − a. ",
            worked: format!(
                "Mind the sign: ∂E/∂a_k = a_k − t_k, not t_k − a_k. E has the term \
                 ½(t − a)²; the power rule brings down the 2, and the inside, t − a, has derivative \
                 −1 with respect to a, so ∂E/∂a({n}) = −(t − a) = a − t = {a_s} − {t_s} = {ours}."
            ),
        },
        Loss::CrossEntropy => ErrorWrtAHint {
            slip: a - t,
            spotted: "Yours is a − t: that is squared error's ∂E/∂a, and with cross-entropy it is \
                      δ itself, not ∂E/∂a. ",
            worked: format!(
                "With the cross-entropy loss E = −Σ [t ln a + (1 − t) ln(1 − a)], \
                 ∂E/∂a = −t/a + (1 − t)/(1 − a) = (a − t)/(a(1 − a)), so ∂E/∂a({n}) = \
                 ({a_s} − {t_s}) / ({a_s} × (1 − {a_s})) = {ours}."
            ),
        },
    }
}

/// The Why? panel's derivation of output `k`'s `∂E/∂a` from the loss written out as its sum,
/// with the snapshot's numbers (and with cross-entropy, why δ is `a − t`); `slope_panel` is the
/// title of the panel that derives the sigmoid's slope, which the text points to.
pub fn error_wrt_a_derivation(s: &Snapshot, k: usize, slope_panel: &str) -> String {
    match s.loss_kind {
        Loss::Squared => squared_error_derivation(s, k),
        Loss::CrossEntropy => cross_entropy_derivation(s, k, slope_panel),
    }
}

/// Squared error: `∂E/∂a_k = −(t_k − a_k)` from `E = ½ Σ_k (t_k − a_k)²`, the power rule and
/// the chain rule on the one term that holds `a_k`, the others' derivative 0.
fn squared_error_derivation(s: &Snapshot, k: usize) -> String {
    let layers = &s.layers;
    let out = layers.len() - 1;
    let mut html = String::new();
    let n = layers[out];
    let (a_s, t_s) = (of("a", layers, out, k), of("t", layers, out, k));
    let (a, t) = (s.a[out][k], s.target[k]);
    let label = neuron_label(layers, out, k);
    let shown = terms(n, Some(k));
    let mark = |i: usize, inner: String| if i == k { highlight(&inner) } else { inner };
    let term = |i: usize| {
        let (a_i, t_i) = (of("a", layers, out, i), of("t", layers, out, i));
        format!(
            "{HALF}{}",
            sup(&paren(&format!("{t_i}<mo>−</mo>{a_i}")), "<mn>2</mn>")
        )
    };
    let term_numbers = |i: usize| {
        let (a_i, t_i) = (s.a[out][i], s.target[i]);
        format!(
            "{HALF}{}",
            sup(
                &paren(&format!("{}<mo>−</mo>{}", num(t_i), num(a_i))),
                "<mn>2</mn>"
            )
        )
    };
    let t_minus_a = paren(&format!("{t_s}<mo>−</mo>{a_s}"));
    let d_term = format!(
        "{}{}",
        frac("<mo>∂</mo>", &format!("<mo>∂</mo>{a_s}")),
        paren(&format!("{HALF}{}", sup(&t_minus_a, "<mn>2</mn>")))
    );

    html += &why(&format!(
        "E adds one term per output neuron; only the highlighted one holds {}, the activation of \
         {label}:",
        inline(&a_s)
    ));
    html += &formula_split(
        &[
            mi("E"),
            format!(
                "{HALF}<munder><mo>∑</mo><mi>k</mi></munder>{}",
                sup(&paren("<msub><mi>t</mi><mi>k</mi></msub><mo>−</mo><msub><mi>a</mi><mi>k</mi></msub>"), "<mn>2</mn>")
            ),
            sum(&shown, |i| mark(i, term(i))),
            sum(&shown, |i| mark(i, term_numbers(i))),
            quantity("error", s.error),
        ],
        3,
    );
    if n > MAX_TERMS {
        html += &why(&format!(
            "Showing {} of the {n} terms.",
            shown.iter().flatten().count()
        ));
    }
    html += &why(
        "Differentiate term by term: a sum's derivative is the sum of its terms' \
                  derivatives.",
    );
    html += &formula(&[
        partial(&mi("E"), &a_s),
        sum(&shown, |i| {
            if i == k {
                highlight(&d_term)
            } else {
                "<mn>0</mn>".into()
            }
        }),
        d_term.clone(),
    ]);
    html += &why(&if n > 1 {
        let other = (0..n).find(|&i| i != k).unwrap_or(0);
        format!(
            "Every other term, such as {}, contains no {}: when only {} moves, it stays put, so \
             it is a constant and its derivative is 0. That is why the Σ disappears: only one of \
             its terms survives.",
            inline(&term(other)),
            inline(&a_s),
            inline(&a_s)
        )
    } else {
        "With one output neuron, E has only this one term.".into()
    });
    html += &formula_split(
        &[
            d_term,
            format!(
                "<mn>2</mn><mo>·</mo>{HALF}<mo>·</mo>{t_minus_a}<mo>·</mo>{}",
                partial(&t_minus_a, &a_s)
            ),
            format!(
                "<mn>2</mn><mo>·</mo>{HALF}<mo>·</mo>{t_minus_a}<mo>·</mo>{}",
                paren(NEG_ONE)
            ),
            neg(&t_minus_a),
        ],
        2,
    );
    html += &why(&format!(
        "Two rules. The power rule on the square: u² has derivative 2u, and the 2 cancels the ½ \
         (that is why E has the ½). The chain rule: the inside, u = {}, is itself a function of \
         {}, so its derivative multiplies on. The target {} is a fixed number (derivative 0) and \
         −{} has derivative −1.",
        inline(&format!("{t_s}<mo>−</mo>{a_s}")),
        inline(&a_s),
        inline(&t_s),
        inline(&a_s)
    ));
    let error = s.error_wrt_a[out][k];
    html += &formula(&[
        partial(&mi("E"), &a_s),
        neg(&t_minus_a),
        format!("{a_s}<mo>−</mo>{t_s}"),
        format!("{}<mo>−</mo>{}", num(a), factor(quantity("target", t), t)),
        quantity("error_wrt_a", error),
    ]);
    html += &why(&if error > 0.0 {
        format!(
            "Positive: {label} is above its target, so raising {} would raise E.",
            inline(&a_s)
        )
    } else if error < 0.0 {
        format!(
            "Negative: {label} is below its target, so raising {} would lower E.",
            inline(&a_s)
        )
    } else {
        format!("Zero: {label} is exactly on its target.")
    });
    html
}

/// With cross-entropy: `∂E/∂a_k = (a_k − t_k)/(a_k(1 − a_k))` from `E`'s sum, and why the
/// sigmoid's slope cancels it into `δ_k = a_k − t_k`.
fn cross_entropy_derivation(s: &Snapshot, k: usize, slope_panel: &str) -> String {
    let layers = &s.layers;
    let out = layers.len() - 1;
    let n = layers[out];
    let (a_s, t_s, net_s) = (
        of("a", layers, out, k),
        of("t", layers, out, k),
        of("net", layers, out, k),
    );
    let (a, t) = (s.a[out][k], s.target[k]);
    let label = neuron_label(layers, out, k);
    let shown = terms(n, Some(k));
    let mark = |i: usize, inner: String| if i == k { highlight(&inner) } else { inner };
    let term = |t: &str, a: &str| {
        bracket(&format!(
            "{t}<mo>·</mo>{}<mo>+</mo>{}<mo>·</mo>{}",
            ln(a, false),
            paren(&format!("<mn>1</mn><mo>−</mo>{t}")),
            ln(&format!("<mn>1</mn><mo>−</mo>{a}"), true)
        ))
    };
    let symbols = |i: usize| term(&of("t", layers, out, i), &of("a", layers, out, i));
    let numbers = |i: usize| {
        let (a_i, t_i) = (s.a[out][i], s.target[i]);
        bracket(&format!(
            "{}<mo>·</mo>{}<mo>+</mo>{}<mo>·</mo>{}",
            num(t_i),
            ln(&num(a_i), false),
            num(1.0 - t_i),
            ln(&format!("<mn>1</mn><mo>−</mo>{}", num(a_i)), true)
        ))
    };
    let sigma = "<munder><mo>∑</mo><mi>k</mi></munder>";
    let generic = term(
        "<msub><mi>t</mi><mi>k</mi></msub>",
        "<msub><mi>a</mi><mi>k</mi></msub>",
    );

    let mut html = why(&format!(
        "This network is trained with the cross-entropy loss, not the squared error, so \
         ∂E/∂a is not −(t − a) here. E still adds one term per output neuron; only the \
         highlighted one holds {}, the activation of {label}:",
        inline(&a_s)
    ));
    html += &formula_split(
        &[
            mi("E"),
            neg(&format!("{sigma}{generic}")),
            neg(&paren(&sum(&shown, |i| mark(i, symbols(i))))),
            neg(&paren(&sum(&shown, |i| mark(i, numbers(i))))),
            quantity("error", s.error),
        ],
        2,
    );
    if n > MAX_TERMS {
        html += &why(&format!(
            "Showing {} of the {n} terms.",
            shown.iter().flatten().count()
        ));
    }
    let (one_minus_t, one_minus_a) = (
        format!("<mn>1</mn><mo>−</mo>{t_s}"),
        format!("<mn>1</mn><mo>−</mo>{a_s}"),
    );
    html += &formula_split(
        &[
            partial(&mi("E"), &a_s),
            neg(&paren(&format!(
                "{t_s}<mo>·</mo>{}<mo>+</mo>{}<mo>·</mo>{}<mo>·</mo>{}",
                frac("<mn>1</mn>", &a_s),
                paren(&one_minus_t),
                frac("<mn>1</mn>", &one_minus_a),
                paren(NEG_ONE)
            ))),
            format!(
                "<mo>−</mo>{}<mo>+</mo>{}",
                frac(&t_s, &a_s),
                frac(&one_minus_t, &one_minus_a)
            ),
        ],
        2,
    );
    html += &why(&format!(
        "Every other term holds no {a}, so its derivative is 0. On this one: the derivative of \
         ln x is 1/x; for ln(1 − a) the chain rule multiplies on the inner derivative, −1; and \
         the target {t} is a fixed number.",
        a = inline(&a_s),
        t = inline(&t_s),
    ));
    let fraction = frac(
        &format!("{a_s}<mo>−</mo>{t_s}"),
        &format!("{a_s}{}", paren(&one_minus_a)),
    );
    let error = s.error_wrt_a[out][k];
    html += &formula_split(
        &[
            partial(&mi("E"), &a_s),
            frac(
                &format!(
                    "<mo>−</mo>{t_s}{}<mo>+</mo>{}{a_s}",
                    paren(&one_minus_a),
                    paren(&one_minus_t)
                ),
                &format!("{a_s}{}", paren(&one_minus_a)),
            ),
            fraction.clone(),
            frac(
                &format!("{}<mo>−</mo>{}", num(a), factor(num(t), t)),
                &format!(
                    "{}<mo>·</mo>{}",
                    num(a),
                    paren(&format!("<mn>1</mn><mo>−</mo>{}", num(a)))
                ),
            ),
            quantity("error_wrt_a", error),
        ],
        2,
    );
    html += &why(
        "Over the common denominator a(1 − a) the numerator is −t(1 − a) + (1 − t)a = −t + ta + \
         a − ta = a − t.",
    );
    html += "<h4>Why δ is simply a − t</h4>";
    html += &formula_split(
        &[
            of("δ", layers, out, k),
            format!(
                "{}<mo>·</mo>{}",
                partial(&mi("E"), &a_s),
                partial(&a_s, &net_s)
            ),
            format!("{fraction}<mo>·</mo>{}", one_minus(&a_s)),
            format!("{a_s}<mo>−</mo>{t_s}"),
            format!("{}<mo>−</mo>{}", num(a), factor(quantity("target", t), t)),
            quantity("delta", s.delta[out][k]),
        ],
        3,
    );
    html +=
        &why(&format!(
        "The output neuron is a sigmoid, and its slope {} (“{}”) is exactly the denominator of \
         {}: the two factors cancel, and δ is just the miss a − t. Compare the squared error, \
         whose δ = (a − t)·a(1 − a) shrinks toward 0 when the sigmoid saturates (a near 0 or 1) \
         even if the output is completely wrong. With cross-entropy nothing flat slows a wrong \
         output down, so the core computes δ = a − t directly: exact even where a(1 − a) is 0.",
        inline(&format!("{}<mo>=</mo>{}", slash(&a_s, &net_s), one_minus(&a_s))),
        slope_panel,
        inline(&slash(&mi("E"), &a_s)),
    ));
    html += &why(&if error > 0.0 {
        format!("Positive: {label} is above its target, so raising it would raise E.")
    } else if error < 0.0 {
        format!("Negative: {label} is below its target, so raising it would lower E.")
    } else {
        format!("Zero: {label} is exactly on its target.")
    });
    html
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
