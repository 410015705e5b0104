//! Changing a network's shape while keeping what it has learned where it can: adding or removing
//! a hidden neuron or a hidden layer keeps every weight whose two ends still exist, and draws the
//! new ones from a seed (biases of new neurons start at 0).

use crate::nn::network::Network;

/// A change of shape, as the page's buttons ask for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reshape {
    /// One more neuron at the end of hidden layer `l` (1 ≤ l < output).
    AddNeuron(usize),
    /// The last neuron of hidden layer `l` goes (a layer keeps at least one).
    RemoveNeuron(usize),
    /// A new hidden layer just before the output, as wide as the layer before it.
    AddLayer,
    /// The hidden layer just before the output goes.
    RemoveLayer,
}

/// The most hidden layers and neurons per hidden layer the page's buttons make (a spec loaded
/// by `load` may have more, up to the spec's own limits).
pub const MAX_HIDDEN_LAYERS: usize = 8;
pub const MAX_HIDDEN_NEURONS: usize = 16;

/// The layer sizes after `change`, or why it cannot be made.
pub fn reshaped_layers(layers: &[usize], change: Reshape) -> Result<Vec<usize>, String> {
    let output = layers.len() - 1;
    let hidden = |l: usize| {
        if l == 0 || l >= output {
            Err(format!("layer {l} is not a hidden layer"))
        } else {
            Ok(l)
        }
    };
    let mut new = layers.to_vec();
    match change {
        Reshape::AddNeuron(l) => {
            let l = hidden(l)?;
            if new[l] >= MAX_HIDDEN_NEURONS {
                return Err(format!(
                    "a hidden layer has at most {MAX_HIDDEN_NEURONS} neurons here"
                ));
            }
            new[l] += 1;
        }
        Reshape::RemoveNeuron(l) => {
            let l = hidden(l)?;
            if new[l] <= 1 {
                return Err("a hidden layer keeps at least one neuron".into());
            }
            new[l] -= 1;
        }
        Reshape::AddLayer => {
            let hidden_layers = output - 1;
            if hidden_layers >= MAX_HIDDEN_LAYERS {
                return Err(format!("at most {MAX_HIDDEN_LAYERS} hidden layers here"));
            }
            let width = if output > 1 { new[output - 1] } else { 2 };
            new.insert(output, width.min(MAX_HIDDEN_NEURONS));
        }
        Reshape::RemoveLayer => {
            if output < 2 {
                return Err("there is no hidden layer to remove".into());
            }
            new.remove(output - 1);
        }
    }
    Ok(new)
}

/// The network after `change`: weights between neurons that survive keep their values; the
/// rest come from a network drawn with `seed`.
pub fn reshape(network: &Network, change: Reshape, seed: u64) -> Result<Network, String> {
    let old = network.layers();
    let layers = reshaped_layers(old, change)?;
    // One activation per weight layer: a new hidden layer takes the activation of the hidden
    // layer before it (sigmoid if there was none), a removed one takes its own away.
    let mut activations = network.activations().to_vec();
    match change {
        Reshape::AddLayer => {
            let hidden = if activations.len() > 1 {
                activations[activations.len() - 2]
            } else {
                crate::nn::Activation::Sigmoid
            };
            activations.insert(activations.len() - 1, hidden);
        }
        Reshape::RemoveLayer => {
            activations.remove(activations.len() - 2);
        }
        Reshape::AddNeuron(_) | Reshape::RemoveNeuron(_) => {}
    }
    let mut fresh = Network::random_per_layer(&layers, network.has_bias(), &activations, seed);
    // Which old weight layer feeds each new weight layer: the same index while the layers at
    // both ends are the same layers; a new or removed layer before the output breaks that for
    // the weight layers that touch it.
    let kept_layers = match change {
        Reshape::AddNeuron(_) | Reshape::RemoveNeuron(_) => old.len() - 1,
        Reshape::AddLayer | Reshape::RemoveLayer => old.len().min(layers.len()) - 2,
    };
    for l in 0..kept_layers {
        for k in 0..layers[l + 1].min(old[l + 1]) {
            for j in 0..layers[l].min(old[l]) {
                fresh.set_weight(l, k, j, network.weight(l, k, j));
            }
            fresh.set_bias(l, k, network.bias(l, k));
        }
    }
    Ok(fresh)
}

/// The network with a new input layer of `sources.len()` neurons: weights from new input `j`
/// are those from old input `sources[j]` when it is `Some`, and drawn with `seed` (as a fresh
/// network of the new shape would have them) when it is `None`. Every other weight and bias is
/// kept. For switching input features on and off.
pub fn with_inputs(network: &Network, sources: &[Option<usize>], seed: u64) -> Network {
    let mut layers = network.layers().to_vec();
    layers[0] = sources.len();
    let mut fresh =
        Network::random_per_layer(&layers, network.has_bias(), network.activations(), seed);
    let kept: Vec<(usize, usize)> = sources
        .iter()
        .enumerate()
        .filter_map(|(j, from)| from.map(|from| (j, from)))
        .collect();
    for l in 0..network.depth() {
        for k in 0..layers[l + 1] {
            if l == 0 {
                for &(j, from) in &kept {
                    fresh.set_weight(0, k, j, network.weight(0, k, from));
                }
            } else {
                for j in 0..layers[l] {
                    fresh.set_weight(l, k, j, network.weight(l, k, j));
                }
            }
            fresh.set_bias(l, k, network.bias(l, k));
        }
    }
    fresh
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;

    fn numbered(layers: &[usize]) -> Network {
        let mut network = Network::zeros(layers, true, Activation::Sigmoid);
        for (i, w) in network.weights_mut().iter_mut().enumerate() {
            *w = i as f64 + 1.0;
        }
        for (i, b) in network.biases_mut().iter_mut().enumerate() {
            *b = -(i as f64) - 1.0;
        }
        network
    }

    #[test]
    fn adding_a_neuron_keeps_every_old_weight() {
        let old = numbered(&[2, 3, 1]);
        let new = reshape(&old, Reshape::AddNeuron(1), 5).unwrap();
        assert_eq!(new.layers(), &[2, 4, 1]);
        for k in 0..3 {
            for j in 0..2 {
                assert_eq!(new.weight(0, k, j), old.weight(0, k, j));
            }
            assert_eq!(new.weight(1, 0, k), old.weight(1, 0, k));
            assert_eq!(new.bias(0, k), old.bias(0, k));
        }
        assert_eq!(new.bias(0, 3), 0.0, "a new neuron's bias starts at 0");
        assert_ne!(new.weight(0, 3, 0), 0.0, "a new neuron's weights are drawn");
    }

    #[test]
    fn removing_a_neuron_keeps_the_others() {
        let old = numbered(&[2, 3, 2]);
        let new = reshape(&old, Reshape::RemoveNeuron(1), 5).unwrap();
        assert_eq!(new.layers(), &[2, 2, 2]);
        assert_eq!(new.weight(0, 1, 1), old.weight(0, 1, 1));
        assert_eq!(new.weight(1, 1, 1), old.weight(1, 1, 1));
    }

    #[test]
    fn adding_and_removing_a_layer_keeps_the_layers_before_it() {
        let old = numbered(&[2, 3, 1]);
        let deeper = reshape(&old, Reshape::AddLayer, 5).unwrap();
        assert_eq!(deeper.layers(), &[2, 3, 3, 1]);
        assert_eq!(deeper.layer_weights(0), old.layer_weights(0));
        let back = reshape(&deeper, Reshape::RemoveLayer, 6).unwrap();
        assert_eq!(back.layers(), &[2, 3, 1]);
        assert_eq!(back.layer_weights(0), old.layer_weights(0));
        let flat = reshape(&back, Reshape::RemoveLayer, 7).unwrap();
        assert_eq!(flat.layers(), &[2, 1]);
        let again = reshape(&flat, Reshape::AddLayer, 8).unwrap();
        assert_eq!(again.layers(), &[2, 2, 1]);
    }

    #[test]
    fn each_layer_keeps_its_activation_and_a_new_layer_copies_the_hidden_one() {
        use Activation::{Relu, Sigmoid, Tanh};
        let old = Network::random_per_layer(&[2, 3, 3, 1], true, &[Relu, Tanh, Sigmoid], 1);
        let wider = reshape(&old, Reshape::AddNeuron(1), 5).unwrap();
        assert_eq!(wider.activations(), [Relu, Tanh, Sigmoid]);
        let deeper = reshape(&old, Reshape::AddLayer, 5).unwrap();
        assert_eq!(deeper.activations(), [Relu, Tanh, Tanh, Sigmoid]);
        let shallower = reshape(&old, Reshape::RemoveLayer, 5).unwrap();
        assert_eq!(shallower.activations(), [Relu, Sigmoid]);
        let none = reshape(&shallower, Reshape::RemoveLayer, 5).unwrap();
        assert_eq!(none.activations(), [Sigmoid]);
        let again = reshape(&none, Reshape::AddLayer, 5).unwrap();
        assert_eq!(again.activations(), [Sigmoid, Sigmoid]);
    }

    #[test]
    fn limits_are_refused_with_a_reason() {
        assert!(reshaped_layers(&[2, 1], Reshape::RemoveLayer).is_err());
        assert!(reshaped_layers(&[2, 1, 1], Reshape::RemoveNeuron(1)).is_err());
        assert!(reshaped_layers(&[2, 16, 1], Reshape::AddNeuron(1)).is_err());
        assert!(
            reshaped_layers(&[2, 3, 1], Reshape::AddNeuron(2)).is_err(),
            "the output is fixed"
        );
        assert!(
            reshaped_layers(&[2, 3, 1], Reshape::AddNeuron(0)).is_err(),
            "so is the input"
        );
        let deep = [2, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        assert!(reshaped_layers(&deep, Reshape::AddLayer).is_err());
    }

    #[test]
    fn new_inputs_keep_the_weights_of_the_inputs_that_stay() {
        let old = numbered(&[2, 3, 1]);
        let new = with_inputs(&old, &[Some(1), None, Some(0)], 9);
        assert_eq!(new.layers(), &[3, 3, 1]);
        for k in 0..3 {
            assert_eq!(new.weight(0, k, 0), old.weight(0, k, 1));
            assert_eq!(new.weight(0, k, 2), old.weight(0, k, 0));
            assert_eq!(new.bias(0, k), old.bias(0, k));
            assert_eq!(new.weight(1, 0, k), old.weight(1, 0, k));
        }
        let drawn: Vec<f64> = (0..3).map(|k| new.weight(0, k, 1)).collect();
        assert!(
            drawn.iter().all(|w| w.abs() < 2.0 && *w != 0.0),
            "{drawn:?}"
        );
        assert_eq!(new, with_inputs(&old, &[Some(1), None, Some(0)], 9));
        // Fewer inputs: the dropped one's weights go.
        let fewer = with_inputs(&old, &[Some(1)], 9);
        assert_eq!(fewer.layers(), &[1, 3, 1]);
        assert_eq!(fewer.weight(0, 2, 0), old.weight(0, 2, 1));
    }
}
