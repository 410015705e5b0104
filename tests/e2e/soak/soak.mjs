// Soak test (not part of `cargo xtask test`; run by `cargo xtask soak [--epochs N]`): the page
// trains its default preset at the highest speed option (1000 epochs per frame) in headless
// Chromium for SOAK_EPOCHS epochs (default 1,000,000, counted from the baseline taken after a
// 3 s warm-up), drawing everything as a learner would see it. Prints the JS heap (performance.memory, with --enable-precise-memory-info, after a
// forced garbage collection) and the wasm memory at the start and the end, the frame intervals
// at the start and over the last seconds, and checks that the loss curve still draws.
// Fails if memory grows by more than 10%, frames miss the 60 Hz budget, or the page reports an
// error.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, assertNoConsoleErrors, openPage } from '../lib/browser.mjs';
import { median, percentile } from '../bench/lib/results.mjs';

const EPOCHS = Number(process.env.SOAK_EPOCHS || 1_000_000);
const TIMEOUT_S = Number(process.env.SOAK_TIMEOUT_S || 3600);
const WINDOW_S = 5;
const FRAME_MS = 16.7;
const GROWTH_LIMIT = 0.1;

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs in the page: records every frame interval in fixed ring buffers (allocated once, so the
 * recording itself does not grow the heap being measured).
 */
function recordFrames() {
  const size = 8192; // frames: over two minutes at 60 Hz
  const ring = { stamps: new Float64Array(size), intervals: new Float64Array(size), count: 0, size };
  window.__soakFrames = ring;
  let last = performance.now();
  function tick(now) {
    const i = ring.count % size;
    ring.stamps[i] = now;
    ring.intervals[i] = now - last;
    ring.count++;
    last = now;
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
}

/** Frame intervals of the `seconds` from page time `from`, or of the last `seconds`. */
async function frameStats(page, seconds, from = null) {
  const intervals = await page.evaluate(
    ({ seconds, from }) => {
      const { stamps, intervals, count, size } = window.__soakFrames;
      const kept = Math.min(count, size);
      if (kept === 0) return [];
      const newest = stamps[(count - 1) % size];
      const [start, end] = from === null ? [newest - seconds * 1000, Infinity] : [from, from + seconds * 1000];
      const picked = [];
      for (let n = count - kept; n < count; n++) {
        const t = stamps[n % size];
        if (t >= start && t <= end) picked.push(intervals[n % size]);
      }
      return picked;
    },
    { seconds, from },
  );
  const sorted = intervals.sort((a, b) => a - b);
  return {
    frames: sorted.length,
    median: median(sorted),
    p95: percentile(sorted, 95),
    dropped: sorted.filter((dt) => dt > 1.5 * FRAME_MS).length,
  };
}

/** JS heap after a forced collection, the wasm memory and the epoch. */
async function memory(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return page.evaluate(async () => {
    // The build the page loaded (simd128 or plain): its memory is the one training grows.
    const { glue: core } = await import('./wasm.js');
    return {
      heap: performance.memory.usedJSHeapSize,
      heapTotal: performance.memory.totalJSHeapSize,
      wasm: core.wasm_memory_bytes(),
      epoch: window.playground.snapshot().epoch,
      at: performance.now(),
    };
  });
}

/** Pixels of the loss chart in the curve's colour (rgb 84, 39, 143, anti-aliased) and painted. */
async function chartPixels(page) {
  return page.evaluate(() => {
    const canvas = document.getElementById('chart');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    let curve = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0) painted++;
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if (data[i + 3] > 128 && Math.abs(r - 84) < 40 && Math.abs(g - 39) < 40 && Math.abs(b - 143) < 40) curve++;
    }
    return { painted, curve, total: canvas.width * canvas.height };
  });
}

/**
 * Clears the chart canvas and waits for frames: the curve is redrawn on every frame, so its
 * pixels must come back if the chart still draws. (The axes are drawn only when they change,
 * so they stay cleared; nothing else on the page is affected.)
 */
async function curveRedraws(page) {
  await page.evaluate(() => {
    const canvas = document.getElementById('chart');
    canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
  });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r)))));
  return chartPixels(page);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
});
let failed = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openPage(context, '/');
  await page.waitForFunction(() => document.body.classList.contains('ready') && window.playground);
  const cdp = await context.newCDPSession(page);
  const preset = await page.$eval('#preset', (select) => select.value);
  await page.selectOption('#speed', '1000');
  await page.evaluate(() => window.playground.play());
  await page.evaluate(recordFrames);
  await sleep(3000); // let the page settle (canvases fitted, code optimised) before the baseline
  const start = await memory(page, cdp);
  const startedAt = Date.now();
  const until = start.epoch + EPOCHS;
  console.log(
    `soak: the ${preset} preset at 1000 epochs/frame for ${EPOCHS.toLocaleString('en')} epochs, headless Chromium 1280×800`,
  );
  console.log(`  start  epoch ${start.epoch}: JS heap ${mib(start.heap)} (of ${mib(start.heapTotal)}), wasm memory ${mib(start.wasm)}`);
  let firstFrames = null;
  let lastReport = Date.now();
  let epoch = start.epoch;
  while (epoch < until) {
    await sleep(1000);
    epoch = await page.evaluate(() => window.playground.snapshot().epoch);
    const elapsed = (Date.now() - startedAt) / 1000;
    if (!firstFrames && elapsed >= WINDOW_S) firstFrames = await frameStats(page, WINDOW_S, start.at);
    if (Date.now() - lastReport > 15000) {
      lastReport = Date.now();
      const heap = await page.evaluate(() => performance.memory.usedJSHeapSize);
      console.log(
        `  ${elapsed.toFixed(0).padStart(5)} s  epoch ${epoch}  (${((epoch - start.epoch) / elapsed).toFixed(0)} epochs/s)  JS heap ${mib(heap)} (before GC)`,
      );
    }
    if (elapsed > TIMEOUT_S) throw new Error(`only ${epoch} epochs after ${TIMEOUT_S} s`);
  }
  const elapsed = (Date.now() - startedAt) / 1000;
  firstFrames ??= await frameStats(page, WINDOW_S, start.at);
  const lastFrames = await frameStats(page, WINDOW_S);
  const end = await memory(page, cdp);
  const chart = await chartPixels(page);
  const redrawn = await curveRedraws(page);
  const snapshot = await page.evaluate(() => window.playground.snapshot());
  await page.evaluate(() => window.playground.pause());

  const heapGrowth = end.heap / start.heap - 1;
  const wasmGrowth = end.wasm / start.wasm - 1;
  console.log(`  end    epoch ${end.epoch}: JS heap ${mib(end.heap)} (of ${mib(end.heapTotal)}), wasm memory ${mib(end.wasm)}`);
  console.log(
    `  ${(end.epoch - start.epoch).toLocaleString('en')} epochs in ${elapsed.toFixed(0)} s ` +
      `(${((end.epoch - start.epoch) / elapsed).toFixed(0)} epochs/s); loss ${snapshot.loss.toExponential(3)}`,
  );
  console.log(
    `  memory: JS heap ${heapGrowth >= 0 ? '+' : ''}${(100 * heapGrowth).toFixed(1)}%, ` +
      `wasm ${wasmGrowth >= 0 ? '+' : ''}${(100 * wasmGrowth).toFixed(1)}% (limit +${100 * GROWTH_LIMIT}%)`,
  );
  for (const [name, f] of [
    ['first', firstFrames],
    ['last', lastFrames],
  ]) {
    console.log(
      `  frames, ${name} ${WINDOW_S} s: ${f.frames} frames, interval median ${f.median.toFixed(1)} ms, ` +
        `p95 ${f.p95.toFixed(1)} ms, ${f.dropped} longer than ${(1.5 * FRAME_MS).toFixed(0)} ms`,
    );
  }
  console.log(
    `  loss chart: ${chart.painted} of ${chart.total} pixels painted, ${chart.curve} in the curve's colour; ` +
      `cleared, the next frames drew ${redrawn.curve} curve pixels again`,
  );

  if (heapGrowth > GROWTH_LIMIT) failed.push(`the JS heap changed by ${(100 * heapGrowth).toFixed(1)}%`);
  if (wasmGrowth > GROWTH_LIMIT) failed.push(`the wasm memory changed by ${(100 * wasmGrowth).toFixed(1)}%`);
  if (!(lastFrames.p95 < 1.2 * FRAME_MS)) failed.push(`frame p95 ${lastFrames.p95.toFixed(1)} ms over the last ${WINDOW_S} s`);
  if (!(chart.curve > 0 && redrawn.curve > 0)) failed.push('the loss curve no longer draws');
  if (!Number.isFinite(snapshot.loss)) failed.push(`the loss is ${snapshot.loss}`);
  if (end.epoch < until) failed.push(`only ${end.epoch - start.epoch} epochs`);
  try {
    // Reading the chart's pixels twice makes Chromium suggest willReadFrequently: that is us.
    assertNoConsoleErrors(messages, { allow: [/willReadFrequently/] });
  } catch (err) {
    failed.push(err.message);
  }
} finally {
  await browser.close();
}
if (failed.length > 0) {
  console.error(`soak FAILED:\n  ${failed.join('\n  ')}`);
  process.exit(1);
}
console.log('soak passed: memory flat, frames within 60 Hz, the loss curve still draws');
