// Small DOM helpers shared by every module: lookup by id, the alert, downloads, copying, and
// reading a number the way a learner types it.


export const $ = (id) => document.getElementById(id);

// The status line is rewritten every frame while training. Writing a text or `hidden` that is
// already there still marks the element for layout (and callouts that follow the page for
// placing), so these write only what changed: a frame then lays out just the numbers that moved.
/** Sets element `id`'s text, if it differs. */
export function setText(id, text) {
  const el = $(id);
  if (el.textContent !== text) el.textContent = text;
}
/** Shows or hides element `id`, if that changes anything. */
export function setHidden(id, hidden) {
  const el = $(id);
  if (el.hidden !== hidden) el.hidden = hidden;
}
// The panels that follow training (inspector, step-through, Why?) are re-rendered five times a
// second. Replacing their MathML makes the browser build and lay all of it out again: 10–16 ms
// on the largest network, so every refresh was a late frame. Between two refreshes usually only
// numbers change, so `setHtml` writes just the text and attributes that differ into the nodes
// already there; a new structure (another neuron, another step) replaces the content.
const shownHtml = new WeakMap();

/** Sets element `id`'s content to `html`, in place where only text and attributes changed. */
export function setHtml(id, html) {
  const el = $(id);
  if (shownHtml.get(el) === html) return;
  shownHtml.set(el, html);
  const next = document.createElement('template');
  next.innerHTML = html;
  if (sameShape(el, next.content)) morph(el, next.content);
  else el.replaceChildren(next.content);
}

/** Whether `a` and `b` have the same child nodes, recursively: the same kinds and tag names. */
function sameShape(a, b) {
  const [x, y] = [a.childNodes, b.childNodes];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    if (x[i].nodeType !== y[i].nodeType || x[i].nodeName !== y[i].nodeName) return false;
    if (x[i].nodeType === Node.ELEMENT_NODE && !sameShape(x[i], y[i])) return false;
  }
  return true;
}

/** Writes `b`'s texts and attributes into `a`, which has the same shape, where they differ. */
function morph(a, b) {
  const [x, y] = [a.childNodes, b.childNodes];
  for (let i = 0; i < x.length; i++) {
    const [live, want] = [x[i], y[i]];
    if (live.nodeType !== Node.ELEMENT_NODE) {
      if (live.nodeValue !== want.nodeValue) live.nodeValue = want.nodeValue;
      continue;
    }
    for (const { name, value } of want.attributes) {
      if (live.getAttribute(name) !== value) live.setAttribute(name, value);
    }
    for (const { name } of [...live.attributes]) {
      if (!want.hasAttribute(name)) live.removeAttribute(name);
    }
    morph(live, want);
  }
}

/** Shows a message above the controls; `offerReset` adds the Reset button (after training failed). */
export function showAlert(text, { offerReset = false } = {}) {
  $('alert-text').textContent = text;
  $('alert-reset').hidden = !offerReset;
  $('alert').hidden = false;
}

/**
 * A number as a learner types it: decimal, with an optional sign, a decimal comma or point, an
 * exponent (1e-4) and the true minus sign (−). Anything else (empty, "abc", "0x10") is NaN.
 */
export function parseTyped(text) {
  const t = String(text).trim().replace(/−/g, '-').replace(/,/g, '.');
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : NaN;
}

/** A whole number typed in a field, or NaN. */
export function parseWhole(text) {
  const t = String(text).trim();
  return /^\d+$/.test(t) ? Number(t) : NaN;
}

export function copyText(text, button) {
  const label = button.textContent;
  navigator.clipboard.writeText(text).then(
    () => (button.textContent = 'Copied'),
    () => {
      getSelection().selectAllChildren($('markdown'));
      button.textContent = 'Selected: press Ctrl+C';
    },
  );
  setTimeout(() => (button.textContent = label), 2000);
}

export function download(name, blob) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/** A loss for the status line: 4 significant digits, and ∞, −∞ or "not a number" told apart. */
export function formatLoss(x) {
  if (Number.isFinite(x)) return x.toPrecision(4);
  if (Number.isNaN(x)) return 'not a number';
  return x > 0 ? '∞' : '−∞';
}
