//! One sample's forward and backward pass, keeping every factor for inspection.
//!
//! Buffers are allocated once per network shape and reused, so a training step allocates nothing.
//! Per neuron, layer by layer (index with [`Pass::range`]):
//! `net` and `a` from the forward pass; `error_wrt_a = ∂E/∂a`, `activation_wrt_net = ∂a/∂net`
//! and `delta = δ = ∂E/∂net` from the backward pass. Layer 0 (the input) has only `a`.

use crate::nn::chain_rule::{
    activation_wrt_net, error_term, error_wrt_hidden, error_wrt_output, squared_error,
};
use crate::nn::network::Network;

#[derive(Clone, Debug, PartialEq)]
pub struct Pass {
    offsets: Vec<usize>,
    pub net: Vec<f64>,
    pub a: Vec<f64>,
    pub error_wrt_a: Vec<f64>,
    pub activation_wrt_net: Vec<f64>,
    pub delta: Vec<f64>,
}

impl Pass {
    /// Buffers for a network of these layer sizes.
    pub fn new(layers: &[usize]) -> Pass {
        let mut offsets = vec![0];
        for &n in layers {
            offsets.push(offsets.last().unwrap() + n);
        }
        let total = *offsets.last().unwrap();
        Pass {
            offsets,
            net: vec![0.0; total],
            a: vec![0.0; total],
            error_wrt_a: vec![0.0; total],
            activation_wrt_net: vec![0.0; total],
            delta: vec![0.0; total],
        }
    }

    /// The indices of layer `l`'s neurons in every per-neuron buffer.
    pub fn range(&self, l: usize) -> std::ops::Range<usize> {
        self.offsets[l]..self.offsets[l + 1]
    }

    /// Number of layers, input included.
    pub fn layer_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The output layer's activations after [`Pass::forward`].
    pub fn output(&self) -> &[f64] {
        &self.a[self.range(self.layer_count() - 1)]
    }

    /// Forward pass: `net_k = Σ_j w_jk a_j + b_k`, then `a_k = σ(net_k)`, layer after layer.
    pub fn forward(&mut self, network: &Network, input: &[f64]) {
        debug_assert_eq!(self.layer_count(), network.layers().len());
        let input_range = self.range(0);
        self.a[input_range].copy_from_slice(input);
        let activation = network.activation();
        for l in 0..network.depth() {
            let (below, above) = (self.range(l), self.range(l + 1));
            let n_in = below.len();
            let weights = network.layer_weights(l);
            let biases = network.layer_biases(l);
            for k in 0..above.len() {
                let row = &weights[k * n_in..(k + 1) * n_in];
                let a_below = &self.a[below.clone()];
                let net_k = row.iter().zip(a_below).map(|(w, a)| w * a).sum::<f64>() + biases[k];
                self.net[above.start + k] = net_k;
                self.a[above.start + k] = activation.apply(net_k);
            }
        }
    }

    /// The squared error `E` of the last forward pass against `target`.
    pub fn error(&self, target: &[f64]) -> f64 {
        squared_error(self.output(), target)
    }

    /// Backward pass after [`Pass::forward`]: every neuron's `∂E/∂a`, `∂a/∂net` and `δ`.
    ///
    /// Output neurons: `∂E/∂a_k = a_k − t_k`. Hidden neurons: `∂E/∂a_j = Σ_k w_jk δ_k`, gathered
    /// from the layer above. For every neuron then `δ = ∂E/∂a · a(1 − a)`.
    pub fn backward(&mut self, network: &Network, target: &[f64]) {
        let activation = network.activation();
        let last = network.depth();
        for (i, &t) in self.range(last).zip(target) {
            self.error_wrt_a[i] = error_wrt_output(self.a[i], t);
        }
        for l in (1..=last).rev() {
            let here = self.range(l);
            if l < last {
                let above = self.range(l + 1);
                let weights = network.layer_weights(l);
                let n_here = here.len();
                for j in 0..n_here {
                    let weights_from_j = (0..above.len()).map(|k| weights[k * n_here + j]);
                    self.error_wrt_a[here.start + j] =
                        error_wrt_hidden(weights_from_j, &self.delta[above.clone()]);
                }
            }
            for i in here {
                let slope = activation_wrt_net(activation, self.a[i]);
                self.activation_wrt_net[i] = slope;
                self.delta[i] = error_term(self.error_wrt_a[i], slope);
            }
        }
    }

    /// `net` of layer `l` (empty for the input layer).
    pub fn layer_net(&self, l: usize) -> &[f64] {
        if l == 0 {
            &[]
        } else {
            &self.net[self.range(l)]
        }
    }

    pub fn layer_a(&self, l: usize) -> &[f64] {
        &self.a[self.range(l)]
    }

    /// `δ` of layer `l` (empty for the input layer).
    pub fn layer_delta(&self, l: usize) -> &[f64] {
        if l == 0 {
            &[]
        } else {
            &self.delta[self.range(l)]
        }
    }
}
