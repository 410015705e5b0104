// In-browser benchmark (not a test): trains each preset at full speed (1000 epochs per frame,
// the highest speed option) with everything drawn, and prints epochs per second and frame times:
// the interval between frames (what the learner sees; 16.7 ms at 60 Hz means no frame dropped)
// and the work of the page's frame callback (training + drawing calls), median and 95th
// percentile. The first preset printed is the page's default. Run by `cargo xtask bench`.
import { launch } from '../lib/browser.mjs';
import { median, percentile, writeResult } from './lib/results.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS || 5);

/** Runs in the page before its scripts: times every requestAnimationFrame callback. */
function timeFrameCallbacks() {
  const raf = window.requestAnimationFrame.bind(window);
  window.__frameWork = { stamps: [], ms: [] };
  window.requestAnimationFrame = (callback) =>
    raf((stamp) => {
      const start = performance.now();
      try {
        callback(stamp);
      } finally {
        const work = window.__frameWork;
        work.stamps.push(stamp);
        work.ms.push(performance.now() - start);
      }
    });
}

const browser = await launch();
try {
  await browser.context.addInitScript(timeFrameCallbacks);
  const { page } = await browser.openPage('/');
  await page.waitForFunction(() => document.body.classList.contains('ready') && window.playground);
  const defaultPreset = await page.$eval('#preset', (select) => select.value);
  const offered = await page.$$eval('#preset option', (options) => options.map((o) => o.value));
  const presets = [defaultPreset, ...['toy', 'xor', 'circle', 'spirals'].filter((p) => p !== defaultPreset && offered.includes(p))];
  console.log(`page under full-speed training (1000 epochs/frame), ${SECONDS} s each, headless Chromium, 1280×800:`);
  console.log('  network                                      epochs/s   interval median / p95   frame work median / p95   frames');
  const results = [];
  // The presets, then the largest network the page's buttons make (8 hidden layers of 16) with
  // every heatmap on: issue 6's worst case.
  const largest = {
    layers: [2, 16, 16, 16, 16, 16, 16, 16, 16, 1],
    activation: 'sigmoid',
    bias: true,
    seed: 1,
    learning_rate: 0.3,
    batch_size: 10,
    data: { dataset: 'circle', samples: 200, noise: 0.05 },
  };
  const cases = [
    ...presets.map((name) => ({
      preset: `${name} preset`,
      isDefault: name === defaultPreset,
      setup: () => page.selectOption('#preset', name),
    })),
    {
      preset: 'largest (2-16×8-1, neuron heatmaps on)',
      target: true,
      setup: async () => {
        await page.evaluate((spec) => window.playground.load(spec), largest);
        await page.check('#neuron-maps');
      },
    },
  ];
  for (const { preset, setup, target, isDefault } of cases) {
    await setup();
    await page.selectOption('#speed', '1000');
    const result = await page.evaluate(async (seconds) => {
      window.playground.play();
      // Let the loop settle (the first frames after a load fit canvases and draw axes).
      await new Promise((done) => setTimeout(done, 300));
      const startEpoch = window.playground.snapshot().epoch;
      window.__frameWork.stamps.length = 0;
      window.__frameWork.ms.length = 0;
      const frames = [];
      const start = performance.now();
      let last = start;
      await new Promise((done) => {
        function tick(now) {
          frames.push(now - last);
          last = now;
          if (now - start < seconds * 1000) requestAnimationFrame(tick);
          else done();
        }
        requestAnimationFrame(tick);
      });
      const elapsed = (performance.now() - start) / 1000;
      const epochs = window.playground.snapshot().epoch - startEpoch;
      window.playground.pause();
      // Every callback of one frame shares its timestamp: sum them per frame.
      const perFrame = new Map();
      const { stamps, ms } = window.__frameWork;
      stamps.forEach((stamp, i) => perFrame.set(stamp, (perFrame.get(stamp) || 0) + ms[i]));
      return { intervals: frames.slice(1), work: [...perFrame.values()], epochs, elapsed };
    }, SECONDS);
    const intervals = [...result.intervals].sort((a, b) => a - b);
    const work = [...result.work].sort((a, b) => a - b);
    const row = {
      preset,
      default: Boolean(isDefault),
      target: Boolean(target),
      epochsPerSecond: result.epochs / result.elapsed,
      intervalMedian: median(intervals),
      intervalP95: percentile(intervals, 95),
      workMedian: median(work),
      workP95: percentile(work, 95),
      frames: intervals.length,
    };
    results.push(row);
    console.log(
      `  ${(preset + (row.default ? ' (default)' : '')).padEnd(44)} ${row.epochsPerSecond.toFixed(0).padStart(8)}` +
        `   ${row.intervalMedian.toFixed(1).padStart(8)} / ${row.intervalP95.toFixed(1).padStart(5)} ms` +
        `   ${row.workMedian.toFixed(1).padStart(10)} / ${row.workP95.toFixed(1).padStart(5)} ms` +
        `   ${String(row.frames).padStart(8)}`,
    );
  }
  await writeResult('page_frames', { seconds: SECONDS, results });
} finally {
  await browser.close();
}
