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
            layers,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a snapshot always serialises")
    }
}
