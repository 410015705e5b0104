//! The total derivative of a hidden neuron, measured by a nudge.
//!
//! A hidden `a_j` reaches `E` only through the nets of the neurons `k` it feeds. The chain rule
//! for several paths (the total derivative, `g′(t) = x′(t)·∂f/∂x + y′(t)·∂f/∂y`) says
//!
//! ```text
//! ∂E/∂a_j = Σ_k ∂net_k/∂a_j · ∂E/∂net_k = Σ_k w_jk · δ_k
//! ```
//!
//! Here `t` is `a_j`, each `x` is one `net_k`, `x′(t) = ∂net_k/∂a_j = w_jk`, and `f` is `E` as a
//! function of those nets, so `∂f/∂x = δ_k`. [`nudge`] checks it by experiment: move `a_j` by a
//! small `ε`, and measure, by running the network forward, how much `E` moves through each path
//! alone (only `net_k` moved, by `w_jk·ε`) and through all of them at once.

use super::loss::Loss;
use super::network::Network;
use super::pass::Pass;

/// What a nudge of `a_j` by `epsilon` does to `E`.
#[derive(Clone, Debug, PartialEq)]
pub struct Nudge {
    /// The nudge `ε` of `a_j`.
    pub epsilon: f64,
    /// One per neuron `k` of the next layer: `ΔE` when only `net_k` moves, by `w_jk·ε`.
    pub paths: Vec<f64>,
    /// `Σ_k ΔE_k`: the paths added up.
    pub sum: f64,
    /// `ΔE` when `a_j` moves by `ε` and every `net_k` follows at once.
    pub together: f64,
}

/// A nudge small enough that `ΔE ≈ ∂E/∂a_j · ε` to the shown digits, large enough that
/// the differences of `E` keep their digits in `f64`.
pub const NUDGE: f64 = 1e-6;

/// Nudges `a_j`, neuron `index` of hidden `layer`, by `epsilon` for the sample
/// (`input`, `target`), and measures `ΔE` through each neuron `k` it feeds, and through all.
///
/// # Panics
/// If `layer` is the input or output layer, or `index` is out of range.
pub fn nudge(
    network: &Network,
    input: &[f64],
    target: &[f64],
    loss: Loss,
    layer: usize,
    index: usize,
    epsilon: f64,
) -> Nudge {
    let layers = network.layers();
    assert!(layer > 0 && layer + 1 < layers.len() && index < layers[layer]);
    let mut pass = Pass::new(layers);
    pass.forward(network, input);
    let base_error = pass.error(target, loss);
    let base_net = pass.layer_net(layer + 1).to_vec();
    let a_next = layer + 1;
    // E once the nets of layer `a_next` are `net`, everything above following from them.
    let error_with = |net: &[f64]| {
        let mut a = net
            .iter()
            .map(|&n| network.activation(layer).apply(n))
            .collect::<Vec<f64>>();
        for l in a_next..network.depth() {
            let f = network.activation(l);
            a = (0..layers[l + 1])
                .map(|k| {
                    let net_k = (0..layers[l])
                        .map(|j| network.weight(l, k, j) * a[j])
                        .sum::<f64>()
                        + if network.has_bias() {
                            network.bias(l, k)
                        } else {
                            0.0
                        };
                    f.apply(net_k)
                })
                .collect();
        }
        loss.error(&a, target)
    };
    let moved = |k: usize| network.weight(layer, k, index) * epsilon;
    let paths: Vec<f64> = (0..layers[a_next])
        .map(|k| {
            let mut net = base_net.clone();
            net[k] += moved(k);
            error_with(&net) - base_error
        })
        .collect();
    let all: Vec<f64> = (0..layers[a_next])
        .map(|k| base_net[k] + moved(k))
        .collect();
    Nudge {
        epsilon,
        sum: paths.iter().sum(),
        together: error_with(&all) - base_error,
        paths,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::Activation;

    /// The thread's network: 2-2-2, no bias, weights 0.1 … 0.8, one sample.
    fn toy() -> Network {
        let mut n = Network::zeros(&[2, 2, 2], false, Activation::Sigmoid);
        for (l, rows) in [[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6], [0.7, 0.8]]]
            .iter()
            .enumerate()
        {
            for (k, row) in rows.iter().enumerate() {
                for (j, &w) in row.iter().enumerate() {
                    n.set_weight(l, k, j, w);
                }
            }
        }
        n
    }

    #[test]
    fn each_path_is_w_jk_times_delta_k_and_the_paths_add_up_to_de_da() {
        let net = toy();
        let (input, target) = ([0.3, 0.9], [0.2, 0.7]);
        let mut pass = Pass::new(net.layers());
        pass.forward(&net, &input);
        pass.backward(&net, &target, Loss::Squared);
        let delta_out = pass.layer_delta(2).to_vec();
        // By hand at epoch 0 (tests/toy_network_by_hand.rs): δ_o1 = 0.1028463001,
        // δ_o2 = 0.0012066853, and ∂E/∂a_h1 = 0.5·δ_o1 + 0.7·δ_o2 = 0.0522678298.
        assert!((delta_out[0] - 0.102_846_300_1).abs() < 1e-10);
        assert!((delta_out[1] - 0.001_206_685_3).abs() < 1e-10);
        let epsilon = 1e-6;
        let n = nudge(&net, &input, &target, Loss::Squared, 1, 0, epsilon);
        for (k, delta_k) in delta_out.iter().enumerate() {
            let linear = net.weight(1, k, 0) * delta_k * epsilon;
            assert!(
                (n.paths[k] - linear).abs() < 1e-4 * linear.abs(),
                "path {k}: {} vs w·δ·ε = {linear}",
                n.paths[k]
            );
        }
        // ∂E/∂a_h1 = Σ_k w_h1k δ_k; the sum of the paths and the joint nudge both give it.
        let de_da = 0.052_267_829_8;
        assert!((n.sum / epsilon - de_da).abs() < 1e-4 * de_da.abs());
        assert!((n.together / epsilon - de_da).abs() < 1e-4 * de_da.abs());
        assert!((n.sum - n.paths[0] - n.paths[1]).abs() == 0.0);
    }

    #[test]
    fn works_with_bias_and_deeper_layers() {
        let mut net = Network::random(&[2, 3, 3, 1], true, Activation::Tanh, 5);
        net.set_bias(1, 2, 0.4);
        let (input, target) = ([0.5, -0.25], [0.3]);
        let mut pass = Pass::new(net.layers());
        pass.forward(&net, &input);
        pass.backward(&net, &target, Loss::Squared);
        let delta = pass.layer_delta(2).to_vec();
        let epsilon = 1e-6;
        let n = nudge(&net, &input, &target, Loss::Squared, 1, 1, epsilon);
        let de_da: f64 = (0..3).map(|k| net.weight(1, k, 1) * delta[k]).sum();
        assert!((n.together / epsilon - de_da).abs() < 1e-4 * de_da.abs().max(1e-9));
        assert!((n.sum / epsilon - de_da).abs() < 1e-4 * de_da.abs().max(1e-9));
    }
}
