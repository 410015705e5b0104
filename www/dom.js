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
