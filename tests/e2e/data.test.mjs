// The data options on the page in headless Chromium: noise and a training/test split for the
// generated data sets (the test loss a second curve on the chart, the test points edged in black
// on the plot), and input features (x₁², x₂², …) that the network and its heatmaps see.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { afterFrames, assertNoConsoleErrors, launch, screenshot } from './lib/browser.mjs';
import { openPlayground as openIn } from './lib/fixtures.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The playground, paused, so every test trains exactly the epochs it asks for. */
async function openPlayground() {
  const opened = await openIn(browser);
  await opened.page.evaluate(() => window.playground.pause());
  return opened;
}

/** How many pixels of canvas `id` are within `tolerance` of the colour [r, g, b]. */
function pixelsOfColour(page, id, rgb, tolerance = 40) {
  return page.evaluate(
    ([canvasId, [r, g, b], tol]) => {
      const canvas = document.getElementById(canvasId);
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) <= tol) count++;
      }
      return count;
    },
    [id, rgb, tolerance],
  );
}

/** The mean colour of the data plot over a square centred at a share (0–1) of its width and height. */
function dataColour(page, fx, fy, half = 0.06) {
  return page.evaluate(
    ([x, y, h]) => {
      const canvas = document.getElementById('data');
      const [w, ht] = [canvas.width, canvas.height];
      const d = canvas.getContext('2d').getImageData(Math.round((x - h) * w), Math.round((y - h) * ht), Math.round(2 * h * w), Math.round(2 * h * ht)).data;
      const sum = [0, 0, 0];
      for (let i = 0; i < d.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += d[i + c];
      return sum.map((v) => Math.round(v / (d.length / 4)));
    },
    [fx, fy, half],
  );
}

// The chart's curve colours (ChartStyle in src/view/loss_chart.rs).
const TRAINING_COLOUR = [84, 39, 143];
const TEST_COLOUR = [214, 96, 0];

test('noise and a 30 % test share: the held-out loss is a second curve on the chart', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate(() => window.playground.pause());
  await page.selectOption('#preset', 'circle');
  // η = 1 (the first screen's 0.3 plateaus longer than the 300 epochs below).
  await page.locator('#rate').fill('1');
  await page.locator('#rate').press('Enter');
  await page.click('#options summary');
  const weights = await page.evaluate(() => window.playground.spec().weights);
  assert.equal(await page.locator('#test-share').isEnabled(), true);
  await page.locator('#noise-slider').fill('0.1');
  await page.selectOption('#test-share', '0.3');
  // Accepted, and the page says what the new data reset: the loss curve, not the weights.
  assert.match(await page.locator('#options-message').textContent(), /^The data changed, so the loss curve starts again at epoch 0/);
  const spec = await page.evaluate(() => window.playground.spec());
  assert.equal(spec.data.noise, 0.1);
  assert.equal(spec.data.test_share, 0.3);
  assert.deepEqual(spec.weights, weights, 'the weights stay');
  assert.equal(spec.batch_size, 10);

  // The spec round-trips through load, split included.
  const before = await page.evaluate(() => window.playground.snapshot());
  await page.evaluate((s) => window.playground.load(s), spec);
  assert.deepEqual(await page.evaluate(() => window.playground.spec()), spec);
  const loaded = await page.evaluate(() => window.playground.snapshot());
  assert.equal(loaded.test_loss, before.test_loss);
  assert.equal(typeof loaded.test_loss, 'number');
  assert.equal(loaded.sample_count, 140);
  assert.equal(loaded.test_sample_count, 60);

  const trained = await page.evaluate(() => window.playground.train(300));
  assert.equal(typeof trained.test_loss, 'number');
  assert.ok(trained.test_loss < before.test_loss, `test loss ${before.test_loss} → ${trained.test_loss}`);
  assert.notEqual(trained.test_loss, trained.loss);
  const series = await page.evaluate(() => window.playground.lossSeries());
  // Measured every 8th epoch (with a 30 % test share a measurement costs 1.43 training-set
  // passes: history::measure_every), plus the state drawn at epoch 300: 0, 8, …, 296, 300.
  assert.equal(series.training, 39, `training curve: ${series.training} points`);
  assert.equal(series.test, series.training, 'both curves are measured at the same epochs');
  // Both curves are on the chart, each in its colour, and the status line gives the test loss.
  await afterFrames(page);
  const testPixels = await pixelsOfColour(page, 'chart', TEST_COLOUR);
  const trainingPixels = await pixelsOfColour(page, 'chart', TRAINING_COLOUR);
  assert.ok(testPixels > 100, `test-curve pixels: ${testPixels}`);
  assert.ok(trainingPixels > 100, `training-curve pixels: ${trainingPixels}`);
  assert.equal(await page.locator('#test-loss-box').isVisible(), true);
  assert.equal(Number(await page.locator('#test-loss').textContent()), Number(trained.test_loss.toPrecision(4)));
  assert.equal(await page.locator('#loss-label').textContent(), 'training loss');
  assert.equal(await page.locator('#test-points-hint').isVisible(), true);
  await page.locator('#chart').scrollIntoViewIfNeeded();
  await screenshot(page, 'test-split');

  // No test share: one curve again.
  await page.selectOption('#test-share', '0');
  assert.equal(await page.evaluate(() => window.playground.spec().data.test_share), undefined);
  assert.equal(await page.evaluate(() => window.playground.snapshot().test_loss), null);
  assert.equal(await page.evaluate(() => window.playground.lossSeries().test), 0);
  assert.equal(await page.locator('#test-loss-box').isHidden(), true);
  await afterFrames(page);
  assert.equal(await pixelsOfColour(page, 'chart', TEST_COLOUR, 20), 0, 'no test curve left');

  // A fixed data set takes no noise or test share: the controls say so.
  await page.selectOption('#preset', 'xor');
  assert.equal(await page.locator('#test-share').isDisabled(), true);
  assert.equal(await page.locator('#noise-slider').isDisabled(), true);
  assert.match(await page.locator('#data-options-hint').textContent(), /generated data sets/);
  assertNoConsoleErrors(messages, { allow: [/willReadFrequently/] });
});

test('features x₁², x₂² let a network without a hidden layer fit the circle; an unknown one is refused', async () => {
  const { page, messages } = await openPlayground();
  await page.selectOption('#preset', 'circle');
  await page.click('#options summary');
  await page.click('#shape button[aria-label="remove the hidden layer before the output"]');
  await page.click('#shape button[aria-label="remove the hidden layer before the output"]');
  assert.deepEqual(await page.evaluate(() => window.playground.spec().layers), [2, 1]);
  const plain = await page.evaluate(() => window.playground.train(500));
  assert.ok(plain.accuracy < 0.8, `a straight line cannot fit a circle: accuracy ${plain.accuracy}`);

  // Switch x₁, x₂ off and x₁², x₂² on, from the checkboxes. A feature the network had keeps
  // its weights.
  const plainWeights = plain.weights;
  await page.check('#features input[value="x1^2"]');
  let spec = await page.evaluate(() => window.playground.spec());
  assert.deepEqual(spec.features, ['x1', 'x2', 'x1^2']);
  assert.deepEqual(spec.layers, [3, 1]);
  assert.deepEqual(spec.weights[0][0].slice(0, 2), plainWeights[0][0]);
  await page.check('#features input[value="x2^2"]');
  await page.uncheck('#features input[value="x1"]');
  await page.uncheck('#features input[value="x2"]');
  spec = await page.evaluate(() => window.playground.spec());
  assert.deepEqual(spec.features, ['x1^2', 'x2^2']);
  assert.deepEqual(spec.layers, [2, 1]);
  assert.deepEqual(spec.data, { dataset: 'circle', samples: 200, noise: 0.05 }, 'the data stay');
  assert.equal(await page.locator('#options-message').textContent(), '');
  const fresh = await page.evaluate(() => window.playground.snapshot());
  assert.equal(fresh.epoch, 0);
  // The network sees the features of the selected point: two squares.
  assert.equal(fresh.a[0].length, 2);
  assert.ok(fresh.a[0].every((v) => v >= 0), `squares are not negative: ${fresh.a[0]}`);

  const trained = await page.evaluate(() => window.playground.train(1500));
  assert.ok(trained.loss < 0.05, `loss ${trained.loss}`);
  assert.ok(trained.accuracy > 0.95, `accuracy ${trained.accuracy}`);
  // The background is the network's output over the plane (x₁, x₂), through the features: a
  // disc of class 1 (orange) in the middle, class 0 (blue) in the corners.
  await afterFrames(page);
  const [cr, , cb] = await dataColour(page, 0.5, 0.5);
  const [kr, , kb] = await dataColour(page, 0.06, 0.06, 0.04);
  assert.ok(cr > cb + 60, `centre should be orange: ${cr}, ${cb}`);
  assert.ok(kb > kr + 60, `corner should be blue: ${kr}, ${kb}`);

  // The neurons' heatmaps show each input feature over the plane.
  await page.check('#neuron-maps');
  await afterFrames(page);
  await page.locator('#network').scrollIntoViewIfNeeded();
  await screenshot(page, 'features');

  // An unknown feature is refused with its name, and nothing changes; so is none at all.
  const before = await page.evaluate(() => JSON.stringify(window.playground.spec()));
  const attempt = (call, arg) =>
    page.evaluate(
      ([c, a]) => {
        try {
          if (c === 'load') window.playground.load(a);
          else window.playground.setFeatures(a);
          return 'accepted';
        } catch (err) {
          return err.message;
        }
      },
      [call, arg],
    );
  assert.match(await attempt('set', ['x1^2', 'x3']), /features\[1\]: unknown feature "x3": choose from x1, x2, x1\^2/);
  assert.match(
    await attempt('load', { ...JSON.parse(before), features: ['x3', 'x2^2'] }),
    /features\[0\]: unknown variant `x3`/,
  );
  assert.match(await attempt('set', []), /features: is empty/);
  assert.match(await attempt('set', ['x1^2', 'x1^2']), /features\[1\]: "x1\^2" is listed twice/);
  assert.equal(await page.evaluate(() => JSON.stringify(window.playground.spec())), before);
  // From the checkboxes: unchecking the last one is refused, and it shows checked again.
  await page.click('#features input[value="x1^2"]');
  const one = await page.evaluate(() => JSON.stringify(window.playground.spec()));
  assert.deepEqual(JSON.parse(one).features, ['x2^2']);
  await page.click('#features input[value="x2^2"]');
  assert.match(await page.locator('#options-message').textContent(), /features: is empty.*Nothing changed/);
  assert.equal(await page.isChecked('#features input[value="x2^2"]'), true);
  assert.equal(await page.evaluate(() => JSON.stringify(window.playground.spec())), one);

  // The preset that makes the point.
  await page.selectOption('#preset', 'circle-squares');
  const preset = await page.evaluate(() => window.playground.train(1000));
  assert.deepEqual(preset.layers, [2, 1]);
  assert.equal(preset.test_sample_count, 40);
  assert.ok(preset.accuracy > 0.95 && preset.test_loss < 0.05, `accuracy ${preset.accuracy}, test loss ${preset.test_loss}`);
  assert.equal(await page.isChecked('#features input[value="x1^2"]'), true);
  assert.equal(await page.isChecked('#features input[value="x1"]'), false);
  assert.equal(await page.locator('#test-share').inputValue(), '0.2');

  // Data that are not points (x₁, x₂) take no features.
  await page.evaluate(() =>
    window.playground.load({
      layers: [3, 2, 1],
      activation: 'sigmoid',
      seed: 1,
      learning_rate: 1,
      data: { inputs: [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], targets: [[0], [1]] },
    }),
  );
  assert.equal(await page.locator('#features input[value="x1"]').isDisabled(), true);
  assert.match(await page.locator('#features-hint').textContent(), /two inputs/);
  assertNoConsoleErrors(messages, { allow: [/willReadFrequently/] });
});
