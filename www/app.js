// The page's entry point: starts the core, wires the controls, restores the state the address
// holds, and starts the animation loop. Each job lives in a module of its own:
//   core.js      the wasm core and the one Playground (owner of the model state)
//   ui-state.js  the page's own state (playing, speed, tab, toggles) and the address that
//                mirrors both (with address.js, which encodes and decodes it)
//   loop.js      the animation loop: one tick into wasm per frame, the status line
//   panels.js    the side panel's tabs: inspector, step-through, derivations, gradient check,
//                check my work
//   controls.js  the controls above the canvases: play, step, reset, η, presets, hands on a weight
//   options.js   the network's shape, the training options and the data's options
//   api.js       window.playground, for scripts and tests
//   dom.js       small DOM helpers
import { PRESETS, DEFAULT_PRESET } from './presets.js';
import { $ } from './dom.js';
import { CONFIG, startCore } from './core.js';
import { openAddress, setPlaying, setSpeed } from './ui-state.js';
import { requestDraw, startLoop } from './loop.js';
import { refreshAll, wireControls } from './controls.js';
import { wireDataOptions, wireOptions } from './options.js';
import { installApi } from './api.js';
import { wireGuide } from './guide.js';

async function main() {
  try {
    await startCore($('network'), $('chart'), $('data'));
  } catch (err) {
    $('loading').textContent = `The playground could not start: ${err.message}`;
    $('loading').classList.add('failed');
    throw err;
  }
  for (const { name, title } of CONFIG.derivations) $('derivation').add(new Option(title, name));
  setSpeed(PRESETS[DEFAULT_PRESET].epochsPerFrame);
  wireControls();
  wireOptions();
  wireDataOptions();
  installApi();
  refreshAll();
  wireGuide();
  // A link, a reload or Back shows the state its address holds, paused; a fresh visit starts
  // training at once.
  const restored = openAddress(location.hash);
  const observer = new ResizeObserver(requestDraw);
  for (const id of ['network', 'chart', 'data']) observer.observe($(id));
  $('loading').hidden = true;
  document.body.classList.add('ready');
  setPlaying(!restored);
  startLoop();
}

main();
