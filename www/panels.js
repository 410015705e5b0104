// The side panel: its tabs (inspector, step-through, derivations, gradient check, check my work,
// export), each drawn from the core's HTML for the current state, and the epoch note while
// training.
import { $, parseTyped, setHtml } from './dom.js';
import { pg } from './core.js';
import { activeTab, playing, setActiveTab, setPlaying, stateChanged, TABS } from './ui-state.js';
import { draw } from './loop.js';

export const INSPECTOR_INTERVAL_MS = 200; // refresh of the inspector's numbers while training

export let lastInspector = 0;
export let playingBeforeSteps = false;
export let checkerFor = ''; // the kind and selection the checker's fields were built for
export let checkerSelection = ''; // the selection the check kind last followed

export function showTab(name) {
  if (name === activeTab) return;
  if (activeTab === 'steps') {
    pg.set_step(-1);
    if (playingBeforeSteps) setPlaying(true);
  }
  setActiveTab(name);
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
export function refreshPanel() {
  switch (activeTab) {
    case 'inspector':
      setHtml('inspector', pg.inspector_html());
      break;
    case 'steps':
      setHtml('step-content', pg.step_html());
      $('step-counter').textContent = `step ${pg.current_step() + 1} of ${pg.step_count()}`;
      $('step-prev').disabled = pg.current_step() <= 0;
      $('step-next').disabled = pg.current_step() >= pg.step_count() - 1;
      break;
    case 'why': {
      const name = $('derivation').value;
      setHtml('derivation-content', pg.derivation_html(name));
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

export function moveStep(by) {
  const next = pg.current_step() + by;
  if (next < 0 || next >= pg.step_count()) return;
  pg.set_step(next);
  draw();
  refreshPanel();
}

// ---- the gradient check: started by the learner, run a slice per frame, cancellable ----
export const GRADIENT_CHECK_SLICE_MS = 6;
export let gradientChecking = false;

export function showGradientCheckProgress(checked, planned) {
  $('gradient-check-progress').max = Math.max(1, planned);
  $('gradient-check-progress').value = checked;
  $('gradient-check-status').textContent = `checked ${checked.toLocaleString('en-US')} of ${planned.toLocaleString('en-US')}`;
}

export function setGradientChecking(on) {
  gradientChecking = on;
  $('gradient-check-cancel').hidden = !on;
  $('gradient-check-progress').hidden = !on;
  $('gradient-check-run').textContent = on ? 'Start again' : 'Run the gradient check';
}

export function startGradientCheck() {
  pg.start_gradient_check();
  setGradientChecking(true);
  showGradientCheckProgress(0, 1);
}

export function cancelGradientCheck() {
  pg.cancel_gradient_check();
  setGradientChecking(false);
  $('gradient-check-status').textContent = 'Cancelled.';
}

/** One slice of the running check (from the frame loop). */
export function gradientCheckSlice() {
  const [checked, planned] = pg.gradient_check_step(GRADIENT_CHECK_SLICE_MS);
  showGradientCheckProgress(checked, planned);
  if (!pg.gradient_check_running()) {
    setGradientChecking(false);
    $('gradient-check-status').textContent = `Done: ${planned.toLocaleString('en-US')} weights and biases checked.`;
    if (activeTab === 'check') refreshPanel();
  }
}

// ---- check my work ----
export function refreshChecker() {
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

export function submitCheck(e) {
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

/** While training runs, says which epoch the panel's numbers are of (they lag the canvas). */
export function refreshPanelEpoch() {
  const note = $('panel-epoch');
  note.hidden = !playing;
  if (playing) {
    const epoch = pg.epoch().toLocaleString('en-US');
    note.textContent = liveTab()
      ? `Training: these numbers are of epoch ${epoch}, refreshed 5 times a second. Pause to hold them.`
      : `Training: this tab shows epoch ${epoch} and is not refreshed while training. Pause, then show it again.`;
  }
}

export function refreshInspector() {
  stateChanged();
  refreshPanel();
  refreshPanelEpoch();
  const count = pg.sample_count();
  $('sample-picker').hidden = count <= 1;
  $('sample').min = '1';
  $('sample').max = String(count);
  $('sample').value = String(pg.sample() + 1);
  $('sample-info').textContent = `of ${count}`;
  lastInspector = performance.now();
  refreshWeightEditor();
}

// ---- the network's shape ----

// ---- hands on a weight ----
export function refreshWeightEditor() {
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

/**
 * Whether the open tab follows training. The gradient check and the export redo a whole pass per
 * refresh: they refresh on demand (showing the tab, a button), not from the training loop.
 */
export const liveTab = () => activeTab !== 'check' && activeTab !== 'export';
