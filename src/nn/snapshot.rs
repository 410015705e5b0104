//! Plain numbers describing the session at one moment: what the page draws and the API returns.

use serde::Serialize;

use crate::nn::gradients::Gradients;
use crate::nn::network::nest;
use crate::nn::pass::Pass;
use crate::nn::session::Session;

/// Field names follow DESIGN.md's scripting API (`snapshot()`); the extra fields are the other
/// chain-rule factors of the selected sample.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    pub epoch: u64,
    /// Mean `E` over the data set at the current weights.
    pub loss: f64,
    pub layers: Vec<usize>,
    pub has_bias: bool,
    pub learning_rate: f64,
    pub weights: Vec<Vec<Vec<f64>>>,
    pub biases: Vec<Vec<f64>>,
    /// `∂loss/∂w`, shaped like `weights`.
    pub gradients: Vec<Vec<Vec<f64>>>,
    /// `∂loss/∂b`, shaped like `biases` (each neuron's mean `δ`, even without bias terms).
    pub bias_gradients: Vec<Vec<f64>>,
    pub sample_count: usize,
    /// The selected sample's index; the fields below are for it.
    pub sample: usize,
    pub target: Vec<f64>,
    /// Per layer; layer 0's `net`, `delta` and the factors are empty, its `a` is the input.
    pub net: Vec<Vec<f64>>,
    pub a: Vec<Vec<f64>>,
    pub delta: Vec<Vec<f64>>,
    /// `∂E/∂a` per neuron: `a_k − t_k` at the output, `Σ_k w_jk δ_k` in a hidden layer.
    pub error_wrt_a: Vec<Vec<f64>>,
    /// `∂a/∂net = a(1 − a)` per neuron.
    pub activation_wrt_net: Vec<Vec<f64>>,
    /// This sample's `E`.
    pub error: f64,
    /// The share of neurons (input layer excluded) whose `a(1 − a)` is below
    /// [`SATURATED_SLOPE`] for this sample: saturated sigmoids pass almost no gradient back,
    /// which is why learning stalls when most are.
    pub saturated_share: f64,
}

/// `a(1 − a)` below this (about `a < 0.01` or `a > 0.99`, a slope under 4 % of its peak 0.25)
/// counts as saturated.
pub const SATURATED_SLOPE: f64 = 0.01;

/// The share of `slopes` below [`SATURATED_SLOPE`] (0 for none).
pub fn saturated_share(slopes: &[f64]) -> f64 {
    if slopes.is_empty() {
        return 0.0;
    }
    slopes.iter().filter(|&&s| s < SATURATED_SLOPE).count() as f64 / slopes.len() as f64
}

impl Snapshot {
    pub(crate) fn new(
        session: &Session,
        loss: f64,
        gradients: &Gradients,
        sample: usize,
        target: &[f64],
        pass: &Pass,
    ) -> Snapshot {
        let network = session.network();
        let layers = network.layers().to_vec();
        let per_layer = |buffer: &[f64]| -> Vec<Vec<f64>> {
            (0..layers.len())
                .map(|l| {
                    if l == 0 {
                        Vec::new()
                    } else {
                        buffer[pass.range(l)].to_vec()
                    }
                })
                .collect()
        };
        let bias_layers = |flat: &[f64]| -> Vec<Vec<f64>> {
            let mut offset = 0;
            layers[1..]
                .iter()
                .map(|&n| {
                    offset += n;
                    flat[offset - n..offset].to_vec()
                })
                .collect()
        };
        Snapshot {
            epoch: session.epoch(),
            loss,
            has_bias: network.has_bias(),
            learning_rate: session.learning_rate(),
            weights: network.nested_weights(),
            biases: network.nested_biases(),
            gradients: nest(&gradients.weights, &layers),
            bias_gradients: bias_layers(&gradients.biases),
            sample_count: session.data().len(),
            sample,
            target: target.to_vec(),
            net: per_layer(&pass.net),
            a: (0..layers.len())
                .map(|l| pass.layer_a(l).to_vec())
                .collect(),
            delta: per_layer(&pass.delta),
            error_wrt_a: per_layer(&pass.error_wrt_a),
            activation_wrt_net: per_layer(&pass.activation_wrt_net),
            error: pass.error(target),
            saturated_share: saturated_share(&pass.activation_wrt_net[pass.range(1).start..]),
            layers,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a snapshot always serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Session;

    #[test]
    fn saturated_share_counts_flat_sigmoids() {
        assert_eq!(saturated_share(&[]), 0.0);
        assert_eq!(saturated_share(&[0.25, 0.001, 0.2, 0.0]), 0.5);
    }

    #[test]
    fn huge_weights_saturate_the_network_and_the_snapshot_says_so() {
        let calm = r#"{"layers": [2, 2, 1], "activation": "sigmoid",
            "weights": [[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6]]],
            "learning_rate": 0.5, "data": {"inputs": [[1, 1]], "targets": [[1]]}}"#;
        let session = Session::from_json(calm).unwrap();
        assert_eq!(session.snapshot(0).saturated_share, 0.0);
        let saturated = calm.replace("0.1, 0.2], [0.3, 0.4", "40, 20], [-30, -50");
        let session = Session::from_json(&saturated).unwrap();
        // Both hidden neurons are pinned at 0 or 1; the output (net ≈ 0.5) is not.
        assert!((session.snapshot(0).saturated_share - 2.0 / 3.0).abs() < 1e-15);
    }
}
