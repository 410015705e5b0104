// The network's shape (add and remove layers and neurons), the training options and the data's
// options: each change goes to the core as a change of settings, and a refused one changes
// nothing.
import { $, parseTyped, parseWhole, showAlert } from './dom.js';
import { CONFIG, pg } from './core.js';
import { refreshAll } from './controls.js';
import { cancelBackgroundTraining } from './loop.js';

export function reshape(change, layer = 0) {
  try {
    pg.reshape(change, layer);
  } catch (err) {
    showAlert(err.message);
    return;
  }
  cancelBackgroundTraining();
  $('preset').value = '';
  refreshAll();
}

/** Buttons to add and remove hidden layers and neurons, rebuilt from the current layer sizes. */
export function refreshShape() {
  const layers = Array.from(pg.layers());
  const key = layers.join('-');
  const box = $('shape');
  if (box.dataset.layers === key) return;
  box.dataset.layers = key;
  box.replaceChildren();
  const button = (text, label, onClick, disabled) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.setAttribute('aria-label', label);
    b.title = label;
    b.disabled = disabled;
    b.addEventListener('click', onClick);
    return b;
  };
  const group = (...children) => {
    const g = document.createElement('span');
    g.className = 'group';
    g.append(...children);
    box.append(g);
  };
  const hidden = layers.length - 2;
  const count = document.createElement('span');
  count.textContent = `${hidden} hidden layer${hidden === 1 ? '' : 's'}`;
  group(
    button('−', 'remove the hidden layer before the output', () => reshape('remove-layer'), hidden < 1),
    count,
    button('+', 'add a hidden layer before the output', () => reshape('add-layer'), hidden >= CONFIG.max_hidden_layers),
  );
  for (let l = 1; l <= hidden; l++) {
    const size = document.createElement('span');
    size.textContent = `layer ${l}: ${layers[l]}`;
    group(
      button('−', `remove a neuron from hidden layer ${l}`, () => reshape('remove-neuron', l), layers[l] <= 1),
      size,
      button('+', `add a neuron to hidden layer ${l}`, () => reshape('add-neuron', l), layers[l] >= CONFIG.max_hidden_neurons),
    );
  }
}

// ---- training options: activations, loss, batch size, regularisation, momentum ----

/**
 * Changes settings only: the weights, the epoch and the momentum carry on, and Reset still goes
 * back to the loaded or seeded weights. A refused value changes nothing.
 */
export function applySettings(change) {
  const spec = JSON.parse(pg.spec());
  change(spec);
  try {
    const dataChanged = pg.reconfigure(JSON.stringify(spec));
    $('options-message').textContent = dataChanged
      ? `The data changed, so the loss curve starts again at epoch ${pg.epoch().toLocaleString('en-US')}; the weights and the epoch stay.`
      : '';
  } catch (err) {
    $('options-message').textContent = `${err.message}. Nothing changed.`;
  }
  refreshAll();
}

export function refreshOptions() {
  const spec = JSON.parse(pg.spec());
  const layers = spec.layers;
  const perLayer = Array.isArray(spec.activation) ? spec.activation : layers.slice(1).map(() => spec.activation);
  const box = $('activations');
  const key = `${layers.join('-')}:${perLayer.join('-')}`;
  if (box.dataset.key !== key) {
    box.dataset.key = key;
    box.replaceChildren();
    perLayer.forEach((name, l) => {
      const label = document.createElement('label');
      label.className = 'inline';
      label.textContent = l === perLayer.length - 1 ? 'output ' : layers.length > 3 ? `hidden ${l + 1} ` : 'hidden ';
      const select = document.createElement('select');
      for (const option of CONFIG.activations) select.add(new Option(option, option));
      select.value = name;
      select.addEventListener('change', () =>
        applySettings((s) => {
          const all = [...perLayer];
          all[l] = select.value;
          s.activation = all.every((a) => a === all[0]) ? all[0] : all;
        }),
      );
      label.append(select);
      box.append(label);
    });
  }
  // A refused change leaves the menus as they were built: show the state's activations again.
  box.querySelectorAll('select').forEach((select, l) => {
    select.value = perLayer[l];
  });
  $('loss').value = spec.loss ?? DEFAULT_LOSS();
  $('batch-size').max = String(pg.sample_count());
  if (document.activeElement !== $('batch-size')) $('batch-size').value = String(spec.batch_size ?? pg.sample_count());
  $('penalty').value = spec.regularization?.kind ?? '';
  if (spec.regularization && document.activeElement !== $('penalty-rate')) $('penalty-rate').value = String(spec.regularization.rate);
  if (document.activeElement !== $('momentum')) $('momentum').value = String(spec.momentum ?? 0);
  refreshDataOptions(spec);
}

// ---- the data: noise, test share and input features ----
export const PLAIN_FEATURES = ['x1', 'x2'];

export function refreshDataOptions(spec) {
  const generated = CONFIG.generated_datasets.includes(spec.data.dataset);
  for (const id of ['noise-slider', 'noise', 'test-share']) $(id).disabled = !generated;
  $('data-options-hint').textContent = generated
    ? 'Test share: samples held out, never trained on; their loss is the second curve.'
    : 'Noise and a test share apply to the generated data sets (circle, blobs, spirals).';
  const noise = spec.data.noise ?? 0;
  if (document.activeElement !== $('noise')) $('noise').value = String(noise);
  $('noise-slider').value = String(Math.min(0.5, noise));
  const share = String(spec.data.test_share ?? 0);
  const select = $('test-share');
  if (![...select.options].some((o) => o.value === share)) {
    select.add(new Option(`${Number((Number(share) * 100).toPrecision(3))} %`, share));
  }
  select.value = share;
  const plane = pg.input_plane();
  const chosen = spec.features ?? PLAIN_FEATURES;
  for (const box of $('features').querySelectorAll('input[type="checkbox"]')) {
    box.checked = plane && chosen.includes(box.value);
    box.disabled = !plane;
  }
  $('features-hint').textContent = plane
    ? 'Each one is an input neuron; the rest of the network keeps its weights. Try x₁² and x₂² on the circle with no hidden layer.'
    : 'Input features are functions of a point (x₁, x₂): they need data with two inputs.';
}

/** Shows the network the checked features; a refused choice (none) changes nothing. */
export function applyFeatures() {
  const names = [...$('features').querySelectorAll('input[type="checkbox"]:checked')].map((box) => box.value);
  try {
    pg.set_features(names);
    cancelBackgroundTraining();
    $('options-message').textContent = '';
  } catch (err) {
    $('options-message').textContent = `${err.message}. Nothing changed.`;
  }
  refreshAll();
}

/** Changes the generated data set's options; a batch of the whole set stays the whole (training) set. */
export function applyData(change) {
  applySettings((s) => {
    if (s.batch_size >= pg.sample_count()) delete s.batch_size;
    change(s.data);
  });
}

export function wireDataOptions() {
  const setNoise = (value) =>
    applyData((d) => {
      if (value === 0) delete d.noise;
      else d.noise = value;
    });
  // The slider shows its value while it moves and makes the data once, when it is let go.
  $('noise-slider').addEventListener('input', (e) => ($('noise').value = e.target.value));
  $('noise-slider').addEventListener('change', (e) => setNoise(Number(e.target.value)));
  $('noise').addEventListener('change', (e) => setNoise(parseTyped(e.target.value)));
  $('test-share').addEventListener('change', (e) =>
    applyData((d) => {
      const share = Number(e.target.value);
      if (share === 0) delete d.test_share;
      else d.test_share = share;
    }),
  );
  $('features').addEventListener('change', applyFeatures);
}

/** The loss a spec without one trains with: the core lists it first. */
const DEFAULT_LOSS = () => CONFIG.losses[0].name;

export function wireOptions() {
  // The losses the core knows, with the words of their entry (src/view/formulas/loss.rs).
  for (const { name, label } of CONFIG.losses) $('loss').add(new Option(label, name));
  $('loss').addEventListener('change', (e) =>
    applySettings((s) => {
      if (e.target.value === DEFAULT_LOSS()) delete s.loss;
      else s.loss = e.target.value;
    }),
  );
  $('batch-size').addEventListener('change', (e) => {
    const size = parseWhole(e.target.value);
    const count = pg.sample_count();
    if (!(size >= 1 && size <= count)) {
      $('options-message').textContent = `The batch size must be a whole number from 1 to ${count} (the training samples), like ${Math.min(10, count)}. Nothing changed.`;
      refreshOptions();
      return;
    }
    applySettings((s) => (s.batch_size = size));
  });
  const penalty = () =>
    applySettings((s) => {
      const kind = $('penalty').value;
      if (kind === '') delete s.regularization;
      else s.regularization = { kind, rate: parseTyped($('penalty-rate').value) };
    });
  $('penalty').addEventListener('change', penalty);
  $('penalty-rate').addEventListener('change', penalty);
  $('momentum').addEventListener('change', (e) =>
    applySettings((s) => {
      const m = parseTyped(e.target.value);
      if (m === 0) delete s.momentum;
      else s.momentum = m;
    }),
  );
}

/**
 * What a learner writing their own training step has to know about biases, said under the
 * network whether or not it has them.
 */
export function refreshBiasNote() {
  const hasBias = pg.has_bias();
  $('bias-note').textContent = hasBias
    ? 'Each bias b is a weight from a constant input a = 1: its ∂E/∂b is δ·1, and it gets the same update, b ← b − η·∂E/∂b.'
    : 'This network has no biases. With them, each bias is a weight from a constant input a = 1, and gets the same update.';
}
