// The largest network the README allows stays usable: the loop's unit of work is a mini-batch,
// whole-data-set numbers are estimated on an evenly spaced part when measuring every sample
// would stall a frame, and the picture draws a bounded number of lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { afterFrames, assertNoConsoleErrors, screenshot } from './lib/browser.mjs';
import { browserForThisFile } from './lib/fixtures.mjs';

const { openPlayground } = browserForThisFile();

/** 2-314-314-1 (99,538 weights, under the 100,000 allowed) on 10,000 samples, the most allowed. */
const LARGEST = {
  layers: [2, 314, 314, 1],
  activation: 'sigmoid',
  bias: true,
  seed: 1,
  learning_rate: 0.3,
  batch_size: 10,
  data: { dataset: 'circle', samples: 10000, noise: 0.05 },
};

test('on 2-314-314-1 with 10,000 samples, playing: a click is handled within 200 ms, Pause acts within one frame, and training goes on by mini-batches', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate(() => window.playground.pause());
  await page.evaluate((spec) => window.playground.load(spec), LARGEST);
  await page.evaluate(() => window.playground.play());
  // Frames keep coming while it plays: record 30 of them.
  const times = await page.evaluate(() => new Promise((resolve) => {
    const seen = [];
    const frame = (t) => {
      seen.push(t);
      if (seen.length < 30) requestAnimationFrame(frame);
      else resolve(seen);
    };
    requestAnimationFrame(frame);
  }));
  const intervals = times.slice(1).map((t, i) => t - times[i]);
  const longest = Math.max(...intervals);
  assert.ok(longest < 200, `a frame took ${longest.toFixed(0)} ms`);
  // Training moves on within the epoch: the status names the batch.
  const progress = await page.locator('#batch-progress').textContent();
  assert.match(progress, /^\+ batch \d+ of 1000$/);
  assert.match(await page.locator('#estimate-note').textContent(), /estimated on \d+ of 10,000 samples/);
  // A real click on Pause: the time from the input event to its handler, and what the page shows
  // at that moment, which must not change afterwards.
  await page.evaluate(() => {
    window.__pauseClick = null;
    document.getElementById('play').addEventListener('click', (e) => {
      window.__pauseClick = {
        latency: performance.now() - e.timeStamp,
        epoch: document.getElementById('epoch').textContent,
        batch: document.getElementById('batch-progress').textContent,
      };
    }, { capture: true, once: true });
  });
  const box = await page.locator('#play').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForFunction(() => window.__pauseClick !== null);
  const click = await page.evaluate(() => window.__pauseClick);
  assert.ok(click.latency < 200, `the click waited ${click.latency.toFixed(0)} ms`);
  assert.equal(await page.evaluate(() => window.playground.playing), false);
  await afterFrames(page, 3);
  assert.equal(await page.locator('#epoch').textContent(), click.epoch, 'an epoch was trained after Pause');
  assert.equal(await page.locator('#batch-progress').textContent(), click.batch, 'a batch was trained after Pause');
  console.log(`largest network: longest frame interval ${longest.toFixed(0)} ms of ${intervals.length}; Pause handled ${click.latency.toFixed(0)} ms after the click`);
  await screenshot(page, 'largest-network');
  assertNoConsoleErrors(messages);
});

test('a link saved in the middle of an epoch goes on with the same batches', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate(() => window.playground.pause());
  const spec = { ...LARGEST, layers: [2, 8, 1], data: { dataset: 'circle', samples: 200, noise: 0.05 } };
  await page.evaluate((s) => window.playground.load(s), spec);
  // One epoch of 20 batches, then 3 batches into the next.
  const after = await page.evaluate(() => window.playground.trainBatches(23));
  assert.equal(after.epoch, 1);
  assert.equal(await page.locator('#batch-progress').textContent(), '+ batch 3 of 20');
  const link = await page.evaluate(() => window.playground.shareUrl());
  const expected = await page.evaluate(async () => {
    const { pg } = await import('/core.js');
    pg.train(2);
    return JSON.parse(pg.snapshot()).weights;
  });
  const other = await page.context().newPage();
  await other.goto(link, { waitUntil: 'networkidle' });
  await other.waitForFunction(() => document.body.classList.contains('ready'));
  const resumed = await other.evaluate(async () => {
    const { pg } = await import('/core.js');
    const before = Array.from(pg.status());
    pg.train(2);
    return { before, weights: JSON.parse(pg.snapshot()).weights };
  });
  assert.equal(resumed.before[8], 3, 'the link holds the batch position');
  assert.deepEqual(resumed.weights, expected);
  await other.close();
  assertNoConsoleErrors(messages);
});

test('Step one epoch on a network whose epoch is long trains it in the background: the click returns at once, and the epoch completes', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate(() => window.playground.pause());
  // 2-64-64-1 on 2,000 samples: 4,288 weights × 2,000 samples, above the 2,000,000 a Step
  // trains at once.
  const spec = { ...LARGEST, layers: [2, 64, 64, 1], data: { dataset: 'circle', samples: 2000, noise: 0.05 } };
  await page.evaluate((s) => window.playground.load(s), spec);
  const clickMs = await page.evaluate(() => {
    const started = performance.now();
    document.getElementById('step').click();
    return performance.now() - started;
  });
  assert.ok(clickMs < 50, `the click took ${clickMs.toFixed(0)} ms`);
  assert.equal(await page.evaluate(() => window.playground.playing), true, 'it trains in the background');
  await page.waitForFunction(() => !window.playground.playing);
  assert.equal(await page.evaluate(() => window.playground.snapshot().epoch), 1);
  assert.equal(await page.locator('#batch-progress').isHidden(), true, 'the epoch is whole');
  // Reset during a background Step stops it: the new weights stand at epoch 0, paused.
  await page.evaluate(() => document.getElementById('step').click());
  assert.equal(await page.evaluate(() => window.playground.playing), true);
  await page.click('#reset');
  await afterFrames(page, 5);
  assert.equal(await page.evaluate(() => window.playground.playing), false, 'the Step went on after Reset');
  assert.equal(await page.evaluate(() => window.playground.snapshot().epoch), 0);
  // On a small network Step still trains at once.
  await page.evaluate(() => window.playground.load({ ...window.playground.spec(), layers: [2, 4, 1], weights: undefined, biases: undefined }));
  await page.click('#step');
  assert.equal(await page.evaluate(() => window.playground.playing), false);
  assert.equal(await page.evaluate(() => window.playground.snapshot().epoch), 1);
  assertNoConsoleErrors(messages);
});
