// In-browser benchmark (not a test): trains each preset at full speed with everything drawn and
// prints epochs per second and frame times (median, 95th percentile). Run by `cargo xtask bench`.
import { launch } from '../lib/browser.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS || 5);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const browser = await launch();
try {
  const { page } = await browser.openPage('/');
  await page.waitForFunction(() => document.body.classList.contains('ready') && window.playground);
  console.log(`page under full-speed training, ${SECONDS} s each, headless Chromium, 1280×800:`);
  console.log('  preset     epochs/s   frame median   frame p95   frames');
  for (const preset of ['toy', 'xor', 'circle', 'spirals']) {
    await page.selectOption('#preset', preset);
    await page.selectOption('#speed', '1000');
    const result = await page.evaluate(async (seconds) => {
      window.playground.play();
      const startEpoch = window.playground.snapshot().epoch;
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
      window.playground.pause();
      const elapsed = (performance.now() - start) / 1000;
      return { frames: frames.slice(1), epochs: window.playground.snapshot().epoch - startEpoch, elapsed };
    }, SECONDS);
    const sorted = [...result.frames].sort((a, b) => a - b);
    console.log(
      `  ${preset.padEnd(9)} ${(result.epochs / result.elapsed).toFixed(0).padStart(9)}` +
        `   ${percentile(sorted, 50).toFixed(1).padStart(9)} ms   ${percentile(sorted, 95).toFixed(1).padStart(6)} ms` +
        `   ${String(sorted.length).padStart(6)}`,
    );
  }
} finally {
  await browser.close();
}
