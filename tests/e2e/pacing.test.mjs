// The frame margin (www/frame-margin.js): how much of each frame the loop leaves to the browser
// after its own work, learned from the frames' timing. Driven here with made-up frame intervals
// in the page's own module, so every rule is checked without timing anything.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoConsoleErrors, launch } from './lib/browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Runs `steps` ([interval ms, trained to budget]) through a fresh margin; returns each margin. */
async function run(page, steps) {
  return page.evaluate(async (steps) => {
    const { createFrameMargin } = await import('/frame-margin.js');
    const margin = createFrameMargin();
    return [margin.ms, ...steps.map(([interval, busy]) => margin.observe(interval, busy))];
  }, steps);
}

const ON_TIME = 16.7;
const LATE = 33.3;

test('the frame margin grows at once after a late frame that trained to its budget, and only then', async () => {
  const { page, messages } = await browser.openPage('/');
  const settings = await page.evaluate(async () => (await import('/frame-margin.js')).MARGIN);
  const { startMs, upMs, maxMs } = settings;

  const [start, afterLate] = await run(page, [[LATE, true]]);
  assert.equal(start, startMs);
  assert.equal(afterLate, startMs + upMs, 'one late frame adds upMs');

  // A late frame that did not train to its budget (slow speed, paused, an inspector frame) says
  // nothing about the margin; neither does a long gap (a hidden tab, a file being read).
  const quiet = await run(page, [
    [LATE, false],
    [5 * ON_TIME, true],
    [1000, true],
    [Number.NaN, true],
  ]);
  assert.deepEqual(quiet, [startMs, startMs, startMs, startMs, startMs]);

  const many = await run(page, Array.from({ length: 20 }, () => [LATE, true]));
  assert.equal(Math.max(...many), maxMs, 'capped at maxMs');
  assert.equal(many.at(-1), maxMs);
  assertNoConsoleErrors(messages);
});

test('the frame margin shrinks step by step while busy frames come on time, after a hold, down to its floor', async () => {
  const { page, messages } = await browser.openPage('/');
  const { startMs, minMs, downMs, calmFrames, holdFrames, upMs } = await page.evaluate(
    async () => (await import('/frame-margin.js')).MARGIN,
  );

  // On-time busy frames: a step down every calmFrames frames, never below minMs.
  const calm = await run(page, Array.from({ length: calmFrames * 20 }, () => [ON_TIME, true]));
  assert.equal(calm[calmFrames - 1], startMs, 'no step before calmFrames on-time frames');
  assert.equal(calm[calmFrames], startMs - downMs, 'the first step');
  assert.equal(calm[2 * calmFrames], startMs - 2 * downMs, 'the second');
  assert.equal(calm.at(-1), minMs, 'down to the floor and no further');
  assert.equal(Math.min(...calm), minMs);

  // Idle frames (training stopped by the epochs asked for, not the clock) prove nothing.
  const idle = await run(page, Array.from({ length: calmFrames * 3 }, () => [ON_TIME, false]));
  assert.equal(idle.at(-1), startMs);

  // After a late frame the margin holds for holdFrames on-time frames before it steps down.
  const hold = await run(page, [[LATE, true], ...Array.from({ length: holdFrames + 1 }, () => [ON_TIME, true])]);
  const raised = startMs + upMs;
  assert.equal(hold[1], raised);
  assert.equal(hold[holdFrames], raised, 'still held after holdFrames − 1 on-time frames');
  assert.equal(hold[holdFrames + 1], raised - downMs, 'the first step down after the hold');
  assertNoConsoleErrors(messages);
});
