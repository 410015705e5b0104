// What the page answers to bad input, in the learner's words: each message says what to do, and
// nothing changes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertNoConsoleErrors } from './lib/browser.mjs';
import { TOY, browserForThisFile } from './lib/fixtures.mjs';

const { browser: currentBrowser, openPlayground } = browserForThisFile();

/** Words that belong to programmers, not to the learner's messages. */
const PROGRAMMER_WORDS = /\bnull\b|NaN|4294967295|TypeError|finite number|learning_rate|is not a whole number between/;

async function type(page, id, text) {
  await page.locator(`#${id}`).fill(text);
  await page.locator(`#${id}`).press('Enter');
}

test('typed fields answer bad input in plain words and change nothing', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate(() => window.playground.pause());
  await page.selectOption('#preset', 'xor');
  await page.evaluate(() => window.playground.pause());
  const spec = await page.evaluate(() => JSON.stringify(window.playground.spec()));

  // η: not a number, hexadecimal, and a value beyond the slider that is accepted and said so.
  for (const bad of ['NaN', 'abc', '0x10', '']) {
    await type(page, 'rate', bad);
    assert.equal(await page.locator('#rate-message').textContent(), 'The learning rate must be a number above 0, like 0.5. It stays 2.', bad);
  }
  assert.equal(await page.evaluate(() => JSON.stringify(window.playground.spec())), spec);
  await type(page, 'rate', '100');
  assert.equal(await page.evaluate(() => window.playground.spec().learning_rate), 100);
  assert.match(await page.locator('#rate-message').textContent(), /^η = 100 is beyond the slider's 0\.001 – 10/);
  await type(page, 'rate', '2');
  assert.equal(await page.locator('#rate-message').textContent(), '');

  // The sample counts from 1, as the inspector does.
  assert.equal(await page.locator('#sample-info').textContent(), 'of 4');
  assert.equal(await page.locator('#sample').inputValue(), '1');
  await type(page, 'sample', '-1');
  assert.equal(await page.locator('#sample-info').textContent(), 'of 4: choose a sample from 1 to 4');
  assert.equal(await page.evaluate(() => window.playground.snapshot().sample), 0);
  await type(page, 'sample', '3');
  assert.equal(await page.evaluate(() => window.playground.snapshot().sample), 2);
  assert.match(await page.locator('#inspector').textContent(), /sample 3 of 4/);

  // Batch size: empty or out of range.
  await page.click('#options summary');
  for (const bad of ['', '0', '9', '2.5']) {
    await type(page, 'batch-size', bad);
    assert.equal(
      await page.locator('#options-message').textContent(),
      'The batch size must be a whole number from 1 to 4 (the training samples), like 4. Nothing changed.',
      bad,
    );
  }
  // A seed that is not a whole number resets nothing.
  const epoch = await page.evaluate(() => window.playground.train(5).epoch);
  await type(page, 'seed', 'abc');
  assert.match(await page.locator('#alert-text').textContent(), /^The seed must be a whole number from 0 to 9,007,199,254,740,991, like 7\. Nothing was reset\.$/);
  assert.equal(await page.evaluate(() => window.playground.snapshot().epoch), epoch);

  // A CSV error names its line and column once, with the source.
  await page.click('#own-data summary');
  await page.locator('#csv-text').fill('x1,x2,t\n0.1,abc,1\n');
  await page.click('#csv-load');
  const csv = await page.locator('#csv-message').textContent();
  assert.match(csv, /^The CSV: line 2, column 2/);
  assert.doesNotMatch(csv, /CSV: CSV/);

  for (const text of [
    await page.locator('#rate-message').textContent(),
    await page.locator('#options-message').textContent(),
    await page.locator('#alert-text').textContent(),
    await page.locator('#sample-info').textContent(),
  ]) {
    assert.doesNotMatch(text, PROGRAMMER_WORDS, text);
  }
  assertNoConsoleErrors(messages);
});

test('the scripting API refuses odd values with messages that say what to give', async () => {
  const { page, messages } = await openPlayground();
  const errorOf = (fn) => page.evaluate(async (source) => {
    try {
      // eslint-disable-next-line no-new-func
      await new Function(`return (${source})()`)();
      return null;
    } catch (err) {
      return `${err.constructor.name}: ${err.message}`;
    }
  }, fn);
  assert.equal(await errorOf("() => window.playground.train('10')"), 'Error: epochs: give a whole number from 0 to 1000000, like 10 (not the text "10")');
  const circular = await errorOf('() => { const s = { layers: [2, 2, 1] }; s.self = s; window.playground.load(s); }');
  assert.match(circular, /^Error: spec: could not be written as JSON \(/);
  assert.match(await errorOf('() => window.playground.load({ layers: [2, 2, 1], seed: 10n })'), /^Error: spec: could not be written as JSON/);
  assert.match(await errorOf("() => window.playground.load({ toJSON() { throw new Error('no'); } })"), /^Error: spec: could not be written as JSON \(no\)/);
  await page.evaluate((spec) => window.playground.load(spec), TOY);
  assertNoConsoleErrors(messages);
});

test('Space and N do what their tooltips say after a button was clicked, but not while typing', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate((spec) => window.playground.load(spec), TOY);
  await page.click('#step'); // the Step button now has focus
  assert.equal(await page.evaluate(() => window.playground.snapshot().epoch), 1);
  await page.keyboard.press('n');
  assert.equal(await page.evaluate(() => window.playground.snapshot().epoch), 2, 'N steps one epoch');
  await page.keyboard.press(' ');
  assert.equal(await page.evaluate(() => window.playground.playing), true, 'Space plays (it used to step again)');
  await page.keyboard.press(' ');
  assert.equal(await page.evaluate(() => window.playground.playing), false, 'Space pauses');
  const epoch = await page.evaluate(() => window.playground.snapshot().epoch);
  // In a text field the keys type.
  await page.locator('#rate').focus();
  await page.keyboard.press('n');
  await page.keyboard.press(' ');
  assert.equal(await page.evaluate(() => window.playground.playing), false);
  assert.equal(await page.evaluate(() => window.playground.snapshot().epoch), epoch);
  assertNoConsoleErrors(messages);
});

test('a loss that overflows shows as ∞, and snapshot() tells ∞ and NaN apart', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate(() => window.playground.pause());
  // A linear neuron on an input of 1e150 loads (E = ½(1e150)² is finite); a weight set by hand
  // to 10⁶ then makes a = 10¹⁵⁶, and E = ½a² overflows to +∞.
  await page.evaluate(() => window.playground.load({
    layers: [1, 1], activation: 'linear', weights: [[[1]]], learning_rate: 0.1,
    data: { inputs: [[1e150]], targets: [[0.5]] },
  }));
  await page.evaluate(() => window.playground.setWeight(0, 0, 0, 1e6));
  const snapshot = await page.evaluate(() => window.playground.snapshot());
  assert.equal(snapshot.loss, 'Infinity');
  assert.equal(snapshot.a[1][0], 1e156);
  assert.equal(snapshot.a[0][0], 1e150);
  assert.equal(await page.locator('#loss-value').textContent(), '∞');
  assertNoConsoleErrors(messages);
});

test('η = 1000 on the circle: the page explains the stall and offers a smaller η', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate(() => window.playground.load({
    layers: [2, 4, 4, 1], activation: 'sigmoid', bias: true, seed: 1, learning_rate: 1000, batch_size: 10,
    data: { dataset: 'circle', samples: 200, noise: 0.05 },
  }));
  assert.equal(await page.locator('#stall').isHidden(), true);
  const trained = await page.evaluate(() => window.playground.train(600));
  assert.ok(trained.loss > 0.2, `loss ${trained.loss}: not a stall`);
  assert.equal(await page.locator('#stall').isVisible(), true, 'the stall is not explained');
  assert.match(await page.locator('#stall-text').textContent(), /^Training has stalled: the loss has stayed at 0\.\d+ for [\d,]+ epochs/);
  await page.screenshot({ path: new URL('./screenshots/stall.png', import.meta.url).pathname });
  await page.click('#stall-smaller-rate');
  const after = await page.evaluate(() => window.playground.snapshot());
  assert.equal(after.learning_rate, 10);
  assert.equal(after.epoch, 0);
  assert.equal(await page.locator('#stall').isHidden(), true);
  assertNoConsoleErrors(messages);
});

test('a million epochs train in the background: the page answers a click at once, shows progress, and can be cancelled', async () => {
  const { page, messages } = await openPlayground();
  await page.selectOption('#preset', 'spirals');
  await page.evaluate(() => {
    window.progressSeen = [];
    window.longRun = window.playground.trainInBackground(1_000_000, (trained, total) => window.progressSeen.push([trained, total]));
  });
  await page.waitForFunction(() => window.progressSeen.length > 5);
  // A click made while it trains is handled within one frame or so (the synchronous train(n)
  // would hold it for minutes).
  const latency = await page.evaluate(() => new Promise((resolve) => {
    const tab = document.getElementById('tab-why');
    const clicked = performance.now();
    tab.addEventListener('click', () => resolve(performance.now() - clicked), { once: true });
    setTimeout(() => tab.click(), 0);
  }));
  assert.ok(latency < 200, `the click waited ${latency} ms`);
  const progress = await page.evaluate(() => window.progressSeen.at(-1));
  assert.equal(progress[1], 1_000_000);
  assert.ok(progress[0] > 0 && progress[0] < 1_000_000, `progress ${progress}`);
  const result = await page.evaluate(async () => {
    window.playground.cancelTraining();
    return window.longRun;
  });
  assert.equal(result.cancelled, true);
  assert.ok(result.trained >= progress[0] && result.trained < 1_000_000, `trained ${result.trained}`);
  assert.equal(result.snapshot.epoch, await page.evaluate(() => window.playground.snapshot().epoch));
  assert.equal(await page.evaluate(() => window.playground.playing), false);
  // A short run in the background ends by itself, exactly where it was asked to.
  const short = await page.evaluate(() => window.playground.trainInBackground(25));
  assert.deepEqual([short.cancelled, short.trained], [false, 25]);
  assertNoConsoleErrors(messages);
});

test('numbers too large before any step: refused at load, naming the input; after a load, blamed on the scale, not on η', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate(() => window.playground.pause());
  const before = await page.evaluate(() => window.playground.spec());
  const refused = await page.evaluate(() => {
    try {
      window.playground.load({
        layers: [1, 1], activation: 'linear', weights: [[[1e200]]], learning_rate: 1e-12,
        data: { inputs: [[0.5], [1e200]], targets: [[0.5], [0.5]] },
      });
      return null;
    } catch (err) {
      return err.message;
    }
  });
  assert.match(refused, /data\.inputs\[1\]/);
  assert.match(refused, /Scale the inputs/);
  assert.deepEqual(await page.evaluate(() => window.playground.spec()), before, 'the refused spec changed the network');
  // A state can still overflow after a load: a weight set by hand to 10⁶ on an input of 1e150
  // makes E = ½(10¹⁵⁶)² = +∞ before any step.
  await page.evaluate(() => window.playground.load({
    layers: [1, 1], activation: 'linear', weights: [[[1]]], learning_rate: 1e-12,
    data: { inputs: [[1e150]], targets: [[0.5]] },
  }));
  await page.evaluate(() => window.playground.setWeight(0, 0, 0, 1e6));
  await page.click('#step');
  const alert = await page.locator('#alert-text').textContent();
  assert.match(alert, /the learning rate is not the cause/);
  assert.doesNotMatch(alert, /learning rate is too large/);
  assert.equal(await page.evaluate(() => window.playground.snapshot().epoch), 0);
  assertNoConsoleErrors(messages);
});

test('a CSV with another number of inputs keeps the weights that still fit, and says so', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate((spec) => window.playground.load(spec), TOY); // 2 inputs, 2 outputs
  const before = await page.evaluate(() => window.playground.spec().weights);
  await page.click('#own-data summary');
  await page.locator('#csv-inputs').fill('3');
  await page.locator('#csv-text').fill('x1,x2,x3,t1,t2\n0.3,0.9,0.5,0.2,0.7\n0.1,0.4,0.8,0.6,0.3\n');
  await page.click('#csv-load');
  assert.equal(
    await page.locator('#csv-message').textContent(),
    'The data has 3 inputs and the network had 2, so the input layer now has 3 neurons. The weights from the first 2 inputs are kept; those from the new ones are drawn from the seed.',
  );
  const after = await page.evaluate(() => window.playground.spec());
  assert.deepEqual(after.layers, [3, 2, 2]);
  for (const k of [0, 1]) assert.deepEqual(after.weights[0][k].slice(0, 2), before[0][k], `hidden ${k}: kept`);
  assert.deepEqual(after.weights[1], before[1], 'the layer after is untouched');
  assertNoConsoleErrors(messages);
});
