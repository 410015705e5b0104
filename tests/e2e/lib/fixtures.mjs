// Specs and set-up shared by the end-to-end tests.
import { after, before } from 'node:test';
import { launch } from './browser.mjs';

/** The thread's toy network: 2-2-2, no bias, one sample (worked by hand in tests/toy_network_by_hand.rs). */
export const TOY = {
  layers: [2, 2, 2],
  activation: 'sigmoid',
  weights: [[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6], [0.7, 0.8]]],
  learning_rate: 0.5,
  data: { inputs: [[0.3, 0.9]], targets: [[0.2, 0.7]] },
};

/** Opens the playground in `browser` (from launch()) and waits until it is ready to script. */
export async function openPlayground(browser) {
  const opened = await browser.openPage('/');
  await opened.page.waitForFunction(() => document.body.classList.contains('ready') && window.playground);
  return opened;
}

/**
 * One headless Chromium for a test file: launched before its first test, closed after its last.
 * Returns { browser() (the launched browser), openPlayground() (a ready page in it) }.
 */
export function browserForThisFile() {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  return { browser: () => browser, openPlayground: () => openPlayground(browser) };
}
