// The benchmark page: the wasm core against a plain-JavaScript implementation of the same
// training, on the same network, the same starting weights and the same data.
//
// `cargo xtask bench` drives this page through `window.bench` (tests/e2e/bench/engines.mjs); it
// can also be opened by hand (dist/bench.html) and run with the button.
//
// The JavaScript baseline (`JsNetwork`) is written the way a careful programmer would write it
// for speed without WebAssembly: every parameter and per-neuron value in one flat Float64Array,
// no objects in the hot loop, buffers allocated once. It does what the core's `Trainer` does per
// epoch: keep a copy of the parameters (to undo a diverged epoch), shuffle the sample order,
// then for every mini-batch clear the gradient sums, and for every sample a forward pass
// (`net = Σ w·a + b`, `a = σ(net)`), the squared error, a backward pass (`∂E/∂a`, `a(1 − a)`,
// `δ`) and `∂E/∂w += δ_k·a_j`; then `w ← w − (η / batch)·Σ ∂E/∂w`; finally check every
// parameter is finite. Only the shuffling generator differs (a xorshift here, ChaCha in Rust).
import { BUILD, glue, wasmResponse } from './wasm.js';

const { default: init, BenchSession, wasm_memory_bytes } = glue;

/** The spec both engines train: as benches/train.rs (circle, 500 samples, batch size 10). */
export function benchSpec(layers, { batchSize = 10, seed = 1, learningRate = 0.3 } = {}) {
  return {
    layers,
    activation: 'sigmoid',
    bias: true,
    seed,
    learning_rate: learningRate,
    batch_size: batchSize,
    data: { dataset: 'circle', samples: 500, noise: 0.05 },
  };
}

/** xorshift32: the next state (a nonzero uint32) after `x`. */
function xorshift32(x) {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
}

export class JsNetwork {
  /**
   * `weights` flat, layer by layer, row k (receiving neuron) by row; `biases` flat (zeros and
   * never trained without bias); `inputs`/`targets` flat, sample after sample.
   */
  constructor({ layers, weights, biases, hasBias, inputs, targets, learningRate, batchSize, seed = 1 }) {
    const depth = layers.length - 1;
    this.layers = Int32Array.from(layers);
    this.depth = depth;
    this.hasBias = hasBias;
    this.learningRate = learningRate;
    this.weights = Float64Array.from(weights);
    this.biases = Float64Array.from(biases);
    this.inputs = Float64Array.from(inputs);
    this.targets = Float64Array.from(targets);
    this.nIn = layers[0];
    this.nOut = layers[depth];
    this.samples = this.inputs.length / this.nIn;
    this.batchSize = Math.max(1, Math.min(batchSize, this.samples));
    // Where each layer's weights, biases and neurons start in the flat arrays.
    this.weightOffset = new Int32Array(depth + 1);
    this.biasOffset = new Int32Array(depth + 1);
    for (let l = 0; l < depth; l++) {
      this.weightOffset[l + 1] = this.weightOffset[l] + layers[l] * layers[l + 1];
      this.biasOffset[l + 1] = this.biasOffset[l] + layers[l + 1];
    }
    this.neuronOffset = new Int32Array(layers.length + 1);
    for (let l = 0; l < layers.length; l++) this.neuronOffset[l + 1] = this.neuronOffset[l] + layers[l];
    const neurons = this.neuronOffset[layers.length];
    if (this.weights.length !== this.weightOffset[depth] || this.biases.length !== this.biasOffset[depth]) {
      throw new Error('JsNetwork: weights or biases do not fit the layers');
    }
    this.net = new Float64Array(neurons);
    this.a = new Float64Array(neurons);
    this.errorWrtA = new Float64Array(neurons);
    this.slope = new Float64Array(neurons);
    this.delta = new Float64Array(neurons);
    this.weightGradients = new Float64Array(this.weights.length);
    this.biasGradients = new Float64Array(this.biases.length);
    this.weightsBefore = new Float64Array(this.weights.length);
    this.biasesBefore = new Float64Array(this.biases.length);
    this.order = new Int32Array(this.samples);
    for (let i = 0; i < this.samples; i++) this.order[i] = i;
    this.state = seed >>> 0 || 0x9e3779b9;
    this.epoch = 0;
  }

  /** The starting state of a wasm `BenchSession`, so both engines train the same network. */
  static fromSession(session, seed = 1) {
    return new JsNetwork({
      layers: Array.from(session.layers()),
      weights: session.weights(),
      biases: session.biases(),
      hasBias: session.has_bias(),
      inputs: session.inputs(),
      targets: session.targets(),
      learningRate: session.learning_rate(),
      batchSize: session.batch_size(),
      seed,
    });
  }

  nextRandom() {
    this.state = xorshift32(this.state);
    return this.state;
  }

  /** Fisher–Yates shuffle of the sample order. */
  shuffle() {
    const order = this.order;
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.nextRandom() % (i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  /** Forward pass of sample `s`: `net_k = Σ_j w_jk a_j + b_k`, `a_k = σ(net_k)`. */
  forward(s) {
    const { a, net, weights, biases, layers, neuronOffset, weightOffset, biasOffset } = this;
    const nIn = this.nIn;
    const inputs = this.inputs;
    for (let j = 0; j < nIn; j++) a[j] = inputs[s * nIn + j];
    for (let l = 0; l < this.depth; l++) {
      const below = neuronOffset[l];
      const here = neuronOffset[l + 1];
      const nBelow = layers[l];
      const nHere = layers[l + 1];
      let w = weightOffset[l];
      const b = biasOffset[l];
      for (let k = 0; k < nHere; k++) {
        let sum = 0;
        for (let j = 0; j < nBelow; j++) sum += weights[w + j] * a[below + j];
        w += nBelow;
        const n = sum + biases[b + k];
        net[here + k] = n;
        a[here + k] = 1 / (1 + Math.exp(-n));
      }
    }
  }

  /** `E = ½ Σ_k (t_k − a_k)²` of sample `s` after its forward pass. */
  error(s) {
    const out = this.neuronOffset[this.depth];
    const nOut = this.nOut;
    let e = 0;
    for (let k = 0; k < nOut; k++) {
      const d = this.targets[s * nOut + k] - this.a[out + k];
      e += d * d;
    }
    return 0.5 * e;
  }

  /** Backward pass of sample `s`: `∂E/∂a`, `a(1 − a)` and `δ = ∂E/∂a · a(1 − a)` per neuron. */
  backward(s) {
    const { a, errorWrtA, slope, delta, weights, layers, neuronOffset, weightOffset, targets } = this;
    const depth = this.depth;
    const nOut = this.nOut;
    const out = neuronOffset[depth];
    for (let k = 0; k < nOut; k++) errorWrtA[out + k] = a[out + k] - targets[s * nOut + k];
    for (let l = depth; l >= 1; l--) {
      const here = neuronOffset[l];
      const nHere = layers[l];
      if (l < depth) {
        // ∂E/∂a_j = Σ_k w_jk δ_k, gathered row by row of the weights above.
        const above = neuronOffset[l + 1];
        const nAbove = layers[l + 1];
        for (let j = 0; j < nHere; j++) errorWrtA[here + j] = 0;
        let w = weightOffset[l];
        for (let k = 0; k < nAbove; k++) {
          const d = delta[above + k];
          for (let j = 0; j < nHere; j++) errorWrtA[here + j] += weights[w + j] * d;
          w += nHere;
        }
      }
      for (let i = here; i < here + nHere; i++) {
        const ai = a[i];
        const sl = ai * (1 - ai);
        slope[i] = sl;
        delta[i] = errorWrtA[i] * sl;
      }
    }
  }

  /** Adds the last sample's `∂E/∂w_jk = δ_k·a_j` and `∂E/∂b_k = δ_k` to the sums. */
  accumulate() {
    const { a, delta, layers, neuronOffset, weightOffset, biasOffset, weightGradients, biasGradients } = this;
    for (let l = 0; l < this.depth; l++) {
      const below = neuronOffset[l];
      const here = neuronOffset[l + 1];
      const nBelow = layers[l];
      const nHere = layers[l + 1];
      let w = weightOffset[l];
      const b = biasOffset[l];
      for (let k = 0; k < nHere; k++) {
        const d = delta[here + k];
        for (let j = 0; j < nBelow; j++) weightGradients[w + j] += d * a[below + j];
        w += nBelow;
        biasGradients[b + k] += d;
      }
    }
  }

  /** One epoch of mini-batch gradient descent; returns the mean `E` seen during it. */
  trainEpoch() {
    const { weights, biases, weightGradients, biasGradients, order } = this;
    this.weightsBefore.set(weights);
    this.biasesBefore.set(biases);
    this.shuffle();
    let total = 0;
    for (let start = 0; start < this.samples; start += this.batchSize) {
      const end = Math.min(start + this.batchSize, this.samples);
      weightGradients.fill(0);
      biasGradients.fill(0);
      for (let i = start; i < end; i++) {
        const s = order[i];
        this.forward(s);
        total += this.error(s);
        this.backward(s);
        this.accumulate();
      }
      const step = this.learningRate / (end - start);
      for (let i = 0; i < weights.length; i++) weights[i] += -step * weightGradients[i];
      if (this.hasBias) for (let i = 0; i < biases.length; i++) biases[i] += -step * biasGradients[i];
    }
    const loss = total / this.samples;
    if (!Number.isFinite(loss) || !this.isFinite()) {
      weights.set(this.weightsBefore);
      biases.set(this.biasesBefore);
      throw new Error(`training diverged in epoch ${this.epoch + 1}`);
    }
    this.epoch += 1;
    return loss;
  }

  train(epochs) {
    let loss = NaN;
    for (let e = 0; e < epochs; e++) loss = this.trainEpoch();
    return loss;
  }

  isFinite() {
    for (let i = 0; i < this.weights.length; i++) if (!Number.isFinite(this.weights[i])) return false;
    for (let i = 0; i < this.biases.length; i++) if (!Number.isFinite(this.biases[i])) return false;
    return true;
  }

  /** The loss of the whole data set at the current weights (`mean E`). */
  loss() {
    let total = 0;
    for (let s = 0; s < this.samples; s++) {
      this.forward(s);
      total += this.error(s);
    }
    return total / this.samples;
  }

  /** `∂loss/∂w` and `∂loss/∂b` of the whole data set by backprop (means over the samples). */
  gradients() {
    this.weightGradients.fill(0);
    this.biasGradients.fill(0);
    for (let s = 0; s < this.samples; s++) {
      this.forward(s);
      this.backward(s);
      this.accumulate();
    }
    const scale = (g) => Float64Array.from(g, (x) => x / this.samples);
    return { weights: scale(this.weightGradients), biases: scale(this.biasGradients) };
  }
}

// ---- checks: the baseline must be right before its speed means anything ----

/**
 * Backprop's gradients of the JavaScript network against central finite differences
 * `(loss(w + h) − loss(w − h)) / 2h`, for every weight and bias of a small 2-3-2 network.
 */
export function finiteDifferenceCheck() {
  const layers = [2, 3, 2];
  let state = 7;
  const uniform = () => {
    state = xorshift32(state);
    return state / 2 ** 32;
  };
  const network = new JsNetwork({
    layers,
    weights: Array.from({ length: 2 * 3 + 3 * 2 }, () => 2 * uniform() - 1),
    biases: Array.from({ length: 3 + 2 }, () => uniform() - 0.5),
    hasBias: true,
    inputs: Array.from({ length: 4 * 2 }, () => 2 * uniform() - 1),
    targets: Array.from({ length: 4 * 2 }, () => uniform()),
    learningRate: 0.5,
    batchSize: 4,
  });
  const h = 1e-5;
  const backprop = network.gradients();
  let worst = 0;
  for (const [params, grads] of [
    [network.weights, backprop.weights],
    [network.biases, backprop.biases],
  ]) {
    for (let i = 0; i < params.length; i++) {
      const keep = params[i];
      params[i] = keep + h;
      const up = network.loss();
      params[i] = keep - h;
      const down = network.loss();
      params[i] = keep;
      const numeric = (up - down) / (2 * h);
      const relative = Math.abs(numeric - grads[i]) / Math.max(1e-8, Math.abs(numeric) + Math.abs(grads[i]));
      worst = Math.max(worst, relative);
    }
  }
  return { parameters: backprop.weights.length + backprop.biases.length, worstRelativeError: worst, ok: worst < 1e-6 };
}

/**
 * The same network trained by both engines with the whole data set as one batch (so the
 * shuffled order changes only the order of a sum): their weights must agree to rounding.
 */
export function agreementCheck(epochs = 5) {
  const session = new BenchSession(JSON.stringify(benchSpec([2, 5, 3, 1], { batchSize: 500, learningRate: 1 })));
  try {
    const js = JsNetwork.fromSession(session);
    const lossDifference = Math.abs(js.loss() - session.loss());
    session.train(epochs);
    js.train(epochs);
    const wasmWeights = session.weights();
    const wasmBiases = session.biases();
    let worst = 0;
    for (let i = 0; i < wasmWeights.length; i++) worst = Math.max(worst, Math.abs(wasmWeights[i] - js.weights[i]));
    for (let i = 0; i < wasmBiases.length; i++) worst = Math.max(worst, Math.abs(wasmBiases[i] - js.biases[i]));
    return { epochs, lossDifference, worstWeightDifference: worst, ok: lossDifference < 1e-12 && worst < 1e-9 };
  } finally {
    session.free();
  }
}

// ---- timing ----

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Calls `train(epochs)` in chunks for about `ms`; returns [epochs, milliseconds spent in train]. */
function timeFor(train, chunk, ms) {
  let epochs = 0;
  let spent = 0;
  while (spent < ms) {
    const start = performance.now();
    train(chunk);
    spent += performance.now() - start;
    epochs += chunk;
  }
  return [epochs, spent];
}

/** How many epochs take about `targetMs` (at least 1). */
function calibrate(train, targetMs) {
  let chunk = 1;
  for (;;) {
    const start = performance.now();
    train(chunk);
    const ms = performance.now() - start;
    if (ms >= targetMs / 4 || chunk >= 1 << 16) return Math.max(1, Math.round((chunk * targetMs) / Math.max(ms, 0.01)));
    chunk *= 2;
  }
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Trains `layers` (the bench spec) with the wasm core and the JavaScript baseline, in
 * alternating rounds of `seconds / rounds` each, after a warm-up; only the time inside the
 * training calls is counted. Returns samples per second (the median of the rounds) for each.
 */
export async function compare(layers, { seconds = 4, rounds = 5, warmupMs = 300 } = {}) {
  const session = new BenchSession(JSON.stringify(benchSpec(layers)));
  try {
    const js = JsNetwork.fromSession(session);
    const samples = session.samples();
    const engines = {
      wasm: (epochs) => session.train(epochs),
      js: (epochs) => js.train(epochs),
    };
    const chunks = {};
    for (const [name, train] of Object.entries(engines)) {
      // Warm-up: lets the JavaScript engine optimise the hot loops (and wasm tier up) first.
      const until = performance.now() + warmupMs;
      while (performance.now() < until) train(1);
      chunks[name] = calibrate(train, 20);
    }
    const rates = { wasm: [], js: [] };
    const roundMs = (seconds * 1000) / rounds / 2;
    for (let r = 0; r < rounds; r++) {
      for (const [name, train] of Object.entries(engines)) {
        const [epochs, ms] = timeFor(train, chunks[name], roundMs);
        rates[name].push((epochs * samples) / (ms / 1000));
        await pause();
      }
    }
    return {
      layers: layers.join('-'),
      samples,
      wasm: median(rates.wasm),
      js: median(rates.js),
      rounds: rates,
      // Both engines must still be learning sensibly at the end (mean E at the final weights).
      loss: { wasm: session.loss(), js: js.loss() },
      epochs: { wasm: session.epoch(), js: js.epoch },
    };
  } finally {
    session.free();
  }
}

// ---- the page ----

const $ = (id) => document.getElementById(id);

function formatRate(x) {
  return `${(x / 1e6).toFixed(2)} M`;
}

async function runAll() {
  const button = $('run');
  button.disabled = true;
  const body = $('results').tBodies[0];
  body.textContent = '';
  try {
    for (const layers of [
      [2, 8, 8, 1],
      [2, 32, 32, 32, 1],
    ]) {
      $('status').textContent = `running ${layers.join('-')}…`;
      const r = await compare(layers);
      const row = body.insertRow();
      for (const text of [r.layers, formatRate(r.wasm), formatRate(r.js), (r.wasm / r.js).toFixed(2)]) {
        row.insertCell().textContent = text;
      }
    }
    $('status').textContent = 'done';
  } catch (err) {
    $('status').textContent = `failed: ${err.message}`;
    throw err;
  } finally {
    button.disabled = false;
  }
}

async function main() {
  await init({ module_or_path: wasmResponse });
  const checks = { finiteDifference: finiteDifferenceCheck(), agreement: agreementCheck() };
  $('checks').textContent =
    `JavaScript baseline: finite-difference check on ${checks.finiteDifference.parameters} parameters, ` +
    `worst relative error ${checks.finiteDifference.worstRelativeError.toExponential(1)} ` +
    `(${checks.finiteDifference.ok ? 'pass' : 'FAIL'}); against the wasm core after ` +
    `${checks.agreement.epochs} full-batch epochs, largest weight difference ` +
    `${checks.agreement.worstWeightDifference.toExponential(1)} (${checks.agreement.ok ? 'pass' : 'FAIL'}).`;
  $('run').addEventListener('click', () => runAll());
  $('run').disabled = false;
  window.bench = { checks, compare, benchSpec, wasmMemoryBytes: wasm_memory_bytes, build: BUILD };
  document.body.classList.add('ready');
}

main().catch((err) => {
  $('status').textContent = `The benchmark page could not start: ${err.message}`;
  throw err;
});
