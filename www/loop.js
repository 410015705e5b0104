// The animation loop: one tick into wasm per frame (train within the frame's budget, draw, read
// the status numbers), the status line, and the crash guard. Only this module writes the loop's
// own variables.
import { $, formatLoss, setHidden, setText, showAlert } from './dom.js';
import { pg } from './core.js';
import { addressDue, addressInterval, epochsPerFrame, lastAddress, playing, setPlaying, stateChanged, writeAddress } from './ui-state.js';
import { GRADIENT_CHECK_SLICE_MS, gradientChecking, gradientCheckSlice, INSPECTOR_INTERVAL_MS, lastInspector, liveTab, refreshInspector } from './panels.js';
import { createFrameMargin, createFramePeriod, frameBudget, trainedToBudget } from './frame-margin.js';

// A frame at 60 Hz has 16.7 ms. Drawing takes what it takes (measured: `drawMs`, smoothed), and
// training gets what is left, minus a margin for the browser's own work (putting the canvases
// on screen, after our code): the frames' own timing sets the margin and the frame's length
// (frame-margin.js).
const frameMargin = createFrameMargin();
const framePeriod = createFramePeriod();
export let drawMs = 4;
/** The previous frame's timestamp, and whether it trained until its budget ran out. */
let lastFrame = null;
let lastTrainedToBudget = false;
export let frameId = 0;
export let crashed = false;
// ---- drawing and the text around the canvases ----
export const SATURATION_WARNING = 0.5; // share of saturated sigmoids that earns a warning

/**
 * The status line, from `pg.status()`'s numbers (or the same numbers as the frame's tick
 * returned them): epoch, loss, test loss, accuracy, saturated share, test samples.
 */
/**
 * Says why training stalled, when it has: the loss flat for hundreds of epochs while still at
 * least half of where it started (the core decides), with the likely cause.
 */
function refreshStall(stalled, loss, saturated, largestWeight) {
  setHidden('stall', !(stalled > 0));
  if (!(stalled > 0)) return;
  const rate = pg.learning_rate();
  const cause =
    saturated >= 0.5
      ? `Most neurons are saturated: their a is pinned near 0 or 1, so their slope a(1 − a) is almost 0 and almost no gradient gets back through them.`
      : largestWeight > 8
        ? `The weights have run away (the largest is |w| = ${largestWeight.toPrecision(3)}), so the neurons they feed sit far out where the sigmoid is flat.`
        : 'The gradients here are too small to move the weights.';
  setText('stall-text', `Training has stalled: the loss has stayed at ${formatLoss(loss)} for ${Math.round(stalled).toLocaleString('en-US')} epochs without learning. ` +
    `${cause} A learning rate of ${rate} takes steps so large that they throw the weights far out; a smaller η (and a reset) usually learns.`);
  setText('stall-smaller-rate', `Try η = ${Number((rate / 100).toPrecision(3))} and reset`);
}

export function refreshStatus([epoch, loss, testLoss, accuracy, saturated, testSamples, stalled, largestWeight, batchesDone, batchesPerEpoch, measured, samples] = pg.status()) {
  const estimated = measured < samples;
  setHidden('estimate-note', !estimated);
  if (estimated) {
    setText('estimate-note', `loss and colours estimated on ${measured.toLocaleString('en-US')} of ${samples.toLocaleString('en-US')} samples, evenly spaced: ` +
      'on a network this big, measuring every sample would stall the page');
  }
  refreshStall(stalled, loss, saturated, largestWeight);
  setText('epoch', epoch.toLocaleString('en-US'));
  // On a big network an epoch spans many frames: say how far into the next one training is.
  const midEpoch = batchesDone > 0;
  // Hidden by visibility, not display: the counter keeps its room, so the row does not rewrap
  // (and the network below it jump) each time an epoch completes within a frame.
  // Once it has shown for this network it keeps its room (refreshAll gives it back).
  const progress = $('batch-progress');
  progress.classList.toggle('idle', !midEpoch);
  if (midEpoch) {
    progress.classList.add('reserved');
    setText('batch-progress', `+ batch ${batchesDone} of ${batchesPerEpoch}`);
  }
  const percent = Math.round(saturated * 100);
  const saturatedWarning = percent >= SATURATION_WARNING * 100;
  setHidden('saturation', !saturatedWarning);
  setText('saturation', saturatedWarning
    ? `${percent} % of the neurons are saturated for this sample: their a is pinned near the ends of its range, ` +
      'so their slope a(1−a) is almost 0 (1 − a² for tanh), and so is every δ that passes through them. ' +
      'Gradients vanish and learning stalls. Often a too-large learning rate threw the weights ' +
      'far out: lower η and reset.'
    : '');
  setHidden('accuracy-box', !Number.isFinite(accuracy));
  if (Number.isFinite(accuracy)) setText('accuracy', `${(accuracy * 100).toFixed(1)} %`);
  setText('loss-value', formatLoss(loss));
  const hasTest = testSamples > 0;
  setHidden('test-loss-box', !hasTest);
  setText('loss-label', hasTest ? 'training loss' : 'loss');
  if (hasTest) setText('test-loss', formatLoss(testLoss));
}

export let needsDraw = true;

/** Asks the loop to draw next frame (a resize, say). */
export function requestDraw() {
  needsDraw = true;
}


// ---- training in the background: many epochs, a frame's budget at a time ----
/** The running background training: { start, target, onProgress, resolve }, or null. */
let job = null;

/**
 * Trains `epochs` more epochs a frame's budget at a time, so the page stays responsive; resolves
 * with { snapshot, trained, cancelled } once they are done, or when training is paused (Pause,
 * `cancelTraining()`). `onProgress(trained, epochs)` is called every frame.
 */
export function trainInBackground(epochs, onProgress) {
  finishBackgroundTraining(true);
  const start = pg.epoch();
  return new Promise((resolve) => {
    job = { start, target: start + epochs, onProgress, resolve };
    setPlaying(true);
  });
}

/**
 * Stops a background run because the network it trains was replaced (a load, a preset, a
 * Reset): its target epoch means nothing for the new one. Training then stands paused.
 */
export function cancelBackgroundTraining() {
  if (!job) return;
  finishBackgroundTraining(true);
  setPlaying(false);
}

/** Ends the background training, if one runs, and resolves its promise. */
export function finishBackgroundTraining(cancelled) {
  if (!job) return;
  const { start, reached, resolve } = job;
  job = null;
  const snapshot = JSON.parse(pg.snapshot());
  // What this run trained, counted while it ran: the network may have been replaced since.
  resolve({ snapshot, trained: Math.max(0, (reached ?? start) - start), cancelled });
}

/** Starts the animation loop. */
export function startLoop() {
  frameId = requestAnimationFrame(frame);
}

export function draw() {
  needsDraw = false;
  stateChanged();
  pg.draw();
  refreshStatus();
}

export function frame(now) {
  frameId = requestAnimationFrame(frame);
  if (crashed) return;
  try {
    if (lastFrame !== null) {
      framePeriod.observe(now - lastFrame);
      frameMargin.observe(now - lastFrame, lastTrainedToBudget, framePeriod.ms);
    }
    lastFrame = now;
    lastTrainedToBudget = false;
    // Re-typesetting the inspector's MathML costs the browser a few milliseconds of layout, so
    // a frame that refreshes it trains only briefly: frames stay within 16.7 ms.
    const inspectorDue = playing && liveTab() && now - lastInspector > INSPECTOR_INTERVAL_MS;
    // While paused nothing changes unless the learner acts (and every action draws at once),
    // so idle frames skip drawing; a resize asks for one.
    if (playing || needsDraw) {
      const budget = frameBudget({
        frameMs: framePeriod.ms,
        // What the browser spent of this frame before calling us (finishing the last one's
        // canvases, mostly) is not ours to train in.
        lateMs: Math.max(0, performance.now() - now),
        marginMs: frameMargin.ms,
        drawMs,
        checkingMs: gradientChecking ? GRADIENT_CHECK_SLICE_MS : 0,
        inspectorDue,
      });
      const started = performance.now();
      needsDraw = false;
      let numbers = null;
      const epochs = job ? Math.max(0, job.target - pg.epoch()) : epochsPerFrame;
      try {
        // One crossing into wasm: train within the budget, draw, and read the status line.
        numbers = pg.tick(playing ? budget : 0, playing ? epochs : 0, true);
      } catch (err) {
        // A panic in the core is a RuntimeError: the outer handler stops the page. Anything
        // else is training that failed (it diverged): pause and say why.
        if (!playing || err instanceof WebAssembly.RuntimeError) throw err;
        setPlaying(false);
        showAlert(err.message, { offerReset: true });
        needsDraw = true;
        refreshInspector();
      }
      if (numbers) {
        const [trained, trainingMs, ...status] = numbers;
        // Stopped by the clock, not by the epochs asked for: this frame's timing says whether
        // the margin suits what is drawn (a short inspector frame says nothing).
        lastTrainedToBudget = trainedToBudget({ playing, inspectorDue, trained, asked: epochs });
        refreshStatus(status);
        drawMs = 0.9 * drawMs + 0.1 * (performance.now() - started - trainingMs);
        if (job) {
          const [epoch] = status;
          // The network was replaced under the run (its epochs went back): stop it.
          if (epoch < job.start) {
            cancelBackgroundTraining();
            return;
          }
          job.reached = epoch;
          try {
            job.onProgress?.(epoch - job.start, job.target - job.start);
          } catch {
            // A script's progress callback must not stop the page.
          }
          if (epoch >= job.target) {
            finishBackgroundTraining(false);
            setPlaying(false);
          }
        }
      }
    }
    if (inspectorDue) refreshInspector();
    if (gradientChecking) gradientCheckSlice();
    if (playing) stateChanged();
    if (addressDue && now - lastAddress > addressInterval()) writeAddress();
  } catch (err) {
    // A panic in the core: stop touching its state, say so, keep the page readable.
    crashed = true;
    cancelAnimationFrame(frameId);
    setPlaying(false);
    showAlert(`The playground stopped after an internal error: ${err.message}. Reload the page.`);
    throw err;
  }
}
