// In-browser benchmark (not a test): on www/bench.html, the wasm core against the plain
// JavaScript baseline, training 2-8-8-1 and 2-32-32-32-1 (circle, 500 samples, batch size 10),
// with the ratios wasm / JavaScript and wasm / native (the native figures come from this run's
// `cargo bench`, via BENCH_OUT_DIR/native.json). Run by `cargo xtask bench`.
import { launch, assertNoConsoleErrors } from '../lib/browser.mjs';
import { millions, readResult, writeResult } from './lib/results.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const NETWORKS = [
  [2, 8, 8, 1],
  [2, 32, 32, 32, 1],
];

const native = await readResult('native');
const browser = await launch();
try {
  const results = [];
  let checks = null;
  // The build the browser picks (simd128 in Chromium), then the plain one that browsers without
  // wasm SIMD load.
  for (const address of ['/bench.html', '/bench.html?wasm=scalar']) {
    const { page, messages } = await browser.openPage(address);
    await page.waitForFunction(() => document.body.classList.contains('ready') && window.bench, null, {
      timeout: 30_000,
    });
    checks = await page.evaluate(() => window.bench.checks);
    const build = await page.evaluate(() => window.bench.build);
    const fd = checks.finiteDifference;
    const agree = checks.agreement;
    console.log(
      `JavaScript baseline checks: finite differences on ${fd.parameters} parameters, worst relative ` +
        `error ${fd.worstRelativeError.toExponential(1)}; against the wasm core after ${agree.epochs} ` +
        `full-batch epochs, largest weight difference ${agree.worstWeightDifference.toExponential(1)}`,
    );
    if (!fd.ok || !agree.ok) throw new Error(`the JavaScript baseline is wrong: ${JSON.stringify(checks)}`);

    console.log(`wasm core (${build} build) against plain JavaScript in headless Chromium, ${SECONDS} s per network:`);
    console.log('  network            wasm samples/s   JS samples/s   wasm/JS   wasm/native   loss wasm / JS');
    for (const layers of NETWORKS) {
      const r = await page.evaluate((args) => window.bench.compare(args.layers, { seconds: args.seconds }), {
        layers,
        seconds: SECONDS,
      });
      const nativeRate = native?.[r.layers];
      r.native = nativeRate ?? null;
      r.build = build;
      results.push(r);
      console.log(
        `  ${r.layers.padEnd(16)} ${millions(r.wasm).padStart(14)} ${millions(r.js).padStart(14)}` +
          `   ${(r.wasm / r.js).toFixed(2).padStart(7)}   ${(nativeRate ? (r.wasm / nativeRate).toFixed(2) : 'n/a').padStart(11)}` +
          `   ${r.loss.wasm.toFixed(4)} / ${r.loss.js.toFixed(4)}`,
      );
    }
    if (!native) console.log('  (no native figures: run `cargo xtask bench` without --browser-only for wasm/native)');
    assertNoConsoleErrors(messages);
  }
  await writeResult('engines', { checks, results });
} finally {
  await browser.close();
}
