// Shared by the browser benchmarks: statistics, and the JSON files that `cargo xtask bench`
// gathers into its summary table. BENCH_OUT_DIR (set by xtask) is where results go; without it
// (a script run by hand) nothing is written.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The `p`-th percentile (nearest rank) of an ascending array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Writes `BENCH_OUT_DIR/<name>.json` (if BENCH_OUT_DIR is set). */
export async function writeResult(name, value) {
  const dir = process.env.BENCH_OUT_DIR;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${name}.json`), JSON.stringify(value, null, 2) + '\n');
}

/** Reads `BENCH_OUT_DIR/<name>.json`, or null if there is none. */
export async function readResult(name) {
  const dir = process.env.BENCH_OUT_DIR;
  if (!dir) return null;
  try {
    return JSON.parse(await readFile(path.join(dir, `${name}.json`), 'utf8'));
  } catch {
    return null;
  }
}

/** `1234567` as `1.23 M`. */
export function millions(x) {
  return `${(x / 1e6).toFixed(2)} M`;
}
