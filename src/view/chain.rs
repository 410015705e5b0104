//! The chain rule of one neuron or one weight, as typed data: which factors multiply, each with
//! an id, its value, and where it comes from. It is built once, from a snapshot, and the panels
//! that show a chain (the checker first; the inspector, the derivations, the step-through and
//! the export as they move onto it) read it instead of deciding the factors themselves.
//!
//! ```text
//! δ_k       = ∂E/∂a_k · ∂a_k/∂net_k                 (error_wrt_a · slope)
//! ∂E/∂a_k   = a_k − t_k                             (an output, squared error)
//!           = Σ_m w_km · δ_m                        (a hidden neuron: the paths, see `paths`)
//! ∂E/∂w_jk  = ∂E/∂a_k · ∂a_k/∂net_k · ∂net_k/∂w_jk  (error_wrt_a · slope · net_wrt_w)
//! new w_jk  = w_jk − η · ∂E/∂w_jk                   (this sample's step)
//! ```
//!
//! The values are the core's: the snapshot's `error_wrt_a`, `activation_wrt_net` and `delta`
//! come from `nn::pass`, which applies the loss's and the activation's own derivative rules, and
//! the products here are `nn::chain_rule`'s, so a chain's numbers are the trained ones.

use crate::model::Snapshot;
use crate::nn::chain_rule::{weight_gradient, weight_update};
use crate::view::labels::Role;

/// What a factor of a chain is. Its [`FactorId::id`] is what the page and the tests name it by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactorId {
    /// `∂E/∂a` of the neuron whose δ the chain goes through.
    ErrorWrtA,
    /// `∂a/∂net = f′(net)`: the activation's slope, `a(1 − a)` for the sigmoid.
    Slope,
    /// `∂net_k/∂w_jk = a_j`: the activation the weight comes from.
    NetWrtW,
    /// The weight before the step.
    Weight,
    /// This sample's `∂E/∂w`.
    Gradient,
    /// `η`.
    LearningRate,
}

impl FactorId {
    pub fn id(self) -> &'static str {
        match self {
            FactorId::ErrorWrtA => "error_wrt_a",
            FactorId::Slope => "slope",
            FactorId::NetWrtW => "net_wrt_w",
            FactorId::Weight => "weight",
            FactorId::Gradient => "gradient",
            FactorId::LearningRate => "learning_rate",
        }
    }
}

/// A place in the network a factor is read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Neuron `index` of layer `layer`.
    Neuron { layer: usize, index: usize },
    /// The weight from neuron `from` of layer `layer` to neuron `to` of layer `layer + 1`.
    Weight {
        layer: usize,
        to: usize,
        from: usize,
    },
    /// A setting (`η`).
    Setting,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Factor {
    pub id: FactorId,
    pub value: f64,
    /// What feeds it: the neuron it belongs to, and for a hidden `∂E/∂a` every neuron and weight
    /// of its paths.
    pub sources: Vec<Source>,
}

/// One path of a hidden neuron's `∂E/∂a_j = Σ_m w_jm δ_m`: through neuron `m` of the next layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub to: usize,
    pub weight: f64,
    pub delta: f64,
    /// `w_jm · δ_m`.
    pub product: f64,
}

/// `δ` of one neuron: its two factors, their product, and for a hidden neuron its paths.
#[derive(Clone, Debug, PartialEq)]
pub struct DeltaChain {
    pub layer: usize,
    pub index: usize,
    pub error_wrt_a: Factor,
    pub slope: Factor,
    /// `error_wrt_a · slope`, the core's `δ`.
    pub delta: f64,
    /// A hidden neuron's paths, in the order of the next layer; empty for an output neuron.
    pub paths: Vec<Path>,
}

/// `∂E/∂w` of one weight for the selected sample, and this sample's step.
#[derive(Clone, Debug, PartialEq)]
pub struct WeightChain {
    pub layer: usize,
    pub to: usize,
    pub from: usize,
    /// The chain of the neuron the weight goes into: `∂E/∂a_k` and `∂a_k/∂net_k`.
    pub into: DeltaChain,
    pub net_wrt_w: Factor,
    /// `δ_k · a_j`, the core's `weight_gradient`.
    pub gradient: f64,
    pub weight: f64,
    pub learning_rate: f64,
    /// The penalty's slope at `w` (0 without regularisation), added to `gradient` for the step.
    pub penalty: f64,
    /// `−η · (gradient + penalty)`.
    pub update: f64,
    /// `weight + update`.
    pub new_weight: f64,
    /// `∂loss/∂w`: the mean `∂E/∂w` over every sample measured, plus the penalty's slope: what
    /// a full-batch step goes along and what the weight's colour shows.
    pub mean_gradient: f64,
    /// `−η · ∂loss/∂w`: one full-batch step (an epoch with batch size = every sample).
    pub full_batch_update: f64,
    /// `weight + full_batch_update`.
    pub full_batch_new_weight: f64,
}

/// Why a chain does not exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoChain {
    /// The input layer has no net input, so no δ.
    InputLayer,
    NoLayer {
        layer: usize,
        last: usize,
    },
    NoNeuron {
        layer: usize,
        index: usize,
        count: usize,
    },
    NoWeightLayer {
        layer: usize,
        last: usize,
    },
}

impl DeltaChain {
    /// The factors in chain order: `∂E/∂a`, then `∂a/∂net`.
    pub fn factors(&self) -> [&Factor; 2] {
        [&self.error_wrt_a, &self.slope]
    }
}

impl WeightChain {
    /// The three factors of `∂E/∂w`, in chain order.
    pub fn factors(&self) -> [&Factor; 3] {
        [&self.into.error_wrt_a, &self.into.slope, &self.net_wrt_w]
    }
}

/// The chain of `δ` of neuron `index` of layer `layer`, for the snapshot's sample.
pub fn delta_chain(s: &Snapshot, layer: usize, index: usize) -> Result<DeltaChain, NoChain> {
    let layers = &s.layers;
    let last = layers.len() - 1;
    if layer > last {
        return Err(NoChain::NoLayer { layer, last });
    }
    if layer == 0 {
        return Err(NoChain::InputLayer);
    }
    if index >= layers[layer] {
        return Err(NoChain::NoNeuron {
            layer,
            index,
            count: layers[layer],
        });
    }
    let this = Source::Neuron { layer, index };
    let hidden = Role::of(layers, layer) == Role::Hidden;
    let paths: Vec<Path> = if hidden {
        (0..layers[layer + 1])
            .map(|to| {
                let (weight, delta) = (s.weights[layer][to][index], s.delta[layer + 1][to]);
                Path {
                    to,
                    weight,
                    delta,
                    product: weight * delta,
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut sources = vec![this];
    for path in &paths {
        sources.push(Source::Weight {
            layer,
            to: path.to,
            from: index,
        });
        sources.push(Source::Neuron {
            layer: layer + 1,
            index: path.to,
        });
    }
    Ok(DeltaChain {
        layer,
        index,
        error_wrt_a: Factor {
            id: FactorId::ErrorWrtA,
            value: s.error_wrt_a[layer][index],
            sources,
        },
        slope: Factor {
            id: FactorId::Slope,
            value: s.activation_wrt_net[layer][index],
            sources: vec![this],
        },
        delta: s.delta[layer][index],
        paths,
    })
}

/// The chain of `∂E/∂w` of the weight from neuron `from` of layer `layer` to neuron `to` of
/// layer `layer + 1`, and this sample's step on it.
pub fn weight_chain(
    s: &Snapshot,
    layer: usize,
    to: usize,
    from: usize,
) -> Result<WeightChain, NoChain> {
    let layers = &s.layers;
    let last = layers.len() - 1;
    if layer >= last {
        return Err(NoChain::NoWeightLayer { layer, last });
    }
    if from >= layers[layer] {
        return Err(NoChain::NoNeuron {
            layer,
            index: from,
            count: layers[layer],
        });
    }
    let into = delta_chain(s, layer + 1, to)?;
    let a_j = s.a[layer][from];
    let gradient = weight_gradient(into.delta, a_j);
    let weight = s.weights[layer][to][from];
    let penalty = s.regularization.map_or(0.0, |r| r.gradient(weight));
    // The trainer's order: the penalty's slope is added to ∂E/∂w, then the step.
    let update = weight_update(s.learning_rate, gradient + penalty);
    let mean_gradient = s.gradients[layer][to][from];
    let full_batch_update = weight_update(s.learning_rate, mean_gradient);
    Ok(WeightChain {
        layer,
        to,
        from,
        into,
        net_wrt_w: Factor {
            id: FactorId::NetWrtW,
            value: a_j,
            sources: vec![Source::Neuron { layer, index: from }],
        },
        gradient,
        weight,
        learning_rate: s.learning_rate,
        penalty,
        update,
        new_weight: weight + update,
        mean_gradient,
        full_batch_update,
        full_batch_new_weight: weight + full_batch_update,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::test_support::{snapshot, TOY};

    fn close(x: f64, by_hand: f64) {
        assert!((x - by_hand).abs() < 1e-9, "{x} vs {by_hand} by hand");
    }

    #[test]
    fn the_output_neurons_delta_is_its_two_factors_with_the_thread_numbers() {
        // tests/toy_network_by_hand.rs: ∂E/∂a(o₁) = 0.6553 − 0.2 = 0.4553268394,
        // σ′ = 0.2258735730, δ(o₁) = 0.1028463001.
        let s = snapshot(TOY);
        let c = delta_chain(&s, 2, 0).unwrap();
        let ids: Vec<&str> = c.factors().iter().map(|f| f.id.id()).collect();
        assert_eq!(ids, ["error_wrt_a", "slope"]);
        close(c.error_wrt_a.value, 0.455_326_839_4);
        close(c.slope.value, 0.225_873_573_0);
        close(c.delta, 0.102_846_300_1);
        assert!(c.paths.is_empty());
        assert_eq!(c.slope.sources, [Source::Neuron { layer: 2, index: 0 }]);
    }

    #[test]
    fn a_hidden_delta_sums_its_paths_and_names_them_as_sources() {
        // ∂E/∂a(h₁) = 0.5·δ(o₁) + 0.7·δ(o₂) = 0.0514231500 + 0.0008446797 = 0.0522678298;
        // δ(h₁) = 0.0129239465.
        let s = snapshot(TOY);
        let c = delta_chain(&s, 1, 0).unwrap();
        assert_eq!(c.paths.len(), 2);
        close(c.paths[0].product, 0.051_423_150_0);
        close(c.paths[1].product, 0.000_844_679_7);
        close(
            c.paths.iter().map(|p| p.product).sum::<f64>(),
            c.error_wrt_a.value,
        );
        close(c.error_wrt_a.value, 0.052_267_829_8);
        close(c.delta, 0.012_923_946_5);
        assert_eq!(
            c.error_wrt_a.sources,
            [
                Source::Neuron { layer: 1, index: 0 },
                Source::Weight {
                    layer: 1,
                    to: 0,
                    from: 0
                },
                Source::Neuron { layer: 2, index: 0 },
                Source::Weight {
                    layer: 1,
                    to: 1,
                    from: 0
                },
                Source::Neuron { layer: 2, index: 1 },
            ]
        );
    }

    #[test]
    fn a_weights_gradient_is_three_factors_and_its_step_is_the_trainers() {
        // ∂E/∂w(h₁→o₁) = δ(o₁)·a(h₁) = 0.1028463001 · 0.5523079096 = 0.0568028250;
        // new w = 0.5 − 0.5 · 0.0568028250 = 0.4715985875.
        let s = snapshot(TOY);
        let c = weight_chain(&s, 1, 0, 0).unwrap();
        let ids: Vec<&str> = c.factors().iter().map(|f| f.id.id()).collect();
        assert_eq!(ids, ["error_wrt_a", "slope", "net_wrt_w"]);
        close(c.net_wrt_w.value, 0.552_307_909_6);
        close(c.gradient, 0.056_802_825_0);
        close(c.new_weight, 0.471_598_587_5);
        // One sample: this sample's step is one epoch of training, bit for bit.
        let mut session = crate::model::Session::from_json(TOY).unwrap();
        session.train_epoch().unwrap();
        assert_eq!(c.new_weight, session.network().weight(1, 0, 0));
        // With one sample the full-batch step (the inspector's) is this sample's step.
        assert_eq!(c.mean_gradient, c.gradient);
        assert_eq!(c.full_batch_new_weight, c.new_weight);
        // The hidden weight x₂ → h₁: δ(h₁) · 0.9.
        let h = weight_chain(&s, 0, 0, 1).unwrap();
        close(h.gradient, 0.012_923_946_5 * 0.9);
        assert_eq!(h.new_weight, session.network().weight(0, 0, 1));
    }

    #[test]
    fn what_does_not_exist_says_so() {
        let s = snapshot(TOY);
        assert_eq!(delta_chain(&s, 0, 0), Err(NoChain::InputLayer));
        assert_eq!(
            delta_chain(&s, 3, 0),
            Err(NoChain::NoLayer { layer: 3, last: 2 })
        );
        assert_eq!(
            delta_chain(&s, 1, 2),
            Err(NoChain::NoNeuron {
                layer: 1,
                index: 2,
                count: 2
            })
        );
        assert_eq!(
            weight_chain(&s, 2, 0, 0),
            Err(NoChain::NoWeightLayer { layer: 2, last: 2 })
        );
        assert_eq!(
            weight_chain(&s, 0, 0, 5),
            Err(NoChain::NoNeuron {
                layer: 0,
                index: 5,
                count: 2
            })
        );
    }
}
