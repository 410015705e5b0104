//! Plain numbers describing the session at one moment: what the page draws and the API returns.

use crate::model::json::Json;
use crate::model::session::Session;
use crate::nn::activation::Activation;
use crate::nn::gradients::{DatasetLoss, Gradients};
use crate::nn::loss::{Loss, Regularization};
use crate::nn::network::nest;
use crate::nn::pass::Pass;

/// Field names follow DESIGN.md's scripting API (`snapshot()`); the extra fields are the other
/// chain-rule factors of the selected sample.
/// In JSON, a number that is not finite is written as the string `"NaN"`, `"Infinity"` or
/// `"-Infinity"` (JSON has no such numbers, and `null` would not tell them apart).
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub epoch: u64,
    /// `data_loss + penalty`: what training minimises, at the current weights.
    pub loss: f64,
    /// Mean `E` over the data set at the current weights.
    pub data_loss: f64,
    /// The regularisation penalty of the current weights (0 without regularisation).
    pub penalty: f64,
    /// The loss of the held-out test set at the current weights, measured like `loss`; `None`
    /// (`null`) without a test set.
    pub test_loss: Option<f64>,
    /// The share of samples whose every output is on the right side of 0.5 (above it for a
    /// target of 1, not above it for 0); `None` (`null`) unless every target is 0 or 1.
    pub accuracy: Option<f64>,
    /// How `E` is measured: `"squared"` or `"cross_entropy"`.
    pub loss_kind: Loss,
    pub layers: Vec<usize>,
    /// One per weight layer: `activations[l]` is the activation of layer `l + 1`.
    pub activations: Vec<Activation>,
    pub has_bias: bool,
    pub learning_rate: f64,
    /// The penalty on the weights, if any (its slope is included in `gradients`).
    pub regularization: Option<Regularization>,
    /// `μ` (0: no momentum).
    pub momentum: f64,
    pub weights: Vec<Vec<Vec<f64>>>,
    pub biases: Vec<Vec<f64>>,
    /// `∂loss/∂w`, shaped like `weights` (the mean `∂E/∂w` plus the penalty's slope).
    pub gradients: Vec<Vec<Vec<f64>>>,
    /// `∂loss/∂b`, shaped like `biases` (each neuron's mean `δ`, even without bias terms).
    pub bias_gradients: Vec<Vec<f64>>,
    /// Samples in the training set (all of them without a test set).
    pub sample_count: usize,
    /// How many of them the loss, the mean gradients and the accuracy were measured over: all
    /// of them, except on the largest networks (see `Session::measured_count`).
    pub measured_samples: usize,
    /// Samples held out for testing (0 without a test set).
    pub test_sample_count: usize,
    /// The selected sample's index in the training set; the fields below are for it.
    pub sample: usize,
    pub target: Vec<f64>,
    /// Per layer; layer 0's `net`, `delta` and the factors are empty, its `a` is the input.
    pub net: Vec<Vec<f64>>,
    pub a: Vec<Vec<f64>>,
    pub delta: Vec<Vec<f64>>,
    /// `∂E/∂a` per neuron: at the output `a_k − t_k` (squared error) or
    /// `(a_k − t_k)/(a_k(1 − a_k))` (cross-entropy), in a hidden layer `Σ_k w_jk δ_k`.
    pub error_wrt_a: Vec<Vec<f64>>,
    /// `∂a/∂net` per neuron: `a(1 − a)`, `1 − a²`, `1[net > 0]` or `1`, by the layer's
    /// activation.
    pub activation_wrt_net: Vec<Vec<f64>>,
    /// This sample's `E`.
    pub error: f64,
    /// The share of sigmoid and tanh neurons whose slope is below [`SATURATED_SLOPE`] for this
    /// sample (0 when there are none): saturated neurons pass almost no gradient back, which is
    /// why learning stalls when most are. Relu and linear neurons do not saturate and are not
    /// counted.
    pub saturated_share: f64,
}

/// A slope below this counts as saturated: for the sigmoid `a(1 − a) < 0.01` (about `a < 0.01`
/// or `a > 0.99`, under 4 % of its peak 0.25), for tanh `1 − a² < 0.01` (`|a| > 0.995`, 1 % of
/// its peak 1).
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
        loss: &DatasetLoss,
        test_loss: Option<f64>,
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
        let objective = session.objective();
        let saturating_slopes: Vec<f64> = (1..layers.len())
            .filter(|&l| network.activation(l - 1).saturates())
            .flat_map(|l| pass.activation_wrt_net[pass.range(l)].iter().copied())
            .collect();
        Snapshot {
            epoch: session.epoch(),
            loss: loss.total(),
            data_loss: loss.data_loss,
            penalty: loss.penalty,
            test_loss,
            accuracy: loss.accuracy,
            loss_kind: objective.loss,
            activations: network.activations().to_vec(),
            has_bias: network.has_bias(),
            learning_rate: session.learning_rate(),
            regularization: objective.regularization,
            momentum: session.momentum(),
            weights: network.nested_weights(),
            biases: network.nested_biases(),
            gradients: nest(&gradients.weights, &layers),
            bias_gradients: bias_layers(&gradients.biases),
            sample_count: session.data().len(),
            measured_samples: session.measured_count(session.data().len()),
            test_sample_count: session.test_data().map_or(0, |t| t.len()),
            sample,
            target: target.to_vec(),
            net: per_layer(&pass.net),
            a: (0..layers.len())
                .map(|l| pass.layer_a(l).to_vec())
                .collect(),
            delta: per_layer(&pass.delta),
            error_wrt_a: per_layer(&pass.error_wrt_a),
            activation_wrt_net: per_layer(&pass.activation_wrt_net),
            error: pass.error(target, objective.loss),
            saturated_share: saturated_share(&saturating_slopes),
            layers,
        }
    }

    /// The activation of neuron layer `layer` (1 or more: the input layer has none).
    pub fn activation_of(&self, layer: usize) -> Activation {
        self.activations[layer - 1]
    }

    /// The snapshot as one line of JSON: every field, in the order above (`null` for an absent
    /// optional one).
    pub fn to_json(&self) -> String {
        let names = |list: &[Activation]| {
            Json::Array(list.iter().map(|a| Json::string(a.name())).collect())
        };
        let whole = |n: usize| Json::whole(n as u64);
        Json::Object(
            [
                ("epoch", Json::whole(self.epoch)),
                ("loss", self.loss.json()),
                ("data_loss", self.data_loss.json()),
                ("penalty", self.penalty.json()),
                ("test_loss", self.test_loss.json()),
                ("accuracy", self.accuracy.json()),
                ("loss_kind", Json::string(self.loss_kind.name())),
                (
                    "layers",
                    Json::Array(self.layers.iter().map(|&n| whole(n)).collect()),
                ),
                ("activations", names(&self.activations)),
                ("has_bias", Json::Bool(self.has_bias)),
                ("learning_rate", Json::number(self.learning_rate)),
                (
                    "regularization",
                    self.regularization.map_or(Json::Null, |r| {
                        Json::object([
                            ("kind", Some(Json::string(r.kind.name()))),
                            ("rate", Some(Json::number(r.rate))),
                        ])
                    }),
                ),
                ("momentum", Json::number(self.momentum)),
                ("weights", self.weights.json()),
                ("biases", self.biases.json()),
                ("gradients", self.gradients.json()),
                ("bias_gradients", self.bias_gradients.json()),
                ("sample_count", whole(self.sample_count)),
                ("measured_samples", whole(self.measured_samples)),
                ("test_sample_count", whole(self.test_sample_count)),
                ("sample", whole(self.sample)),
                ("target", self.target.json()),
                ("net", self.net.json()),
                ("a", self.a.json()),
                ("delta", self.delta.json()),
                ("error_wrt_a", self.error_wrt_a.json()),
                ("activation_wrt_net", self.activation_wrt_net.json()),
                ("error", self.error.json()),
                ("saturated_share", self.saturated_share.json()),
            ]
            .into_iter()
            .map(|(key, value)| (key.to_string(), value))
            .collect(),
        )
        .to_text()
    }
}

/// Numbers, and lists of them, as the snapshot's JSON writes them: finite ones as numbers, the
/// others as `"NaN"`, `"Infinity"` or `"-Infinity"`.
trait Numbers {
    fn json(&self) -> Json;
}

impl Numbers for f64 {
    fn json(&self) -> Json {
        if self.is_finite() {
            Json::number(*self)
        } else if self.is_nan() {
            Json::string("NaN")
        } else if *self > 0.0 {
            Json::string("Infinity")
        } else {
            Json::string("-Infinity")
        }
    }
}

impl<T: Numbers> Numbers for Option<T> {
    fn json(&self) -> Json {
        self.as_ref().map_or(Json::Null, T::json)
    }
}

impl<T: Numbers> Numbers for Vec<T> {
    fn json(&self) -> Json {
        Json::Array(self.iter().map(T::json).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Session;

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

    #[test]
    fn numbers_that_are_not_finite_are_told_apart_in_json() {
        // A linear network on an input of 1e6 whose weight is then set to 1e303: net and a
        // overflow to +∞, the loss with them. (Such a spec is refused at load; a state can still
        // get there after loading.)
        let spec = r#"{"layers": [1, 1], "activation": "linear", "weights": [[[1]]],
            "learning_rate": 0.1, "data": {"inputs": [[1e6]], "targets": [[0.5]]}}"#;
        let mut session = Session::from_json(spec).unwrap();
        session.network_mut().set_weight(0, 0, 0, 1e303);
        let snapshot = session.snapshot(0);
        assert_eq!(snapshot.loss, f64::INFINITY);
        let json: serde_json::Value = serde_json::from_str(&snapshot.to_json()).unwrap();
        assert_eq!(json["loss"], "Infinity");
        assert_eq!(json["a"][1][0], "Infinity");
        assert_eq!(json["a"][0][0], 1e6, "finite numbers stay numbers");
        assert_eq!(
            json["test_loss"],
            serde_json::Value::Null,
            "no test set is still null"
        );
        let mut copy = snapshot.as_ref().clone();
        copy.delta[1][0] = f64::NEG_INFINITY;
        copy.error = f64::NAN;
        let json: serde_json::Value = serde_json::from_str(&copy.to_json()).unwrap();
        assert_eq!(json["delta"][1][0], "-Infinity");
        assert_eq!(json["error"], "NaN");
    }
}
