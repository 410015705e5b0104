// How much of each frame to leave to the browser's own work after our frame callback (putting
// the canvases on screen), learned from the frames themselves.
//
// Why learned: that work depends on what is drawn. On the spirals a 3.5 ms margin kept every
// frame on time and trained 5,700-5,900 epochs/s, where the fixed 8 ms margin gave 3,100; the
// largest network with its heatmaps dropped 50 of 240 frames at anything under about 8 ms. So
// the margin starts in between, grows at once when a frame that trained to its budget comes
// late, and shrinks slowly while frames come on time: a late frame costs a whole frame, a
// margin too large only a little training.
//
// The frame's length is learned too (the shortest recent interval): 16.7 ms at 60 Hz, 8.3 ms
// on a 120 Hz screen, where the same budget would make every frame late.
//
// Pure arithmetic on the frames' timestamps: no browser call, so it is tested with made-up
// frame times.

/** A frame at 60 Hz: the frame length until intervals say otherwise. */
export const FRAME_MS = 16.7;
/** The most a frame's callback works at 60 Hz (training and drawing); the rest is the browser's. */
export const WORK_MS = 11.25;

export const MARGIN = Object.freeze({
  /** Where it starts: safe for the presets, a little short for the heatmaps of big networks. */
  startMs: 6,
  /** Never less: the browser's paint of a plain page. */
  minMs: 3.5,
  /** Never more (training still gets at least 1 ms a frame: see `frameBudget`). */
  maxMs: 10,
  /** Added after a late frame. */
  upMs: 1.5,
  /** Taken off after `calmFrames` on-time frames in a row (2 ms a second at 60 Hz). */
  downMs: 0.5,
  calmFrames: 15,
  /**
   * After a late frame, on-time frames needed before the first step down (1 s). Late frames
   * come in bursts when the page itself changes (a preset, a load): 120 frames and 30 per step
   * left the spirals at a 8-10 ms margin for the whole of a 5 s measurement after a switch.
   */
  holdFrames: 60,
});

/**
 * A frame is late when its interval is over one and a half frames; an interval over four frames
 * is not about pacing (a hidden tab, a file being read, a long pause) and says nothing.
 */
export function isLate(intervalMs, frameMs = FRAME_MS) {
  return intervalMs > 1.5 * frameMs && intervalMs <= 4 * frameMs;
}

/**
 * The display's frame length: the shortest of the last `window` intervals (every interval is a
 * whole number of frames), between 4 and 50 ms; 16.7 ms until one is seen.
 */
export function createFramePeriod(window = 120) {
  const recent = [];
  let ms = FRAME_MS;
  return {
    get ms() {
      return ms;
    },
    observe(intervalMs) {
      if (!(intervalMs >= 4 && intervalMs <= 50)) return ms;
      recent.push(intervalMs);
      if (recent.length > window) recent.shift();
      ms = Math.min(...recent);
      return ms;
    },
  };
}

/**
 * How long a frame may train: its length less what the browser used before calling us
 * (`lateMs`), the margin left to it after us, our drawing and any gradient-check slice, and
 * never so much that our own work passes WORK_MS (scaled to the frame's length); at least 1 ms,
 * and 1 ms only on a frame that refreshes the inspector (its layout is costly).
 */
export function frameBudget({ frameMs = FRAME_MS, lateMs = 0, marginMs, drawMs, checkingMs = 0, inspectorDue = false }) {
  if (inspectorDue) return 1;
  const room = frameMs - lateMs - marginMs - drawMs;
  const work = (WORK_MS * frameMs) / FRAME_MS - drawMs;
  return Math.max(1, Math.min(work, room) - checkingMs);
}

/**
 * Whether a frame trained until its budget ran out, so that its timing says something about
 * the margin: it was playing, it was not a short inspector frame, and it trained fewer epochs
 * than it asked for (the clock stopped it, not the count).
 */
export function trainedToBudget({ playing, inspectorDue, trained, asked }) {
  return playing && !inspectorDue && trained < asked;
}

/**
 * The margin's state, and what the next frame's interval does to it. `observe` is given the
 * interval that ended a frame, whether that frame trained up to its time budget (only such a
 * frame can make itself late by training, or show that the margin could be smaller), and the
 * frame length.
 */
export function createFrameMargin(settings = MARGIN) {
  let ms = settings.startMs;
  let calm = 0;
  return {
    get ms() {
      return ms;
    },
    observe(intervalMs, trainedToBudget, frameMs = FRAME_MS) {
      if (!trainedToBudget || !(intervalMs > 0)) return ms;
      if (isLate(intervalMs, frameMs)) {
        ms = Math.min(settings.maxMs, ms + settings.upMs);
        calm = settings.calmFrames - settings.holdFrames;
      } else if (intervalMs <= 1.5 * frameMs && ++calm >= settings.calmFrames) {
        ms = Math.max(settings.minMs, ms - settings.downMs);
        calm = 0;
      }
      return ms;
    },
  };
}
