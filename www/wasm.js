// Which build of the core this browser runs. Two are served: one compiled for wasm SIMD
// (`simd128`, two f64 per instruction: training runs about a quarter faster) and a plain one
// for browsers without it. Both compute the same bits (tests/e2e/bits.test.mjs trains golden
// specs in each). `?wasm=scalar` or `?wasm=simd128` in the address picks one by hand.

// The smallest module that uses a SIMD instruction (v128.const, i8x16.popcnt): it validates only
// where the browser has wasm SIMD (the check wasm-feature-detect uses).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

function chooseBuild() {
  const asked = new URLSearchParams(location.search).get('wasm');
  if (asked === 'scalar' || asked === 'simd128') return asked;
  return WebAssembly.validate(SIMD_PROBE) ? 'simd128' : 'scalar';
}

/** `'simd128'` or `'scalar'`: the build loaded. */
export const BUILD = chooseBuild();
document.documentElement.dataset.wasm = BUILD;

const NAME = BUILD === 'simd128' ? 'backprop_playground_simd' : 'backprop_playground';

/**
 * The module's bytes, asked for at once: the download runs while the glue below loads, instead
 * of after it (pass it to the glue's init as `{ module_or_path: wasmResponse }`).
 */
export const wasmResponse = fetch(new URL(`./pkg/${NAME}_bg.wasm`, import.meta.url));

/** The wasm-bindgen glue of that build: `default` (init) and the exported classes. */
export const glue = await import(`./pkg/${NAME}.js`);
