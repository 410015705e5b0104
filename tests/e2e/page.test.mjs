// The playground page in a real headless Chromium: it loads cleanly, trains, answers its
// controls, and its inspector and scripting API give the core's numbers (checked against the
// thread's toy network worked by hand: see tests/toy_network_by_hand.rs for the derivation).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { afterFrames, assertNoConsoleErrors, baseUrl, launch, screenshot } from './lib/browser.mjs';
import { TOY, openPlayground as openIn } from './lib/fixtures.mjs';

let browser;
const openPlayground = () => openIn(browser);
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** How many pixels of a canvas are not transparent (a blank canvas has none). */
function paintedPixels(page, id) {
  return page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId);
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
    return { painted, total: data.length / 4 };
  }, id);
}

function close(actual, expected, what, tolerance = 1e-9) {
  assert.ok(Math.abs(actual - expected) < tolerance, `${what}: page gives ${actual}, expected ${expected}`);
}

test('the page loads with no console errors and every canvas draws', async () => {
  const { page, messages } = await openPlayground();
  await afterFrames(page);
  for (const id of ['network', 'chart']) {
    const { painted, total } = await paintedPixels(page, id);
    assert.ok(painted > total * 0.01, `canvas #${id} is (nearly) blank: ${painted} of ${total} pixels`);
  }
  // The toy network has two outputs, so no data plot; a 2-D data set (the first screen's) shows one.
  await page.selectOption('#preset', 'toy');
  await afterFrames(page);
  assert.equal(await page.locator('#data-panel').isHidden(), true);
  await page.selectOption('#preset', 'circle');
  await afterFrames(page);
  assert.equal(await page.locator('#data-panel').isVisible(), true);
  const { painted, total } = await paintedPixels(page, 'data');
  assert.ok(painted > total * 0.9, `the heatmap should cover the data canvas: ${painted} of ${total}`);
  await screenshot(page, 'playground-circle');
  assertNoConsoleErrors(messages);
});

test('playing for a moment lowers the loss and advances the epoch counter', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate((spec) => window.playground.load(spec), TOY);
  const start = await page.evaluate(() => window.playground.snapshot());
  assert.equal(start.epoch, 0);
  assert.equal(await page.locator('#epoch').textContent(), '0');
  await page.click('#play');
  await page.waitForFunction(() => window.playground.snapshot().epoch >= 30);
  await page.keyboard.press('Space'); // pause again, from the keyboard
  const later = await page.evaluate(() => window.playground.snapshot());
  assert.equal(await page.evaluate(() => window.playground.playing), false);
  assert.ok(later.loss < start.loss, `loss ${start.loss} → ${later.loss}`);
  await afterFrames(page);
  const shown = Number((await page.locator('#epoch').textContent()).replace(/,/g, ''));
  assert.equal(shown, later.epoch);
  assertNoConsoleErrors(messages);
});

test('the learning-rate slider sets spec().learning_rate to the value shown', async () => {
  const { page, messages } = await openPlayground();
  await page.locator('#rate-slider').fill('0'); // 10^0
  let shown = Number(await page.locator('#rate').inputValue());
  assert.equal(shown, 1);
  assert.equal(await page.evaluate(() => window.playground.spec().learning_rate), shown);
  await page.locator('#rate-slider').fill('-2.5');
  shown = Number(await page.locator('#rate').inputValue());
  close(shown, 10 ** -2.5, 'slider at −2.5', 1e-5);
  assert.equal(await page.evaluate(() => window.playground.spec().learning_rate), shown);
  // A typed value is exact; a bad one is refused with a message and η stays.
  await page.locator('#rate').fill('0.0375');
  await page.locator('#rate').press('Enter');
  assert.equal(await page.evaluate(() => window.playground.spec().learning_rate), 0.0375);
  await page.locator('#rate').fill('-1');
  await page.locator('#rate').press('Enter');
  assert.equal(await page.locator('#rate-message').textContent(), 'The learning rate must be a number above 0, like 0.5. It stays 0.0375.');
  assert.equal(await page.evaluate(() => window.playground.spec().learning_rate), 0.0375);
  assertNoConsoleErrors(messages);
});

test('clicking a neuron on the canvas opens its inspector with the core\'s δ', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate((spec) => window.playground.load(spec), TOY);
  const box = await page.locator('#network').boundingBox();
  for (const [layer, index] of [[1, 0], [2, 1]]) {
    const at = await page.evaluate(([l, i]) => window.playground.neuronPosition(l, i), [layer, index]);
    await page.mouse.click(box.x + at.x, box.y + at.y);
    const delta = await page.locator('#inspector [data-quantity="delta"]').first().getAttribute('data-value');
    const snapshot = await page.evaluate(() => window.playground.snapshot());
    assert.equal(Number(delta), snapshot.delta[layer][index], `δ of neuron ${layer},${index}`);
  }
  // The pointer shows over what can be clicked, and not over empty canvas.
  const neuron = await page.evaluate(() => window.playground.neuronPosition(1, 0));
  await page.mouse.move(box.x + neuron.x, box.y + neuron.y);
  assert.equal(await page.locator('#network').evaluate((c) => getComputedStyle(c).cursor), 'pointer');
  await page.mouse.move(box.x + 4, box.y + 4); // a corner: nothing there
  assert.equal(await page.locator('#network').evaluate((c) => getComputedStyle(c).cursor), 'default');
  assertNoConsoleErrors(messages);
});

test('load of the hand-derived toy network gives the hand numbers, and train(1) the hand update', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate((spec) => window.playground.load(spec), TOY);
  const s = await page.evaluate(() => window.playground.snapshot());
  close(s.a[1][0], 0.5523079096, 'a_h1');
  close(s.a[2][0], 0.6553268394, 'a_o1');
  close(s.delta[2][0], 0.1028463001, 'δ_o1');
  close(s.delta[1][0], 0.0129239465, 'δ_h1');
  close(s.gradients[1][0][0], 0.056802825, '∂E/∂w(h1→o1)');
  close(s.gradients[0][0][0], 0.003877184, '∂E/∂w(x1→h1)');
  close(s.loss, 0.1036781514, 'loss');
  const after1 = await page.evaluate(() => window.playground.train(1));
  assert.equal(after1.epoch, 1);
  close(after1.weights[1][0][0], 0.4715985875, 'w(h1→o1) after one epoch');
  close(after1.weights[0][0][0], 0.098061408, 'w(x1→h1) after one epoch');
  assert.equal(await page.evaluate(() => window.playground.playing), false, 'train() leaves it paused');
  assertNoConsoleErrors(messages);
});

test('load of a broken spec throws a clear Error and changes nothing', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate((spec) => window.playground.load(spec), TOY);
  await page.evaluate(() => window.playground.train(3));
  const before = await page.evaluate(() => JSON.stringify(window.playground.spec()));
  const cases = [
    [{ ...TOY, layers: [2, 3, 2] }, /weights\[0\]: has 2 rows/],
    [{ ...TOY, learning_rate: -1 }, /learning_rate/],
    [{ ...TOY, weights: [[[NaN, 0.2], [0.3, 0.4]], [[0.5, 0.6], [0.7, 0.8]]] }, /weights\[0\]\[0\]\[0\]: is null/],
    [{ ...TOY, dropout: 0.5 }, /unknown field `dropout`/],
    ['{"layers": [2, 2', /EOF while parsing/],
  ];
  for (const [spec, message] of cases) {
    const error = await page.evaluate((s) => {
      try {
        window.playground.load(s);
        return null;
      } catch (e) {
        return { isError: e instanceof Error, message: e.message };
      }
    }, spec);
    assert.ok(error, `accepted: ${JSON.stringify(spec)}`);
    assert.equal(error.isError, true);
    assert.match(error.message, message);
    assert.equal(await page.evaluate(() => JSON.stringify(window.playground.spec())), before);
    assert.equal(await page.evaluate(() => window.playground.snapshot().epoch), 3);
  }
  assertNoConsoleErrors(messages);
});

test('a screenshot of the playground shows the trained network and its inspector', async () => {
  const { page, messages } = await openPlayground();
  const trained = await page.evaluate(() => window.playground.train(200));
  // A hidden neuron, not the output neuron the inspector opens on by default.
  const [layer, index] = [1, 1];
  await page.evaluate(([l, i]) => window.playground.select(l, i), [layer, index]);
  await afterFrames(page);
  // What the screenshot shows is the network after those 200 epochs: the epoch counter, both
  // canvases drawn, and the inspector's numbers for the neuron selected.
  assert.equal(Number((await page.locator('#epoch').textContent()).replace(/,/g, '')), trained.epoch);
  assert.ok(trained.epoch >= 200, `epoch ${trained.epoch}`);
  for (const id of ['network', 'chart']) {
    const { painted, total } = await paintedPixels(page, id);
    assert.ok(painted > total * 0.01, `canvas #${id} is (nearly) blank: ${painted} of ${total} pixels`);
  }
  for (const quantity of ['net', 'a', 'delta']) {
    const shown = await page.locator(`#inspector [data-quantity="${quantity}"]`).first().getAttribute('data-value');
    assert.equal(Number(shown), trained[quantity][layer][index], `inspector ${quantity}`);
  }
  await screenshot(page, 'playground');
  assertNoConsoleErrors(messages);
});

test('a learning rate that overflows the weights stops training with a plain explanation', async () => {
  const { page, messages } = await openPlayground();
  // Sigmoids saturate rather than overflow, so it takes large inputs and a huge η to reach ∞.
  const blowUp = {
    layers: [2, 2, 1],
    activation: 'sigmoid',
    weights: [[[0.001, 0.002], [0.003, -0.001]], [[0.5, -0.5]]],
    learning_rate: 1e308,
    data: { inputs: [[1000, -1000]], targets: [[1]] },
  };
  await page.evaluate((spec) => window.playground.load(spec), blowUp);
  const thrown = await page.evaluate(() => {
    try {
      window.playground.train(5);
      return null;
    } catch (e) {
      return e.message;
    }
  });
  assert.match(thrown ?? '', /learning rate is too large/);
  const after = await page.evaluate(() => window.playground.snapshot());
  assert.ok(after.weights.flat(2).every(Number.isFinite), 'the blown-up epoch is undone');
  // Played from the page: training stops and the alert says why, with a reset button.
  await page.click('#play');
  await page.locator('#alert').waitFor({ state: 'visible' });
  assert.match(await page.locator('#alert-text').textContent(), /too large/);
  assert.equal(await page.evaluate(() => window.playground.playing), false);
  await page.click('#alert-reset');
  assert.equal(await page.locator('#alert').isHidden(), true);
  assert.equal(await page.evaluate(() => window.playground.snapshot().epoch), 0);
  assertNoConsoleErrors(messages);
});

test('learning rate 1000 saturates the sigmoids and the page says why learning stalls', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate(() => window.playground.pause()); // so every run trains the same epochs
  await page.selectOption('#preset', 'xor');
  await page.locator('#rate').fill('1000');
  await page.locator('#rate').press('Enter');
  assert.equal(await page.evaluate(() => window.playground.spec().learning_rate), 1000);
  // From XOR's seed 1, η = 1000 pins both hidden neurons within 5 epochs (2 of 3 sigmoids).
  const s = await page.evaluate(() => window.playground.train(20));
  assert.ok(s.saturated_share >= 0.5, `saturated share ${s.saturated_share}`);
  await page.locator('#saturation').waitFor({ state: 'visible' });
  assert.match(await page.locator('#saturation').textContent(), /saturated.*a\(1−a\) is almost 0/s);
  await screenshot(page, 'saturated');
  assertNoConsoleErrors(messages);
});

test('clicking a weight shows its three chain-rule factors and their product', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate((spec) => window.playground.load(spec), TOY);
  const box = await page.locator('#network').boundingBox();
  const from = await page.evaluate(() => window.playground.neuronPosition(1, 0));
  const to = await page.evaluate(() => window.playground.neuronPosition(2, 0));
  // A third of the way along h₁ → o₁, away from where lines cross.
  await page.mouse.click(box.x + from.x + (to.x - from.x) / 3, box.y + from.y + (to.y - from.y) / 3);
  const gradient = Number(await page.locator('#inspector [data-quantity="gradient"]').first().getAttribute('data-value'));
  const aj = Number(await page.locator('#inspector [data-quantity="net_wrt_w"]').first().getAttribute('data-value'));
  const s = await page.evaluate(() => window.playground.snapshot());
  assert.equal(gradient, s.gradients[1][0][0]);
  assert.equal(aj, s.a[1][0]);
  const text = await page.locator('#inspector').textContent();
  assert.match(text, /d\(c·w\)\/dw = c/, 'the rule behind ∂net/∂w = a_j is stated');
  assert.match(text, /Where did the w go/);
  assertNoConsoleErrors(messages);
});

test('a copied link reproduces the same spec() in a fresh page', async () => {
  const { page, messages } = await openPlayground();
  await page.selectOption('#preset', 'xor');
  await page.evaluate(() => window.playground.train(137));
  await page.click('#share');
  const link = page.url();
  assert.match(link, /#spec=[A-Za-z0-9_-]+&resume=[A-Za-z0-9_-]+&view=[A-Za-z0-9_-]+$/);
  const spec = await page.evaluate(() => JSON.stringify(window.playground.spec()));
  const epoch = await page.evaluate(() => window.playground.snapshot().epoch);
  const { page: fresh, messages: freshMessages } = await browser.openPage(link.slice(baseUrl().length));
  await fresh.waitForFunction(() => document.body.classList.contains('ready'));
  assert.equal(await fresh.evaluate(() => JSON.stringify(window.playground.spec())), spec);
  assert.equal(await fresh.evaluate(() => window.playground.snapshot().epoch), epoch, 'the link keeps the epoch');
  assert.equal(await fresh.evaluate(() => window.playground.playing), false, 'a shared state is shown, not trained away');
  await fresh.close();
  // A broken link says so and falls back to the default network.
  const { page: broken, messages: brokenMessages } = await browser.openPage('/#spec=bm90IGpzb24');
  await broken.waitForFunction(() => document.body.classList.contains('ready'));
  assert.match(await broken.locator('#alert-text').textContent(), /^This link could not be shown: it has been changed or cut short \(spec: /);
  await broken.close();
  assertNoConsoleErrors([...messages, ...freshMessages, ...brokenMessages]);
});

test('moving a weight by hand updates the loss and its gradient at once', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate((spec) => window.playground.load(spec), TOY);
  await page.evaluate(() => window.playground.selectWeight(1, 0, 0));
  assert.equal(await page.locator('#weight-editor').isVisible(), true);
  const before = await page.evaluate(() => window.playground.snapshot());
  await page.locator('#weight-value').fill('0.3');
  await page.locator('#weight-value').press('Enter');
  const after = await page.evaluate(() => window.playground.snapshot());
  assert.equal(after.weights[1][0][0], 0.3);
  // Lowering a weight whose gradient is positive lowers the loss: the slope says so.
  assert.ok(before.gradients[1][0][0] > 0 && after.loss < before.loss, `${before.loss} → ${after.loss}`);
  const shown = Number(await page.locator('#inspector [data-quantity="gradient"]').first().getAttribute('data-value'));
  assert.equal(shown, after.gradients[1][0][0]);
  await page.locator('#weight-value').fill('NaN');
  await page.locator('#weight-value').press('Enter');
  assert.equal(await page.locator('#weight-message').textContent(), 'A weight must be a number, like 0.25 or -1.5. It stays 0.3.');
  assert.equal(await page.evaluate(() => window.playground.snapshot().weights[1][0][0]), 0.3);
  assertNoConsoleErrors(messages);
});

test('the spec exports as a JSON file and a bad file is refused without change', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate((spec) => window.playground.load(spec), TOY);
  await page.click('#save-share summary');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-spec')]);
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  const exported = JSON.parse(await readFile(path, 'utf8'));
  assert.deepEqual(exported, await page.evaluate(() => window.playground.spec()));
  const before = await page.evaluate(() => JSON.stringify(window.playground.spec()));
  await page.setInputFiles('#import-spec', {
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"layers": [2, 2, 2], "activation": "sigmoid", "learning_rate": 0.5}'),
  });
  await page.locator('#alert').waitFor({ state: 'visible' });
  assert.match(await page.locator('#alert-text').textContent(), /broken\.json was not loaded: .*missing field `data`/);
  assert.equal(await page.evaluate(() => JSON.stringify(window.playground.spec())), before);
  await page.setInputFiles('#import-spec', { name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
  await page.waitForFunction(() => document.getElementById('alert').hidden);
  assertNoConsoleErrors(messages);
});

test('adding and removing hidden layers and neurons keeps the untouched weights and the inspector matches', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate(() => window.playground.pause());
  await page.selectOption('#preset', 'xor');
  const before = await page.evaluate(() => window.playground.spec());
  await page.click('#shape button[aria-label="add a neuron to hidden layer 1"]');
  let spec = await page.evaluate(() => window.playground.spec());
  assert.deepEqual(spec.layers, [2, 3, 1]);
  for (const k of [0, 1]) assert.deepEqual(spec.weights[0][k], before.weights[0][k]);
  await page.click('#shape button[aria-label="add a hidden layer before the output"]');
  spec = await page.evaluate(() => window.playground.spec());
  assert.deepEqual(spec.layers, [2, 3, 3, 1]);
  await page.click('#shape button[aria-label="remove a neuron from hidden layer 2"]');
  spec = await page.evaluate(() => window.playground.spec());
  assert.deepEqual(spec.layers, [2, 3, 2, 1]);
  // The inspector still reads the core's δ on the new shape, clicked on the canvas.
  const box = await page.locator('#network').boundingBox();
  const at = await page.evaluate(() => window.playground.neuronPosition(2, 1));
  await page.mouse.click(box.x + at.x, box.y + at.y);
  const delta = Number(await page.locator('#inspector [data-quantity="delta"]').first().getAttribute('data-value'));
  assert.equal(delta, (await page.evaluate(() => window.playground.snapshot())).delta[2][1]);
  await page.evaluate(() => window.playground.train(50));
  await page.click('#shape button[aria-label="remove the hidden layer before the output"]');
  spec = await page.evaluate(() => window.playground.spec());
  assert.deepEqual(spec.layers, [2, 3, 1]);
  await screenshot(page, 'reshaped');
  assertNoConsoleErrors(messages);
});

test('the neurons can show what they respond to over the input plane', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate(() => window.playground.pause());
  await page.selectOption('#preset', 'circle');
  await page.evaluate(() => window.playground.train(300));
  /** Distinct colours inside hidden neuron h¹₁'s circle (a plain fill has only a few). */
  const coloursInside = () =>
    page.evaluate(() => {
      const canvas = document.getElementById('network');
      const { x, y } = window.playground.neuronPosition(1, 0);
      const scale = canvas.width / canvas.clientWidth;
      const r = 9 * scale;
      const data = canvas.getContext('2d').getImageData(x * scale - r, y * scale - r, 2 * r, 2 * r).data;
      const seen = new Set();
      for (let i = 0; i < data.length; i += 4) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
      return seen.size;
    });
  const plain = await coloursInside();
  await page.check('#neuron-maps');
  const mapped = await coloursInside();
  assert.ok(mapped > plain + 20, `colours inside the neuron: plain ${plain}, with its heatmap ${mapped}`);
  await screenshot(page, 'neuron-heatmaps');
  // The test's own repeated getImageData readbacks draw Chromium's willReadFrequently hint.
  assertNoConsoleErrors(messages, { allow: [/willReadFrequently/] });
});

test('on a 390 px phone the page stacks, nothing overflows sideways, and a tap inspects a neuron', async () => {
  const { page: phone, messages } = await browser.openPage('/', { viewport: { width: 390, height: 844 } });
  await phone.waitForFunction(() => document.body.classList.contains('ready'));
  await phone.evaluate((spec) => window.playground.load(spec), TOY);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than the phone`);
  const side = await phone.locator('aside.side').boundingBox();
  const unscrolled = await phone.locator('#network').boundingBox();
  assert.ok(side.y > unscrolled.y + unscrolled.height, 'the inspector stacks below the network');
  await phone.locator('#network').scrollIntoViewIfNeeded();
  const network = await phone.locator('#network').boundingBox();
  const play = await phone.locator('#play').boundingBox();
  assert.ok(play.height >= 44, `play button ${play.height} px tall`);
  const at = await phone.evaluate(() => window.playground.neuronPosition(1, 1));
  await phone.mouse.click(network.x + at.x, network.y + at.y);
  const delta = Number(await phone.locator('#inspector [data-quantity="delta"]').first().getAttribute('data-value'));
  assert.equal(delta, (await phone.evaluate(() => window.playground.snapshot())).delta[1][1]);
  // The inspector comes to the finger: its top is on screen after the tap.
  const inspector = await phone.locator('#inspector').boundingBox();
  assert.ok(inspector.y >= 0 && inspector.y < 844, `the inspector is at ${inspector.y} px`);
  await screenshot(phone, 'phone');
  await phone.close();
  assertNoConsoleErrors(messages);
});

test('a pasted CSV trains, and a malformed one gives its line and column and changes nothing', async () => {
  const { page, messages } = await openPlayground();
  await page.selectOption('#preset', 'toy');
  await page.evaluate(() => window.playground.pause());
  await page.click('#own-data summary');
  const rows = ['x1,x2,class'];
  for (let i = 0; i < 40; i++) {
    const x = (i % 8) / 4 - 1;
    const y = Math.floor(i / 8) / 2 - 1;
    rows.push(`${x},${y},${x + y > 0 ? 1 : 0}`);
  }
  await page.locator('#csv-text').fill(rows.join('\n'));
  await page.click('#csv-load');
  // The toy network has two outputs and this data one target: the page says what changed.
  assert.equal(
    await page.locator('#csv-message').textContent(),
    'The data has 2 inputs and 1 target, so the network now has 2 input neurons and 1 output neuron, and all its weights are drawn anew from the seed.',
  );
  let spec = await page.evaluate(() => window.playground.spec());
  assert.equal(spec.data.inputs.length, 40);
  assert.deepEqual(spec.data.inputs[9], [-0.75, -0.5]); // row 10 of the CSV: i = 9
  const before = await page.evaluate(() => window.playground.snapshot().loss);
  const after = await page.evaluate(() => window.playground.train(300).loss);
  assert.ok(after < before, `loss ${before} → ${after}`);
  const kept = await page.evaluate(() => JSON.stringify(window.playground.spec()));
  await page.locator('#csv-text').fill('x1,x2,t\n0.1,0.2,1\n0.3,abc,0\n');
  await page.click('#csv-load');
  assert.match(await page.locator('#csv-message').textContent(), /line 3, column 2: "abc" is not a number/);
  await page.locator('#csv-text').fill('x1,x2,t\n0.1,0.2,1\n0.3,0.4\n');
  await page.click('#csv-load');
  assert.match(await page.locator('#csv-message').textContent(), /line 3/);
  assert.equal(await page.evaluate(() => JSON.stringify(window.playground.spec())), kept);
  // A click on the plot in "add" mode adds a sample of that class where it was clicked.
  await page.selectOption('#click-mode', '1');
  const box = await page.locator('#data').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  spec = await page.evaluate(() => window.playground.spec());
  assert.equal(spec.data.inputs.length, 41);
  assert.deepEqual(spec.data.targets[40], [1]);
  await screenshot(page, 'own-data');
  assertNoConsoleErrors(messages);
});

test('training options: activation per layer, cross-entropy, regularisation and momentum, refused when wrong', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate(() => window.playground.pause());
  await page.selectOption('#preset', 'xor');
  await page.click('#options summary');
  const weights = await page.evaluate(() => window.playground.spec().weights);
  await page.selectOption('#activations select >> nth=0', 'tanh');
  let spec = await page.evaluate(() => window.playground.spec());
  assert.deepEqual(spec.activation, ['tanh', 'sigmoid']);
  assert.deepEqual(spec.weights, weights, 'changing a setting keeps the weights');
  await page.evaluate(() => window.playground.select(1, 0));
  assert.match(await page.locator('#inspector').textContent(), /1\s*−\s*a/);
  // The loss menu offers the core's losses, with their entry's words, the default shown.
  const losses = await page.evaluate(async () => (await import('/core.js')).CONFIG.losses);
  const offered = await page.$$eval('#loss option', (options) => options.map((o) => ({ name: o.value, label: o.textContent })));
  assert.deepEqual(offered, losses);
  assert.deepEqual(losses.map((l) => l.name), ['squared', 'cross_entropy']);
  assert.equal(await page.inputValue('#loss'), 'squared');
  await page.selectOption('#loss', 'cross_entropy');
  let s = await page.evaluate(() => window.playground.snapshot());
  assert.equal(s.loss_kind, 'cross_entropy');
  // δ of the output is simply a − t with cross-entropy.
  assert.ok(Math.abs(s.delta[2][0] - (s.a[2][0] - s.target[0])) < 1e-15);
  assert.equal(await page.locator('#accuracy-box').isVisible(), true);
  // Cross-entropy needs a sigmoid output: refused, nothing changed.
  const before = await page.evaluate(() => JSON.stringify(window.playground.spec()));
  await page.selectOption('#activations select >> nth=1', 'tanh');
  assert.match(await page.locator('#options-message').textContent(), /loss/);
  assert.equal(await page.evaluate(() => JSON.stringify(window.playground.spec())), before);
  assert.equal(await page.inputValue('#activations select >> nth=1'), 'sigmoid', 'the menu shows the output the network kept');
  await page.selectOption('#penalty', 'l2');
  await page.locator('#penalty-rate').fill('0.01');
  await page.locator('#penalty-rate').press('Enter');
  spec = await page.evaluate(() => window.playground.spec());
  assert.deepEqual(spec.regularization, { kind: 'l2', rate: 0.01 });
  await page.locator('#momentum').fill('1.5');
  await page.locator('#momentum').press('Enter');
  assert.match(await page.locator('#options-message').textContent(), /momentum/);
  await page.locator('#momentum').fill('0.9');
  await page.locator('#momentum').press('Enter');
  assert.equal(await page.evaluate(() => window.playground.spec().momentum), 0.9);
  s = await page.evaluate(() => window.playground.train(200));
  assert.ok(Number.isFinite(s.loss) && s.penalty > 0, `loss ${s.loss}, penalty ${s.penalty}`);
  await screenshot(page, 'options');
  assertNoConsoleErrors(messages);
});
