//! The network's parameters: weights and biases, stored flat, one contiguous block per layer.
//!
//! `weight(l, k, j)` is the weight from neuron `j` of layer `l` to neuron `k` of layer `l + 1`,
//! so that `net^(l+1) = W^l a^l + b^l`. Layer `l`'s block is row-major by `k`: the incoming weights
//! of one neuron sit next to each other, which is the order the forward pass reads them in.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::activation::Activation;

#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    layers: Vec<usize>,
    /// One per weight layer: `activations[l]` is the activation of layer `l + 1`'s neurons.
    activations: Vec<Activation>,
    has_bias: bool,
    weights: Vec<f64>,
    /// All zeros and never trained when the network has no bias terms.
    biases: Vec<f64>,
    weight_offsets: Vec<usize>,
    bias_offsets: Vec<usize>,
}

impl Network {
    /// A network with every weight and bias 0 and one activation for every layer. Layer sizes
    /// must be at least 1 and there must be at least two layers (the spec checks this with a
    /// message; here it is a programming error).
    pub fn zeros(layers: &[usize], has_bias: bool, activation: Activation) -> Network {
        let activations = vec![activation; layers.len().saturating_sub(1)];
        Network::zeros_per_layer(layers, has_bias, &activations)
    }

    /// A network with every weight and bias 0; `activations[l]` is the activation of layer
    /// `l + 1` (one per weight layer, `layers.len() − 1` of them).
    pub fn zeros_per_layer(
        layers: &[usize],
        has_bias: bool,
        activations: &[Activation],
    ) -> Network {
        assert!(layers.len() >= 2 && layers.iter().all(|&n| n > 0));
        assert_eq!(
            activations.len(),
            layers.len() - 1,
            "one activation per weight layer"
        );
        let mut weight_offsets = vec![0];
        let mut bias_offsets = vec![0];
        for l in 0..layers.len() - 1 {
            weight_offsets.push(weight_offsets[l] + layers[l] * layers[l + 1]);
            bias_offsets.push(bias_offsets[l] + layers[l + 1]);
        }
        Network {
            layers: layers.to_vec(),
            activations: activations.to_vec(),
            has_bias,
            weights: vec![0.0; *weight_offsets.last().unwrap()],
            biases: vec![0.0; *bias_offsets.last().unwrap()],
            weight_offsets,
            bias_offsets,
        }
    }

    /// Weights drawn from `seed` (see [`Network::random_per_layer`]), one activation for every
    /// layer.
    pub fn random(layers: &[usize], has_bias: bool, activation: Activation, seed: u64) -> Network {
        let activations = vec![activation; layers.len().saturating_sub(1)];
        Network::random_per_layer(layers, has_bias, &activations, seed)
    }

    /// Weights drawn uniformly from `±√(6 / (n_in + n_out))` (Glorot) into sigmoid, tanh and
    /// linear layers and from `±√(6 / n_in)` (He) into relu layers; biases 0.
    ///
    /// Glorot's range keeps the first `net`s small enough that sigmoids and tanhs start in their
    /// steep middle, where the slope is largest and learning is fastest. A relu is off for about
    /// half its inputs, which halves the spread of what it hands on; He's range, √2 times wider
    /// for equal layer sizes, makes up for that so the signal neither dies out nor blows up.
    pub fn random_per_layer(
        layers: &[usize],
        has_bias: bool,
        activations: &[Activation],
        seed: u64,
    ) -> Network {
        let mut network = Network::zeros_per_layer(layers, has_bias, activations);
        let mut rng = StdRng::seed_from_u64(seed);
        for l in 0..layers.len() - 1 {
            let range = activations[l].init_range(layers[l], layers[l + 1]);
            for w in network.layer_weights_mut(l) {
                *w = rng.random_range(-range..range);
            }
        }
        network
    }

    /// Neurons per layer, input layer first.
    pub fn layers(&self) -> &[usize] {
        &self.layers
    }

    /// Number of weight layers (`layers().len() − 1`).
    pub fn depth(&self) -> usize {
        self.layers.len() - 1
    }

    /// The activation of layer `l + 1`'s neurons, the ones weight layer `l` feeds.
    pub fn activation(&self, l: usize) -> Activation {
        self.activations[l]
    }

    /// One activation per weight layer (see [`Network::activation`]).
    pub fn activations(&self) -> &[Activation] {
        &self.activations
    }

    /// The output layer's activation.
    pub fn output_activation(&self) -> Activation {
        self.activations[self.activations.len() - 1]
    }

    pub fn has_bias(&self) -> bool {
        self.has_bias
    }

    pub fn inputs(&self) -> usize {
        self.layers[0]
    }

    pub fn outputs(&self) -> usize {
        *self.layers.last().unwrap()
    }

    /// Where `weight(l, k, j)` lives in the flat weight storage.
    pub fn weight_index(&self, l: usize, k: usize, j: usize) -> usize {
        debug_assert!(k < self.layers[l + 1] && j < self.layers[l]);
        self.weight_offsets[l] + k * self.layers[l] + j
    }

    /// Where `bias(l, k)` lives in the flat bias storage.
    pub fn bias_index(&self, l: usize, k: usize) -> usize {
        self.bias_offsets[l] + k
    }

    /// `w_jk` between layer `l` and `l + 1`.
    pub fn weight(&self, l: usize, k: usize, j: usize) -> f64 {
        self.weights[self.weight_index(l, k, j)]
    }

    pub fn set_weight(&mut self, l: usize, k: usize, j: usize, value: f64) {
        let i = self.weight_index(l, k, j);
        self.weights[i] = value;
    }

    /// `b_k` of neuron `k` of layer `l + 1` (0 when the network has no bias).
    pub fn bias(&self, l: usize, k: usize) -> f64 {
        self.biases[self.bias_index(l, k)]
    }

    pub fn set_bias(&mut self, l: usize, k: usize, value: f64) {
        let i = self.bias_index(l, k);
        self.biases[i] = value;
    }

    /// Layer `l`'s weights, row `k` holding neuron `k`'s incoming weights.
    pub fn layer_weights(&self, l: usize) -> &[f64] {
        &self.weights[self.weight_offsets[l]..self.weight_offsets[l + 1]]
    }

    pub fn layer_weights_mut(&mut self, l: usize) -> &mut [f64] {
        &mut self.weights[self.weight_offsets[l]..self.weight_offsets[l + 1]]
    }

    pub fn layer_biases(&self, l: usize) -> &[f64] {
        &self.biases[self.bias_offsets[l]..self.bias_offsets[l + 1]]
    }

    /// Every weight, flat (layer by layer, row by row).
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    pub fn weights_mut(&mut self) -> &mut [f64] {
        &mut self.weights
    }

    /// Every bias, flat (all zeros without bias).
    pub fn biases(&self) -> &[f64] {
        &self.biases
    }

    pub fn biases_mut(&mut self) -> &mut [f64] {
        &mut self.biases
    }

    /// Weights as `weights[l][k][j]`, the spec's shape.
    pub fn nested_weights(&self) -> Vec<Vec<Vec<f64>>> {
        nest(&self.weights, &self.layers)
    }

    /// Biases as `biases[l][k]`, the spec's shape.
    pub fn nested_biases(&self) -> Vec<Vec<f64>> {
        (0..self.depth())
            .map(|l| self.layer_biases(l).to_vec())
            .collect()
    }

    /// True when every weight and bias is a finite number.
    pub fn is_finite(&self) -> bool {
        self.weights
            .iter()
            .chain(&self.biases)
            .all(|x| x.is_finite())
    }
}

/// Turns flat per-layer row-major storage into `[l][k][j]`.
pub fn nest(flat: &[f64], layers: &[usize]) -> Vec<Vec<Vec<f64>>> {
    let mut offset = 0;
    (0..layers.len() - 1)
        .map(|l| {
            (0..layers[l + 1])
                .map(|_| {
                    let row = flat[offset..offset + layers[l]].to_vec();
                    offset += layers[l];
                    row
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_index_is_row_major_per_layer() {
        let net = Network::zeros(&[2, 3, 1], true, Activation::Sigmoid);
        assert_eq!(net.weights().len(), 2 * 3 + 3);
        assert_eq!(net.biases().len(), 3 + 1);
        assert_eq!(net.weight_index(0, 0, 1), 1);
        assert_eq!(net.weight_index(0, 2, 0), 4);
        assert_eq!(net.weight_index(1, 0, 2), 8);
        assert_eq!(net.bias_index(1, 0), 3);
    }

    #[test]
    fn nested_round_trips_the_flat_storage() {
        let mut net = Network::zeros(&[2, 3, 1], false, Activation::Sigmoid);
        for (i, w) in net.weights_mut().iter_mut().enumerate() {
            *w = i as f64;
        }
        let nested = net.nested_weights();
        assert_eq!(
            nested[0],
            vec![vec![0.0, 1.0], vec![2.0, 3.0], vec![4.0, 5.0]]
        );
        assert_eq!(nested[1], vec![vec![6.0, 7.0, 8.0]]);
        assert_eq!(net.weight(0, 2, 1), nested[0][2][1]);
    }

    #[test]
    fn same_seed_same_weights_other_seed_other_weights() {
        let a = Network::random(&[2, 4, 1], true, Activation::Sigmoid, 7);
        let b = Network::random(&[2, 4, 1], true, Activation::Sigmoid, 7);
        let c = Network::random(&[2, 4, 1], true, Activation::Sigmoid, 8);
        assert_eq!(a, b);
        assert_ne!(a.weights(), c.weights());
        let range = (6.0f64 / 6.0).sqrt();
        assert!(a.layer_weights(0).iter().all(|w| w.abs() < range));
        assert!(a.biases().iter().all(|&b| b == 0.0));
    }

    #[test]
    fn relu_layers_are_drawn_wider_and_each_layer_keeps_its_activation() {
        use Activation::*;
        let net = Network::random_per_layer(&[4, 4, 1], true, &[Relu, Sigmoid], 3);
        assert_eq!(net.activations(), [Relu, Sigmoid]);
        assert_eq!(net.activation(0), Relu);
        assert_eq!(net.output_activation(), Sigmoid);
        let he = (6.0f64 / 4.0).sqrt();
        assert!(net.layer_weights(0).iter().all(|w| w.abs() < he));
        assert!(net
            .layer_weights(0)
            .iter()
            .any(|w| w.abs() > (6.0f64 / 8.0).sqrt()));
        assert_eq!(Tanh.init_range(4, 4), Sigmoid.init_range(4, 4));
        // The same seed draws the same numbers; only the range differs.
        let glorot = Network::random(&[4, 4, 1], true, Sigmoid, 3);
        let ratio = net.weights()[0] / glorot.weights()[0];
        assert!((ratio - 2f64.sqrt()).abs() < 1e-12);
    }
}
