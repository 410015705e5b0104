// Smoke test: the page loads cleanly and the wasm module starts and answers.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { assertNoConsoleErrors, launch, screenshot } from './lib/browser.mjs';

const cargoToml = await readFile(new URL('../../Cargo.toml', import.meta.url), 'utf8');
const crateVersion = cargoToml.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/m)?.[1];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the page loads with a title and no console errors', async () => {
  const { page, messages } = await browser.openPage('/');
  const title = await page.title();
  assert.notEqual(title.trim(), '', 'the page has no <title>');
  await screenshot(page, 'smoke');
  assertNoConsoleErrors(messages);
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
