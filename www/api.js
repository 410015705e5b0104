// window.playground: the scripting API of DESIGN.md, for teachers' lessons and the tests.
import { $ } from './dom.js';
import { pg } from './core.js';
import { addressDue, playing, setPlaying, TABS, writeAddress } from './ui-state.js';
import { showTab } from './panels.js';
import { cancelBackgroundTraining, trainInBackground } from './loop.js';
import { refreshAll, setWeight } from './controls.js';

// ---- the scripting API of DESIGN.md ----
export function specText(spec) {
  if (typeof spec === 'string') return spec;
  if (spec === null || typeof spec !== 'object') {
    throw new Error('spec: give a spec object or its JSON text');
  }
  try {
    return JSON.stringify(spec);
  } catch (err) {
    // BigInt, a circular object, a toJSON that throws: say what, not a bare TypeError.
    throw new Error(`spec: could not be written as JSON (${err.message}); give plain numbers, strings, arrays and objects`);
  }
}

export function wholeNumber(value, name, max) {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    const given = typeof value === 'string' ? `the text "${value.slice(0, 20)}"` : String(value);
    throw new Error(`${name}: give a whole number from 0 to ${max}, like 10 (not ${given})`);
  }
  return value;
}

/** Pauses, runs `train` (a call into the core), shows the result, and returns snapshot(). */
function trainPaused(train) {
  setPlaying(false);
  try {
    train();
  } finally {
    refreshAll();
  }
  return window.playground.snapshot();
}

export function installApi() {
  window.playground = {
    /** Replaces network, data and settings; paused at epoch 0. Throws on a bad spec, changing nothing. */
    load(spec) {
      pg.load(specText(spec));
      cancelBackgroundTraining();
      setPlaying(false);
      $('preset').value = '';
      $('alert').hidden = true;
      refreshAll();
    },
    /** The current state as a spec object (round-trips through load). */
    spec: () => JSON.parse(pg.spec()),
    /** Loss, weights, gradients and the selected sample's net, a and delta per layer. */
    snapshot: () => JSON.parse(pg.snapshot()),
    /** Trains that many epochs at once, leaves the playground paused, returns snapshot(). */
    train(epochs) {
      wholeNumber(epochs, 'epochs', 1_000_000);
      return trainPaused(() => pg.train(epochs));
    },
    /**
     * Trains `batches` mini-batches (one step each, along its batch's mean ∂loss/∂w), across
     * epoch ends if need be, leaves the playground paused, returns snapshot().
     */
    trainBatches(batches) {
      wholeNumber(batches, 'batches', 1_000_000);
      return trainPaused(() => pg.train_batches(batches));
    },
    /**
     * Trains `epochs` epochs in the background, a frame's budget at a time, so the page stays
     * responsive (the awaitable form of train, for long runs); resolves with { snapshot, trained,
     * cancelled }. `onProgress(trained, epochs)` is called every frame; Pause or
     * cancelTraining() stops it early.
     */
    trainInBackground(epochs, onProgress) {
      wholeNumber(epochs, 'epochs', 100_000_000);
      if (onProgress !== undefined && typeof onProgress !== 'function') {
        throw new Error('onProgress: give a function, or leave it out');
      }
      return trainInBackground(epochs, onProgress);
    },
    /** Stops training (and a background run, whose promise then resolves as cancelled). */
    cancelTraining: () => setPlaying(false),
    /** Opens the inspector on neuron `index` of `layer` (layer 0 is the input). */
    select(layer, index) {
      pg.select_neuron(wholeNumber(layer, 'layer', 64), wholeNumber(index, 'index', 4096));
      refreshAll();
    },
    /** What the inspector is open on: { kind: 'neuron', layer, index } or { kind: 'weight', layer, to, from }. */
    selection() {
      const [kind, ...at] = pg.selection().split(' ');
      const [layer, a, b] = at.map(Number);
      if (kind === 'neuron') return { kind, layer, index: a };
      if (kind === 'weight') return { kind, layer, to: a, from: b };
      return null;
    },
    /** Opens the inspector on the weight from neuron `from` of `layer` to neuron `to` of `layer + 1`. */
    selectWeight(layer, to, from) {
      pg.select_weight(wholeNumber(layer, 'layer', 64), wholeNumber(to, 'to', 4096), wholeNumber(from, 'from', 4096));
      refreshAll();
    },
    /** Sets the weight from neuron `from` of `layer` to neuron `to` of `layer + 1` (and selects it). */
    setWeight(layer, to, from, value) {
      pg.select_weight(wholeNumber(layer, 'layer', 64), wholeNumber(to, 'to', 4096), wholeNumber(from, 'from', 4096));
      pg.set_selected_weight(value);
      setPlaying(false);
      refreshAll();
    },
    /** Shows a tab of the side panel: inspector, steps, why, check, mine or export. */
    showTab(name) {
      if (!TABS.includes(name)) throw new Error(`tab: choose one of ${TABS.join(', ')}`);
      showTab(name);
    },
    /** The network as a standalone Python (`"python"`) or Rust (`"rust"`) predict function. */
    exportCode(language) {
      if (language === 'python') return pg.export_python();
      if (language === 'rust') return pg.export_rust();
      throw new Error('language: choose "python" or "rust"');
    },
    /** The Markdown export of the selected sample's whole pass. */
    exportMarkdown: () => pg.export_markdown(),
    /**
     * Trains on your own data: CSV text with a header, `inputs` input columns, then targets.
     * Returns a sentence when the network's shape had to follow the data (else '').
     */
    loadCsv(text, inputs) {
      const note = pg.load_csv(String(text), wholeNumber(inputs, 'inputs', 63));
      setPlaying(false);
      $('preset').value = '';
      refreshAll();
      return note;
    },
    /** Shows the network these input features (names as in the spec: "x1", "x1^2", "sin(x2)", …). */
    setFeatures(names) {
      if (!Array.isArray(names)) throw new Error('features: give an array of names such as ["x1^2", "x2^2"]');
      pg.set_features(names.map(String));
      setPlaying(false);
      refreshAll();
    },
    /** Points on the loss chart's curves: { training, test } (test 0 without a test set). */
    lossSeries() {
      const [training, test] = pg.loss_series();
      return { training, test };
    },
    /** The address that reproduces the current state exactly (written into the address bar). */
    shareUrl() {
      writeAddress();
      return location.href;
    },
    /** Chooses the sample whose numbers the inspector and snapshot() show. */
    selectSample(index) {
      pg.select_sample(wholeNumber(index, 'sample', 1_000_000));
      refreshAll();
    },
    /** Where neuron `index` of `layer` is drawn: CSS pixels from the network canvas's top left. */
    neuronPosition(layer, index) {
      const [x, y] = pg.neuron_position(wholeNumber(layer, 'layer', 64), wholeNumber(index, 'index', 4096));
      return { x, y };
    },
    /** True once the address holds the current state (it is written a moment after a change). */
    get addressCurrent() {
      return !addressDue;
    },
    play: () => setPlaying(true),
    pause: () => setPlaying(false),
    get playing() {
      return playing;
    },
  };
}
