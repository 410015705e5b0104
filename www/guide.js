// What guides a learner in: the start-here box (the thread's network, one question at a time),
// the first-visit callouts that point at what to click, and the keyboard help popover. Each is
// dismissed for good once the learner closes it (remembered in localStorage when it is there).
import { $ } from './dom.js';
import { pg } from './core.js';
import { isTextEntry, startHere } from './controls.js';

const START_CLOSED_KEY = 'backprop-playground:start-here-closed';
const CALLOUTS_DONE_KEY = 'backprop-playground:callouts-done';

function remembered(key) {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false; // No storage (private mode): shown each visit.
  }
}

function remember(key, yes) {
  try {
    localStorage.setItem(key, yes ? '1' : '0');
  } catch {
    // As above.
  }
}

export function wireGuide() {
  // ---- start here ----
  const box = $('start-here');
  if (remembered(START_CLOSED_KEY)) box.open = false;
  box.addEventListener('toggle', () => remember(START_CLOSED_KEY, !box.open));
  box.addEventListener('click', (e) => {
    const link = e.target.closest('[data-start]');
    if (!link) return;
    e.preventDefault();
    startHere(link.dataset.start);
  });
  // One click from anywhere: the header's button opens the box and brings it into view.
  $('start-here-button').addEventListener('click', () => {
    box.open = true;
    box.scrollIntoView({ block: 'nearest' });
    box.querySelector('[data-start]').focus();
  });

  // ---- keyboard help: "?" opens it wherever the focus is, except in a text field ----
  document.addEventListener('keydown', (e) => {
    if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey) return;
    // The same rule as Space and N: only where the learner types do the keys type.
    if (isTextEntry(e.target)) return;
    e.preventDefault();
    $('keys-help').togglePopover();
  });

  // ---- first-visit callouts ----
  const resized = new ResizeObserver(placeCallouts);
  if (!remembered(CALLOUTS_DONE_KEY)) {
    $('callouts').hidden = false;
    placeCallouts();
    resized.observe($('network'));
    resized.observe(document.body);
    document.addEventListener('playground:refreshed', placeCallouts);
  }
  const done = () => {
    $('callouts').hidden = true;
    remember(CALLOUTS_DONE_KEY, true);
    resized.disconnect();
    document.removeEventListener('playground:refreshed', placeCallouts);
  };
  $('callouts-close').addEventListener('click', done);
  // Doing what they point at is as good as "Got it".
  $('network').addEventListener('click', () => {
    if (!$('callouts').hidden) done();
  });
  // So is any other first step a learner takes: a tab, η typed, a question of Start here.
  for (const el of [$('rate-slider'), $('rate'), document.querySelector('.tabs'), $('start-here')]) {
    el.addEventListener(el === $('rate-slider') ? 'input' : 'click', () => {
      if (!$('callouts').hidden) done();
    });
  }
  $('rate').addEventListener('change', () => {
    if (!$('callouts').hidden) done();
  });
}

/**
 * Puts each callout on the page next to what it points at: the last layer's first neuron, the
 * middle of a weight line into it, and the η slider. Page coordinates, so scrolling moves them
 * with what they point at; a resize places them again.
 */
export function placeCallouts() {
  if ($('callouts').hidden) return;
  const canvas = $('network').getBoundingClientRect();
  const [scrollX, scrollY] = [window.scrollX, window.scrollY];
  const layers = Array.from(pg.layers());
  const last = layers.length - 1;
  const toPage = ([x, y]) => [canvas.left + scrollX + x, canvas.top + scrollY + y];
  const [nx, ny] = toPage(pg.neuron_position(last, 0));
  // The weight from the first input into the first neuron of the next layer: far from o₁.
  const [ax, ay] = toPage(pg.neuron_position(0, 0));
  const [bx, by] = toPage(pg.neuron_position(1, 0));
  // A callout under its target, its arrow at x, kept inside the page's width; `leftward` puts
  // the bubble to the left of the arrow (for what sits at the right edge of the network).
  // A callout's left edge for an arrow at x, kept inside the page's width; `leftward` puts the
  // bubble to the left of the arrow (for what sits at the right edge of the network).
  const leftFor = (el, x, leftward = false) => {
    const wanted = leftward ? x - el.offsetWidth + 20 : x - 14;
    return Math.max(4, Math.min(wanted, document.documentElement.clientWidth - el.offsetWidth - 4));
  };
  const neuron = document.querySelector('[data-callout="neuron"]');
  const neuronLeft = leftFor(neuron, nx, true);
  place(neuron, 'below', neuronLeft, ny + 42, `${nx - neuronLeft - 6}px`);
  const [wx, wy] = [(ax + bx) / 2, (ay + by) / 2];
  place(document.querySelector('[data-callout="weight"]'), 'right', wx + 8, wy - 14);
  // The η callout sits above the slider (the row under it holds buttons it would hide).
  const slider = $('rate-slider').getBoundingClientRect();
  const rate = document.querySelector('[data-callout="rate"]');
  const rateX = slider.left + scrollX + slider.width / 2;
  const rateLeft = leftFor(rate, rateX);
  place(rate, 'above', rateLeft, Math.max(2, slider.top + scrollY - rate.offsetHeight - 8), `${rateX - rateLeft - 6}px`);
}

/**
 * Puts callout `el` at page position (`left`, `top`) on `side` of its target, writing only what
 * changed: this runs whenever the page's size changes, which while training can be every frame,
 * and a write of the same style still costs the frame a layout.
 */
function place(el, side, left, top, arrow) {
  if (el.dataset.side !== side) el.dataset.side = side;
  for (const [name, value] of [['left', `${left}px`], ['top', `${top}px`], ['--arrow', arrow]]) {
    if (value !== undefined && el.style.getPropertyValue(name) !== value) el.style.setProperty(name, value);
  }
}
