//! The gradient check view: for every weight (and bias), backprop's `∂loss/∂w` beside a central
//! finite difference of the loss, and how far apart they are. The numbers come from
//! `nn::gradient_check`; this only shows them.
//!
//! The finite difference `(loss(w + h) − loss(w − h)) / 2h` knows nothing of the chain rule: it
//! nudges one weight by `h` both ways, runs the network forward, and measures how the loss
//! changes. Backprop gets the same slope by multiplying the chain's factors. When the two agree
//! to about 10⁻⁹, the chain-rule product is right.
//!
//! Markup is built only from fixed strings, labels (letters and digits) and formatted numbers.
//! Every numeric cell carries `data-quantity` (`analytic`, `numeric` or `relative_error`),
//! `data-weight="l,k,j"` (or `data-bias="l,k"`) and `data-value`, the exact `f64` as Rust's `{}`
//! writes it.

pub use crate::nn::gradient_check::{
    gradient_check, parameter_count, relative_error, GradientCheck, GradientRow, MAX_CHECKED,
    PASS_BELOW, RELATIVE_ERROR_FLOOR, STEP,
};
use crate::view::labels::{bias_label, weight_label};
use crate::view::mathml::format_digits;

/// Gradients are shown to 10 significant digits, so that where the two columns part is visible.
const GRADIENT_DIGITS: usize = 10;
/// Relative errors to 2: only their size matters.
const ERROR_DIGITS: usize = 2;

/// `(loss(w + h) − loss(w − h)) / 2h ≈ ∂loss/∂w`, with `h = 10⁻⁵`.
const FORMULA: &str = concat!(
    r#"<div class="formula"><math display="block">"#,
    "<mfrac><mrow><mi>loss</mi><mo>(</mo><mi>w</mi><mo>+</mo><mi>h</mi><mo>)</mo>",
    "<mo>−</mo><mi>loss</mi><mo>(</mo><mi>w</mi><mo>−</mo><mi>h</mi><mo>)</mo></mrow>",
    "<mrow><mn>2</mn><mi>h</mi></mrow></mfrac><mo>≈</mo>",
    r#"<mfrac><mrow><mo>∂</mo><mi>loss</mi></mrow><mrow><mo>∂</mo><mi>w</mi></mrow></mfrac>"#,
    "<mo>,</mo><mspace width=\"1em\"></mspace><mi>h</mi><mo>=</mo><msup><mn>10</mn>",
    "<mrow><mo>−</mo><mn>5</mn></mrow></msup></math></div>"
);

/// The view: what the check proves, the formula, the worst relative error, and the table.
/// `layers` are the network's layer sizes (for the labels); `total_parameters` how many the
/// network has (more than the rows when a sample was checked).
pub fn gradient_check_html(
    rows: &[GradientRow],
    layers: &[usize],
    total_parameters: usize,
) -> String {
    let mut html = String::from(r#"<section class="gradient-check-view"><h3>Gradient check</h3>"#);
    html += r#"<p class="why">Backprop gets each ∂loss/∂w by multiplying the chain rule's factors. The finite difference gets it a second way that knows nothing of the chain rule: it nudges the weight by a tiny h up and down, runs the network forward both times, and measures how much the loss changed per unit of nudge. When the two agree to about 10⁻⁹, backprop's chain-rule product is right.</p>"#;
    html += FORMULA;
    html += r#"<p class="why">The relative error is |analytic − finite difference| / (|analytic| + |finite difference|), with the denominator at least 10⁻⁸ so that a gradient that is truly 0 is not judged by rounding noise. Below 10⁻⁶ counts as agreement (✓).</p>"#;
    if rows.is_empty() {
        html += r#"<p class="why">Nothing to check: there is no data to measure the loss on.</p>"#;
        return html + "</section>";
    }

    let failures = rows.iter().filter(|r| !r.passes()).count();
    let worst = rows
        .iter()
        .max_by(|a, b| a.relative_error.total_cmp(&b.relative_error))
        .expect("rows is not empty");
    html += &format!(
        r#"<p class="worst">Worst relative error: <span data-quantity="worst_relative_error" data-value="{}">{}</span>, at {}. {}</p>"#,
        worst.relative_error,
        format_digits(worst.relative_error, ERROR_DIGITS),
        label(worst, layers),
        if failures == 0 {
            format!(
                "All {} checked gradients agree: backprop is right here.",
                rows.len()
            )
        } else {
            format!(
                "{failures} of {} checked gradients disagree: the chain-rule computation of those is wrong.",
                rows.len()
            )
        }
    );
    if rows.len() < total_parameters {
        html += &format!(
            r#"<p class="why sampled" data-checked="{}" data-total="{total_parameters}">A random sample of {} of the network's {total_parameters} weights and biases is checked, shown in layer order: each check runs the network forward twice over the whole data set, so checking all of them would take long.</p>"#,
            rows.len(),
            rows.len()
        );
    }

    html += concat!(
        r#"<table class="gradient-check"><thead><tr><th scope="col">weight</th>"#,
        r#"<th scope="col">analytic ∂loss/∂w (backprop)</th>"#,
        r#"<th scope="col">finite difference</th><th scope="col">relative error</th>"#,
        r#"<th scope="col">agrees?</th></tr></thead><tbody>"#
    );
    for r in rows {
        let at = if r.is_bias {
            format!(r#"data-bias="{},{}""#, r.layer, r.to)
        } else {
            format!(r#"data-weight="{},{},{}""#, r.layer, r.to, r.from)
        };
        let cell = |name: &str, x: f64, digits: usize| {
            format!(
                r#"<td class="num" data-quantity="{name}" {at} data-value="{x}">{}</td>"#,
                format_digits(x, digits)
            )
        };
        let mark = if r.passes() {
            r#"<td class="mark pass" data-pass="true"><span aria-hidden="true">✓</span> agrees</td>"#
        } else {
            r#"<td class="mark fail" data-pass="false"><span aria-hidden="true">✗</span> disagrees</td>"#
        };
        html += &format!(
            r#"<tr><th scope="row">{}</th>{}{}{}{mark}</tr>"#,
            label(r, layers),
            cell("analytic", r.analytic, GRADIENT_DIGITS),
            cell("numeric", r.numeric, GRADIENT_DIGITS),
            cell("relative_error", r.relative_error, ERROR_DIGITS),
        );
    }
    html + "</tbody></table></section>"
}

fn label(r: &GradientRow, layers: &[usize]) -> String {
    if r.is_bias {
        bias_label(layers, r.layer, r.to)
    } else {
        weight_label(layers, r.layer, r.to, r.from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Session;
    use crate::nn::gradients::dataset_loss_and_gradients;
    use crate::nn::Activation;
    use crate::nn::{Dataset, Gradients, Network, Objective};
    use crate::view::explain::format_number;
    use crate::view::test_support::{assert_well_formed, TOY};

    fn with_bias() -> String {
        TOY.replace(
            r#""learning_rate""#,
            r#""biases":[[0.1,-0.2],[0.3,0.4]],"learning_rate""#,
        )
    }

    fn session(spec: &str) -> Session {
        Session::from_json(spec).expect("the spec loads")
    }

    #[test]
    fn toy_network_every_weight_agrees_and_analytic_is_the_snapshots() {
        let s = session(TOY);
        let rows = gradient_check(s.network(), s.data(), &s.objective());
        assert_eq!(rows.len(), 8);
        let snapshot = s.snapshot(0);
        for r in &rows {
            assert!(!r.is_bias);
            assert!(r.relative_error < 1e-6, "{r:?}");
            assert!(r.passes());
            assert_eq!(r.analytic, snapshot.gradients[r.layer][r.to][r.from]);
        }
        // Layer by layer, row by row: the order of the flat storage.
        let order: Vec<_> = rows.iter().map(|r| (r.layer, r.to, r.from)).collect();
        assert_eq!(
            order,
            [
                (0, 0, 0),
                (0, 0, 1),
                (0, 1, 0),
                (0, 1, 1),
                (1, 0, 0),
                (1, 0, 1),
                (1, 1, 0),
                (1, 1, 1)
            ]
        );
        // The thread's worked example: ∂E/∂w(h₁→o₁) = δ_o₁ · a_h₁.
        assert!((rows[4].analytic - 0.056802825004518234).abs() < 1e-15);
        assert!((rows[4].numeric - 0.056802825004518234).abs() < 1e-9);
    }

    #[test]
    fn the_check_measures_the_sessions_loss_with_its_activations_and_penalty() {
        let spec = with_bias()
            .replace(r#""activation":"sigmoid""#, r#""activation":["tanh","sigmoid"]"#)
            .replace(
                r#""learning_rate""#,
                r#""loss":"cross_entropy","regularization":{"kind":"l2","rate":0.2},"learning_rate""#,
            );
        let s = session(&spec);
        let rows = gradient_check(s.network(), s.data(), &s.objective());
        let snapshot = s.snapshot(0);
        for r in &rows {
            assert!(r.passes(), "{r:?}");
            if !r.is_bias {
                assert_eq!(r.analytic, snapshot.gradients[r.layer][r.to][r.from]);
            }
        }
        // The penalty is in both columns: w(x₁→h₁) = 0.1 has slope 0.2 · 0.1 on top of ∂E/∂w.
        let mut pass = crate::nn::BatchPass::new(s.network().layers());
        let mut plain = Gradients::zeros(s.network());
        let no_penalty = Objective {
            regularization: None,
            ..s.objective()
        };
        dataset_loss_and_gradients(s.network(), s.data(), &no_penalty, &mut pass, &mut plain);
        assert!((rows[0].analytic - plain.weights[0] - 0.02).abs() < 1e-15);
        assert!((rows[0].numeric - plain.weights[0] - 0.02).abs() < 1e-9);
    }

    #[test]
    fn the_network_is_unchanged_after_the_check() {
        let s = session(&with_bias());
        let before = s.network().clone();
        gradient_check(s.network(), s.data(), &s.objective());
        assert_eq!(s.network(), &before);
    }

    #[test]
    fn a_network_with_bias_has_bias_rows_after_each_layers_weights() {
        let s = session(&with_bias());
        let rows = gradient_check(s.network(), s.data(), &s.objective());
        assert_eq!(rows.len(), 8 + 4);
        assert_eq!(parameter_count(s.network()), 12);
        let snapshot = s.snapshot(0);
        let biases: Vec<_> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.is_bias)
            .map(|(i, r)| (i, r.layer, r.to))
            .collect();
        assert_eq!(biases, [(4, 0, 0), (5, 0, 1), (10, 1, 0), (11, 1, 1)]);
        for r in rows.iter().filter(|r| r.is_bias) {
            assert_eq!(r.analytic, snapshot.bias_gradients[r.layer][r.to]);
            assert!(r.passes(), "{r:?}");
        }
        let html = gradient_check_html(&rows, &snapshot.layers, rows.len());
        assert!(html.contains(r#"<th scope="row">b(h₂)</th>"#));
        assert!(html.contains(&format!(
            r#"data-quantity="analytic" data-bias="0,1" data-value="{}""#,
            snapshot.bias_gradients[0][1]
        )));
    }

    #[test]
    fn the_html_has_every_cell_tagged_and_says_what_it_proves() {
        let s = session(TOY);
        let rows = gradient_check(s.network(), s.data(), &s.objective());
        let html = gradient_check_html(&rows, s.network().layers(), rows.len());
        assert!(html.contains(r#"<table class="gradient-check">"#));
        for name in ["analytic", "numeric", "relative_error"] {
            assert_eq!(
                html.matches(&format!(r#"data-quantity="{name}""#)).count(),
                8
            );
        }
        assert_eq!(html.matches("✓</span> agrees").count(), 8);
        assert!(!html.contains("✗"));
        assert!(html.contains("<th scope=\"row\">w(h₁→o₁)</th>"));
        let r = &rows[4];
        assert!(html.contains(&format!(
            r#"data-quantity="analytic" data-weight="1,0,0" data-value="{}">0.056802825</td>"#,
            r.analytic
        )));
        assert!(html.contains(&format!(
            r#"data-quantity="numeric" data-weight="1,0,0" data-value="{}""#,
            r.numeric
        )));
        assert!(html.contains("knows nothing of the chain rule"));
        assert!(html.contains("<mi>loss</mi><mo>(</mo><mi>w</mi><mo>+</mo><mi>h</mi>"));
        let worst = rows.iter().map(|r| r.relative_error).fold(0.0, f64::max);
        assert!(html.contains(&format!(
            r#"Worst relative error: <span data-quantity="worst_relative_error" data-value="{worst}">{}</span>"#,
            format_digits(worst, 2)
        )));
        assert!(html.contains("All 8 checked gradients agree"));
        assert!(!html.contains("Only the first"));
        assert_well_formed(&html);
    }

    #[test]
    fn a_wrong_gradient_is_marked_as_disagreeing() {
        let numeric = 0.056802825004518234;
        let wrong = GradientRow {
            layer: 1,
            to: 0,
            from: 0,
            is_bias: false,
            analytic: numeric * 1.01,
            numeric,
            relative_error: relative_error(numeric * 1.01, numeric),
        };
        assert!(!wrong.passes());
        assert!((wrong.relative_error - 0.01 / 2.01).abs() < 1e-12);
        let html = gradient_check_html(&[wrong], &[2, 2, 2], 1);
        assert!(html.contains(r#"<span aria-hidden="true">✗</span> disagrees"#));
        assert!(!html.contains("✓</span>"));
        assert!(html.contains("1 of 1 checked gradients disagree"));
        assert!(html.contains(">0.005</span>, at w(h₁→o₁)"));
    }

    #[test]
    fn the_floor_keeps_a_zero_gradient_from_failing_on_rounding_noise() {
        assert_eq!(relative_error(0.0, 0.0), 0.0);
        assert!((relative_error(0.0, 3e-12) - 3e-4).abs() < 1e-15);
        assert!(relative_error(1.0, 1.0 + 1e-9) < 1e-9);
        // An input of 0 makes the weights leaving it have gradient 0: they still pass.
        let spec = TOY.replace("[[0.3,0.9]]", "[[0.0,0.9]]");
        let s = session(&spec);
        let rows = gradient_check(s.network(), s.data(), &s.objective());
        let zero = rows.iter().find(|r| (r.layer, r.to, r.from) == (0, 0, 0));
        assert_eq!(zero.unwrap().analytic, 0.0);
        assert!(rows.iter().all(GradientRow::passes));
    }

    #[test]
    fn large_networks_have_a_random_sample_checked_across_every_layer_and_say_so() {
        let layers = [40, 30, 30, 2];
        let network = Network::random(&layers, true, Activation::Sigmoid, 9);
        let data = Dataset::from_rows(&[vec![0.5; 40]], &[vec![0.1, 0.9]]);
        let total = 40 * 30 + 30 + 30 * 30 + 30 + 30 * 2 + 2;
        assert_eq!(parameter_count(&network), total);
        let rows = gradient_check(&network, &data, &Objective::default());
        assert_eq!(rows.len(), MAX_CHECKED);
        assert!(rows.iter().all(GradientRow::passes));
        // In the flat storage's order, each parameter once, and from every layer: the last
        // layer's weights too, which checking the first 2000 in order would never reach.
        let key = |r: &GradientRow| (r.layer, r.is_bias, r.to, r.from);
        assert!(rows.windows(2).all(|w| key(&w[0]) < key(&w[1])));
        for layer in 0..3 {
            assert!(
                rows.iter().any(|r| r.layer == layer && !r.is_bias),
                "layer {layer}"
            );
        }
        let html = gradient_check_html(&rows, &layers, total);
        assert!(html.contains(&format!(r#"data-checked="2000" data-total="{total}""#)));
        // The same seed draws the same sample; the whole check fits below the cap.
        let again = gradient_check(&network, &data, &Objective::default());
        assert_eq!(
            again.iter().map(key).collect::<Vec<_>>(),
            rows.iter().map(key).collect::<Vec<_>>()
        );
        let small = Network::random(&[2, 3, 1], true, Activation::Sigmoid, 9);
        let html = gradient_check_html(
            &gradient_check(&small, &data_2(), &Objective::default()),
            &[2, 3, 1],
            13,
        );
        assert!(!html.contains("data-checked"));
    }

    fn data_2() -> Dataset {
        Dataset::from_rows(&[vec![0.5, -0.3]], &[vec![0.7]])
    }

    #[test]
    fn a_check_in_slices_is_the_check_at_once_and_keeps_the_state_it_started_from() {
        let s = session(&with_bias());
        let mut sliced = GradientCheck::new(s.network(), s.data(), &s.objective(), 0);
        assert_eq!(
            (
                sliced.checked(),
                sliced.planned(),
                sliced.total_parameters()
            ),
            (0, 12, 12)
        );
        let mut steps = 0;
        while !sliced.step(5) {
            steps += 1;
        }
        assert_eq!(steps, 2, "12 parameters in slices of 5");
        assert_eq!(
            sliced.rows(),
            &gradient_check(s.network(), s.data(), &s.objective())[..]
        );
        assert_eq!(sliced.network(), s.network(), "every nudge is undone");
    }

    #[test]
    fn format_number_rounds_to_4_significant_digits() {
        // Written out by hand: 4 significant digits, trailing zeros dropped, powers of ten
        // outside 10⁻³…10³, a true minus sign.
        for (x, shown) in [
            (0.10284630007978213, "0.1028"),
            (-0.04687, "−0.04687"),
            (12.3456, "12.35"),
            (0.5, "0.5"),
            (1.0, "1"),
            (0.001, "0.001"),
            (1234.4, "1234"),
            (9.99996, "10"),
            (0.00099996, "0.001"),
            (1.2341e-5, "1.234×10⁻⁵"),
            (-1e-5, "−1×10⁻⁵"),
            (2.5e-12, "2.5×10⁻¹²"),
            (12346.0, "1.235×10⁴"),
            (0.0, "0"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "−∞"),
        ] {
            assert_eq!(format_number(x), shown, "{x}");
            assert_eq!(format_digits(x, 4), shown, "{x}");
        }
        assert_eq!(format_digits(3.2146e-10, 2), "3.2×10⁻¹⁰");
        assert_eq!(format_digits(0.056802825004518234, 10), "0.056802825");
        assert_eq!(format_digits(0.10284630007978213, 7), "0.1028463");
        assert_eq!(format_digits(0.4715985874977409, 7), "0.4715986");
        assert_eq!(format_digits(1234.5678, 10), "1234.5678");
        assert_eq!(format_digits(0.26, 1), "0.3");
    }
}
