//! One sample's forward and backward pass, keeping every factor for inspection.
//!
//! Buffers are allocated once per network shape and reused, so a training step allocates nothing.
//! Per neuron, layer by layer (index with [`Pass::range`]):
//! `net` and `a` from the forward pass; `error_wrt_a = ∂E/∂a`, `activation_wrt_net = ∂a/∂net`
//! and `delta = δ = ∂E/∂net` from the backward pass. Layer 0 (the input) has only `a`.

use crate::nn::chain_rule::{activation_wrt_net, error_term, error_wrt_output, squared_error};
use crate::nn::network::Network;

/// `Σ_j w_j a_j`, with four running sums so the additions need not wait on each other.
fn weighted_sum(weights: &[f64], a: &[f64]) -> f64 {
    let mut sums = [0.0; 4];
    let (w4, a4) = (weights.chunks_exact(4), a.chunks_exact(4));
    let (w_rest, a_rest) = (w4.remainder(), a4.remainder());
    for (w, a) in w4.zip(a4) {
        for i in 0..4 {
            sums[i] += w[i] * a[i];
        }
    }
    let rest: f64 = w_rest.iter().zip(a_rest).map(|(w, a)| w * a).sum();
    (sums[0] + sums[1]) + (sums[2] + sums[3]) + rest
}

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
            let (start, mid, end) = (self.offsets[l], self.offsets[l + 1], self.offsets[l + 2]);
            let (a_lower, a_upper) = self.a.split_at_mut(mid);
            let a_below = &a_lower[start..];
            let weights = network.layer_weights(l);
            let rows = weights.chunks_exact(a_below.len());
            let neurons = self.net[mid..end].iter_mut().zip(&mut a_upper[..end - mid]);
            for ((row, &b_k), (net_k, a_k)) in rows.zip(network.layer_biases(l)).zip(neurons) {
                *net_k = weighted_sum(row, a_below) + b_k;
                *a_k = activation.apply(*net_k);
            }
        }
    }

    /// The squared error `E` of the last forward pass against `target`.
    pub fn error(&self, target: &[f64]) -> f64 {
        squared_error(self.output(), target)
    }

    /// Backward pass after [`Pass::forward`]: every neuron's `∂E/∂a`, `∂a/∂net` and `δ`.
    ///
    /// Output neurons: `∂E/∂a_k = a_k − t_k`. Hidden neurons: `∂E/∂a_j = Σ_k w_jk δ_k`
    /// ([`error_wrt_hidden`]), gathered here row by row of the weights (`k` outer, `j` inner) so
    /// the memory is read in order; a test checks it equals the named sum. For every neuron then
    /// `δ = ∂E/∂a · a(1 − a)`.
    pub fn backward(&mut self, network: &Network, target: &[f64]) {
        let activation = network.activation();
        let last = network.depth();
        for (i, &t) in self.range(last).zip(target) {
            self.error_wrt_a[i] = error_wrt_output(self.a[i], t);
        }
        for l in (1..=last).rev() {
            let (start, mid) = (self.offsets[l], self.offsets[l + 1]);
            if l < last {
                let end = self.offsets[l + 2];
                let error_here = &mut self.error_wrt_a[start..mid];
                error_here.fill(0.0);
                let weights = network.layer_weights(l);
                for (row, &delta_k) in weights.chunks_exact(mid - start).zip(&self.delta[mid..end])
                {
                    for (e_j, &w_jk) in error_here.iter_mut().zip(row) {
                        *e_j += w_jk * delta_k;
                    }
                }
            }
            for i in start..mid {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::chain_rule::error_wrt_hidden;
    use crate::nn::Activation;

    #[test]
    fn backward_gathers_the_same_sum_as_the_named_factor() {
        let network = Network::random(&[3, 5, 4, 2], true, Activation::Sigmoid, 4);
        let mut pass = Pass::new(network.layers());
        pass.forward(&network, &[0.2, -0.7, 0.9]);
        pass.backward(&network, &[0.1, 0.8]);
        for l in 1..network.depth() {
            let above = pass.layer_delta(l + 1).to_vec();
            for j in 0..network.layers()[l] {
                let weights_from_j = (0..above.len()).map(|k| network.weight(l, k, j));
                let named = error_wrt_hidden(weights_from_j, &above);
                let i = pass.range(l).start + j;
                assert!((pass.error_wrt_a[i] - named).abs() < 1e-15);
            }
        }
    }

    #[test]
    fn weighted_sum_matches_the_plain_sum_for_every_length() {
        for n in 0..11 {
            let w: Vec<f64> = (0..n).map(|i| i as f64 * 0.5 - 1.0).collect();
            let a: Vec<f64> = (0..n).map(|i| 1.0 / (i as f64 + 1.0)).collect();
            let plain: f64 = w.iter().zip(&a).map(|(w, a)| w * a).sum();
            assert!((weighted_sum(&w, &a) - plain).abs() < 1e-12);
        }
    }
}
