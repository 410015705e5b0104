//! One sample's forward and backward pass, keeping every factor for inspection.
//!
//! Buffers are allocated once per network shape and reused, so a training step allocates nothing.
//! Per neuron, layer by layer (index with [`Pass::range`]):
//! `net` and `a` from the forward pass; `error_wrt_a = ∂E/∂a`, `activation_wrt_net = ∂a/∂net`
//! and `delta = δ = ∂E/∂net` from the backward pass. Layer 0 (the input) has only `a`.
//!
//! Each layer's activation is matched once per layer, and the loop over its neurons runs one
//! known function (a generic helper monomorphised per activation): no dispatch per neuron.

use crate::activation::with_rule;
use crate::chain_rule::{error_term, output_delta_cross_entropy};
use crate::loss::Loss;
use crate::network::Network;

/// `Σ_j w_j a_j`, with four running sums so the additions need not wait on each other.
/// `BatchPass::forward` does the same additions in the same order, column by column.
fn weighted_sum(weights: &[f64], a: &[f64]) -> f64 {
    let mut sums = [0.0; 4];
    let (w4, a4) = (weights.chunks_exact(4), a.chunks_exact(4));
    let (w_rest, a_rest) = (w4.remainder(), a4.remainder());
    for (w, a) in w4.zip(a4) {
        for i in 0..4 {
            sums[i] += w[i] * a[i];
        }
    }
    let mut rest = 0.0;
    for (w, a) in w_rest.iter().zip(a_rest) {
        rest += w * a;
    }
    (sums[0] + sums[1]) + (sums[2] + sums[3]) + rest
}

/// One layer's `net_k = Σ_j w_jk a_j + b_k` and `a_k = f(net_k)`, for one known `f`.
#[inline(always)]
fn forward_layer(
    weights: &[f64],
    biases: &[f64],
    a_below: &[f64],
    net: &mut [f64],
    a: &mut [f64],
    f: impl Fn(f64) -> f64,
) {
    let rows = weights.chunks_exact(a_below.len());
    for ((row, &b_k), net_k) in rows.zip(biases).zip(net.iter_mut()) {
        *net_k = weighted_sum(row, a_below) + b_k;
    }
    // A loop of its own, so that `f` (no branch, inlined) runs on several neurons at once.
    for (a_k, &net_k) in a.iter_mut().zip(net.iter()) {
        *a_k = f(net_k);
    }
}

/// One layer's `∂a/∂net = f'(a)` and `δ = ∂E/∂a · ∂a/∂net`, for one known `f'`.
#[inline(always)]
fn slopes_and_deltas(
    a: &[f64],
    error_wrt_a: &[f64],
    slopes: &mut [f64],
    delta: &mut [f64],
    derivative_from_a: impl Fn(f64) -> f64,
) {
    for (((&a_i, &error), slope), delta_i) in a.iter().zip(error_wrt_a).zip(slopes).zip(delta) {
        *slope = derivative_from_a(a_i);
        *delta_i = error_term(error, *slope);
    }
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

/// Where each layer's neurons start in a buffer of every neuron, layer after layer, and (last)
/// how many neurons there are in all.
pub(crate) fn neuron_offsets(layers: &[usize]) -> Vec<usize> {
    let mut offsets = vec![0];
    for &n in layers {
        offsets.push(offsets.last().unwrap() + n);
    }
    offsets
}

impl Pass {
    /// Buffers for a network of these layer sizes.
    pub fn new(layers: &[usize]) -> Pass {
        let offsets = neuron_offsets(layers);
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

    /// Forward pass: `net_k = Σ_j w_jk a_j + b_k`, then `a_k = f(net_k)` with the layer's
    /// activation `f`, layer after layer.
    pub fn forward(&mut self, network: &Network, input: &[f64]) {
        debug_assert_eq!(self.layer_count(), network.layers().len());
        let input_range = self.range(0);
        self.a[input_range].copy_from_slice(input);
        for l in 0..network.depth() {
            let (start, mid, end) = (self.offsets[l], self.offsets[l + 1], self.offsets[l + 2]);
            let (a_lower, a_upper) = self.a.split_at_mut(mid);
            let (a_below, a_here) = (&a_lower[start..], &mut a_upper[..end - mid]);
            let (weights, biases) = (network.layer_weights(l), network.layer_biases(l));
            let net = &mut self.net[mid..end];
            with_rule!(network.activation(l), |f, _| {
                forward_layer(weights, biases, a_below, net, a_here, f)
            })
        }
    }

    /// The error `E` of the last forward pass against `target`, measured by `loss`.
    pub fn error(&self, target: &[f64], loss: Loss) -> f64 {
        loss.error(self.output(), target)
    }

    /// Backward pass after [`Pass::forward`]: every neuron's `∂E/∂a`, `∂a/∂net` and `δ`.
    ///
    /// Output neurons: `∂E/∂a_k = a_k − t_k` (squared error) or `(a_k − t_k)/(a_k(1 − a_k))`
    /// (cross-entropy). Hidden neurons: `∂E/∂a_j = Σ_k w_jk δ_k` ([`error_wrt_hidden`]),
    /// gathered here row by row of the weights (`k` outer, `j` inner) so the memory is read in
    /// order; a test checks it equals the named sum. For every neuron then
    /// `δ = ∂E/∂a · f'(net)` with the slope of its layer's activation, except the outputs under
    /// cross-entropy, whose `δ_k = a_k − t_k` is computed directly
    /// ([`output_delta_cross_entropy`]: the sigmoid's `a(1 − a)` cancels).
    ///
    /// [`error_wrt_hidden`]: crate::chain_rule::error_wrt_hidden
    pub fn backward(&mut self, network: &Network, target: &[f64], loss: Loss) {
        let last = network.depth();
        let output = self.range(last);
        for (i, &t) in output.zip(target) {
            self.error_wrt_a[i] = loss.error_wrt_output(self.a[i], t);
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
            let (a, error) = (&self.a[start..mid], &self.error_wrt_a[start..mid]);
            let (slopes, delta) = (
                &mut self.activation_wrt_net[start..mid],
                &mut self.delta[start..mid],
            );
            with_rule!(network.activation(l - 1), |_, slope| {
                slopes_and_deltas(a, error, slopes, delta, slope)
            });
            if l == last && loss.delta_is_a_minus_t() {
                for (delta_k, (&a_k, &t_k)) in delta.iter_mut().zip(a.iter().zip(target)) {
                    *delta_k = output_delta_cross_entropy(a_k, t_k);
                }
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
    use crate::chain_rule::error_wrt_hidden;
    use crate::Activation;

    #[test]
    fn backward_gathers_the_same_sum_as_the_named_factor() {
        let network = Network::random(&[3, 5, 4, 2], true, Activation::Sigmoid, 4);
        let mut pass = Pass::new(network.layers());
        pass.forward(&network, &[0.2, -0.7, 0.9]);
        pass.backward(&network, &[0.1, 0.8], Loss::Squared);
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
    fn each_layer_uses_its_own_activation_and_slope() {
        use Activation::*;
        let network = Network::random_per_layer(&[2, 3, 3, 2], true, &[Tanh, Relu, Linear], 2);
        let mut pass = Pass::new(network.layers());
        pass.forward(&network, &[0.4, -0.6]);
        pass.backward(&network, &[0.3, -1.5], Loss::Squared);
        for l in 1..=network.depth() {
            let f = network.activation(l - 1);
            for i in pass.range(l) {
                assert_eq!(pass.a[i], f.apply(pass.net[i]));
                assert_eq!(pass.activation_wrt_net[i], f.derivative_from_a(pass.a[i]));
                assert_eq!(
                    pass.delta[i],
                    pass.error_wrt_a[i] * pass.activation_wrt_net[i]
                );
            }
        }
    }

    #[test]
    fn cross_entropy_output_delta_is_a_minus_t_even_when_saturated() {
        let mut network = Network::zeros(&[1, 1], true, Activation::Sigmoid);
        network.set_weight(0, 0, 0, 100.0);
        let mut pass = Pass::new(network.layers());
        pass.forward(&network, &[1.0]);
        assert_eq!(pass.output(), [1.0], "σ(100) is 1 in f64");
        pass.backward(&network, &[0.0], Loss::CrossEntropy);
        assert_eq!(pass.delta[1], 1.0);
        assert_eq!(pass.activation_wrt_net[1], 0.0);
        assert!(pass.error_wrt_a[1].is_finite() && pass.error_wrt_a[1] > 1e11);
        pass.backward(&network, &[0.0], Loss::Squared);
        assert_eq!(
            pass.delta[1], 0.0,
            "squared error: the flat sigmoid stops δ"
        );
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
