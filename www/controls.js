// The controls above the canvases: play and step, reset with a seed, the learning rate, presets,
// a weight set by hand, share/export/import, CSV and keyboard shortcuts; and refreshAll, which
// brings every control and panel to the current state.
import { PRESETS, DEFAULT_PRESET } from './presets.js';
import { $, copyText, download, parseTyped, parseWhole, showAlert } from './dom.js';
import { pg } from './core.js';
import { activeTab, openAddress, playing, setColourByWeight, setLogScale, setNeuronMaps, setPlaying, setSpeed, stateChanged, TABS, weightCount, writeAddress } from './ui-state.js';
import { cancelBackgroundTraining, draw, trainInBackground } from './loop.js';
import { cancelGradientCheck, moveStep, refreshInspector, refreshPanel, refreshWeightEditor, showTab, startGradientCheck, submitCheck } from './panels.js';
import { refreshBiasNote, refreshOptions, refreshShape } from './options.js';

// ---- start here: the thread's toy network at epoch 0, and the way through its questions ----
/** What each step of the start-here path puts in focus: the thread's o₁, or the weight h₁ → o₁. */
const START_FOCUS = {
  'sigmoid-slope': ['neuron', 2, 0],
  'output-error': ['neuron', 2, 0],
  'net-wrt-weight': ['weight', 1, 0, 0],
  'chain-product': ['weight', 1, 0, 0],
  steps: ['neuron', 2, 0],
  mine: ['neuron', 2, 0],
};

/** Loads the thread's network, paused at epoch 0, and opens `step` of the path on it. */
export function startHere(step) {
  loadPreset('toy');
  setPlaying(false);
  const [kind, layer, a, b] = START_FOCUS[step];
  if (kind === 'neuron') pg.select_neuron(layer, a);
  else pg.select_weight(layer, a, b);
  if (step === 'steps' || step === 'mine') {
    showTab(step);
  } else {
    $('derivation').value = step;
    showTab('why');
  }
  refreshAll();
  $(`tab-${activeTab}`).scrollIntoView({ block: 'nearest' });
}

// ---- learning rate: a log-scale slider and an exact, typeable value ----
export function showRate(rate) {
  $('rate').value = String(Number(rate.toPrecision(4)));
  $('rate-slider').value = String(Math.min(1, Math.max(-3, Math.log10(rate))));
}

export function setRate(rate, source) {
  if (!(Number.isFinite(rate) && rate > 0)) {
    $('rate-message').textContent = `The learning rate must be a number above 0, like 0.5. It stays ${pg.learning_rate()}.`;
    showRate(pg.learning_rate());
    return;
  }
  try {
    pg.set_learning_rate(rate);
    $('rate-message').textContent =
      rate > 10 || rate < 0.001
        ? `η = ${rate} is beyond the slider's 0.001 – 10: typed values may go further, but large ones often make training blow up.`
        : '';
    if (source === 'slider') $('rate').value = String(Number(rate.toPrecision(3)));
    else showRate(rate);
  } catch (err) {
    $('rate-message').textContent = `${err.message} — η stays ${pg.learning_rate()}.`;
    showRate(pg.learning_rate());
  }
  refreshInspector();
}

export function setWeight(value) {
  setPlaying(false);
  if (!Number.isFinite(value)) {
    $('weight-message').textContent = `A weight must be a number, like 0.25 or -1.5. It stays ${pg.selected_weight()}.`;
    return;
  }
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

export function refreshAll() {
  refreshOptions();
  // Another network: the batch counter takes room again only once it shows (loop.js).
  $('batch-progress').classList.remove('reserved');
  $('neuron-maps-label').hidden = !pg.input_plane();
  $('test-points-hint').hidden = pg.test_sample_count() === 0;
  refreshShape();
  if (activeTab === 'steps' && pg.current_step() < 0) pg.set_step(0);
  $('data-panel').hidden = !pg.has_data_plot();
  refreshBiasNote();
  $('seed').value = String(pg.seed());
  showRate(pg.learning_rate());
  draw();
  refreshInspector();
  // The network may have new neurons and places: what points at them follows (guide.js).
  document.dispatchEvent(new Event('playground:refreshed'));
}

// ---- presets ----
export function loadPreset(name) {
  cancelBackgroundTraining();
  const preset = PRESETS[name];
  pg.load(JSON.stringify(preset.spec));
  setSpeed(preset.epochsPerFrame);
  $('alert').hidden = true;
  $('reset-why').textContent = '';
  refreshAll();
}

export function wireControls() {
  const select = $('preset');
  for (const [name, preset] of Object.entries(PRESETS)) {
    select.add(new Option(preset.title, name));
  }
  select.add(new Option('(your own network)', ''));
  select.options[select.options.length - 1].disabled = true;
  select.value = DEFAULT_PRESET;
  select.addEventListener('change', () => {
    if (select.value) loadPreset(select.value);
  });

  $('play').addEventListener('click', () => setPlaying(!playing));
  $('step').addEventListener('click', () => stepOnce());
  $('reset').addEventListener('click', () => resetWeights());
  $('alert-reset').addEventListener('click', () => resetWeights());
  $('stall-smaller-rate').addEventListener('click', () => {
    setRate(Number((pg.learning_rate() / 100).toPrecision(3)), 'text');
    resetWeights();
  });
  $('alert-close').addEventListener('click', () => ($('alert').hidden = true));
  $('seed').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') resetWeights();
  });

  $('rate-slider').addEventListener('input', (e) => {
    const rate = Number((10 ** Number(e.target.value)).toPrecision(3));
    setRate(rate, 'slider');
  });
  $('rate').addEventListener('change', (e) => setRate(parseTyped(e.target.value), 'text'));

  $('speed').addEventListener('change', (e) => setSpeed(Number(e.target.value)));
  $('colour-by-weight').addEventListener('change', (e) => setColourByWeight(e.target.checked));
  $('neuron-maps').addEventListener('change', (e) => setNeuronMaps(e.target.checked));
  $('log-scale').addEventListener('change', (e) => setLogScale(e.target.checked));
  for (const id of ['options', 'own-data']) $(id).addEventListener('toggle', stateChanged);
  $('sample').addEventListener('change', (e) => {
    // Samples count from 1 on the page, as in the inspector's "sample 1 of 4".
    const count = pg.sample_count();
    const n = parseWhole(e.target.value);
    if (!(n >= 1 && n <= count)) {
      $('sample-info').textContent = `of ${count}: choose a sample from 1 to ${count}`;
      e.target.value = String(pg.sample() + 1);
      return;
    }
    pg.select_sample(n - 1);
    draw();
    refreshInspector();
  });

  for (const tab of TABS) $(`tab-${tab}`).addEventListener('click', () => showTab(tab));
  // Cross-references inside the panels are links to the exact place: `data-goto="why:NAME"`
  // opens the Why? tab on that question.
  document.querySelector('aside.side').addEventListener('click', (e) => {
    const link = e.target.closest('[data-goto]');
    if (!link) return;
    e.preventDefault();
    const [tab, question] = link.dataset.goto.split(':');
    if (tab === 'why' && [...$('derivation').options].some((o) => o.value === question)) $('derivation').value = question;
    showTab(tab);
    refreshPanel();
    $(`tab-${tab}`).focus();
  });
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
    setWeight(parseTyped(e.target.value));
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
      // On a phone the inspector stacks far below the network: bring it to the finger.
      if (window.matchMedia('(max-width: 700px)').matches) $('inspector').scrollIntoView({ block: 'start' });
    }
  });
  // A pointer over what can be clicked (a neuron or a weight), and only there.
  canvas.addEventListener('mousemove', (e) => {
    const box = canvas.getBoundingClientRect();
    canvas.classList.toggle('over-hit', pg.network_hit_at(e.clientX - box.left, e.clientY - box.top));
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
    const mode = $('click-mode').value;
    if (mode === 'inspect') {
      if (!pg.click_data(x, y)) return;
    } else {
      try {
        pg.add_point(x, y, Number(mode));
        cancelBackgroundTraining();
      } catch (err) {
        showAlert(err.message);
        return;
      }
      $('preset').value = '';
    }
    refreshAll();
  });

  const loadCsv = (text, source) => {
    let note;
    try {
      note = pg.load_csv(text, Number($('csv-inputs').value));
    } catch (err) {
      $('csv-message').textContent = `${source}: ${err.message}. Nothing changed.`;
      return;
    }
    // Said when the network's shape had to follow the data (weights kept where they fit).
    $('csv-message').textContent = note;
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
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (activeTab === 'steps' && (e.key === 'ArrowLeft' || e.key === 'ArrowRight') && !isTextEntry(e.target)) {
      e.preventDefault();
      moveStep(e.key === 'ArrowLeft' ? -1 : 1);
      return;
    }
    // Space and N do what their tooltips say whatever has focus, a button just clicked
    // included; only where the learner types do the keys type.
    if (isTextEntry(e.target)) return;
    if (e.key === ' ') {
      e.preventDefault();
      setPlaying(!playing);
    } else if (e.key === 'n' || e.key === 'N') {
      e.preventDefault();
      stepOnce();
    }
  });
  // A focused button would also click itself when Space comes up: it must not.
  document.addEventListener('keyup', (e) => {
    if (e.key === ' ' && !isTextEntry(e.target)) e.preventDefault();
  });
}

/** Fields where keys type text (or choose from a list): shortcuts stay out of them. */
export function isTextEntry(el) {
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  const clickable = ['checkbox', 'radio', 'range', 'button', 'submit', 'reset', 'file', 'color'];
  return el.tagName === 'INPUT' && !clickable.includes(el.type);
}

export function stepOnce() {
  setPlaying(false);
  if (epochIsLong()) {
    // An epoch here is seconds of work: it trains in the background, a frame's budget at a
    // time, so the page stays responsive and Pause stops it.
    trainInBackground(1).then(() => refreshInspector());
    return;
  }
  try {
    pg.train(1);
  } catch (err) {
    showAlert(err.message, { offerReset: true });
  }
  draw();
  refreshInspector();
}

/** Whether one epoch costs more than about a frame (samples × weights above 2,000,000). */
function epochIsLong() {
  return pg.sample_count() * weightCount() > 2_000_000;
}

export function resetWeights() {
  const seed = parseWhole($('seed').value);
  if (!(seed <= Number.MAX_SAFE_INTEGER)) {
    showAlert(`The seed must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')}, like 7. Nothing was reset.`);
    $('seed').value = String(pg.seed());
    return;
  }
  // Before the network is replaced, so a background run reports what it trained.
  cancelBackgroundTraining();
  try {
    pg.reset(seed);
  } catch (err) {
    showAlert(err.message);
    return;
  }
  $('alert').hidden = true;
  // Said where it applies: what Reset draws, and why not zeros.
  $('reset-why').textContent =
    `New weights drawn from seed ${pg.seed()}: small, so that no sigmoid starts saturated (where a(1 − a) ≈ 0 ` +
    'and learning stalls), and random, never all equal: equal weights get equal gradients, so the neurons of ' +
    'a layer would stay copies of each other.';
  refreshAll();
}
