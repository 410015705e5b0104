// The wasm core: loaded once, and the one Playground that owns the model state. Only this module
// writes `pg` and `CONFIG`; every other module reads them.
import { glue, wasmResponse } from './wasm.js';
import { PRESETS, DEFAULT_PRESET } from './presets.js';

const { default: init, Playground, config } = glue;

/** The Rust `Playground`: network, data, settings, progress, selection. */
export let pg = null;
/** Facts shared with the core (shape limits, names, panel titles): from `config()`, once. */
export let CONFIG = null;

/** Loads the module and makes the Playground, with the default preset, on these canvases. */
export async function startCore(network, chart, data) {
  await init({ module_or_path: wasmResponse });
  CONFIG = JSON.parse(config());
  pg = new Playground(network, chart, data, JSON.stringify(PRESETS[DEFAULT_PRESET].spec));
}
