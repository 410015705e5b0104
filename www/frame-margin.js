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
// Pure arithmetic on the frames' timestamps: no browser call, so it is tested with made-up
// frame times.

/** A frame at 60 Hz. */
export const FRAME_MS = 16.7;

export const MARGIN = Object.freeze({
  /** Where it starts: safe for the presets, a little short for the heatmaps of big networks. */
  startMs: 6,
  /** Never less: the browser's paint of a plain page. */
  minMs: 3.5,
  /** Never more: training never gets less than 16.7 − 10 − drawing. */
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
export function isLate(intervalMs) {
  return intervalMs > 1.5 * FRAME_MS && intervalMs <= 4 * FRAME_MS;
}

/**
 * The margin's state, and what the next frame's interval does to it. `observe` is given the
 * interval that ended a frame and whether that frame trained up to its time budget (only such a
 * frame can make itself late by training, or show that the margin could be smaller).
 */
export function createFrameMargin(settings = MARGIN) {
  let ms = settings.startMs;
  let calm = 0;
  return {
    get ms() {
      return ms;
    },
    observe(intervalMs, trainedToBudget) {
      if (!trainedToBudget || !(intervalMs > 0)) return ms;
      if (isLate(intervalMs)) {
        ms = Math.min(settings.maxMs, ms + settings.upMs);
        calm = settings.calmFrames - settings.holdFrames;
      } else if (intervalMs <= 1.5 * FRAME_MS && ++calm >= settings.calmFrames) {
        ms = Math.max(settings.minMs, ms - settings.downMs);
        calm = 0;
      }
      return ms;
    },
  };
}
