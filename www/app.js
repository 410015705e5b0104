// Bootstrap and wiring: loads the wasm core, connects the controls, runs the animation loop and
// offers `window.playground` for scripts. All state lives in the Rust `Playground`; this file only
// passes user input to it and asks it to draw, crossing into wasm a few times per frame.
import init, { Playground, config } from './pkg/backprop_playground.js';
import { PRESETS, DEFAULT_PRESET } from './presets.js';
import { ADDRESS_LIMIT, fragmentFor, newStoreKey, readFragment, storeLarge } from './address.js';

const $ = (id) => document.getElementById(id);
// A frame at 60 Hz has 16.7 ms. Drawing takes what it takes (measured: `drawMs`, smoothed), and
// training gets what is left, minus a margin for the browser's own work.
const FRAME_MS = 16.7;
const FRAME_MARGIN_MS = 7;
let drawMs = 4;
const INSPECTOR_INTERVAL_MS = 200; // refresh of the inspector's numbers while training

let pg = null;
/** Facts shared with the core (shape limits, names, panel titles): from `config()`, once. */
let CONFIG = null;
let playing = false;
let epochsPerFrame = 1;
let lastInspector = 0;
let frameId = 0;
let crashed = false;
const LEGEND_GRADIENT = document.getElementById('legend-hint').textContent.replace(/\s+/g, ' ').trim();

/** Shows a message above the controls; `offerReset` adds the Reset button (after training failed). */
function showAlert(text, { offerReset = false } = {}) {
  $('alert-text').textContent = text;
  $('alert-reset').hidden = !offerReset;
  $('alert').hidden = false;
}

function setPlaying(on) {
  const paused = playing && !on;
  playing = on;
  $('play').textContent = on ? 'Pause' : 'Play';
  $('play').setAttribute('aria-pressed', String(on));
  // While playing, the panels refresh a few times a second; on Pause every number on screen
  // becomes the paused network's at once, not the last refresh's.
  if (paused) {
    draw();
    refreshInspector();
  } else {
    refreshPanelEpoch();
  }
}

// ---- learning rate: a log-scale slider and an exact, typeable value ----
function showRate(rate) {
  $('rate').value = String(Number(rate.toPrecision(4)));
  $('rate-slider').value = String(Math.min(1, Math.max(-3, Math.log10(rate))));
}

function setRate(rate, source) {
  try {
    pg.set_learning_rate(rate);
    $('rate-message').textContent = '';
    if (source === 'slider') $('rate').value = String(Number(rate.toPrecision(3)));
    else showRate(rate);
  } catch (err) {
    $('rate-message').textContent = `${err.message} — η stays ${pg.learning_rate()}.`;
    showRate(pg.learning_rate());
  }
  refreshInspector();
}

// ---- drawing and the text around the canvases ----
const SATURATION_WARNING = 0.5; // share of saturated sigmoids that earns a warning

/**
 * The status line, from `pg.status()`'s numbers (or the same numbers as the frame's tick
 * returned them): epoch, loss, test loss, accuracy, saturated share, test samples.
 */
function refreshStatus([epoch, loss, testLoss, accuracy, saturated, testSamples] = pg.status()) {
  $('epoch').textContent = epoch.toLocaleString('en-US');
  const percent = Math.round(saturated * 100);
  const warning = $('saturation');
  const text = percent >= SATURATION_WARNING * 100
    ? `${percent} % of the neurons are saturated for this sample: their a is pinned near the ends of its range, ` +
      'so their slope a(1−a) is almost 0 (1 − a² for tanh), and so is every δ that passes through them. ' +
      'Gradients vanish and learning stalls. Often a too-large learning rate threw the weights ' +
      'far out: lower η and reset.'
    : '';
  if (warning.textContent !== text) {
    warning.textContent = text;
    warning.hidden = text === '';
  }
  $('accuracy-box').hidden = !Number.isFinite(accuracy);
  if (Number.isFinite(accuracy)) $('accuracy').textContent = `${(accuracy * 100).toFixed(1)} %`;
  $('loss-value').textContent = Number.isFinite(loss) ? loss.toPrecision(4) : 'not a number';
  const hasTest = testSamples > 0;
  $('test-loss-box').hidden = !hasTest;
  $('loss-label').textContent = hasTest ? 'training loss' : 'loss';
  if (hasTest) $('test-loss').textContent = Number.isFinite(testLoss) ? testLoss.toPrecision(4) : 'not a number';
}

// ---- the side panel's tabs ----
const TABS = ['inspector', 'steps', 'why', 'check', 'mine', 'export'];
let activeTab = 'inspector';
let playingBeforeSteps = false;
let checkerFor = ''; // the kind and selection the checker's fields were built for
let checkerSelection = ''; // the selection the check kind last followed

function showTab(name) {
  if (name === activeTab) return;
  if (activeTab === 'steps') {
    pg.set_step(-1);
    if (playingBeforeSteps) setPlaying(true);
  }
  activeTab = name;
  for (const tab of TABS) {
    $(`tab-${tab}`).setAttribute('aria-selected', String(tab === name));
    $(`tab-${tab}`).tabIndex = tab === name ? 0 : -1;
    $(`panel-${tab}`).hidden = tab !== name;
  }
  if (name === 'steps') {
    playingBeforeSteps = playing;
    setPlaying(false);
    pg.set_step(0);
  }
  // Checking work by hand needs numbers that hold still.
  if (name === 'mine') setPlaying(false);
  draw();
  refreshInspector();
}

/** Refreshes the content of the tab on show (all of it is HTML built in Rust from numbers and fixed text). */
function refreshPanel() {
  switch (activeTab) {
    case 'inspector':
      $('inspector').innerHTML = pg.inspector_html();
      break;
    case 'steps':
      $('step-content').innerHTML = pg.step_html();
      $('step-counter').textContent = `step ${pg.current_step() + 1} of ${pg.step_count()}`;
      $('step-prev').disabled = pg.current_step() <= 0;
      $('step-next').disabled = pg.current_step() >= pg.step_count() - 1;
      break;
    case 'why': {
      const name = $('derivation').value;
      $('derivation-content').innerHTML = pg.derivation_html(name);
      // The plot is of σ: shown for a sigmoid neuron in focus only.
      $('sigmoid-plot').hidden = name !== 'sigmoid-slope';
      if (name === 'sigmoid-slope' && !pg.draw_sigmoid_plot($('sigmoid-plot'))) $('sigmoid-plot').hidden = true;
      break;
    }
    case 'check':
      $('gradient-check').innerHTML = pg.gradient_check_html();
      break;
    case 'mine':
      refreshChecker();
      break;
    case 'export':
      $('markdown').textContent = pg.export_markdown();
      break;
  }
}

function moveStep(by) {
  const next = pg.current_step() + by;
  if (next < 0 || next >= pg.step_count()) return;
  pg.set_step(next);
  draw();
  refreshPanel();
}

// ---- the gradient check: started by the learner, run a slice per frame, cancellable ----
const GRADIENT_CHECK_SLICE_MS = 6;
let gradientChecking = false;

function showGradientCheckProgress(checked, planned) {
  $('gradient-check-progress').max = Math.max(1, planned);
  $('gradient-check-progress').value = checked;
  $('gradient-check-status').textContent = `checked ${checked.toLocaleString('en-US')} of ${planned.toLocaleString('en-US')}`;
}

function setGradientChecking(on) {
  gradientChecking = on;
  $('gradient-check-cancel').hidden = !on;
  $('gradient-check-progress').hidden = !on;
  $('gradient-check-run').textContent = on ? 'Start again' : 'Run the gradient check';
}

function startGradientCheck() {
  pg.start_gradient_check();
  setGradientChecking(true);
  showGradientCheckProgress(0, 1);
}

function cancelGradientCheck() {
  pg.cancel_gradient_check();
  setGradientChecking(false);
  $('gradient-check-status').textContent = 'Cancelled.';
}

/** One slice of the running check (from the frame loop). */
function gradientCheckSlice() {
  const [checked, planned] = pg.gradient_check_step(GRADIENT_CHECK_SLICE_MS);
  showGradientCheckProgress(checked, planned);
  if (!pg.gradient_check_running()) {
    setGradientChecking(false);
    $('gradient-check-status').textContent = `Done: ${planned.toLocaleString('en-US')} weights and biases checked.`;
    if (activeTab === 'check') refreshPanel();
  }
}

// ---- check my work ----
function refreshChecker() {
  // A new selection brings the check along: a weight's ∂E/∂w when a weight is selected, a
  // neuron's δ when a neuron is.
  const selection = pg.selection();
  if (selection !== checkerSelection) {
    checkerSelection = selection;
    const selected = selection.split(' ')[0];
    if (selected === 'weight' && $('check-kind').value === 'delta') $('check-kind').value = 'gradient';
    if (selected === 'neuron' && $('check-kind').value !== 'delta') $('check-kind').value = 'delta';
  }
  const kind = $('check-kind').value;
  const key = `${kind} ${pg.selection()} ${pg.sample()}`;
  if (key === checkerFor) return;
  checkerFor = key;
  const fields = $('check-fields');
  fields.replaceChildren();
  $('check-verdict').replaceChildren();
  $('check-message').textContent = '';
  let spec;
  try {
    spec = JSON.parse(pg.checker_fields(kind));
  } catch (err) {
    $('check-message').textContent = err.message;
    $('check-form').hidden = true;
    return;
  }
  $('check-form').hidden = false;
  const row = (id, label, required) => {
    const wrap = document.createElement('label');
    wrap.className = 'check-row';
    const text = document.createElement('span');
    text.textContent = label;
    const input = document.createElement('input');
    input.type = 'text';
    input.inputMode = 'decimal';
    input.id = id;
    input.required = required;
    input.placeholder = required ? 'your value' : 'optional';
    wrap.append(text, input);
    fields.append(wrap);
  };
  row('check-value', `your ${spec.label} =`, true);
  spec.factors.forEach((name, i) => row(`check-factor-${i}`, `factor ${i + 1}: ${name} =`, false));
}

function parseTyped(text) {
  const t = text.trim().replace(/−/g, '-').replace(/,/g, '.');
  return t === '' ? NaN : Number(t);
}

function submitCheck(e) {
  e.preventDefault();
  // A check compares with one fixed state: training pauses, and the verdict names its epoch.
  setPlaying(false);
  const kind = $('check-kind').value;
  const value = parseTyped($('check-value').value);
  $('check-verdict').replaceChildren();
  if (!Number.isFinite(value)) {
    $('check-message').textContent = 'Type your value as a number, for example 0.1028 or -3.2e-4.';
    return;
  }
  const factors = [...$('check-fields').querySelectorAll('input[id^="check-factor-"]')].map((input) => parseTyped(input.value));
  const badFactor = factors.findIndex((f, i) => Number.isNaN(f) && $(`check-factor-${i}`).value.trim() !== '');
  if (badFactor >= 0) {
    $('check-message').textContent = `Factor ${badFactor + 1} is not a number; leave it blank or type a number.`;
    return;
  }
  try {
    $('check-verdict').innerHTML = pg.check_answer(kind, value, Float64Array.from(factors), $('check-against').value === 'start');
    $('check-message').textContent = '';
  } catch (err) {
    $('check-message').textContent = err.message;
  }
}

function copyText(text, button) {
  const label = button.textContent;
  navigator.clipboard.writeText(text).then(
    () => (button.textContent = 'Copied'),
    () => {
      getSelection().selectAllChildren($('markdown'));
      button.textContent = 'Selected: press Ctrl+C';
    },
  );
  setTimeout(() => (button.textContent = label), 2000);
}

/** While training runs, says which epoch the panel's numbers are of (they lag the canvas). */
function refreshPanelEpoch() {
  const note = $('panel-epoch');
  note.hidden = !playing;
  if (playing) {
    const epoch = pg.epoch().toLocaleString('en-US');
    note.textContent = liveTab()
      ? `Training: these numbers are of epoch ${epoch}, refreshed 5 times a second. Pause to hold them.`
      : `Training: this tab shows epoch ${epoch} and is not refreshed while training. Pause, then show it again.`;
  }
}

function refreshInspector() {
  stateChanged();
  refreshPanel();
  refreshPanelEpoch();
  const count = pg.sample_count();
  $('sample-picker').hidden = count <= 1;
  $('sample').max = String(count - 1);
  $('sample').value = String(pg.sample());
  $('sample-info').textContent = `of 0 – ${count - 1}`;
  lastInspector = performance.now();
  refreshWeightEditor();
}

// ---- the network's shape ----

function reshape(change, layer = 0) {
  try {
    pg.reshape(change, layer);
  } catch (err) {
    showAlert(err.message);
    return;
  }
  $('preset').value = '';
  refreshAll();
}

/** Buttons to add and remove hidden layers and neurons, rebuilt from the current layer sizes. */
function refreshShape() {
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
function applySettings(change) {
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

function refreshOptions() {
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
  $('loss').value = spec.loss ?? 'squared';
  $('batch-size').max = String(pg.sample_count());
  if (document.activeElement !== $('batch-size')) $('batch-size').value = String(spec.batch_size ?? pg.sample_count());
  $('penalty').value = spec.regularization?.kind ?? '';
  if (spec.regularization && document.activeElement !== $('penalty-rate')) $('penalty-rate').value = String(spec.regularization.rate);
  if (document.activeElement !== $('momentum')) $('momentum').value = String(spec.momentum ?? 0);
  refreshDataOptions(spec);
}

// ---- the data: noise, test share and input features ----
const PLAIN_FEATURES = ['x1', 'x2'];

function refreshDataOptions(spec) {
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
function applyFeatures() {
  const names = [...$('features').querySelectorAll('input[type="checkbox"]:checked')].map((box) => box.value);
  try {
    pg.set_features(names);
    $('options-message').textContent = '';
  } catch (err) {
    $('options-message').textContent = `${err.message}. Nothing changed.`;
  }
  refreshAll();
}

/** Changes the generated data set's options; a batch of the whole set stays the whole (training) set. */
function applyData(change) {
  applySettings((s) => {
    if (s.batch_size >= pg.sample_count()) delete s.batch_size;
    change(s.data);
  });
}

function wireDataOptions() {
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

function wireOptions() {
  $('loss').addEventListener('change', (e) =>
    applySettings((s) => {
      if (e.target.value === 'squared') delete s.loss;
      else s.loss = e.target.value;
    }),
  );
  $('batch-size').addEventListener('change', (e) => applySettings((s) => (s.batch_size = parseTyped(e.target.value))));
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

// ---- hands on a weight ----
function refreshWeightEditor() {
  const w = pg.selected_weight();
  const editor = $('weight-editor');
  editor.hidden = !Number.isFinite(w);
  if (editor.hidden || editor.contains(document.activeElement)) return;
  $('weight-value').value = String(Number(w.toPrecision(6)));
  const slider = $('weight-slider');
  const reach = Math.max(2, Math.ceil(Math.abs(w) * 2));
  slider.min = String(-reach);
  slider.max = String(reach);
  slider.value = String(w);
}

function setWeight(value) {
  setPlaying(false);
  try {
    pg.set_selected_weight(value);
    $('weight-message').textContent = '';
  } catch (err) {
    $('weight-message').textContent = `${err.message}; the weight stays ${pg.selected_weight()}.`;
    return;
  }
  draw();
  refreshPanel();
}

// ---- the address mirrors the state: reload, Back and a copied link show the same page ----
const ADDRESS_INTERVAL_MS = 1000; // while training, the address is rewritten at most this often
let addressDue = false;
let lastAddress = 0;
let storeKey = null; // this tab's localStorage key, once its state outgrew an address

/** Marks the state as changed; the frame loop writes it into the address (throttled). */
function stateChanged() {
  addressDue = true;
}

/** The page's own part of the state (the model's part comes from the core). */
function captureView() {
  return {
    tab: activeTab,
    step: activeTab === 'steps' ? pg.current_step() : undefined,
    derivation: $('derivation').value,
    check: $('check-kind').value,
    speed: epochsPerFrame,
    colourByWeight: $('colour-by-weight').checked,
    neuronMaps: $('neuron-maps').checked,
    logScale: $('log-scale').checked,
    options: $('options').open,
    ownData: $('own-data').open,
    preset: $('preset').value,
  };
}

/** A saved view, checked field by field; throws on anything this page never writes. */
function checkedView(view) {
  if (view === null) return null;
  const known = (id, value) => [...$(id).options].some((o) => o.value === value);
  const checks = {
    tab: (v) => TABS.includes(v),
    step: (v) => Number.isInteger(v) && v >= 0,
    derivation: (v) => known('derivation', v),
    check: (v) => known('check-kind', v),
    speed: (v) => known('speed', String(v)),
    colourByWeight: (v) => typeof v === 'boolean',
    neuronMaps: (v) => typeof v === 'boolean',
    logScale: (v) => typeof v === 'boolean',
    options: (v) => typeof v === 'boolean',
    ownData: (v) => typeof v === 'boolean',
    preset: (v) => v === '' || known('preset', v),
  };
  for (const [name, value] of Object.entries(view)) {
    if (!(name in checks)) throw new Error(`the view has a setting "${String(name).slice(0, 20)}" this page does not know`);
    if (!checks[name](value)) throw new Error(`the view's ${name} is not one this page offers`);
  }
  return view;
}

function applyView(view) {
  if (!view) return;
  if (view.derivation !== undefined) $('derivation').value = view.derivation;
  if (view.check !== undefined) $('check-kind').value = view.check;
  if (view.speed !== undefined) setSpeed(view.speed);
  if (view.colourByWeight !== undefined) setColourByWeight(view.colourByWeight);
  if (view.neuronMaps !== undefined) setNeuronMaps(view.neuronMaps);
  if (view.logScale !== undefined) setLogScale(view.logScale);
  if (view.options !== undefined) $('options').open = view.options;
  if (view.ownData !== undefined) $('own-data').open = view.ownData;
  if (view.preset !== undefined) $('preset').value = view.preset;
  if (view.tab !== undefined) showTab(view.tab);
  if (view.step !== undefined && activeTab === 'steps' && view.step < pg.step_count()) {
    pg.set_step(view.step);
    refreshPanel();
  }
}

/** Writes the state into the address now (replacing, not adding, a history entry). */
function writeAddress() {
  addressDue = false;
  lastAddress = performance.now();
  let fragment = fragmentFor({ spec: pg.compact_spec(), resume: pg.saved_resume(), view: captureView() });
  if (fragment.length > ADDRESS_LIMIT) {
    storeKey ??= newStoreKey();
    fragment = storeLarge(fragment, storeKey) ?? fragment;
  }
  if (fragment !== location.hash) history.replaceState(null, '', fragment);
}

/**
 * Shows the state an address holds, paused. Returns true if it did. A damaged address changes
 * nothing and says so in the learner's words; at start-up the default network stays.
 */
function openAddress(hash) {
  const saved = readFragment(hash);
  if (saved.kind === 'none') return false;
  if (saved.kind === 'damaged') {
    showAlert(`This link is damaged: ${saved.reason}, so it could not be shown. Perhaps it was cut short when it was copied. The network on screen is unchanged.`);
    return false;
  }
  let view;
  try {
    view = checkedView(saved.view);
    pg.restore(saved.spec, saved.resume ?? undefined);
  } catch (err) {
    showAlert(`This link could not be shown: it has been changed or cut short (${err.message}). The network on screen is unchanged.`);
    return false;
  }
  $('alert').hidden = true;
  $('preset').value = '';
  setPlaying(false);
  refreshAll();
  applyView(view);
  return true;
}

function download(name, blob) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

let needsDraw = true;

function draw() {
  needsDraw = false;
  stateChanged();
  pg.draw();
  refreshStatus();
}

function refreshAll() {
  refreshOptions();
  $('neuron-maps-label').hidden = !pg.input_plane();
  $('test-points-hint').hidden = pg.test_sample_count() === 0;
  refreshShape();
  if (activeTab === 'steps' && pg.current_step() < 0) pg.set_step(0);
  $('data-panel').hidden = !pg.has_data_plot();
  $('seed').value = String(pg.seed());
  showRate(pg.learning_rate());
  draw();
  refreshInspector();
}

/**
 * Whether the open tab follows training. The gradient check and the export redo a whole pass per
 * refresh: they refresh on demand (showing the tab, a button), not from the training loop.
 */
const liveTab = () => activeTab !== 'check' && activeTab !== 'export';

function frame(now) {
  frameId = requestAnimationFrame(frame);
  if (crashed) return;
  try {
    // Re-typesetting the inspector's MathML costs the browser a few milliseconds of layout, so
    // a frame that refreshes it trains only briefly: frames stay within 16.7 ms.
    const inspectorDue = playing && liveTab() && now - lastInspector > INSPECTOR_INTERVAL_MS;
    // While paused nothing changes unless the learner acts (and every action draws at once),
    // so idle frames skip drawing; a resize asks for one.
    if (playing || needsDraw) {
      const room = FRAME_MS - FRAME_MARGIN_MS - drawMs;
      const checking = gradientChecking ? GRADIENT_CHECK_SLICE_MS : 0;
      const budget = inspectorDue ? 1 : Math.min(12, Math.max(1, room - checking));
      const started = performance.now();
      needsDraw = false;
      let numbers = null;
      try {
        // One crossing into wasm: train within the budget, draw, and read the status line.
        numbers = pg.tick(playing ? budget : 0, playing ? epochsPerFrame : 0, true);
      } catch (err) {
        // A panic in the core is a RuntimeError: the outer handler stops the page. Anything
        // else is training that failed (it diverged): pause and say why.
        if (!playing || err instanceof WebAssembly.RuntimeError) throw err;
        setPlaying(false);
        showAlert(err.message, { offerReset: true });
        needsDraw = true;
        refreshInspector();
      }
      if (numbers) {
        const [, trainingMs, ...status] = numbers;
        refreshStatus(status);
        drawMs = 0.9 * drawMs + 0.1 * (performance.now() - started - trainingMs);
      }
    }
    if (inspectorDue) refreshInspector();
    if (gradientChecking) gradientCheckSlice();
    if (playing) stateChanged();
    if (addressDue && now - lastAddress > (playing ? ADDRESS_INTERVAL_MS : 100)) writeAddress();
  } catch (err) {
    // A panic in the core: stop touching its state, say so, keep the page readable.
    crashed = true;
    cancelAnimationFrame(frameId);
    setPlaying(false);
    showAlert(`The playground stopped after an internal error: ${err.message}. Reload the page.`);
    throw err;
  }
}

// ---- presets ----
function loadPreset(name) {
  const preset = PRESETS[name];
  pg.load(JSON.stringify(preset.spec));
  epochsPerFrame = preset.epochsPerFrame;
  $('speed').value = String(epochsPerFrame);
  $('alert').hidden = true;
  refreshAll();
}

// ---- the scripting API of DESIGN.md ----
function specText(spec) {
  if (typeof spec === 'string') return spec;
  if (spec === null || typeof spec !== 'object') {
    throw new Error('spec: give a spec object or its JSON text');
  }
  return JSON.stringify(spec);
}

function wholeNumber(value, name, max) {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${name}: ${value} is not a whole number between 0 and ${max}`);
  }
  return value;
}

function installApi() {
  window.playground = {
    /** Replaces network, data and settings; paused at epoch 0. Throws on a bad spec, changing nothing. */
    load(spec) {
      pg.load(specText(spec));
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
      setPlaying(false);
      try {
        pg.train(epochs);
      } finally {
        refreshAll();
      }
      return window.playground.snapshot();
    },
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
    /** Trains on your own data: CSV text with a header, `inputs` input columns, then targets. */
    loadCsv(text, inputs) {
      pg.load_csv(String(text), wholeNumber(inputs, 'inputs', 63));
      setPlaying(false);
      $('preset').value = '';
      refreshAll();
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

// ---- controls ----
function setSpeed(epochs) {
  epochsPerFrame = epochs;
  $('speed').value = String(epochs);
  stateChanged();
}

function setColourByWeight(on) {
  $('colour-by-weight').checked = on;
  pg.set_colour_by_weight(on);
  $('legend-hint').textContent = on
    ? 'Line colour: the weight w itself. Blue: negative; red: positive. Line width: |w|. Neuron fill: its activation a.'
    : LEGEND_GRADIENT;
  draw();
}

function setNeuronMaps(on) {
  $('neuron-maps').checked = on;
  pg.set_neuron_maps(on);
  draw();
}

function setLogScale(on) {
  $('log-scale').checked = on;
  pg.set_log_scale(on);
  draw();
}

function wireControls() {
  const select = $('preset');
  for (const [name, preset] of Object.entries(PRESETS)) {
    select.add(new Option(preset.title, name));
  }
  select.add(new Option('(loaded by a script)', ''));
  select.options[select.options.length - 1].disabled = true;
  select.value = DEFAULT_PRESET;
  select.addEventListener('change', () => {
    if (select.value) loadPreset(select.value);
  });

  $('play').addEventListener('click', () => setPlaying(!playing));
  $('step').addEventListener('click', () => stepOnce());
  $('reset').addEventListener('click', () => resetWeights());
  $('alert-reset').addEventListener('click', () => resetWeights());
  $('alert-close').addEventListener('click', () => ($('alert').hidden = true));
  $('seed').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') resetWeights();
  });

  $('rate-slider').addEventListener('input', (e) => {
    const rate = Number((10 ** Number(e.target.value)).toPrecision(3));
    setRate(rate, 'slider');
  });
  $('rate').addEventListener('change', (e) => {
    const text = e.target.value.trim();
    const rate = text === '' ? NaN : Number(text);
    setRate(rate, 'text');
  });

  $('speed').addEventListener('change', (e) => setSpeed(Number(e.target.value)));
  $('colour-by-weight').addEventListener('change', (e) => setColourByWeight(e.target.checked));
  $('neuron-maps').addEventListener('change', (e) => setNeuronMaps(e.target.checked));
  $('log-scale').addEventListener('change', (e) => setLogScale(e.target.checked));
  for (const id of ['options', 'own-data']) $(id).addEventListener('toggle', stateChanged);
  $('sample').addEventListener('change', (e) => {
    const i = Number(e.target.value);
    try {
      pg.select_sample(i);
    } catch (err) {
      $('sample-info').textContent = err.message;
      return;
    }
    draw();
    refreshInspector();
  });

  for (const tab of TABS) $(`tab-${tab}`).addEventListener('click', () => showTab(tab));
  document.querySelector('.tabs').addEventListener('keydown', (e) => {
    const move = { ArrowLeft: -1, ArrowRight: 1 }[e.key];
    if (!move) return;
    e.preventDefault();
    const next = TABS[(TABS.indexOf(activeTab) + move + TABS.length) % TABS.length];
    showTab(next);
    $(`tab-${next}`).focus();
  });
  $('step-prev').addEventListener('click', () => moveStep(-1));
  $('step-next').addEventListener('click', () => moveStep(1));
  $('derivation').addEventListener('change', () => refreshPanel());
  $('gradient-check-run').addEventListener('click', startGradientCheck);
  $('gradient-check-cancel').addEventListener('click', cancelGradientCheck);
  $('check-kind').addEventListener('change', () => refreshPanel());
  $('check-form').addEventListener('submit', submitCheck);
  $('copy-markdown').addEventListener('click', (e) => copyText(pg.export_markdown(), e.target));
  $('download-python').addEventListener('click', () => {
    download('predict.py', new Blob([pg.export_python()], { type: 'text/x-python' }));
  });
  $('download-rust').addEventListener('click', () => {
    download('predict.rs', new Blob([pg.export_rust()], { type: 'text/x-rust' }));
  });
  $('download-markdown').addEventListener('click', () => {
    download('backprop-step.md', new Blob([pg.export_markdown()], { type: 'text/markdown' }));
  });

  $('weight-value').addEventListener('change', (e) => {
    const text = e.target.value.trim();
    setWeight(text === '' ? NaN : Number(text));
    refreshWeightEditor();
  });
  $('weight-slider').addEventListener('input', (e) => {
    setWeight(Number(e.target.value));
    $('weight-value').value = String(Number(Number(e.target.value).toPrecision(6)));
  });

  $('share').addEventListener('click', async () => {
    writeAddress();
    const link = location.href;
    if (location.hash.startsWith('#stored=')) {
      showAlert(
        'This network and its data are too big for a link, so the link names a copy kept in this browser: ' +
          'it opens here, but not on another computer. Use Export JSON to share it.',
      );
    }
    try {
      await navigator.clipboard.writeText(link);
      $('share').textContent = 'Link copied';
    } catch {
      $('share').textContent = 'Link in the address bar';
    }
    setTimeout(() => ($('share').textContent = 'Copy link'), 2000);
  });
  // Another link pasted into this tab's address: show its state (our own writes replace the
  // address without this event).
  window.addEventListener('hashchange', () => openAddress(location.hash));
  $('export-spec').addEventListener('click', () => {
    download('backprop-playground-network.json', new Blob([pg.spec()], { type: 'application/json' }));
  });
  $('import-spec').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (!file) return;
    try {
      window.playground.load(await file.text());
    } catch (err) {
      showAlert(`${file.name} was not loaded: ${err.message}. The network is unchanged.`);
    }
  });
  $('export-png').addEventListener('click', () => {
    $('network').toBlob((blob) => download('backprop-playground-network.png', blob), 'image/png');
  });

  const canvas = $('network');
  canvas.addEventListener('click', (e) => {
    const box = canvas.getBoundingClientRect();
    if (pg.click_network(e.clientX - box.left, e.clientY - box.top)) {
      draw();
      refreshInspector();
    }
  });
  canvas.addEventListener('keydown', (e) => {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    pg.move_selection(move[0], move[1]);
    draw();
    refreshInspector();
  });
  $('data').addEventListener('click', (e) => {
    const box = e.target.getBoundingClientRect();
    const [x, y] = [e.clientX - box.left, e.clientY - box.top];
    const mode = document.querySelector('input[name="click-mode"]:checked').value;
    if (mode === 'inspect') {
      if (!pg.click_data(x, y)) return;
    } else {
      try {
        pg.add_point(x, y, Number(mode));
      } catch (err) {
        showAlert(err.message);
        return;
      }
      $('preset').value = '';
    }
    refreshAll();
  });

  const loadCsv = (text, source) => {
    try {
      pg.load_csv(text, Number($('csv-inputs').value));
    } catch (err) {
      $('csv-message').textContent = `${source}: ${err.message}. Nothing changed.`;
      return;
    }
    $('csv-message').textContent = '';
    $('preset').value = '';
    setPlaying(false);
    refreshAll();
  };
  $('csv-load').addEventListener('click', () => loadCsv($('csv-text').value, 'The CSV'));
  $('csv-file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (!file) return;
    const text = await file.text();
    $('csv-text').value = text;
    loadCsv(text, file.name);
  });

  document.addEventListener('keydown', (e) => {
    const tag = e.target.tagName;
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (activeTab === 'steps' && (e.key === 'ArrowLeft' || e.key === 'ArrowRight') && !['INPUT', 'SELECT', 'TEXTAREA'].includes(tag)) {
      e.preventDefault();
      moveStep(e.key === 'ArrowLeft' ? -1 : 1);
      return;
    }
    if (['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(tag)) return;
    if (e.key === ' ') {
      e.preventDefault();
      setPlaying(!playing);
    } else if (e.key === 'n' || e.key === 'N') {
      stepOnce();
    }
  });
}

function stepOnce() {
  setPlaying(false);
  try {
    pg.train(1);
  } catch (err) {
    showAlert(err.message, { offerReset: true });
  }
  draw();
  refreshInspector();
}

function resetWeights() {
  const seed = Number($('seed').value);
  try {
    pg.reset(seed);
  } catch (err) {
    showAlert(err.message);
    return;
  }
  $('alert').hidden = true;
  refreshAll();
}

async function main() {
  try {
    await init();
    CONFIG = JSON.parse(config());
    for (const { name, title } of CONFIG.derivations) $('derivation').add(new Option(title, name));
    const preset = PRESETS[DEFAULT_PRESET];
    pg = new Playground($('network'), $('chart'), $('data'), JSON.stringify(preset.spec));
    epochsPerFrame = preset.epochsPerFrame;
    $('speed').value = String(epochsPerFrame);
  } catch (err) {
    $('loading').textContent = `The playground could not start: ${err.message}`;
    $('loading').classList.add('failed');
    throw err;
  }
  wireControls();
  wireOptions();
  wireDataOptions();
  installApi();
  refreshAll();
  // A link, a reload or Back shows the state its address holds, paused; a fresh visit starts
  // training at once.
  const restored = openAddress(location.hash);
  const observer = new ResizeObserver(() => (needsDraw = true));
  for (const id of ['network', 'chart', 'data']) observer.observe($(id));
  $('loading').hidden = true;
  document.body.classList.add('ready');
  setPlaying(!restored);
  frameId = requestAnimationFrame(frame);
}

main();
