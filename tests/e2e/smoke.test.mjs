// Smoke test: the page loads cleanly and the wasm module starts and answers.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { afterFrames, assertNoConsoleErrors, launch, screenshot } from './lib/browser.mjs';

const cargoToml = await readFile(new URL('../../Cargo.toml', import.meta.url), 'utf8');
const crateVersion = cargoToml.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/m)?.[1];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the page starts: the loading note goes, the network plays, and the epoch shown is the core\'s', async () => {
  const { page, messages } = await browser.openPage('/');
  assert.match(await page.title(), /Backprop Playground/);
  // Loading state while the module starts, then the playground itself.
  await page.waitForFunction(() => document.body.classList.contains('ready'));
  assert.equal(await page.locator('#loading').isHidden(), true, 'the loading note is still shown');
  // A first visit sees a network learning: the epoch moves on by itself.
  await page.waitForFunction(() => window.playground.snapshot().epoch > 0);
  await page.evaluate(() => window.playground.pause());
  await afterFrames(page);
  const snapshot = await page.evaluate(() => window.playground.snapshot());
  assert.ok(Number.isFinite(snapshot.loss) && snapshot.loss > 0, `loss ${snapshot.loss}`);
  const shown = Number((await page.locator('#epoch').textContent()).replace(/,/g, ''));
  assert.equal(shown, snapshot.epoch, 'the epoch on screen is the core\'s');
  await screenshot(page, 'smoke');
  assertNoConsoleErrors(messages);
});

test('Chromium loads the simd128 build; ?wasm=scalar loads the plain one, which plays too', async () => {
  for (const [address, build] of [['/', 'simd128'], ['/?wasm=scalar', 'scalar']]) {
    const { page, messages } = await browser.openPage(address);
    await page.waitForFunction(() => document.body.classList.contains('ready'));
    assert.equal(await page.evaluate(() => document.documentElement.dataset.wasm), build);
    const loaded = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((r) => r.name.split('/').pop()).filter((n) => n.endsWith('.wasm')),
    );
    assert.deepEqual(loaded, [build === 'simd128' ? 'backprop_playground_simd_bg.wasm' : 'backprop_playground_bg.wasm']);
    await page.waitForFunction(() => window.playground.snapshot().epoch > 2);
    assertNoConsoleErrors(messages);
  }
});

test('the wasm module loads and reports the crate version', async () => {
  const { page, messages } = await browser.openPage('/');
  const version = await page.evaluate(async () => {
    const glue = await import(new URL('/pkg/backprop_playground.js', location.href).href);
    await glue.default();
    return glue.core_version();
  });
  assert.match(version, /^\d+\.\d+\.\d+/);
  assert.equal(version, crateVersion, 'core_version() differs from Cargo.toml [package] version');
  assertNoConsoleErrors(messages);
});
