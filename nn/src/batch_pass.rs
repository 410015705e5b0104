//! A few samples' forward and backward passes at once: what training runs.
//!
//! [`Pass`](crate::pass::Pass) follows one sample, neuron by neuron: the shape of the
//! derivation, and what the inspector shows. Training runs the same arithmetic on up to
//! [`LANES`] samples side by side: every per-neuron buffer holds one row per neuron with a
//! column per sample (`row · LANES + sample`), so each step of the derivation becomes a loop
//! over samples that the compiler runs two or four at a time, and a layer's activations are one
//! long loop. Every sample's numbers are those [`Pass`] gives, bit for bit: each column does the
//! same operations in the same order (the four running sums of `weighted_sum`, the row-by-row
//! gathering of `∂E/∂a`), and a test holds both to it.
//!
//! The gradients are added sample after sample, in the batch's order, as
//! [`Gradients::accumulate`] does one sample at a time.

use crate::activation::with_rule;
use crate::chain_rule::{bias_gradient, error_term, output_delta_cross_entropy, weight_gradient};
use crate::data::Dataset;
use crate::gradients::Gradients;
use crate::loss::Loss;
use crate::network::Network;
use crate::pass::neuron_offsets;

/// Samples computed side by side; a longer batch runs in slices of this many.
pub const LANES: usize = 16;

/// Columns computed together in registers (two f64 fill a 128-bit vector: SSE2, wasm simd128).
const GROUP: usize = 2;

/// Columns `column..column + GROUP` of a row. A batch's columns are computed in whole groups:
/// past `len` they hold stale numbers that nothing reads (`LANES` is a multiple of `GROUP`).
#[inline(always)]
fn group(row: &[f64], column: usize) -> &[f64; GROUP] {
    row[column..column + GROUP].try_into().unwrap()
}

/// Column `s` of the rows from `first_row` on, as many as `into` holds.
fn read_column(rows: &[f64], first_row: usize, s: usize, into: &mut [f64]) {
    for (k, value) in into.iter_mut().enumerate() {
        *value = rows[(first_row + k) * LANES + s];
    }
}

/// `f` on the first `used` columns of every row (`f` is inlined and has no branch, so the
/// columns run two at a time).
#[inline(always)]
fn apply(net: &[f64], a: &mut [f64], used: usize, f: impl Fn(f64) -> f64) {
    for (a, net) in a.chunks_exact_mut(LANES).zip(net.chunks_exact(LANES)) {
        for (a, &net) in a[..used].iter_mut().zip(&net[..used]) {
            *a = f(net);
        }
    }
}

/// `slope = f'(a)` and `δ = ∂E/∂a · slope` on the first `used` columns of every row.
#[inline(always)]
fn slopes_and_deltas(
    rows: (&[f64], &[f64]),
    slope: &mut [f64],
    delta: &mut [f64],
    used: usize,
    derivative_from_a: impl Fn(f64) -> f64,
) {
    let (a, error_wrt_a) = rows;
    let rows = a.chunks_exact(LANES).zip(error_wrt_a.chunks_exact(LANES));
    let outputs = slope
        .chunks_exact_mut(LANES)
        .zip(delta.chunks_exact_mut(LANES));
    for ((a, error), (slope, delta)) in rows.zip(outputs) {
        let columns = a[..used].iter().zip(&error[..used]);
        for ((&a, &error), (slope, delta)) in columns.zip(slope.iter_mut().zip(delta)) {
            *slope = derivative_from_a(a);
            *delta = error_term(error, *slope);
        }
    }
}

/// What a layer's `net` is computed from.
struct Layer<'a> {
    weights: &'a [f64],
    biases: &'a [f64],
    /// The layer below's `a`, one row per neuron.
    a_rows: &'a [[f64; LANES]],
}

impl Layer<'_> {
    /// `net_k = Σ_j w_jk a_j + b_k` for `R` neurons from `k` and one group of columns, as
    /// `weighted_sum` adds: four running sums over chunks of four weights, then the rest. The
    /// `R` rows share each load of `a`; every sum stays in a register across the row.
    #[inline(always)]
    fn nets<const R: usize>(&self, k: usize, column: usize, net_rows: &mut [[f64; LANES]]) {
        let n_below = self.a_rows.len();
        let mut sums = [[[0.0; GROUP]; 4]; R];
        let mut rest = [[0.0; GROUP]; R];
        let rows: [&[f64]; R] =
            std::array::from_fn(|r| &self.weights[(k + r) * n_below..][..n_below]);
        let chunks = n_below / 4 * 4;
        for j in (0..chunks).step_by(4) {
            for q in 0..4 {
                let a = group(&self.a_rows[j + q], column);
                for r in 0..R {
                    let w = rows[r][j + q];
                    for lane in 0..GROUP {
                        sums[r][q][lane] += w * a[lane];
                    }
                }
            }
        }
        for (j, a_j) in self.a_rows.iter().enumerate().skip(chunks) {
            let a = group(a_j, column);
            for r in 0..R {
                let w = rows[r][j];
                for lane in 0..GROUP {
                    rest[r][lane] += w * a[lane];
                }
            }
        }
        for r in 0..R {
            let [s0, s1, s2, s3] = sums[r];
            let b_k = self.biases[k + r];
            for lane in 0..GROUP {
                net_rows[k + r][column + lane] =
                    (s0[lane] + s1[lane]) + (s2[lane] + s3[lane]) + rest[r][lane] + b_k;
            }
        }
    }
}

/// Rows (or columns) taken together, so that that many independent running sums hide the
/// latency of each addition (a sum over samples or over neurons must keep its order).
const BLOCK: usize = 4;

/// `∂E/∂a_j = Σ_k w_jk δ_k` for `J` neurons from `j` and `C` columns from `column`: each a
/// running sum over `k` from 0, as `Pass::backward` gathers it, `J × C` of them side by side.
#[inline(always)]
fn gather_errors<const J: usize, const C: usize>(
    error_rows: &mut [[f64; LANES]],
    weights: &[f64],
    n_here: usize,
    j: usize,
    delta_rows: &[[f64; LANES]],
    column: usize,
) {
    let mut sums = [[0.0; C]; J];
    for (k, delta_k) in delta_rows.iter().enumerate() {
        let d: &[f64; C] = delta_k[column..column + C].try_into().unwrap();
        let w: &[f64; J] = weights[k * n_here + j..][..J].try_into().unwrap();
        for (sum, &w) in sums.iter_mut().zip(w) {
            for c in 0..C {
                sum[c] += w * d[c];
            }
        }
    }
    for (row, sum) in error_rows[j..j + J].iter_mut().zip(sums) {
        row[column..column + C].copy_from_slice(&sum);
    }
}

/// [`gather_errors`] for every neuron of a layer, `BLOCK` at a time, and `C` columns.
#[inline(always)]
fn gather_layer<const C: usize>(
    error_rows: &mut [[f64; LANES]],
    weights: &[f64],
    delta_rows: &[[f64; LANES]],
    column: usize,
) {
    let n_here = error_rows.len();
    let blocked = n_here / BLOCK * BLOCK;
    for j in (0..blocked).step_by(BLOCK) {
        gather_errors::<BLOCK, C>(error_rows, weights, n_here, j, delta_rows, column);
    }
    for j in blocked..n_here {
        gather_errors::<1, C>(error_rows, weights, n_here, j, delta_rows, column);
    }
}

/// What the weight gradients of one layer are summed from.
struct Products<'a> {
    delta_rows: &'a [[f64; LANES]],
    /// The layer's inputs `a_j`, one row of `n_below` per sample.
    a_by_sample: &'a [f64],
    n_below: usize,
    len: usize,
}

impl Products<'_> {
    /// `∂E/∂w_jk += δ_k · a_j`, sample after sample in order, for `R` rows from `k` and `C`
    /// columns from `j`, held in registers across the samples.
    #[inline(always)]
    fn add<const R: usize, const C: usize>(&self, layer: &mut [f64], k: usize, j: usize) {
        let n_below = self.n_below;
        let mut sums = [[0.0; C]; R];
        for (r, sum) in sums.iter_mut().enumerate() {
            sum.copy_from_slice(&layer[(k + r) * n_below + j..][..C]);
        }
        let rows: &[[f64; LANES]; R] = self.delta_rows[k..k + R].try_into().unwrap();
        for s in 0..self.len {
            let a: &[f64; C] = self.a_by_sample[s * n_below + j..][..C].try_into().unwrap();
            for (sum, delta_k) in sums.iter_mut().zip(rows) {
                let d = delta_k[s];
                for c in 0..C {
                    sum[c] += weight_gradient(d, a[c]);
                }
            }
        }
        for (r, sum) in sums.iter().enumerate() {
            layer[(k + r) * n_below + j..][..C].copy_from_slice(sum);
        }
    }
}

/// `∂E/∂b_k += δ_k`, sample after sample in order, for `R` neurons from `k`.
#[inline(always)]
fn add_deltas<const R: usize>(
    biases: &mut [f64],
    k: usize,
    delta_rows: &[[f64; LANES]],
    len: usize,
) {
    let mut sums: [f64; R] = biases[k..k + R].try_into().unwrap();
    for s in 0..len {
        for (sum, delta_k) in sums.iter_mut().zip(&delta_rows[k..k + R]) {
            *sum += bias_gradient(delta_k[s]);
        }
    }
    biases[k..k + R].copy_from_slice(&sums);
}

/// One batch's inputs to [`BatchPass::accumulate`]: the network, the data, which samples, the
/// loss.
type Batch<'a> = (&'a Network, &'a Dataset, &'a [usize], Loss);

/// The wider vector units an x86-64 processor may have beyond the baseline's SSE2 (two `f64`
/// at a time): AVX2 does four, AVX-512 eight, so the loops over a batch's [`LANES`] samples
/// take a half or a quarter of the steps.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Wide {
    Avx512,
    Avx2,
}

#[cfg(target_arch = "x86_64")]
impl Wide {
    /// The widest this processor has (the standard library checks once and caches, so this
    /// is a few loads per batch).
    pub(crate) fn available() -> Option<Wide> {
        if Wide::avx512() {
            Some(Wide::Avx512)
        } else if Wide::avx2() {
            Some(Wide::Avx2)
        } else {
            None
        }
    }

    /// Whether the processor has what `accumulate_avx512` is compiled for.
    fn avx512() -> bool {
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512vl")
            && std::arch::is_x86_feature_detected!("avx512dq")
            && Wide::avx2()
    }

    /// Whether the processor has what `accumulate_avx2` is compiled for.
    fn avx2() -> bool {
        std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
    }
}

#[derive(Clone, Debug)]
pub struct BatchPass {
    /// Where each layer's neurons start (as in `Pass`): neuron `i` is row `i`.
    offsets: Vec<usize>,
    /// Samples in the slice being computed (`≤ LANES`).
    len: usize,
    net: Vec<f64>,
    a: Vec<f64>,
    error_wrt_a: Vec<f64>,
    slope: Vec<f64>,
    delta: Vec<f64>,
    /// One sample's outputs, for the loss.
    output: Vec<f64>,
    /// One layer's `a`, sample by sample (row = sample), for the gradient sums.
    a_by_sample: Vec<f64>,
}

impl BatchPass {
    pub fn new(layers: &[usize]) -> BatchPass {
        let offsets = neuron_offsets(layers);
        let rows = *offsets.last().unwrap() * LANES;
        let widest = layers.iter().copied().max().unwrap_or(0);
        let outputs = layers.last().copied().unwrap_or(0);
        BatchPass {
            offsets,
            len: 0,
            net: vec![0.0; rows],
            a: vec![0.0; rows],
            error_wrt_a: vec![0.0; rows],
            slope: vec![0.0; rows],
            delta: vec![0.0; rows],
            output: vec![0.0; outputs],
            a_by_sample: vec![0.0; widest * LANES],
        }
    }

    /// Trains nothing: runs forward and backward passes of `samples` (at most [`LANES`]), adds
    /// their `∂E/∂w` and `∂E/∂b` to `gradients` and each one's `E` to `error_sum`, in order.
    ///
    /// Natively on x86-64 the same code runs compiled for the widest vectors the processor has
    /// (AVX-512 or AVX2, chosen at run time; see [`Wide`]). Rust never fuses a multiply and an
    /// add on its own, so every sum is the same sequence of roundings and the bits are those of
    /// the baseline build and of wasm (`tests/same_bits_everywhere.rs` checks it on whichever
    /// path the machine takes).
    pub fn accumulate(
        &mut self,
        network: &Network,
        data: &Dataset,
        samples: &[usize],
        loss: Loss,
        gradients: &mut Gradients,
        error_sum: &mut f64,
    ) {
        assert!(samples.len() <= LANES, "at most LANES samples at a time");
        let batch = (network, data, samples, loss);
        #[cfg(target_arch = "x86_64")]
        match Wide::available() {
            // SAFETY: the processor has the features each function is compiled for.
            Some(Wide::Avx512) => {
                return unsafe { self.accumulate_avx512(batch, gradients, error_sum) }
            }
            Some(Wide::Avx2) => {
                return unsafe { self.accumulate_avx2(batch, gradients, error_sum) }
            }
            None => {}
        }
        self.accumulate_here(batch, gradients, error_sum);
    }

    /// [`BatchPass::accumulate`]'s work, inlined into each of its builds.
    #[inline(always)]
    fn accumulate_here(
        &mut self,
        (network, data, samples, loss): Batch,
        gradients: &mut Gradients,
        error_sum: &mut f64,
    ) {
        self.len = samples.len();
        self.forward(network, data, samples);
        self.error_and_output_error(data, samples, loss, error_sum);
        self.backward(network, data, samples, loss);
        self.add_gradients(network, gradients);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512vl,avx512dq,avx2,fma")]
    fn accumulate_avx512(&mut self, batch: Batch, gradients: &mut Gradients, error_sum: &mut f64) {
        self.accumulate_here(batch, gradients, error_sum);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn accumulate_avx2(&mut self, batch: Batch, gradients: &mut Gradients, error_sum: &mut f64) {
        self.accumulate_here(batch, gradients, error_sum);
    }

    /// Forward passes only: adds each of `samples`' `E` (at most [`LANES`]) to `error_sum`.
    pub fn add_errors(
        &mut self,
        network: &Network,
        data: &Dataset,
        samples: &[usize],
        loss: Loss,
        error_sum: &mut f64,
    ) {
        assert!(samples.len() <= LANES, "at most LANES samples at a time");
        self.len = samples.len();
        self.forward(network, data, samples);
        self.error_and_output_error(data, samples, loss, error_sum);
    }

    /// Forward passes only, of up to [`LANES`] points of the input space given as their inputs
    /// (`inputs` holds point after point, one value per input neuron), for pictures of the
    /// network over a plane: each point's every `a` is then [`BatchPass::a`], the bits
    /// `Pass::forward` gives the point alone.
    pub fn forward_points(&mut self, network: &Network, inputs: &[f64]) {
        let n = network.inputs();
        let len = inputs.len() / n;
        assert!(
            len <= LANES && len * n == inputs.len(),
            "at most LANES whole points at a time"
        );
        self.len = len;
        for (s, point) in inputs.chunks_exact(n).enumerate() {
            for (j, &x) in point.iter().enumerate() {
                self.a[j * LANES + s] = x;
            }
        }
        self.forward_layers(network);
    }

    /// Neuron `neuron`'s `a` (neurons numbered layer by layer from the inputs, as in `Pass`)
    /// for point or sample `s` of the last call.
    pub fn a(&self, neuron: usize, s: usize) -> f64 {
        self.a[neuron * LANES + s]
    }

    /// The output layer's `a` for sample `s` of the last call, into `output`.
    pub fn output(&self, s: usize, output: &mut [f64]) {
        read_column(&self.a, self.output_row(), s, output);
    }

    /// The first output neuron's row.
    fn output_row(&self) -> usize {
        self.offsets[self.offsets.len() - 2]
    }

    /// `net = Σ_j w_j a_j + b` (as `weighted_sum`: four running sums over chunks of four
    /// weights, then the rest) and `a = f(net)`, layer after layer.
    // Inlined natively into each build of `accumulate` (one copy of each in wasm).
    #[cfg_attr(target_arch = "x86_64", inline(always))]
    fn forward(&mut self, network: &Network, data: &Dataset, samples: &[usize]) {
        for (s, &i) in samples.iter().enumerate() {
            for (j, &x) in data.sample(i).0.iter().enumerate() {
                self.a[j * LANES + s] = x;
            }
        }
        self.forward_layers(network);
    }

    /// The layers above the inputs (already in place) of [`BatchPass::forward`].
    // Inlined natively into each build of `accumulate` (one copy of each in wasm).
    #[cfg_attr(target_arch = "x86_64", inline(always))]
    fn forward_layers(&mut self, network: &Network) {
        let len = self.len;
        for l in 0..network.depth() {
            let (below, here) = (self.offsets[l], self.offsets[l + 1]);
            let n_below = here - below;
            let weights = network.layer_weights(l);
            let biases = network.layer_biases(l);
            let (a_lower, a_upper) = self.a.split_at_mut(here * LANES);
            let a_below = &a_lower[below * LANES..];
            let a_rows = a_below.as_chunks::<LANES>().0;
            let net_rows = self.net.as_chunks_mut::<LANES>().0;
            let n_here = biases.len();
            let layer = Layer {
                weights,
                biases,
                a_rows: &a_rows[..n_below],
            };
            let paired = n_here / 2 * 2;
            for column in (0..len).step_by(GROUP) {
                for k in (0..paired).step_by(2) {
                    layer.nets::<2>(k, column, &mut net_rows[here..]);
                }
                for k in paired..n_here {
                    layer.nets::<1>(k, column, &mut net_rows[here..]);
                }
            }
            let rows = here * LANES..self.offsets[l + 2] * LANES;
            let (net, a) = (&self.net[rows.clone()], &mut a_upper[..rows.len()]);
            let used = len.next_multiple_of(GROUP);
            with_rule!(network.activation(l), |f, _| apply(net, a, used, f))
        }
    }

    /// Every sample's `E`, added in order, and the output neurons' `∂E/∂a`.
    // Inlined natively into each build of `accumulate` (one copy of each in wasm).
    #[cfg_attr(target_arch = "x86_64", inline(always))]
    fn error_and_output_error(
        &mut self,
        data: &Dataset,
        samples: &[usize],
        loss: Loss,
        total: &mut f64,
    ) {
        let out = self.output_row();
        for (s, &i) in samples.iter().enumerate() {
            let target = data.sample(i).1;
            read_column(&self.a, out, s, &mut self.output);
            *total += loss.error(&self.output, target);
            for (k, &t) in target.iter().enumerate() {
                let i = (out + k) * LANES + s;
                self.error_wrt_a[i] = loss.error_wrt_output(self.a[i], t);
            }
        }
    }

    /// `∂E/∂a_j = Σ_k w_jk δ_k` gathered row by row (`k` outer, from 0, as `Pass::backward`),
    /// then `δ = ∂E/∂a · f'(a)`; cross-entropy's output `δ = a − t`.
    // Inlined natively into each build of `accumulate` (one copy of each in wasm).
    #[cfg_attr(target_arch = "x86_64", inline(always))]
    fn backward(&mut self, network: &Network, data: &Dataset, samples: &[usize], loss: Loss) {
        let len = self.len;
        let last = network.depth();
        for l in (1..=last).rev() {
            let (start, mid) = (self.offsets[l], self.offsets[l + 1]);
            if l < last {
                let end = self.offsets[l + 2];
                let weights = network.layer_weights(l);
                let delta_rows = &self.delta.as_chunks::<LANES>().0[mid..end];
                let error_rows = &mut self.error_wrt_a.as_chunks_mut::<LANES>().0[start..mid];
                // Two groups of columns at a time while there are, then one.
                let wide = len / (2 * GROUP) * (2 * GROUP);
                for column in (0..wide).step_by(2 * GROUP) {
                    gather_layer::<{ 2 * GROUP }>(error_rows, weights, delta_rows, column);
                }
                for column in (wide..len).step_by(GROUP) {
                    gather_layer::<GROUP>(error_rows, weights, delta_rows, column);
                }
            }
            let rows = start * LANES..mid * LANES;
            let rows_in = (&self.a[rows.clone()], &self.error_wrt_a[rows.clone()]);
            let (slope, delta) = (&mut self.slope[rows.clone()], &mut self.delta[rows]);
            let used = len.next_multiple_of(GROUP);
            // A match per layer, so each loop runs one known (inlined) slope.
            with_rule!(network.activation(l - 1), |_, f_prime| {
                slopes_and_deltas(rows_in, slope, delta, used, f_prime)
            });
            if l == last && loss.delta_is_a_minus_t() {
                for (s, &i) in samples.iter().enumerate() {
                    for (k, &t) in data.sample(i).1.iter().enumerate() {
                        let i = (start + k) * LANES + s;
                        self.delta[i] = output_delta_cross_entropy(self.a[i], t);
                    }
                }
            }
        }
    }

    /// `∂E/∂w_jk += δ_k · a_j` and `∂E/∂b_k += δ_k`, sample after sample.
    // Inlined natively into each build of `accumulate` (one copy of each in wasm).
    #[cfg_attr(target_arch = "x86_64", inline(always))]
    fn add_gradients(&mut self, network: &Network, gradients: &mut Gradients) {
        let len = self.len;
        let (mut w, mut b) = (0, 0);
        for l in 0..network.depth() {
            let (below, here, above) = (self.offsets[l], self.offsets[l + 1], self.offsets[l + 2]);
            let n_below = here - below;
            // This layer's a, one row per sample, so each gradient row is a contiguous loop.
            for j in 0..n_below {
                for s in 0..len {
                    self.a_by_sample[s * n_below + j] = self.a[(below + j) * LANES + s];
                }
            }
            let layer = &mut gradients.weights[w..w + n_below * (above - here)];
            let delta_rows = &self.delta.as_chunks::<LANES>().0[here..above];
            let a_by_sample = &self.a_by_sample[..len * n_below];
            let (paired, n_above) = (n_below / GROUP * GROUP, above - here);
            let blocked = n_above / BLOCK * BLOCK;
            let sums = Products {
                delta_rows,
                a_by_sample,
                n_below,
                len,
            };
            let quads = n_below / (2 * GROUP) * (2 * GROUP);
            for k in (0..blocked).step_by(BLOCK) {
                for j in (0..quads).step_by(2 * GROUP) {
                    sums.add::<BLOCK, { 2 * GROUP }>(layer, k, j);
                }
                for j in (quads..paired).step_by(GROUP) {
                    sums.add::<BLOCK, GROUP>(layer, k, j);
                }
                for j in paired..n_below {
                    sums.add::<BLOCK, 1>(layer, k, j);
                }
            }
            for k in blocked..n_above {
                for j in (0..paired).step_by(GROUP) {
                    sums.add::<1, GROUP>(layer, k, j);
                }
                for j in paired..n_below {
                    sums.add::<1, 1>(layer, k, j);
                }
            }
            let biases = &mut gradients.biases[b..b + n_above];
            for k in (0..blocked).step_by(BLOCK) {
                add_deltas::<BLOCK>(biases, k, delta_rows, len);
            }
            for k in blocked..n_above {
                add_deltas::<1>(biases, k, delta_rows, len);
            }
            w += layer.len();
            b += n_above;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::Activation;
    use crate::pass::Pass;

    /// `Pass` and `Gradients::accumulate` one sample at a time: what the batch must equal.
    fn one_at_a_time(
        network: &Network,
        data: &Dataset,
        samples: &[usize],
        loss: Loss,
    ) -> (f64, Gradients) {
        let mut pass = Pass::new(network.layers());
        let mut gradients = Gradients::zeros(network);
        let mut error = 0.0;
        for &i in samples {
            let (input, target) = data.sample(i);
            pass.forward(network, input);
            error += pass.error(target, loss);
            pass.backward(network, target, loss);
            gradients.accumulate(network, &pass);
        }
        (error, gradients)
    }

    fn bits(values: &[f64]) -> Vec<u64> {
        values.iter().map(|v| v.to_bits()).collect()
    }

    type Path = fn(&mut BatchPass, Batch, &mut Gradients, &mut f64);

    /// `accumulate` as called (whichever build it picks), the baseline build, and each wider
    /// build this processor can run.
    fn builds() -> Vec<(&'static str, Path)> {
        let mut builds: Vec<(&'static str, Path)> = vec![
            ("accumulate", |p, (n, d, s, l), g, e| {
                p.accumulate(n, d, s, l, g, e)
            }),
            ("baseline", |p, b, g, e| p.accumulate_here(b, g, e)),
        ];
        #[cfg(target_arch = "x86_64")]
        {
            if Wide::avx2() {
                // SAFETY: checked just above.
                builds.push(("avx2", |p, b, g, e| unsafe { p.accumulate_avx2(b, g, e) }));
            }
            if Wide::avx512() {
                // SAFETY: checked just above.
                builds.push(("avx512", |p, b, g, e| unsafe {
                    p.accumulate_avx512(b, g, e)
                }));
            }
        }
        builds
    }

    #[test]
    fn every_sample_gets_the_bits_one_pass_at_a_time_gives() {
        use Activation::*;
        let data = crate::data::spirals(40, 0.1, 3);
        let widths: [&[usize]; 4] = [&[2, 8, 8, 1], &[2, 1], &[2, 5, 9, 13, 1], &[2, 32, 3, 1]];
        for (n, &layers) in widths.iter().enumerate() {
            for activation in Activation::ALL {
                let mut per_layer = vec![activation; layers.len() - 1];
                *per_layer.last_mut().unwrap() = if n % 2 == 0 { Sigmoid } else { activation };
                let network = Network::random_per_layer(layers, true, &per_layer, n as u64);
                for loss in [Loss::Squared, Loss::CrossEntropy] {
                    if loss == Loss::CrossEntropy && network.output_activation() != Sigmoid {
                        continue;
                    }
                    // A batch longer than LANES runs in slices, continuing the same sums.
                    let order: Vec<usize> = (0..37).map(|i| (i * 7) % 40).collect();
                    let (error, expected) = one_at_a_time(&network, &data, &order, loss);
                    // Every build of the batch's code this processor can run.
                    for (build, path) in builds() {
                        let mut batch = BatchPass::new(network.layers());
                        let mut gradients = Gradients::zeros(&network);
                        let mut total = 0.0;
                        for slice in order.chunks(LANES) {
                            let one = (&network, &data, slice, loss);
                            path(&mut batch, one, &mut gradients, &mut total);
                        }
                        let what = format!("{build}: {layers:?} {activation:?} {loss:?}");
                        assert_eq!(bits(&gradients.weights), bits(&expected.weights), "{what}");
                        assert_eq!(bits(&gradients.biases), bits(&expected.biases), "{what}");
                        assert_eq!(total.to_bits(), error.to_bits(), "{what}");
                    }
                }
            }
        }
    }

    #[test]
    fn points_of_the_plane_get_every_a_one_pass_gives() {
        // A 3-input network (a plane shown with one extra feature), 21 points: slices of 16
        // and 5, every neuron of every point compared to the bit.
        for activation in Activation::ALL {
            let network = Network::random_per_layer(&[3, 7, 5, 2], true, &[activation; 3], 4);
            let points: Vec<f64> = (0..21 * 3).map(|i| (i as f64 * 0.37).sin() * 3.0).collect();
            let mut batch = BatchPass::new(network.layers());
            let mut pass = Pass::new(network.layers());
            for slice in points.chunks(LANES * 3) {
                batch.forward_points(&network, slice);
                for (s, point) in slice.chunks(3).enumerate() {
                    pass.forward(&network, point);
                    for (n, &a) in pass.a.iter().enumerate() {
                        assert_eq!(
                            batch.a(n, s).to_bits(),
                            a.to_bits(),
                            "{activation:?} neuron {n}"
                        );
                    }
                }
            }
        }
    }
}
