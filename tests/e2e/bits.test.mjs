// Both wasm builds (plain and simd128) train to the bits the native build does: tests/golden/trained.json holds
// fingerprints that tests/same_bits_everywhere.rs checks natively; here the same specs train in
// Chromium and must give the same fingerprints (FNV-1a 64 over every weight's, then every bias's
// bits, little-endian bytes). The page's own `playground.train` is checked against them too, so
// what the page shows is what the native tests prove things about.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { assertNoConsoleErrors, launch } from './lib/browser.mjs';

const golden = JSON.parse(await readFile(new URL('../golden/trained.json', import.meta.url), 'utf8'));

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** FNV-1a 64 over the bits of `values`, as the Rust test computes it (runs in the page). */
function fingerprintOf(values) {
  const mask = (1n << 64n) - 1n;
  let hash = 0xcbf29ce484222325n;
  const bytes = new Uint8Array(new Float64Array(values).buffer);
  for (const byte of bytes) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & mask;
  }
  return hash.toString(16).padStart(16, '0');
}

test('every golden spec trains to the native fingerprint in the wasm module', async () => {
  const { page, messages } = await browser.openPage('/');
  await page.waitForFunction(() => document.body.classList.contains('ready'));
  assert.equal(golden.cases.length >= 3, true);
  for (const { name, spec, epochs, fingerprint, loss } of golden.cases) {
    const got = await page.evaluate(
      async ({ spec, epochs, source }) => {
        const fingerprintOf = eval(`(${source})`);
        // Both builds of the module: the plain one and the simd128 one.
        const viaBench = {};
        for (const name of ['backprop_playground', 'backprop_playground_simd']) {
          const glue = await import(new URL(`/pkg/${name}.js`, location.href).href);
          await glue.default();
          const session = new glue.BenchSession(JSON.stringify(spec));
          session.train(epochs);
          // The weights' bits, and the whole-data-set loss (forward passes only) to the last bit.
          viaBench[name] = `${fingerprintOf([...session.weights(), ...session.biases()])} ${session.loss()}`;
        }
        // The page's own state, trained through the scripting API.
        window.playground.pause();
        window.playground.load(spec);
        window.playground.train(epochs);
        const state = window.playground.spec();
        const viaPage = fingerprintOf([...state.weights.flat(2), ...state.biases.flat()]);
        return { viaBench, viaPage };
      },
      { spec, epochs, source: fingerprintOf.toString() },
    );
    assert.deepEqual(
      got.viaBench,
      { backprop_playground: `${fingerprint} ${loss}`, backprop_playground_simd: `${fingerprint} ${loss}` },
      `${name}: a wasm build's bits differ from the native build's`,
    );
    assert.equal(got.viaPage, fingerprint, `${name}: the page trained other bits than the native build`);
  }
  // The fingerprint here is the native test's own: one bit apart gives another.
  assert.equal(fingerprintOf([]), 'cbf29ce484222325');
  assert.notEqual(fingerprintOf([0.1, 0.2]), fingerprintOf([0.1, 0.20000000000000004]));
  assertNoConsoleErrors(messages);
});
