//! Beside a hidden neuron's δ: the total derivative, mapped onto this neuron and shown by a
//! nudge (see [`crate::nn::total_derivative`]).
//!
//! The thread's commenter wrote `g′(t) = x′(t)·∂f/∂x + y′(t)·∂f/∂y`. Here `t` is this neuron's
//! `a_j`, the `x, y, …` are the nets of the neurons `k` it feeds, `x′(t) = w_jk` and
//! `∂f/∂x = δ_k`. The table moves `a_j` by `ε` and lists what `E` does along each path, their
//! sum, all paths at once, and `∂E/∂a_j·ε`: the learner sees the paths add up.
//!
//! Cells carry `data-quantity` (`nudge_path` with `data-k`, `nudge_sum`, `nudge_together`,
//! `nudge_linear`) and `data-value`, so tests read back the exact numbers.

use crate::model::Snapshot;
use crate::nn::total_derivative::Nudge;
use crate::view::chain::delta_chain;
use crate::view::labels::{neuron_label, neuron_mathml, weight_mathml};
use crate::view::mathml::{format_number, inline, mi, partial, sub, why, MAX_TERMS};

/// The nudge's section for hidden neuron `index` of `layer`, given the measured `nudge`.
pub fn nudge_html(s: &Snapshot, layer: usize, index: usize, nudge: &Nudge) -> String {
    let layers = &s.layers;
    let next = layer + 1;
    let name = neuron_label(layers, layer, index);
    let a_j = sub(&mi("a"), &neuron_mathml(layers, layer, index));
    let net = |k: usize| sub(&mi("net"), &neuron_mathml(layers, next, k));
    let fed = layers[next];
    // The commenter's two variables, mapped onto the first two neurons this one feeds.
    let (x, y) = (net(0), if fed > 1 { net(1) } else { net(0) });
    let mapping = format!(
        "t = {}, x = {}{}, f = E as a function of those nets; so x′(t) = {} = {}, and ∂f/∂x = {} = {}",
        inline(&a_j),
        inline(&x),
        if fed > 1 {
            format!(", y = {}", inline(&y))
        } else {
            String::new()
        },
        inline(&partial(&x, &a_j)),
        inline(&weight_mathml(layers, layer, 0, index)),
        inline(&partial(&mi("E"), &x)),
        inline(&sub(&mi("δ"), &neuron_mathml(layers, next, 0))),
    );
    let cell = |quantity: &str, value: f64, extra: &str| {
        format!(
            r#"<td data-quantity="{quantity}" data-value="{value}"{extra}>{}</td>"#,
            format_number(value)
        )
    };
    // The chain rule's side of each path, w_jk·δ_k, from the one chain model.
    let Ok(chain) = delta_chain(s, layer, index) else {
        return String::new();
    };
    let mut rows = String::new();
    for ((k, &change), path) in nudge
        .paths
        .iter()
        .enumerate()
        .zip(&chain.paths)
        .take(MAX_TERMS)
    {
        let linear = path.product * nudge.epsilon;
        rows += &format!(
            "<tr><td>through {}: only its net moves, by w·ε</td>{}{}</tr>",
            neuron_label(layers, next, k),
            cell("nudge_path", change, &format!(r#" data-k="{k}""#)),
            cell("nudge_path_linear", linear, &format!(r#" data-k="{k}""#)),
        );
    }
    if fed > MAX_TERMS {
        rows += &format!(
            "<tr><td colspan=\"3\">… the other {} paths (all counted in the sum)</td></tr>",
            fed - MAX_TERMS
        );
    }
    let linear = chain.error_wrt_a.value * nudge.epsilon;
    rows += &format!(
        "<tr class=\"total\"><td>the paths added up</td>{}<td></td></tr>\
         <tr class=\"total\"><td>{name} moved, every path at once</td>{}<td></td></tr>\
         <tr class=\"total\"><td>∂E/∂a·ε, from the chain rule</td><td></td>{}</tr>",
        cell("nudge_sum", nudge.sum, ""),
        cell("nudge_together", nudge.together, ""),
        cell("nudge_linear", linear, ""),
    );
    format!(
        "<section class=\"nudge\" aria-label=\"The total derivative, by a nudge\">\
         <h4>Do the paths really add? Nudge {name} and see</h4>{}{}\
         <table><thead><tr><th>a<sub>{name}</sub> + ε, ε = {}</th><th>ΔE, measured</th><th>w·δ·ε</th></tr></thead>\
         <tbody>{rows}</tbody></table>{}</section>",
        why(&format!(
            "The total derivative from the thread, g′(t) = x′(t)·∂f/∂x + y′(t)·∂f/∂y, is the sum \
             that gives ∂E/∂a here (δ is that times the slope a(1 − a)): {mapping}."
        )),
        why(
            &format!(
                "Move a({name}) by a tiny ε and run the network forward again: once with only \
                 one path's net moved (ΔE through that path), and once with a({name}) moved for real."
            )
        ),
        format_number(nudge.epsilon),
        why(
            "Each path's ΔE is its w·δ·ε, and they add up to what moving a does to E: \
             ∂E/∂a = Σ<sub>k</sub> w<sub>jk</sub>·δ<sub>k</sub>, to the digits shown (the rest \
             is of size ε²)."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Session;
    use crate::view::test_support::{assert_well_formed, TOY};

    /// The `data-value` of the cell tagged `quantity` (and `k`, for a path).
    fn value(html: &str, quantity: &str, k: Option<usize>) -> f64 {
        let key = format!(r#"data-quantity="{quantity}" data-value=""#);
        let cells: Vec<&str> = html.split(&key).skip(1).collect();
        let cell = match k {
            Some(k) => cells
                .into_iter()
                .find(|c| c[..c.find('>').unwrap()].contains(&format!(r#"data-k="{k}""#)))
                .expect("the path's cell"),
            None => cells[0],
        };
        cell[..cell.find('"').unwrap()].parse().unwrap()
    }

    #[test]
    fn the_toy_networks_h1_shows_its_two_paths_adding_up_to_de_da_times_epsilon() {
        let session = Session::from_json(TOY).unwrap();
        let s = session.snapshot(0);
        let n = session.nudge(0, 1, 0).expect("h₁ is hidden");
        let html = nudge_html(&s, 1, 0, &n);
        assert_well_formed(&html);
        let epsilon = n.epsilon;
        // By hand (tests/toy_network_by_hand.rs): w_h1o1 δ_o1 = 0.5 · 0.1028463001 and
        // w_h1o2 δ_o2 = 0.7 · 0.0012066853; ∂E/∂a_h1 = 0.0522678298.
        let by_hand = [0.5 * 0.102_846_300_1, 0.7 * 0.001_206_685_3];
        for (k, &w_delta) in by_hand.iter().enumerate() {
            let linear = value(&html, "nudge_path_linear", Some(k));
            assert!(
                (linear - w_delta * epsilon).abs() < 1e-7 * linear.abs(),
                "{linear} vs {}",
                w_delta * epsilon
            );
            // The measured ΔE of a path agrees with w·δ·ε to about ε relative.
            let measured = value(&html, "nudge_path", Some(k));
            assert!(
                (measured - linear).abs() < 1e-3 * linear.abs(),
                "path {k}: {measured} vs {linear}"
            );
        }
        let sum = value(&html, "nudge_sum", None);
        let together = value(&html, "nudge_together", None);
        let linear = value(&html, "nudge_linear", None);
        assert!((linear - 0.052_267_829_8 * epsilon).abs() < 1e-12);
        for (name, x) in [("sum", sum), ("together", together)] {
            assert!(
                (x - linear).abs() < 1e-3 * linear,
                "{name}: {x} vs {linear}"
            );
        }
        // The commenter's formula, mapped: t = a_h1, x = net_o1, y = net_o2.
        assert!(html.contains("g′(t) = x′(t)·∂f/∂x + y′(t)·∂f/∂y"));
    }

    #[test]
    fn input_and_output_neurons_have_no_nudge() {
        let session = Session::from_json(TOY).unwrap();
        assert!(session.nudge(0, 0, 0).is_none());
        assert!(session.nudge(0, 2, 1).is_none());
        assert!(session.nudge(0, 1, 2).is_none());
    }
}
