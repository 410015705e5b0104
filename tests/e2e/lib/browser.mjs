// Drives Debian's Chromium with playwright-core (never a downloaded browser) against the site
// that `cargo xtask test` serves. Environment: PLAYGROUND_URL (the served dist/, no trailing
// slash needed) and CHROMIUM (the browser binary; default /usr/bin/chromium).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));

// Without the background-networking flags Chromium keeps trying to reach Google's hosts, which
// this machine's closed network refuses.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The served site's base URL, without a trailing slash. */
export function baseUrl() {
  const url = process.env.PLAYGROUND_URL;
  if (!url) {
    throw new Error(
      'PLAYGROUND_URL is not set: run the tests with `cargo xtask test --e2e-only`, ' +
        'or serve dist/ yourself and set PLAYGROUND_URL=http://127.0.0.1:PORT',
    );
  }
  return url.replace(/\/+$/, '');
}

/** `path` (starting with '/') on the served site. */
export function url(pagePath = '/') {
  return baseUrl() + (pagePath.startsWith('/') ? pagePath : `/${pagePath}`);
}

/**
 * Starts headless Chromium with a fresh, empty profile (a new temp --user-data-dir, removed on
 * close). Returns { context, userDataDir, openPage(path), close() }.
 */
export async function launch({ viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1 } = {}) {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'playground-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      deviceScaleFactor,
    });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    context,
    userDataDir,
    openPage: (pagePath, options) => openPage(context, pagePath, options),
    async close() {
      try {
        await context.close();
      } finally {
        await rm(userDataDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Opens PLAYGROUND_URL + path in a new page of `context` and waits for `waitUntil` (default: the
 * network is idle, so the wasm module has been fetched and started). Console errors and warnings,
 * uncaught page errors, failed requests and HTTP errors are collected into `messages` from the
 * start, and keep being collected while the page lives. `viewport` ({ width, height }) is set
 * before the page loads.
 * Returns { page, messages, response }.
 */
export async function openPage(context, pagePath = '/', { waitUntil = 'networkidle', viewport } = {}) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const messages = [];
  page.on('console', (msg) => {
    const type = msg.type();
    if (type === 'error' || type === 'warning') {
      const { url: where, lineNumber } = msg.location();
      messages.push({ kind: `console.${type}`, text: msg.text(), where: where ? `${where}:${lineNumber}` : '' });
    }
  });
  page.on('pageerror', (err) => {
    messages.push({ kind: 'pageerror', text: err.stack || String(err) });
  });
  page.on('requestfailed', (req) => {
    messages.push({ kind: 'requestfailed', text: `${req.method()} ${req.url()}: ${req.failure()?.errorText}` });
  });
  page.on('response', (res) => {
    if (res.status() >= 400) {
      messages.push({ kind: 'http', text: `${res.status()} ${res.request().method()} ${res.url()}` });
    }
  });
  const response = await page.goto(url(pagePath), { waitUntil });
  assert.ok(response, `no response for ${url(pagePath)}`);
  assert.ok(response.ok(), `${url(pagePath)} answered ${response.status()}`);
  return { page, messages, response };
}

/**
 * Fails, listing them all, if `messages` (from openPage) holds any console error or warning,
 * page error, failed request or HTTP error. `allow`: regexes for messages that are expected.
 */
export function assertNoConsoleErrors(messages, { allow = [] } = {}) {
  const unexpected = messages.filter((m) => !allow.some((re) => re.test(m.text)));
  if (unexpected.length > 0) {
    const list = unexpected.map((m) => `  [${m.kind}] ${m.text}${m.where ? ` (${m.where})` : ''}`).join('\n');
    assert.fail(`the page reported ${unexpected.length} problem(s):\n${list}`);
  }
}

/**
 * Resolves once the page has run `count` more animation frames: whatever the playground's frame
 * loop draws after an action is on its canvases then. An awaited condition, not a fixed sleep.
 */
export function afterFrames(page, count = 2) {
  return page.evaluate(
    (n) =>
      new Promise((resolve) => {
        const step = (left) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
        step(n);
      }),
    count,
  );
}

/** Saves a full-page PNG as tests/e2e/screenshots/<name>.png and returns its path. */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
