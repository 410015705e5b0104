// The chain-rule lessons in a real headless Chromium: stepping through a whole pass, the
// derivation panels, the gradient check, the checker of a learner's own numbers, and the export,
// each compared with the core's numbers for the thread's toy network.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { afterFrames, assertNoConsoleErrors, launch, screenshot } from './lib/browser.mjs';
import { TOY, openPlayground } from './lib/fixtures.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function openToy() {
  const opened = await openPlayground(browser);
  await opened.page.evaluate((spec) => window.playground.load(spec), TOY);
  return opened;
}

/** The data-value of the first element tagged `quantity` inside `root`. */
async function tagged(page, root, quantity, extra = '') {
  const value = await page.locator(`${root} [data-quantity="${quantity}"]${extra}`).first().getAttribute('data-value');
  assert.ok(value !== null, `no ${quantity} in ${root}`);
  return Number(value);
}

test('stepping through the toy network visits every layer forward and backward and ends with train(1)\'s weights', async () => {
  const { page, messages } = await openToy();
  await page.evaluate(() => window.playground.showTab('steps'));
  const visited = [];
  for (;;) {
    const section = page.locator('#step-content section.step');
    visited.push(await section.getAttribute('data-phase'));
    if (await page.locator('#step-next').isDisabled()) break;
    await page.keyboard.press('ArrowRight');
  }
  assert.deepEqual(visited, ['forward', 'forward', 'forward', 'forward', 'backward', 'backward', 'gradients', 'gradients', 'update']);
  assert.match(await page.locator('#step-counter').textContent(), /step 9 of 9/);
  const stepped = {};
  for (const cell of await page.locator('#step-content [data-quantity="new_weight"][data-weight]').all()) {
    stepped[await cell.getAttribute('data-weight')] = Number(await cell.getAttribute('data-value'));
  }
  assert.equal(Object.keys(stepped).length, 8, 'every weight is updated');
  await screenshot(page, 'step-through-update');
  const trained = await page.evaluate(() => window.playground.train(1));
  for (const [where, value] of Object.entries(stepped)) {
    const [l, k, j] = where.split(',').map(Number);
    assert.equal(value, trained.weights[l][k][j], `w[${where}] after the step-through vs train(1)`);
  }
  assertNoConsoleErrors(messages);
});

test('stepping pauses training and leaving resumes it', async () => {
  const { page, messages } = await openToy();
  await page.evaluate(() => window.playground.play());
  await page.evaluate(() => window.playground.showTab('steps'));
  assert.equal(await page.evaluate(() => window.playground.playing), false);
  await page.screenshot({ path: new URL('./screenshots/step-through-forward.png', import.meta.url).pathname });
  await page.click('#tab-inspector');
  assert.equal(await page.evaluate(() => window.playground.playing), true);
  assertNoConsoleErrors(messages);
});

test('each derivation panel shows the core\'s numbers for the neuron or weight in focus', async () => {
  const { page, messages } = await openToy();
  const s = await page.evaluate(() => window.playground.snapshot());
  await page.evaluate(() => window.playground.select(2, 0));
  await page.evaluate(() => window.playground.showTab('why'));
  const panel = '#derivation-content';

  await page.selectOption('#derivation', 'sigmoid-slope');
  assert.equal(await tagged(page, panel, 'slope'), s.activation_wrt_net[2][0]);
  assert.ok(Math.abs((await tagged(page, panel, 'slope_product')) - s.activation_wrt_net[2][0]) < 1e-15);
  assert.equal(await tagged(page, panel, 'net'), s.net[2][0]);
  assert.equal(await page.locator('#sigmoid-plot').isVisible(), true);
  await screenshot(page, 'why-sigmoid-slope');

  await page.selectOption('#derivation', 'output-error');
  assert.equal(await tagged(page, panel, 'error_wrt_a'), s.error_wrt_a[2][0]);
  assert.equal(await page.locator('#sigmoid-plot').isHidden(), true);
  await screenshot(page, 'why-output-error');

  await page.evaluate(() => window.playground.selectWeight(1, 0, 0));
  await page.selectOption('#derivation', 'net-wrt-weight');
  assert.equal(await tagged(page, panel, 'net_wrt_w'), s.a[1][0]);
  await screenshot(page, 'why-net-wrt-weight');

  await page.selectOption('#derivation', 'chain-product');
  assert.equal(await tagged(page, panel, 'gradient'), s.gradients[1][0][0]);
  assert.equal(await tagged(page, panel, 'delta'), s.delta[2][0]);
  await screenshot(page, 'why-chain-product');
  assertNoConsoleErrors(messages);
});

test('the gradient check agrees with backprop for every weight', async () => {
  const { page, messages } = await openToy();
  await page.evaluate(() => window.playground.showTab('check'));
  assert.equal(await page.locator('#gradient-check [data-quantity]').count(), 0, 'it runs when the learner starts it');
  await page.click('#gradient-check-run');
  await page.waitForFunction(() => document.querySelectorAll('#gradient-check [data-quantity="analytic"]').length > 0);
  const s = await page.evaluate(() => window.playground.snapshot());
  const cells = await page.locator('#gradient-check [data-quantity="analytic"]').all();
  assert.equal(cells.length, 8);
  for (const cell of cells) {
    const [l, k, j] = (await cell.getAttribute('data-weight')).split(',').map(Number);
    assert.equal(Number(await cell.getAttribute('data-value')), s.gradients[l][k][j]);
  }
  for (const cell of await page.locator('#gradient-check [data-quantity="relative_error"]').all()) {
    assert.ok(Number(await cell.getAttribute('data-value')) < 1e-6);
  }
  await screenshot(page, 'gradient-check');
  // The result stays, and says so once the weights have moved.
  await page.evaluate(() => window.playground.train(1));
  await page.evaluate(() => window.playground.showTab('check'));
  assert.equal(await page.locator('#gradient-check [data-moved="true"]').count(), 1);
  assert.equal(await page.locator('#gradient-check [data-quantity="analytic"]').count(), 8);
  assertNoConsoleErrors(messages);
});

test('on a 2-64-64-1 network the gradient check runs in the background with progress, Step stays fast, and Cancel stops it', async () => {
  const { page, messages } = await openPlayground(browser);
  await page.evaluate(() => window.playground.load({
    layers: [2, 64, 64, 1], activation: 'sigmoid', bias: true, seed: 1, learning_rate: 0.5,
    data: { dataset: 'circle', samples: 2000 },
  }));
  // Opening the tab starts nothing: it is immediate (it used to block for 23 s).
  const opening = await page.evaluate(() => {
    const start = performance.now();
    window.playground.showTab('check');
    return performance.now() - start;
  });
  assert.ok(opening < 500, `opening the tab took ${opening} ms`);
  await page.click('#gradient-check-run');
  await page.waitForFunction(() => {
    const bar = document.getElementById('gradient-check-progress');
    return !bar.hidden && bar.value > 0;
  });
  const progress = await page.evaluate(() => {
    const bar = document.getElementById('gradient-check-progress');
    return { value: bar.value, max: bar.max };
  });
  assert.equal(progress.max, 2000, 'a random sample of 2000 of the 4,417 parameters');
  assert.ok(progress.value < progress.max, `already done: ${progress.value}`);
  await screenshot(page, 'gradient-check-running');
  // A Step while the check runs is handled at once (it used to cost 2.4–2.9 s each).
  const step = await page.evaluate(() => {
    const start = performance.now();
    document.getElementById('step').click();
    return performance.now() - start;
  });
  assert.ok(step < 1000, `Step took ${step} ms`);
  // The epoch is long here (2,000 samples × 4,288 weights): it trains over a few frames.
  await page.waitForFunction(() => window.playground.snapshot().epoch === 1, null, { timeout: 10_000 });
  await afterFrames(page, 3);
  assert.equal(await page.evaluate(() => window.playground.snapshot().epoch), 1, 'Step trains one epoch');
  await page.click('#gradient-check-cancel');
  assert.equal(await page.locator('#gradient-check-status').textContent(), 'Cancelled.');
  assert.equal(await page.locator('#gradient-check-progress').isHidden(), true);
  assertNoConsoleErrors(messages);
});

test('check my work accepts a right value and rejects a wrong one, naming the factor', async () => {
  const { page, messages } = await openToy();
  await page.evaluate(() => window.playground.select(2, 0));
  await page.evaluate(() => window.playground.showTab('mine'));
  await page.locator('#check-value').fill('0.1028'); // δ(o₁) worked by hand to 4 digits
  await page.click('#check-form button[type="submit"]');
  assert.equal(await page.locator('#check-verdict > .verdict').getAttribute('data-correct'), 'true');
  await page.locator('#check-value').fill('-0.1028');
  await page.locator('#check-factor-0').fill('-0.4553'); // t − a instead of a − t
  await page.click('#check-form button[type="submit"]');
  assert.equal(await page.locator('#check-verdict > .verdict').getAttribute('data-correct'), 'false');
  assert.match(await page.locator('#check-verdict').textContent(), /sign/);
  await screenshot(page, 'check-my-work');
  // A weight: the updated w(h₁→o₁) from the hand derivation.
  await page.evaluate(() => window.playground.selectWeight(1, 0, 0));
  await page.selectOption('#check-kind', 'new-weight');
  await page.locator('#check-value').fill('0.4716');
  await page.click('#check-form button[type="submit"]');
  assert.equal(await page.locator('#check-verdict > .verdict').getAttribute('data-correct'), 'true');
  assertNoConsoleErrors(messages);
});

/** Types `value` into the checker and presses Check; returns the verdict's data attributes. */
async function checkValue(page, value) {
  await page.locator('#check-value').fill(String(value));
  await page.click('#check-form button[type="submit"]');
  return page.evaluate(() => {
    const verdict = document.querySelector('#check-verdict > .verdict');
    return verdict ? { ...verdict.dataset } : null;
  });
}

test('check my work holds small error terms to 4 significant digits, pins the state it checks, and knows epoch 0', async () => {
  const { page, messages } = await openToy();
  const trained = await page.evaluate(() => window.playground.train(300));
  const delta = trained.delta[2][0];
  assert.ok(Math.abs(delta) < 1e-3, `δ(o₁) = ${delta} after 300 epochs`);
  await page.evaluate(() => window.playground.select(2, 0));
  await page.evaluate(() => window.playground.play());
  await page.evaluate(() => window.playground.showTab('mine'));
  assert.equal(await page.evaluate(() => window.playground.playing), false, 'opening the tab pauses');
  const epoch = await page.evaluate(() => window.playground.snapshot().epoch);
  const ours = await page.evaluate(() => window.playground.snapshot().delta[2][0]);
  for (const wrong of [0, -ours, 1.2 * ours, 0.8 * ours]) {
    const verdict = await checkValue(page, wrong);
    assert.equal(verdict.correct, 'false', `${wrong} accepted for δ(o₁) = ${ours}`);
  }
  const rightTo4 = Number(ours.toPrecision(4));
  const right = await checkValue(page, rightTo4);
  assert.equal(right.correct, 'true', `${rightTo4} refused for ${ours}`);
  assert.equal(Number(right.epoch), epoch, 'the verdict names the epoch it compared with');

  // Pressing Check while training runs pauses it first.
  await page.evaluate(() => window.playground.play());
  const whilePlaying = await checkValue(page, rightTo4);
  assert.equal(await page.evaluate(() => window.playground.playing), false, 'Check pauses');
  assert.equal(Number(whilePlaying.epoch), await page.evaluate(() => window.playground.snapshot().epoch));

  // The epoch-0 answer from the thread's hand derivation: recognised, and checkable there.
  const epoch0 = await checkValue(page, 0.1028);
  assert.equal(epoch0.correct, 'false');
  assert.equal(epoch0.matches, 'start');
  await page.selectOption('#check-against', 'start');
  const atStart = await checkValue(page, 0.1028);
  assert.equal(atStart.correct, 'true');
  assert.equal(atStart.epoch, '0');
  const twice = await checkValue(page, 2 * 0.10284630007978213);
  assert.equal(twice.slip, 'half', 'the forgotten ½ is named');
  await screenshot(page, 'check-my-work-epoch-0');

  // Input that is not a number clears the old verdict.
  await checkValue(page, 'abc');
  assert.equal(await page.locator('#check-verdict > .verdict').count(), 0, 'an old verdict stays');
  assert.match(await page.locator('#check-message').textContent(), /number/);

  // Selecting a weight brings the check to its ∂E/∂w.
  await page.evaluate(() => window.playground.selectWeight(1, 0, 0));
  assert.equal(await page.locator('#check-kind').inputValue(), 'gradient');
  assert.equal(await page.locator('#check-form').isVisible(), true);
  assertNoConsoleErrors(messages);
});

test('the export holds the whole pass with every weight\'s update', async () => {
  const { page, messages } = await openToy();
  await page.evaluate(() => window.playground.showTab('export'));
  const markdown = await page.locator('#markdown').textContent();
  assert.equal(markdown.split('\n').filter((line) => line.includes('\\leftarrow')).length, 8);
  for (const number of ['0.21', '0.552308', '0.102846', '0.471599']) assert.ok(markdown.includes(number), number);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-markdown')]);
  assert.equal(download.suggestedFilename(), 'backprop-step.md');
  await screenshot(page, 'export');
  assertNoConsoleErrors(messages);
});

test('the trained network downloads as a standalone Python function that computes the same outputs', async () => {
  const { page, messages } = await openToy();
  await page.evaluate(() => window.playground.train(25));
  await page.evaluate(() => window.playground.showTab('export'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-python')]);
  assert.equal(download.suggestedFilename(), 'predict.py');
  const { readFile } = await import('node:fs/promises');
  const { execFileSync } = await import('node:child_process');
  const source = await readFile(await download.path(), 'utf8');
  const printed = execFileSync('python3', ['-c', `${source}\nprint(repr(predict([0.3, 0.9])))`], { encoding: 'utf8' });
  const outputs = printed.trim().replace(/^\[|\]$/g, '').split(',').map(Number);
  const s = await page.evaluate(() => window.playground.snapshot());
  outputs.forEach((value, k) => assert.ok(Math.abs(value - s.a[2][k]) < 1e-12, `output ${k}: ${value} vs ${s.a[2][k]}`));
  assert.match(await page.evaluate(() => window.playground.exportCode('rust')), /pub fn predict\(x: &\[f64\]\) -> Vec<f64>/);
  assertNoConsoleErrors(messages);
});

test('the inspector links to the derivation of a(1 − a), and says how weights are indexed', async () => {
  const { page, messages } = await openToy();
  await page.evaluate(() => window.playground.select(2, 0));
  assert.equal(await page.locator('#inspector [data-note="weight-indices"]').count(), 1);
  await page.click('#inspector [data-goto="why:sigmoid-slope"]');
  assert.equal(await page.locator('#tab-why').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('#derivation').inputValue(), 'sigmoid-slope');
  // The derivation is of the neuron in focus: its a is in the panel.
  const a = (await page.evaluate(() => window.playground.snapshot())).a[2][0];
  assert.equal(await tagged(page, '#derivation-content', 'a'), a);
  assertNoConsoleErrors(messages);
});

test('start here: each of the thread\'s questions opens its answer on the toy network at epoch 0', async () => {
  const { page, messages } = await openPlayground(browser);
  assert.equal(await page.locator('#start-here').getAttribute('open'), '', 'a first visit sees the path');
  await page.evaluate(() => window.playground.train(50)); // the learner has watched it train a while
  const expected = {
    'sigmoid-slope': ['0.6553', '0.2259'],
    'output-error': ['0.6553', '0.4553'],
    'net-wrt-weight': ['0.5523'],
    'chain-product': ['0.5523', '0.1028'],
  };
  for (const [question, numbers] of Object.entries(expected)) {
    await page.click(`#start-here [data-start="${question}"]`);
    const s = await page.evaluate(() => window.playground.snapshot());
    assert.equal(s.epoch, 0, `${question}: not at epoch 0`);
    assert.deepEqual(s.weights, [[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6], [0.7, 0.8]]]);
    assert.equal(await page.evaluate(() => window.playground.playing), false);
    assert.equal(await page.locator('#tab-why').getAttribute('aria-selected'), 'true');
    assert.equal(await page.locator('#derivation').inputValue(), question);
    const text = await page.locator('#derivation-content').textContent();
    for (const n of numbers) assert.ok(text.includes(n), `${question}: ${n} is not shown`);
  }
  await page.click('#start-here [data-start="steps"]');
  assert.equal(await page.locator('#tab-steps').getAttribute('aria-selected'), 'true');
  await page.click('#start-here [data-start="mine"]');
  assert.equal(await page.locator('#tab-mine').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('#check-kind').inputValue(), 'delta');
  // Closed once, it stays closed on the next visit.
  await page.click('#start-here summary');
  const { page: again } = await openPlayground(browser);
  assert.equal(await again.locator('#start-here').getAttribute('open'), null);
  await again.click('#start-here summary'); // open again for the other tests of this browser
  await again.close();
  assertNoConsoleErrors(messages);
});

test('with mini-batches the inspector labels its new w as one full-batch step and gives where the epoch\'s own steps take the weight, which train(1) confirms', async () => {
  const { page, messages } = await openPlayground(browser);
  await page.evaluate(() => window.playground.pause());
  const spec = { ...TOY, batch_size: 1, data: { inputs: [[0.3, 0.9], [0.8, 0.1]], targets: [[0.2, 0.7], [0.9, 0.1]] } };
  await page.evaluate((s) => window.playground.load(s), spec);
  await page.evaluate(() => window.playground.selectWeight(1, 0, 0));
  const label = page.locator('#inspector .epoch-step');
  assert.equal(await label.getAttribute('data-step'), 'mini-batch');
  const fullBatch = await tagged(page, '#inspector', 'new_weight');
  const epoch = await tagged(page, '#inspector .epoch-step', 'epoch_new_weight');
  assert.ok(Math.abs(epoch - fullBatch) > 1e-6, `the epoch lands at ${epoch}, the full-batch step at ${fullBatch}`);
  const trained = await page.evaluate(() => window.playground.train(1));
  assert.equal(trained.weights[1][0][0], epoch, 'train(1) gives the labelled weight');
  // Full batch: the label says the step is the epoch, and the numbers agree.
  await page.evaluate((s) => window.playground.load({ ...s, batch_size: 2 }), spec);
  await page.evaluate(() => window.playground.selectWeight(1, 0, 0));
  assert.equal(await label.getAttribute('data-step'), 'full-batch');
  const step = await tagged(page, '#inspector', 'new_weight');
  assert.equal(await tagged(page, '#inspector .epoch-step', 'epoch_new_weight'), step);
  assertNoConsoleErrors(messages);
});

test('the step-through\'s update states the order rule and what the wrong order gives on the toy network', async () => {
  const { page, messages } = await openToy();
  await page.evaluate(() => window.playground.pause());
  await page.evaluate(() => window.playground.showTab('steps'));
  while (!(await page.locator('#step-next').isDisabled())) await page.click('#step-next');
  // δ(h₁) computed with the output weights already moved: 0.0122016 instead of 0.0129239; then
  // w(x₂→h₁) lands 3.25·10⁻⁴ away from train(1)'s value.
  const wrongDelta = await tagged(page, '#step-content', 'wrong_order_delta');
  assert.ok(Math.abs(wrongDelta - 0.0122016) < 1e-6, `wrong δ ${wrongDelta}`);
  const wrongWeight = await tagged(page, '#step-content', 'wrong_order_new_weight', '[data-weight="0,0,1"]');
  const error = await tagged(page, '#step-content', 'wrong_order_error');
  const trained = await page.evaluate(() => window.playground.train(1));
  assert.ok(Math.abs(wrongWeight - error - trained.weights[0][0][1]) < 1e-15, 'right = wrong − error is train(1)\'s weight');
  assert.ok(Math.abs(error - 3.25e-4) < 1e-6, `off by ${error}`);
  assertNoConsoleErrors(messages);
});
