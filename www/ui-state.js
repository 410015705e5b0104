// The page's own state, with one owner: playing, the speed, the open tab, the drawing toggles
// (the model state is the core's). The address mirrors both, throttled, so that a reload, Back
// and a copied link show the same page; a damaged address is refused whole.
import { ADDRESS_LIMIT, fragmentFor, newStoreKey, readFragment, storeLarge } from './address.js';
import { $, showAlert } from './dom.js';
import { pg } from './core.js';
import { draw, finishBackgroundTraining } from './loop.js';
import { refreshInspector, refreshPanel, refreshPanelEpoch, showTab } from './panels.js';
import { refreshAll } from './controls.js';

export let playing = false;
export let epochsPerFrame = 1;
export const LEGEND_GRADIENT = document.getElementById('legend-hint').textContent.replace(/\s+/g, ' ').trim();

export function setPlaying(on) {
  const paused = playing && !on;
  playing = on;
  $('play').textContent = on ? 'Pause' : 'Play';
  $('play').setAttribute('aria-pressed', String(on));
  // While playing, the panels refresh a few times a second; on Pause every number on screen
  // becomes the paused network's at once, not the last refresh's.
  if (paused) {
    finishBackgroundTraining(true);
    draw();
    refreshInspector();
  } else {
    refreshPanelEpoch();
  }
}

// ---- the side panel's tabs ----
export const TABS = ['inspector', 'steps', 'why', 'check', 'mine', 'export'];
export let activeTab = 'inspector';

/** Records the open tab (the panels module shows it). */
export function setActiveTab(name) {
  activeTab = name;
}
// ---- the address mirrors the state: reload, Back and a copied link show the same page ----
export const ADDRESS_INTERVAL_MS = 1000; // while training, the address is rewritten at most this often
export let addressDue = false;
export let lastAddress = 0;
export let storeKey = null; // this tab's localStorage key, once its state outgrew an address

/** Marks the state as changed; the frame loop writes it into the address (throttled). */
export function stateChanged() {
  addressDue = true;
}

/** The page's own part of the state (the model's part comes from the core). */
export function captureView() {
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
export function checkedView(view) {
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

export function applyView(view) {
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
/** Whether the last state written was too large for the address (it went to localStorage). */
let lastAddressLarge = false;

/**
 * How long to wait between writes of the address: while training, a large state (a big
 * network, megabytes of weights) is saved every 10 s rather than every second, since writing it
 * costs a frame or two; paused, at once.
 */
export function addressInterval() {
  if (!playing) return 100;
  return lastAddressLarge || weightCount() > LARGE_WEIGHTS ? 10 * ADDRESS_INTERVAL_MS : ADDRESS_INTERVAL_MS;
}

/** Above this many weights a state's address is large before it is first written. */
const LARGE_WEIGHTS = 2000;

/** The network's weight count, from its layer sizes. */
export function weightCount() {
  const layers = Array.from(pg.layers());
  return layers.slice(1).reduce((sum, n, i) => sum + n * layers[i], 0);
}

export function writeAddress() {
  addressDue = false;
  lastAddress = performance.now();
  let fragment = fragmentFor({ spec: pg.compact_spec(), resume: pg.saved_resume(), view: captureView() });
  lastAddressLarge = fragment.length > ADDRESS_LIMIT;
  if (lastAddressLarge) {
    storeKey ??= newStoreKey();
    fragment = storeLarge(fragment, storeKey) ?? fragment;
  }
  if (fragment !== location.hash) history.replaceState(null, '', fragment);
}

/**
 * Shows the state an address holds, paused. Returns true if it did. A damaged address changes
 * nothing and says so in the learner's words; at start-up the default network stays.
 */
export function openAddress(hash) {
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

// ---- controls ----
export function setSpeed(epochs) {
  epochsPerFrame = epochs;
  $('speed').value = String(epochs);
  stateChanged();
}

export function setColourByWeight(on) {
  $('colour-by-weight').checked = on;
  pg.set_colour_by_weight(on);
  $('legend-hint').textContent = on
    ? 'Line colour: the weight w itself. Blue: negative; red: positive. Line width: |w|. Neuron fill: its activation a.'
    : LEGEND_GRADIENT;
  draw();
}

export function setNeuronMaps(on) {
  $('neuron-maps').checked = on;
  pg.set_neuron_maps(on);
  draw();
}

export function setLogScale(on) {
  $('log-scale').checked = on;
  pg.set_log_scale(on);
  draw();
}
