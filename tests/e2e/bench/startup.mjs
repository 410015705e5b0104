// In-browser benchmark (not a test): the time from navigation to the first drawn network, over
// fresh page loads (each in a new browser context: empty cache, so the module is fetched and
// compiled every time). The page adds `ready` to <body> right after its first draw; a mutation
// observer installed before any page script notes performance.now() at that moment, which
// counts from the start of the navigation. Run by `cargo xtask bench`.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, url } from '../lib/browser.mjs';
import { median, writeResult } from './lib/results.mjs';

const LOADS = Number(process.env.BENCH_LOADS || 5);

function noteReady() {
  new MutationObserver((_, observer) => {
    if (document.body?.classList.contains('ready')) {
      window.__readyAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['class'] });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: CHROMIUM_ARGS,
});
try {
  const loads = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      await context.addInitScript(noteReady);
      const page = await context.newPage();
      await page.goto(url('/'));
      await page.waitForFunction(() => window.__readyAt !== undefined, null, { timeout: 30_000 });
      loads.push(
        await page.evaluate(() => {
          const [nav] = performance.getEntriesByType('navigation');
          return { ready: window.__readyAt, responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd };
        }),
      );
    } finally {
      await context.close();
    }
  }
  const ready = loads.map((l) => l.ready);
  const result = {
    loads: LOADS,
    readyMedian: median(ready),
    readyMin: Math.min(...ready),
    readyMax: Math.max(...ready),
    domContentLoadedMedian: median(loads.map((l) => l.domContentLoaded)),
  };
  console.log(
    `navigation to the first drawn network (${LOADS} fresh loads, empty cache, localhost): ` +
      `median ${result.readyMedian.toFixed(0)} ms (min ${result.readyMin.toFixed(0)}, max ${result.readyMax.toFixed(0)}); ` +
      `DOMContentLoaded at ${result.domContentLoadedMedian.toFixed(0)} ms`,
  );
  await writeResult('startup', result);
} finally {
  await browser.close();
}
