// The first screen: what a first visit sees at 1280×800 (the data, the network and the loss curve
// in one view, callouts that point at what to click), the keyboard help, and warnings that do
// not move the picture.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { afterFrames, assertNoConsoleErrors, launch, screenshot } from './lib/browser.mjs';

/** A first visit: a fresh browser profile (no localStorage), at `viewport`. */
async function firstVisit(viewport = { width: 1280, height: 800 }) {
  const browser = await launch({ viewport });
  const opened = await browser.openPage('/');
  await opened.page.waitForFunction(() => document.body.classList.contains('ready') && window.playground);
  return { browser, ...opened };
}

/** `selector`'s box, in the viewport's coordinates. */
function boxOf(page, selector) {
  return page.evaluate((s) => {
    const r = document.querySelector(s).getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
  }, selector);
}

test('at 1280×800 a first visit sees the data plot, the network and the loss curve whole, without scrolling, and the network learning', async () => {
  const { browser, page, messages } = await firstVisit();
  try {
    for (const id of ['#data', '#network', '#chart']) {
      const box = await boxOf(page, id);
      assert.ok(box.width > 150 && box.height > 150, `${id} is ${box.width}×${box.height}`);
      assert.ok(box.left >= 0 && box.top >= 0 && box.right <= 1280 && box.bottom <= 800, `${id} is not inside the first screen: ${JSON.stringify(box)}`);
    }
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    // It learns visibly: a data set, playing, at one epoch a frame (not converged in a blink).
    const spec = await page.evaluate(() => window.playground.spec());
    assert.equal(spec.data.dataset, 'circle');
    const first = await page.evaluate(() => window.playground.snapshot().epoch);
    await page.waitForFunction((e) => window.playground.snapshot().epoch > e + 30, first);
    assert.equal(await page.locator('#speed').inputValue(), '1');
    await screenshot(page, 'first-screen');
    assertNoConsoleErrors(messages);
  } finally {
    await browser.close();
  }
});

test('first-visit callouts point at a neuron, a weight line and the η slider, let clicks through, and stay gone once dismissed', async () => {
  const { browser, page, messages } = await firstVisit();
  try {
    await page.evaluate(() => window.playground.pause());
    await page.locator('[data-callout="neuron"]').waitFor({ state: 'visible' });
    const canvas = await boxOf(page, '#network');
    const layers = await page.evaluate(() => window.playground.spec().layers);
    const last = layers.length - 1;
    const { x: nx, y: ny } = await page.evaluate((l) => window.playground.neuronPosition(l, 0), last);
    // The neuron callout sits just under o₁, its arrow's tip within a few pixels of o₁'s x.
    const neuron = await page.evaluate(() => {
      const el = document.querySelector('[data-callout="neuron"]');
      const r = el.getBoundingClientRect();
      return { top: r.top, left: r.left, arrow: parseFloat(el.style.getPropertyValue('--arrow')) };
    });
    assert.ok(Math.abs(neuron.left + neuron.arrow + 6 - (canvas.left + nx)) < 3, `arrow at ${neuron.left + neuron.arrow + 6}, o₁ at ${canvas.left + nx}`);
    assert.ok(neuron.top > canvas.top + ny && neuron.top < canvas.top + ny + 60, `callout top ${neuron.top}, o₁ at ${canvas.top + ny}`);
    // The η callout is just above the slider, over it horizontally.
    const slider = await boxOf(page, '#rate-slider');
    const rate = await boxOf(page, '[data-callout="rate"]');
    assert.ok(rate.bottom <= slider.top && rate.bottom > slider.top - 20, `η callout ends at ${rate.bottom}, slider top ${slider.top}`);
    assert.ok(rate.left < slider.right && rate.right > slider.left, 'the η callout is not under the slider');
    // A callout lets a click through to the network: the weight under the weight callout's arrow.
    const { x: ax, y: ay } = await page.evaluate(() => window.playground.neuronPosition(0, 0));
    const { x: bx, y: by } = await page.evaluate(() => window.playground.neuronPosition(1, 0));
    await page.mouse.click(canvas.left + (ax + bx) / 2, canvas.top + (ay + by) / 2);
    assert.deepEqual(await page.evaluate(() => window.playground.selection()), { kind: 'weight', layer: 0, to: 0, from: 0 });
    // Doing what they say dismisses them, for good.
    assert.equal(await page.locator('[data-callout="neuron"]').isHidden(), true);
    const again = await browser.openPage('/');
    await again.page.waitForFunction(() => document.body.classList.contains('ready'));
    assert.equal(await again.page.locator('[data-callout="neuron"]').isHidden(), true, 'the callouts came back on the next visit');
    assertNoConsoleErrors(messages);
    assertNoConsoleErrors(again.messages);
  } finally {
    await browser.close();
  }
});

test('"Got it" closes the callouts for good', async () => {
  const { browser, page, messages } = await firstVisit();
  try {
    assert.equal(await page.locator('[data-callout="rate"]').isVisible(), true);
    await page.click('#callouts-close');
    assert.equal(await page.locator('[data-callout="rate"]').isHidden(), true);
    await page.reload({ waitUntil: 'networkidle' });
    await page.waitForFunction(() => document.body.classList.contains('ready'));
    assert.equal(await page.locator('[data-callout="rate"]').isHidden(), true);
    assertNoConsoleErrors(messages);
  } finally {
    await browser.close();
  }
});

test('"?" opens the keyboard help wherever the focus is (not in a text field), Escape closes it, and the Keys button does the same', async () => {
  const { browser, page, messages } = await firstVisit();
  try {
    const open = () => page.evaluate(() => document.getElementById('keys-help').matches(':popover-open'));
    await page.click('#step'); // focus on a button, as after any click
    await page.keyboard.press('?');
    assert.equal(await open(), true);
    for (const key of ['Space', 'N', '?', 'Esc']) {
      assert.ok(await page.locator('#keys-help dt').filter({ hasText: key === 'Esc' ? 'Esc' : key }).count() > 0, `${key} is not listed`);
    }
    await page.keyboard.press('Escape');
    assert.equal(await open(), false);
    // In the seed box "?" is a character, not a shortcut.
    await page.locator('#seed').focus();
    await page.keyboard.press('?');
    assert.equal(await open(), false);
    await page.click('#keys-button');
    assert.equal(await open(), true);
    await screenshot(page, 'keys-help');
    assertNoConsoleErrors(messages);
  } finally {
    await browser.close();
  }
});

test('a warning over the network does not move the picture, at 1280×800 and at 390×844', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    const { browser, page, messages } = await firstVisit(viewport);
    try {
      await page.evaluate(() => window.playground.pause());
      await page.selectOption('#preset', 'xor');
      await page.evaluate(() => window.playground.pause());
      await page.locator('#rate').fill('1000');
      await page.locator('#rate').press('Enter');
      await afterFrames(page);
      assert.equal(await page.locator('#saturation').isHidden(), true);
      const before = await boxOf(page, '#network');
      await page.evaluate(() => window.playground.train(20));
      await page.locator('#saturation').waitFor({ state: 'visible' });
      await afterFrames(page);
      const after = await boxOf(page, '#network');
      assert.deepEqual(after, before, `at ${viewport.width} px the warning moved the network`);
      assertNoConsoleErrors(messages);
    } finally {
      await browser.close();
    }
  }
});

test('training at full speed never moves the network or the callouts: the status numbers keep their room, at 1280×800 and at 390×844', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    const { browser, page, messages } = await firstVisit(viewport);
    try {
      // Spirals at 1000 epochs a frame: epochs end mid-frame, so the batch counter comes and
      // goes, and the epoch, loss and accuracy change every frame. (Their row once rewrapped
      // about 9 times a second here, moving the network 37 px up and down.)
      await page.selectOption('#preset', 'spirals');
      await page.selectOption('#speed', '1000');
      await page.evaluate(() => window.playground.play());
      // From epoch 900, so the epoch also gains a digit (999 → 1,000) while the test looks.
      await page.waitForFunction(() => window.playground.snapshot().epoch > 900);
      const seen = await page.evaluate(
        () =>
          new Promise((done) => {
            const places = new Set();
            let batchCounter = 0;
            let frames = 0;
            const look = () => {
              const n = document.getElementById('network').getBoundingClientRect();
              const callouts = [...document.querySelectorAll('#callouts .callout')].map((c) => `${c.style.left},${c.style.top}`);
              places.add(`${n.left},${n.top},${n.width},${n.height} ${callouts.join(' ')}`);
              if (document.getElementById('batch-progress').checkVisibility({ visibilityProperty: true })) batchCounter += 1;
              if (++frames < 90) requestAnimationFrame(look);
              else done({ places: [...places], batchCounter, frames });
            };
            requestAnimationFrame(look);
          }),
      );
      // The counter showed (it hides only in a frame that ends on an epoch's last batch, about
      // 1 in 30 here, so whether it also hid within 90 frames is left to chance, not asserted).
      assert.ok(seen.batchCounter > 0, `the batch counter never showed in ${seen.frames} frames`);
      assert.equal(seen.places.length, 1, `at ${viewport.width} px the network or a callout moved while training: ${seen.places.join(' | ')}`);
      assertNoConsoleErrors(messages);
    } finally {
      await browser.close();
    }
  }
});

test('Reset says what it draws and why the weights are small and never all equal; the note under the network says what a bias is', async () => {
  const { browser, page, messages } = await firstVisit();
  try {
    await page.evaluate(() => window.playground.pause());
    assert.match(await page.locator('#bias-note').textContent(), /^Each bias b is a weight from a constant input a = 1/);
    assert.equal(await page.locator('#reset-why').isHidden(), true);
    await page.locator('#seed').fill('7');
    await page.click('#reset');
    assert.equal(await page.evaluate(() => window.playground.spec().seed), 7);
    const why = await page.locator('#reset-why').textContent();
    assert.match(why, /seed 7/);
    assert.match(why, /small.*saturated.*never all equal/s);
    // The thread's network has no biases, and the note says so.
    await page.selectOption('#preset', 'toy');
    assert.match(await page.locator('#bias-note').textContent(), /has no biases/);
    assert.equal(await page.locator('#reset-why').isHidden(), true);
    // Batch size: what an epoch does with it, said next to the field.
    await page.click('#options summary');
    assert.match(await page.locator('#batch-size-hint').textContent(), /shuffles.*seed.*batches of B.*last.*smaller.*one step per batch.*mean/s);
    assertNoConsoleErrors(messages);
  } finally {
    await browser.close();
  }
});

/**
 * Every number in `root` (MathML numbers, table cells, tagged quantities) that is laid out:
 * those not wholly inside the viewport's width or clipped by a scrolling ancestor.
 */
function numbersOffScreen(page, root) {
  return page.evaluate((rootSelector) => {
    const bad = [];
    for (const el of document.querySelector(rootSelector).querySelectorAll('mn, td, [data-quantity]')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || !/\d/.test(el.textContent)) continue;
      if (r.left < -0.5 || r.right > window.innerWidth + 0.5) {
        bad.push(`${el.textContent} at ${Math.round(r.left)}–${Math.round(r.right)}`);
        continue;
      }
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX === 'visible') continue;
        const box = p.getBoundingClientRect();
        if (r.left < box.left - 1.5 || r.right > box.right + 1.5) {
          bad.push(`${el.textContent} clipped by ${p.tagName}.${p.className}`);
          break;
        }
      }
    }
    return bad;
  }, root);
}

test('at 390×844 every number of the inspector, the step-through and the checker is on screen, and the page never scrolls sideways', async () => {
  const { browser, page, messages } = await firstVisit({ width: 390, height: 844 });
  try {
    await page.evaluate(() => window.playground.pause());
    await page.selectOption('#preset', 'toy');
    assert.equal(await page.evaluate(() => window.playground.snapshot().epoch), 0);
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const focuses = [
      ['neuron o₁', () => window.playground.select(2, 0)],
      ['neuron h₁', () => window.playground.select(1, 0)],
      ['weight h₁→o₁', () => window.playground.selectWeight(1, 0, 0)],
      ['weight x₁→h₁', () => window.playground.selectWeight(0, 0, 0)],
    ];
    for (const [name, select] of focuses) {
      await page.evaluate(select);
      await afterFrames(page);
      assert.ok((await page.locator('#inspector mn').count()) > 5, `${name}: no numbers`);
      assert.deepEqual(await numbersOffScreen(page, '#inspector'), [], `${name}: numbers off screen`);
      assert.ok((await sideways()) <= 0, `${name}: the page scrolls sideways`);
    }
    await page.evaluate(() => window.playground.select(1, 0));
    await screenshot(page, 'phone-inspector-hidden');
    // The step-through, every step.
    await page.evaluate(() => window.playground.showTab('steps'));
    for (let i = 0; i < 12; i++) {
      assert.deepEqual(await numbersOffScreen(page, '#step-content'), [], `step ${i + 1}: numbers off screen`);
      assert.ok((await sideways()) <= 0, `step ${i + 1}: the page scrolls sideways`);
      if (await page.locator('#step-next').isDisabled()) break;
      await page.click('#step-next');
    }
    // The checker's verdict.
    await page.evaluate(() => window.playground.select(2, 0));
    await page.evaluate(() => window.playground.showTab('mine'));
    await page.locator('#check-value').fill('0.1');
    await page.click('#check-form button[type="submit"]');
    await page.locator('#check-verdict div.verdict').waitFor();
    assert.deepEqual(await numbersOffScreen(page, '#check-verdict'), [], 'checker: numbers off screen');
    assert.deepEqual(await numbersOffScreen(page, '#panel-mine'), [], 'checker form: numbers off screen');
    assert.ok((await sideways()) <= 0, 'checker: the page scrolls sideways');
    await screenshot(page, 'phone-checker');
    assertNoConsoleErrors(messages);
  } finally {
    await browser.close();
  }
});

test('beside a hidden δ, the nudge of the total derivative: each path, their sum, and ∂E/∂a·ε agree to the digits shown', async () => {
  const { browser, page, messages } = await firstVisit();
  try {
    await page.evaluate(() => window.playground.pause());
    await page.selectOption('#preset', 'toy');
    assert.equal(await page.evaluate(() => window.playground.snapshot().epoch), 0);
    await page.evaluate(() => window.playground.select(1, 0));
    const read = (q) => page.locator(`#inspector .nudge [data-quantity="${q}"]`);
    const values = async (q) => (await read(q).evaluateAll((els) => els.map((e) => [Number(e.dataset.value), e.textContent])));
    const paths = await values('nudge_path');
    const pathLinear = await values('nudge_path_linear');
    assert.equal(paths.length, 2);
    const [[sum, sumShown]] = await values('nudge_sum');
    const [[together, togetherShown]] = await values('nudge_together');
    const [[linear, linearShown]] = await values('nudge_linear');
    // The paths add up (exactly, as numbers), and agree with ∂E/∂a·ε to the 4 digits shown.
    assert.equal(sum, paths[0][0] + paths[1][0]);
    assert.equal(sumShown, linearShown);
    assert.equal(togetherShown, linearShown);
    for (let k = 0; k < 2; k++) assert.equal(paths[k][1], pathLinear[k][1], `path ${k}`);
    // ∂E/∂a_h1 is the snapshot's, by hand 0.0522678298 at epoch 0, and ε is the one shown.
    const snapshot = await page.evaluate(() => window.playground.snapshot());
    assert.ok(Math.abs(snapshot.error_wrt_a[1][0] - 0.0522678298) < 1e-10);
    assert.ok(Math.abs(linear / snapshot.error_wrt_a[1][0] - 1e-6) < 1e-18);
    assert.ok(Math.abs(together - linear) < 1e-4 * linear);
    // The commenter's formula, mapped onto h₁.
    assert.match(await page.locator('#inspector .nudge').textContent(), /g′\(t\) = x′\(t\)·∂f\/∂x \+ y′\(t\)·∂f\/∂y/);
    // An output neuron has no nudge (nothing to add up).
    await page.evaluate(() => window.playground.select(2, 0));
    assert.equal(await page.locator('#inspector .nudge').count(), 0);
    assertNoConsoleErrors(messages);
  } finally {
    await browser.close();
  }
});
