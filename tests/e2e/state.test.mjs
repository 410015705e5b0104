// One state, one truth: whatever the learner just did, every number on screen is of the network
// in front of them, and changing a setting changes only that setting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertNoConsoleErrors, screenshot } from './lib/browser.mjs';
import { browserForThisFile } from './lib/fixtures.mjs';

const { browser: currentBrowser, openPlayground } = browserForThisFile();

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
  await screenshot(page, 'training-panel-epoch');
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

test('the inspector follows training by rewriting only its numbers: the same nodes, every number of the snapshot, the same markup as a fresh render', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate(() => {
    window.playground.select(1, 1);
    window.playground.play();
  });
  await page.waitForFunction(() => window.playground.snapshot().epoch > 20);
  // A node of the panel, kept across refreshes while the structure stays. A refresh may also
  // rebuild the panel (the playing panel's own lines, a number that turns negative and gains
  // parentheses): then the node is taken again, up to five times.
  let inPlace = 0;
  for (let taken = 0; taken < 5 && inPlace === 0; taken++) {
    await page.evaluate(() => {
      window.deltaCell = document.querySelector('#inspector [data-quantity="delta"]');
      window.deltaShown = window.deltaCell.dataset.value;
    });
    await page.waitForFunction(
      () => !window.deltaCell.isConnected || window.deltaCell.dataset.value !== window.deltaShown,
      null,
      { timeout: 10_000 },
    );
    if (await page.evaluate(() => window.deltaCell.isConnected)) inPlace++;
  }
  await page.click('#play'); // Pause: the panel is refreshed with the paused state
  const same = await page.evaluate(async () => {
    const { pg } = await import('/core.js');
    const fresh = document.createElement('template');
    fresh.innerHTML = pg.inspector_html();
    return {
      markup: document.getElementById('inspector').innerHTML === fresh.innerHTML,
    };
  });
  assert.equal(inPlace, 1, 'a refresh while training wrote the δ cell\'s new number into the same node');
  assert.equal(same.markup, true, 'the panel reads exactly as a fresh render of the same state');
  await assertInspectorIsSnapshot(page, 'after refreshes in place');
  // Another neuron is another structure: the panel is rebuilt.
  await page.evaluate(() => {
    window.deltaCell = document.querySelector('#inspector [data-quantity="delta"]');
    window.playground.select(2, 0);
  });
  assert.equal(await page.evaluate(() => window.deltaCell.isConnected), false);
  await assertInspectorIsSnapshot(page, 'another neuron');
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
    const curveBefore = await page.evaluate(() => window.playground.lossSeries().training);
    await change();
    const curveAfter = await page.evaluate(() => window.playground.lossSeries().training);
    if (name === 'noise' || name === 'test share') {
      // New data: the old curve is of other samples, so it starts again here, and the page says so.
      assert.equal(curveAfter, 1, `${name}: the curve of the old data stays`);
      assert.match(await page.locator('#options-message').textContent(), /^The data changed, so the loss curve starts again at epoch \d+/);
    } else {
      assert.ok(curveAfter >= curveBefore, `${name} cleared the loss curve (${curveBefore} → ${curveAfter} points)`);
    }
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

/** Waits until the page has written its current state into its address. */
async function addressWritten(page) {
  await page.waitForFunction(() => window.playground.addressCurrent);
}

/** What a reload must bring back: the model, the selection, the open tab, paused. */
function pageState(page) {
  return page.evaluate(() => ({
    spec: window.playground.spec(),
    epoch: window.playground.snapshot().epoch,
    loss: window.playground.snapshot().loss,
    series: window.playground.lossSeries(),
    selection: window.playground.selection(),
    tab: document.querySelector('[role="tab"][aria-selected="true"]').id,
    playing: window.playground.playing,
    optionsOpen: document.getElementById('options').open,
  }));
}

const CSV = ['x1,x2,t', '0.1,0.9,1', '0.8,0.2,0', '0.4,0.4,1', '0.9,0.7,0', '0.2,0.3,1', '0.6,0.8,0'].join('\n');

test('a reload and a copied link bring back own data, options, a hand-set weight, the selection, the tab and the epoch, and train on identically', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate(() => window.playground.pause());
  await page.click('#own-data summary');
  await page.locator('#csv-text').fill(CSV);
  await page.click('#csv-load');
  await page.click('#options summary');
  await page.locator('#momentum').fill('0.5');
  await page.locator('#momentum').press('Enter');
  await page.locator('#batch-size').fill('2');
  await page.locator('#batch-size').press('Enter');
  await page.evaluate(() => window.playground.train(25));
  await page.evaluate(() => window.playground.setWeight(1, 0, 1, 0.321));
  await page.evaluate(() => window.playground.train(4));
  await page.evaluate(() => window.playground.select(1, 1));
  await page.click('#tab-why');
  await addressWritten(page);
  const before = await pageState(page);
  assert.equal(before.epoch, 29);
  assert.ok(before.series.training > 5, `loss curve of ${before.series.training} points`);
  const link = page.url();
  assert.match(link, /#spec=[A-Za-z0-9_-]+&resume=[A-Za-z0-9_-]+&view=[A-Za-z0-9_-]+$/);

  await page.reload();
  await page.waitForFunction(() => document.body.classList.contains('ready'));
  assert.deepEqual(await pageState(page), before, 'the reload shows another state');
  await assertInspectorIsSnapshot(page, 'after the reload');

  // The same link in another tab trains on exactly as the original would have: the same
  // shuffles, the same momentum steps.
  const { page: other, messages: otherMessages } = await currentBrowser().openPage(link.slice(link.indexOf('/#')));
  await other.waitForFunction(() => document.body.classList.contains('ready'));
  const here = await page.evaluate(() => window.playground.train(10));
  const there = await other.evaluate(() => window.playground.train(10));
  assert.deepEqual(there.weights, here.weights, 'the link does not train on identically');
  assert.deepEqual(there.biases, here.biases);
  assert.equal(there.epoch, 39);
  await other.close();
  assertNoConsoleErrors([...messages, ...otherMessages]);
});

test('Back returns to the page as it was', async () => {
  const { page, messages } = await openPlayground();
  await page.selectOption('#preset', 'xor');
  await page.evaluate(() => window.playground.train(40));
  await page.evaluate(() => window.playground.select(1, 0));
  await addressWritten(page);
  const before = await pageState(page);
  await page.goto('about:blank');
  await page.goBack();
  await page.waitForFunction(() => document.body.classList.contains('ready') && window.playground);
  const after = await pageState(page);
  assert.deepEqual(after.spec, before.spec);
  assert.equal(after.epoch, before.epoch);
  assert.deepEqual(after.selection, before.selection);
  assert.equal(after.playing, false);
  assertNoConsoleErrors(messages);
});

test('a damaged or tampered link says so in plain words and shows the default network', async () => {
  const { page: plain } = await openPlayground();
  await plain.evaluate(() => window.playground.pause());
  const defaultSpec = await plain.evaluate(() => window.playground.spec());
  await plain.selectOption('#preset', 'xor');
  await addressWritten(plain);
  const good = plain.url().slice(plain.url().indexOf('#'));
  await plain.close();
  const spec = good.match(/spec=([^&]*)/)[1];
  const damaged = [
    '#spec=*',
    '#spec=bm90=',
    `#spec=${spec.slice(0, 8)}+/${spec.slice(10)}`,
    '#spec=%41',
    '#spec=%20',
    '#spec=',
    good.slice(0, -1),
    `#spec=${spec.slice(0, -3)}`,
    '#resume=e30',
    '#colour=red',
    '#stored=0123456789abcdef',
  ];
  for (const fragment of damaged) {
    const { page, messages } = await currentBrowser().openPage(`/${fragment}`);
    await page.waitForFunction(() => document.body.classList.contains('ready'));
    const alert = await page.locator('#alert-text').textContent();
    assert.equal(await page.locator('#alert').isVisible(), true, `${fragment}: no message`);
    assert.match(alert, /^This link/, `${fragment}: ${alert}`);
    assert.doesNotMatch(alert, /atob|InvalidCharacterError|DOMException|undefined/, `${fragment}: ${alert}`);
    await page.evaluate(() => window.playground.pause());
    assert.deepEqual(await page.evaluate(() => window.playground.spec()).then((s) => s.layers), defaultSpec.layers, `${fragment}: not the default network`);
    if (fragment === good.slice(0, -1)) await screenshot(page, 'damaged-link');
    assertNoConsoleErrors(messages);
    await page.close();
  }
});

test('a link pasted into the same tab loads its network', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate(() => window.playground.pause());
  await page.selectOption('#preset', 'xor');
  await page.evaluate(() => window.playground.train(12));
  await addressWritten(page);
  const xor = await pageState(page);
  const xorHash = await page.evaluate(() => location.hash);
  await page.selectOption('#preset', 'circle');
  await addressWritten(page);
  assert.notDeepEqual((await pageState(page)).spec, xor.spec);
  await page.evaluate((hash) => (location.hash = hash), xorHash);
  await page.waitForFunction((layers) => JSON.stringify(window.playground.spec().layers) === layers, JSON.stringify(xor.spec.layers));
  const shown = await pageState(page);
  assert.deepEqual(shown.spec, xor.spec);
  assert.equal(shown.epoch, 12);
  assertNoConsoleErrors(messages);
});

test('a state too big for an address is kept in this browser, the address names it, and copying it says so', async () => {
  const { page, messages } = await openPlayground();
  await page.evaluate(() => window.playground.pause());
  const rows = ['x1,x2,t'];
  for (let i = 0; i < 3000; i++) rows.push(`${((i * 37) % 101) / 100},${((i * 53) % 97) / 96},${i % 2}`);
  await page.evaluate((text) => window.playground.loadCsv(text, 2), rows.join('\n'));
  await page.evaluate(() => window.playground.train(3));
  await addressWritten(page);
  assert.match(page.url(), /#stored=[0-9a-f]{16}$/);
  const before = await pageState(page);
  await page.click('#share');
  assert.match(await page.locator('#alert-text').textContent(), /too big for a link.*this browser/);
  await screenshot(page, 'stored-link');
  await page.reload();
  await page.waitForFunction(() => document.body.classList.contains('ready'));
  const after = await pageState(page);
  assert.deepEqual(after.spec, before.spec);
  assert.equal(after.epoch, 3);
  assertNoConsoleErrors(messages);
});

test('the controls are built from the core\'s facts: derivation questions, activations, shape limits', async () => {
  const { page, messages } = await openPlayground();
  const config = await page.evaluate(async () => {
    // The build the page loaded (simd128 or plain), already started.
    const { glue } = await import(new URL('/wasm.js', location.href).href);
    return JSON.parse(glue.config());
  });
  const derivations = await page.evaluate(() => [...document.querySelectorAll('#derivation option')].map((o) => ({ name: o.value, title: o.textContent })));
  assert.deepEqual(derivations, config.derivations);
  await page.click('#options summary');
  const activations = await page.evaluate(() => [...document.querySelectorAll('#activations select')[0].options].map((o) => o.value));
  assert.deepEqual(activations, config.activations);
  // The "+ neuron" button stops at the core's limit.
  await page.evaluate(() => window.playground.pause());
  const add = page.getByRole('button', { name: 'add a neuron to hidden layer 1' });
  while ((await page.evaluate(() => window.playground.spec().layers[1])) < config.max_hidden_neurons) await add.click();
  assert.equal(await add.isDisabled(), true);
  assertNoConsoleErrors(messages);
});

test('the largest seed, 2^53 − 1, round-trips through load, spec(), the seed box, a link and Reset; larger ones are refused', async () => {
  const { page, messages } = await openPlayground();
  const max = Number.MAX_SAFE_INTEGER;
  const spec = { ...SEEDED, seed: max, data: { dataset: 'circle', samples: 60, seed: max } };
  await page.evaluate((s) => window.playground.load(s), spec);
  const start = await page.evaluate(() => window.playground.spec());
  assert.equal(start.seed, max);
  assert.equal(start.data.seed, max);
  assert.equal(await page.locator('#seed').inputValue(), String(max));
  await page.evaluate(() => window.playground.train(7));
  await page.click('#reset');
  assert.deepEqual((await page.evaluate(() => window.playground.spec())).weights, start.weights);
  const link = await page.evaluate(() => window.playground.shareUrl());
  const { page: other, messages: otherMessages } = await currentBrowser().openPage(link.slice(link.indexOf('/#')));
  await other.waitForFunction(() => document.body.classList.contains('ready'));
  assert.deepEqual(await other.evaluate(() => window.playground.spec()), start);
  await other.close();
  // 2^53 is what JSON.parse makes of 2^53 + 1: refused by name, and nothing changes.
  for (const seed of ['9007199254740992', '18446744073709551615']) {
    const error = await page.evaluate(async (text) => {
      try {
        window.playground.load(text);
        return null;
      } catch (err) {
        return err.message;
      }
    }, JSON.stringify({ ...spec, seed: 0 }).replace('"seed":0', `"seed":${seed}`));
    assert.match(error, /^seed: \d+ is more than 9007199254740991 \(2\^53 − 1\)/);
    assert.deepEqual((await page.evaluate(() => window.playground.spec())).weights, start.weights);
  }
  assertNoConsoleErrors([...messages, ...otherMessages]);
});
