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

test('a frame trains for what is left of it, never past the work cap, at least 1 ms; 1 ms when the inspector refreshes', async () => {
  const { page, messages } = await browser.openPage('/');
  const budgets = await page.evaluate(async () => {
    const { frameBudget, WORK_MS, FRAME_MS } = await import('/frame-margin.js');
    return {
      WORK_MS,
      FRAME_MS,
      capped: frameBudget({ marginMs: 4, drawMs: 2 }),
      late: frameBudget({ lateMs: 5, marginMs: 4, drawMs: 2 }),
      checking: frameBudget({ marginMs: 4, drawMs: 2, checkingMs: 2 }),
      wideMargin: frameBudget({ marginMs: 10, drawMs: 2 }),
      inspector: frameBudget({ marginMs: 4, drawMs: 2, inspectorDue: true }),
      spent: frameBudget({ lateMs: 30, marginMs: 4, drawMs: 2 }),
      fast: frameBudget({ frameMs: 8.35, marginMs: 3.5, drawMs: 2 }),
      fastCapped: frameBudget({ frameMs: 8.35, marginMs: 0.5, drawMs: 2 }),
    };
  });
  const { WORK_MS, FRAME_MS } = budgets;
  assert.equal(budgets.capped, WORK_MS - 2, 'a short margin: our work is capped');
  assert.ok(Math.abs(budgets.late - (FRAME_MS - 5 - 4 - 2)) < 1e-12, 'what the browser used before us is not ours');
  assert.equal(budgets.checking, WORK_MS - 2 - 2, 'a gradient-check slice comes out of the budget');
  assert.ok(Math.abs(budgets.wideMargin - (FRAME_MS - 10 - 2)) < 1e-12, 'a wide margin leaves less than the cap');
  assert.equal(budgets.inspector, 1);
  assert.equal(budgets.spent, 1, 'never less than 1 ms');
  assert.ok(Math.abs(budgets.fast - (8.35 - 3.5 - 2)) < 1e-12, 'a 120 Hz frame is half as long');
  assert.ok(Math.abs(budgets.fastCapped - ((WORK_MS * 8.35) / FRAME_MS - 2)) < 1e-12, 'and so is the cap on our work');
  assertNoConsoleErrors(messages);
});

test('the frame length is the shortest recent interval: 16.7 ms at 60 Hz, 8.3 ms at 120 Hz, and a late frame at 120 Hz counts as late', async () => {
  const { page, messages } = await browser.openPage('/');
  const seen = await page.evaluate(async () => {
    const { createFramePeriod, createFrameMargin, MARGIN } = await import('/frame-margin.js');
    const at60 = createFramePeriod();
    const start = at60.ms;
    for (const dt of [16.7, 33.3, 16.7, 1000, 2]) at60.observe(dt);
    const at120 = createFramePeriod();
    for (const dt of [8.3, 8.4, 16.7]) at120.observe(dt);
    const forgets = createFramePeriod(10);
    forgets.observe(8.3);
    for (let i = 0; i < 10; i++) forgets.observe(16.7);
    const margin = createFrameMargin();
    margin.observe(16.7, true, 8.3);
    return { start, at60: at60.ms, at120: at120.ms, forgets: forgets.ms, margin: margin.ms, MARGIN };
  });
  assert.equal(seen.start, 16.7);
  assert.equal(seen.at60, 16.7, 'late frames and gaps do not lengthen it, a 2 ms blip does not shorten it');
  assert.equal(seen.at120, 8.3);
  assert.equal(seen.forgets, 16.7, 'a screen that changed is learned again');
  assert.equal(seen.margin, seen.MARGIN.startMs + seen.MARGIN.upMs, 'a 16.7 ms interval is late at 120 Hz');
  assertNoConsoleErrors(messages);
});

test('only a playing frame that the clock stopped, not the epochs asked for, counts as trained to its budget', async () => {
  const { page, messages } = await browser.openPage('/');
  const cases = await page.evaluate(async () => {
    const { trainedToBudget } = await import('/frame-margin.js');
    const busy = { playing: true, inspectorDue: false, trained: 40, asked: 1000 };
    return {
      busy: trainedToBudget(busy),
      allAsked: trainedToBudget({ ...busy, trained: 1000 }),
      paused: trainedToBudget({ ...busy, playing: false }),
      inspector: trainedToBudget({ ...busy, inspectorDue: true }),
      longEpoch: trainedToBudget({ ...busy, trained: 0, asked: 1 }),
    };
  });
  assert.deepEqual(cases, { busy: true, allAsked: false, paused: false, inspector: false, longEpoch: true });
  assertNoConsoleErrors(messages);
});
