// One state, one truth: whatever the learner just did, every number on screen is of the network
// in front of them, and changing a setting changes only that setting.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoConsoleErrors, launch } from './lib/browser.mjs';
import { openPlayground as openIn } from './lib/fixtures.mjs';

let browser;
const openPlayground = () => openIn(browser);
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * Every tagged number in the inspector, compared with snapshot() read in the same instant: the
 * selected neuron's net, a and δ, a selected weight's a_j, and every ∂loss/∂w and weight cell with
 * its weight's indices.
 * Returns how many numbers were compared.
 */
async function assertInspectorIsSnapshot(page, what) {
  const { shown, snapshot } = await page.evaluate(() => {
    const cells = [...document.querySelectorAll('#inspector [data-quantity][data-value]')].map((el) => ({
      quantity: el.dataset.quantity,
      value: Number(el.dataset.value),
      weight: el.dataset.weight ?? null,
    }));
    return { shown: cells, snapshot: window.playground.snapshot() };
  });
  const selection = await page.evaluate(() => window.playground.selection());
  let compared = 0;
  for (const cell of shown) {
    let expected;
    if (selection.kind === 'neuron' && ['net', 'a', 'delta'].includes(cell.quantity) && cell.weight === null) {
      expected = snapshot[cell.quantity][selection.layer][selection.index];
    } else if (selection.kind === 'weight' && cell.quantity === 'net_wrt_w') {
      expected = snapshot.a[selection.layer][selection.from]; // ∂net_k/∂w_jk = a_j
    } else if (cell.quantity === 'mean_gradient' || cell.quantity === 'weight') {
      const [l, k, j] = cell.weight
        ? cell.weight.split(',').map(Number)
        : [selection.layer, selection.to, selection.from];
      if (l === undefined || k === undefined || j === undefined) continue;
      expected = (cell.quantity === 'weight' ? snapshot.weights : snapshot.gradients)[l][k][j];
    } else {
      continue;
    }
    assert.equal(cell.value, expected, `${what}: inspector ${cell.quantity}${cell.weight ? ` [${cell.weight}]` : ''} is not the network's`);
    compared++;
  }
  assert.ok(compared >= 3, `${what}: only ${compared} numbers compared`);
  return compared;
}

test('after Pause, Step and a hand-set weight the inspector shows the network on screen at once', async () => {
  const { page, messages } = await openPlayground();
  // Two hidden neurons, so the inspector's table has rows and the numbers move every epoch.
  await page.evaluate(() => window.playground.select(1, 1));
  await page.evaluate(() => window.playground.play());
  await page.waitForFunction(() => window.playground.snapshot().epoch > 40);
  // While playing, the panel says which epoch its numbers are of.
  assert.match(await page.locator('#panel-epoch').textContent(), /epoch [\d,]+/);
  await page.click('#play'); // Pause
  await assertInspectorIsSnapshot(page, 'Pause');
  assert.equal(await page.locator('#panel-epoch').isHidden(), true);

  await page.evaluate(() => window.playground.play());
  await page.waitForFunction((e) => window.playground.snapshot().epoch > e + 20, (await page.evaluate(() => window.playground.snapshot().epoch)));
  await page.click('#step'); // Step pauses, then trains one epoch
  await assertInspectorIsSnapshot(page, 'Step');

  await page.evaluate(() => window.playground.selectWeight(1, 0, 1));
  await page.evaluate(() => window.playground.play());
  await page.locator('#weight-value').fill('0.75');
  await page.locator('#weight-value').press('Enter');
  assert.equal(await page.evaluate(() => window.playground.spec().weights[1][0][1]), 0.75);
  await assertInspectorIsSnapshot(page, 'hand-set weight');
  assertNoConsoleErrors(messages);
});

const SEEDED = {
  layers: [2, 3, 1],
  activation: 'sigmoid',
  bias: true,
  seed: 5,
  learning_rate: 0.5,
  data: { dataset: 'circle', samples: 60 },
};

test('changing each training option in turn keeps the epoch, and Reset with the same seed gives the seed\'s starting weights', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate((spec) => window.playground.load(spec), SEEDED);
  const start = await page.evaluate(() => window.playground.spec());
  await page.click('#options summary');
  const changes = {
    activation: () => page.selectOption('#activations select >> nth=0', 'tanh'),
    loss: () => page.selectOption('#loss', 'cross_entropy'),
    'batch size': async () => {
      await page.locator('#batch-size').fill('10');
      await page.locator('#batch-size').press('Enter');
    },
    regularisation: () => page.selectOption('#penalty', 'l2'),
    momentum: async () => {
      await page.locator('#momentum').fill('0.5');
      await page.locator('#momentum').press('Enter');
    },
    noise: async () => {
      await page.locator('#noise').fill('0.1');
      await page.locator('#noise').press('Enter');
    },
    'test share': () => page.selectOption('#test-share', '0.2'),
  };
  for (const [name, change] of Object.entries(changes)) {
    const trained = await page.evaluate(() => window.playground.train(15));
    const settingsBefore = await page.evaluate(() => JSON.stringify(window.playground.spec()));
    await change();
    assert.equal(await page.locator('#options-message').textContent().then((t) => /Nothing changed/.test(t)), false, `${name} was refused`);
    const after = await page.evaluate(() => window.playground.snapshot());
    assert.notEqual(await page.evaluate(() => JSON.stringify(window.playground.spec())), settingsBefore, `${name} changed nothing`);
    assert.equal(after.epoch, trained.epoch, `${name} reset the epoch`);
    assert.deepEqual(after.weights, trained.weights, `${name} moved the weights`);
    await page.click('#reset'); // the seed box still holds 5
    const reset = await page.evaluate(() => window.playground.spec());
    assert.equal(await page.evaluate(() => window.playground.snapshot().epoch), 0);
    assert.deepEqual(reset.weights, start.weights, `Reset after changing ${name} is not the seed's start`);
    assert.deepEqual(reset.biases, start.biases, `Reset after changing ${name}: biases`);
  }
  // Every change is still in force after the resets.
  const final = await page.evaluate(() => window.playground.spec());
  assert.deepEqual(final.activation, ['tanh', 'sigmoid']);
  assert.equal(final.loss, 'cross_entropy');
  assert.equal(final.batch_size, 10);
  assert.equal(final.regularization.kind, 'l2');
  assert.equal(final.momentum, 0.5);
  assert.equal(final.data.noise, 0.1);
  assert.equal(final.data.test_share, 0.2);
  assertNoConsoleErrors(messages);
});
