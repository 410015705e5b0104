// The page's address mirrors its whole state, so that a reload, the Back button and a copied
// link all show what was there. This module only encodes and decodes the fragment; the page
// decides what goes in it and when it is written.
//
// The fragment: `#spec=S&resume=R&view=V`, each part base64url (no padding) of JSON text:
//   S  the network spec (the format `load` takes; older links hold only this part),
//   R  the rest of the model's state from the core (epoch, shuffling, momentum, loss curves,
//      selection, sample),
//   V  the page's own view state (tab, speed, toggles, open panels).
// A state too big for an address (thousands of CSV rows) is kept in this browser's
// localStorage instead, and the address names it: `#stored=KEY`.

/** Addresses longer than this keep their state in localStorage (browsers refuse ~2 MB ones). */
export const ADDRESS_LIMIT = 64 * 1024;
const STORE_PREFIX = 'backprop-playground:state:';
const STORE_INDEX = 'backprop-playground:stored';
/** How many large states this browser keeps; the oldest is dropped first. */
const STORE_KEEP = 8;
const PARTS = ['spec', 'resume', 'view'];
/** What each part is, in the learner's words. */
const PART_NAMES = { spec: 'network', resume: 'training progress', view: 'view settings' };

export function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The text a base64url part holds, or throws an Error in the learner's words. */
function fromBase64Url(part, key) {
  const name = PART_NAMES[key];
  // base64url without padding: a length of 4n + 1 cannot come from any text.
  if (!/^[A-Za-z0-9_-]+$/.test(part) || part.length % 4 === 1) {
    throw new Error(`its ${name} has been changed or cut short`);
  }
  const binary = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    throw new Error(`its ${name} has been changed or cut short`);
  }
}

/** The fragment (with '#') for a state: spec and resume are JSON texts, view a plain object. */
export function fragmentFor({ spec, resume, view }) {
  return `#spec=${toBase64Url(spec)}&resume=${toBase64Url(resume)}&view=${toBase64Url(JSON.stringify(view))}`;
}

/**
 * What a fragment holds:
 * - `{ kind: 'none' }` for no fragment (a fresh visit);
 * - `{ kind: 'state', spec, resume, view }` (resume and view may be null: older links);
 * - `{ kind: 'damaged', reason }` for anything a link made by this page never looks like.
 * A `#stored=KEY` fragment is looked up in localStorage first.
 */
export function readFragment(hash, storage = globalThis.localStorage) {
  const text = hash.replace(/^#/, '');
  if (text === '') return { kind: 'none' };
  try {
    const stored = text.match(/^stored=([a-z0-9]{8,32})$/);
    if (stored) {
      const kept = storage?.getItem(STORE_PREFIX + stored[1]);
      if (kept == null) {
        throw new Error(
          'its network was too big for a link, so it was kept in the browser it was made in, and this browser does not have it',
        );
      }
      return parseParts(kept);
    }
    return parseParts(text);
  } catch (err) {
    return { kind: 'damaged', reason: err.message };
  }
}

function parseParts(text) {
  const found = {};
  for (const pair of text.split('&')) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (!PARTS.includes(name)) throw new Error('it holds something that this page never puts in a link');
    if (name in found) throw new Error(`it holds two ${PART_NAMES[name]}s`);
    if (eq < 0 || eq === pair.length - 1) throw new Error(`its ${PART_NAMES[name]} is empty`);
    found[name] = fromBase64Url(pair.slice(eq + 1), name);
  }
  if (!found.spec) throw new Error('it has no network in it');
  let view = null;
  if (found.view) {
    try {
      view = JSON.parse(found.view);
    } catch {
      throw new Error('its view settings have been changed or cut short');
    }
    if (view === null || typeof view !== 'object' || Array.isArray(view)) throw new Error('its view settings have been changed or cut short');
  }
  return { kind: 'state', spec: found.spec, resume: found.resume ?? null, view };
}

/**
 * Keeps a fragment too long for an address in localStorage; returns the short fragment that
 * names it (`#stored=KEY`), or null when the browser will not keep it (storage full or off).
 * `key` is this tab's key, so one tab keeps rewriting one entry.
 */
export function storeLarge(fragment, key, storage = globalThis.localStorage) {
  try {
    storage.setItem(STORE_PREFIX + key, fragment.replace(/^#/, ''));
    const index = JSON.parse(storage.getItem(STORE_INDEX) ?? '[]').filter((k) => k !== key);
    index.push(key);
    while (index.length > STORE_KEEP) storage.removeItem(STORE_PREFIX + index.shift());
    storage.setItem(STORE_INDEX, JSON.stringify(index));
    return `#stored=${key}`;
  } catch {
    return null;
  }
}

/** A fresh key for this tab's large states. */
export function newStoreKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
}
