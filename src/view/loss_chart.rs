//! The loss chart: epoch against the mean loss `E` over the data set, drawn with plotters on any
//! `DrawingBackend` (an HTML canvas in the page, an SVG string in the native tests).
//!
//! **Two layers, so a frame stays cheap.** The *labels* (tick labels and "epoch") are drawn only
//! when the axes change: the first frame, a new size or pixel ratio, a switch between linear and
//! log scale, or a range that had to grow. Every frame redraws the *plot layer*: the header band
//! (axis title and current value) and the plot rectangle grown by a few pixels on each side, so
//! the curve's stroke and the dot on its latest point, which may stick out of the plot, are
//! erased with it; inside it the grid, the curve, the dot, then the axis lines and ticks. That
//! works because an HTML canvas keeps its pixels between frames and the two layers never
//! overlap: every label is at least twice the tick length away from the plot, further than the
//! plot layer reaches.
//!
//! A plot-layer frame costs about thirty rectangle fills (clearing, grid, axes, ticks), one
//! polyline of at most one point per pixel column, one circle and two `fillText`s; a labels
//! frame adds about twenty `fillText`s, each setting a font. (On the canvas plotters draws text
//! with `fillText`; with fixed label-area sizes and no caption it never asks the DOM to measure
//! text, which is what would force a layout.) With the ranges held fixed in [`ChartState`] the
//! labels are redrawn a handful of times per run: the epoch axis doubles, so it grows about
//! fourteen times on the way to a million epochs.
//!
//! **Two curves.** With a test set the chart draws a second curve, the loss of the held-out
//! samples, in its own colour; the header then becomes a legend: each curve's name and latest
//! loss beside a short line in its colour, and the epoch. Both curves share the axes.
//!
//! **Ranges.** The epoch axis runs from 0 to `x_max`, which doubles whenever the latest epoch
//! passes it. The loss axis is fixed from the first losses with headroom and only ever grows, so
//! the learner sees the curve fall rather than the axis rescale under it. In log scale the axis is
//! `log10(loss)` in whole decades; a loss of 0 has no logarithm and is drawn on the bottom edge,
//! one below [`LOG_FLOOR`] at the floor.

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::view::history::LossHistory;

/// The epoch axis of a fresh chart: 0 to 100, then doubling.
pub const INITIAL_X_MAX: u64 = 100;
/// The bottom of the lowest log-scale axis. Not 1e-12: one sample of a network that can fit it
/// exactly (the thread's toy network) drives the loss down to about 1e-30, where `f64` runs out,
/// and a learner should see that fall, not a floor.
pub const LOG_FLOOR: f64 = 1e-300;
/// The hint an empty chart shows.
pub const EMPTY_HINT: &str = "press Play to train";
/// The axis titles.
pub const X_TITLE: &str = "epoch";
pub const Y_TITLE: &str = "loss (mean E over the data set)";
/// The axis title with a test curve: each curve is the mean over its own samples.
pub const Y_TITLE_TWO: &str = "loss (mean E over each set)";
/// The legend's names of the two curves.
pub const TRAINING_NAME: &str = "training";
pub const TEST_NAME: &str = "test";
/// The short title used when the long one would run into the current value.
const Y_TITLE_SHORT: &str = "loss";

/// Sizes in CSS pixels; every one is multiplied by [`ChartStyle::scale`].
const FONT: f64 = 12.0;
const HEADER: f64 = 22.0;
const LEFT_AREA: f64 = 50.0;
const BOTTOM_AREA: f64 = 38.0;
const RIGHT_MARGIN: f64 = 24.0;
const TICK: f64 = 4.0;
const AXIS_WIDTH: f64 = 1.0;
const GRID_WIDTH: f64 = 1.0;
const CURVE_WIDTH: f64 = 2.0;
const TIP_RADIUS: f64 = 3.0;
/// The legend's line beside each curve's name, and the gaps around it.
const SWATCH: f64 = 14.0;
const SWATCH_GAP: f64 = 4.0;
const LEGEND_GAP: f64 = 12.0;
/// How far around the plot rectangle each frame clears: past the dot on the latest point and
/// half the curve's stroke, short of the labels (which start `2 * TICK` away).
const PAD: f64 = 4.0;
const _: () = assert!(
    PAD < 2.0 * TICK,
    "the cleared border must not reach a label"
);
const _: () = assert!(PAD >= TIP_RADIUS + 1.0 && PAD >= CURVE_WIDTH / 2.0 + 1.0);
/// Spacing of tick labels: at most one per this many CSS pixels.
const X_LABEL_SPACING: f64 = 80.0;
const Y_LABEL_SPACING: f64 = 28.0;
/// A plot smaller than this (device pixels) is not drawn at all (a hidden or collapsed canvas).
const MIN_PLOT: i32 = 8;
/// Headroom above the largest loss on a linear axis.
const HEADROOM: f64 = 1.1;

/// Colours, font and pixel ratio of the chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartStyle {
    /// Device pixels per CSS pixel (`devicePixelRatio`): plotters draws in backing-store pixels,
    /// so every font size, width and margin is multiplied by it.
    pub scale: f64,
    pub background: RGBColor,
    /// Axis lines, ticks and tick labels.
    pub axis: RGBColor,
    pub grid: RGBColor,
    pub curve: RGBColor,
    /// The test loss's curve.
    pub test_curve: RGBColor,
    /// Titles and the current value.
    pub text: RGBColor,
    /// The empty chart's hint.
    pub hint: RGBColor,
    /// A CSS font family.
    pub font_family: &'static str,
}

impl Default for ChartStyle {
    /// The page's palette (www/style.css): white panel, muted axes, the accent for the curve.
    fn default() -> ChartStyle {
        ChartStyle {
            scale: 1.0,
            background: RGBColor(255, 255, 255),
            axis: RGBColor(85, 85, 95),
            grid: RGBColor(232, 232, 238),
            curve: RGBColor(84, 39, 143),
            test_curve: RGBColor(214, 96, 0),
            text: RGBColor(27, 27, 31),
            hint: RGBColor(85, 85, 95),
            font_family: "system-ui, sans-serif",
        }
    }
}

impl ChartStyle {
    /// `css` CSS pixels in device pixels, at least 1.
    fn px(&self, css: f64) -> i32 {
        (css * self.scale).round().max(1.0) as i32
    }

    fn font(&self) -> TextStyle<'static> {
        // Named, not parsed from text: plotters' `From<&str>` lower-cases the name first, which
        // brings the whole Unicode lower-case table into the module for three ASCII words.
        FontDesc::new(
            FontFamily::Name(self.font_family),
            FONT * self.scale,
            FontStyle::Normal,
        )
        .into()
    }
}

/// What the current axes were drawn for; a frame whose key matches draws only the plot layer.
#[derive(Clone, Copy, Debug, PartialEq)]
struct AxesKey {
    size: (u32, u32),
    style: ChartStyle,
    x_max: u64,
    y_range: (f64, f64),
    log_scale: bool,
}

/// The loss axis range in plotted units (loss, or `log10(loss)` in log scale).
#[derive(Clone, Copy, Debug, PartialEq)]
struct YRange {
    low: f64,
    high: f64,
    log_scale: bool,
}

/// The chart's axes, held between frames so they are redrawn only when they must change.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartState {
    /// Loss axis in `log10`: the curve of a converging network falls over decades, and a linear
    /// axis flattens everything after the first drop. Changing it redraws the axes next frame.
    pub log_scale: bool,
    x_max: u64,
    /// `None` until the first loss arrives (the empty chart shows a provisional range).
    y_range: Option<YRange>,
    drawn: Option<AxesKey>,
}

impl Default for ChartState {
    fn default() -> ChartState {
        ChartState::new()
    }
}

impl ChartState {
    /// Fresh axes: epochs 0 to [`INITIAL_X_MAX`], the loss range taken from the first losses.
    pub fn new() -> ChartState {
        ChartState {
            log_scale: false,
            x_max: INITIAL_X_MAX,
            y_range: None,
            drawn: None,
        }
    }

    /// New axes for a new network (keeps the log-scale choice, which is the learner's).
    pub fn reset(&mut self) {
        *self = ChartState {
            log_scale: self.log_scale,
            ..ChartState::new()
        };
    }

    /// Forces the next frame to redraw the axes, e.g. after something else cleared the canvas.
    pub fn invalidate(&mut self) {
        self.drawn = None;
    }

    /// The end of the epoch axis.
    pub fn x_max(&self) -> u64 {
        self.x_max
    }

    /// The loss axis in plotted units: loss on a linear axis, `log10(loss)` on a log axis.
    pub fn y_range(&self) -> (f64, f64) {
        match self.y_range {
            Some(range) if range.log_scale == self.log_scale => (range.low, range.high),
            _ => provisional_y_range(self.log_scale),
        }
    }

    /// True when the next frame will redraw the axes (not only the plot layer).
    pub fn axes_stale(&self, size: (u32, u32), style: &ChartStyle) -> bool {
        self.drawn != Some(self.axes_key(size, style))
    }

    /// Grows the ranges to hold every point of `history` and of the `test` curve, if any:
    /// `x_max` doubles until it passes the latest epoch; the loss range is fixed from the first
    /// losses and extended only when a loss falls outside it. Returns true when a range changed.
    pub fn update(&mut self, history: &LossHistory, test: Option<&LossHistory>) -> bool {
        let before = (self.x_max, self.y_range);
        let latest = [Some(history), test]
            .into_iter()
            .flatten()
            .filter_map(|h| h.latest().map(|(epoch, _)| epoch))
            .max();
        if let Some(epoch) = latest {
            while self.x_max < epoch && self.x_max < u64::MAX / 2 {
                self.x_max *= 2;
            }
        }
        let extent = [Some(history), test]
            .into_iter()
            .flatten()
            .filter_map(|h| plotted_extent(h, self.log_scale))
            .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)));
        if let Some((min, max)) = extent {
            self.y_range = Some(match self.y_range {
                Some(range) if range.log_scale == self.log_scale => grow_y_range(range, min, max),
                _ => first_y_range(min, max, self.log_scale),
            });
        }
        before != (self.x_max, self.y_range)
    }

    fn axes_key(&self, size: (u32, u32), style: &ChartStyle) -> AxesKey {
        AxesKey {
            size,
            style: *style,
            x_max: self.x_max,
            y_range: self.y_range(),
            log_scale: self.log_scale,
        }
    }
}

/// The loss in plotted units: itself, or `log10` of it; `None` when it has no place on the axis
/// (not finite, or at or below 0 on a log axis: those are drawn on the bottom edge).
pub fn plot_y(loss: f64, log_scale: bool) -> Option<f64> {
    let y = if log_scale {
        if loss <= 0.0 {
            return None;
        }
        loss.max(LOG_FLOOR).log10()
    } else {
        loss
    };
    y.is_finite().then_some(y)
}

/// The smallest and largest kept loss in plotted units, over the losses that have a place on
/// the axis.
fn plotted_extent(history: &LossHistory, log_scale: bool) -> Option<(f64, f64)> {
    history
        .points()
        .iter()
        .filter_map(|&(_, loss)| plot_y(loss, log_scale))
        .fold(None, |extent, y| match extent {
            None => Some((y, y)),
            Some((min, max)) => Some((f64::min(min, y), f64::max(max, y))),
        })
}

/// The range an empty chart shows: losses of a sigmoid network start below 1.
fn provisional_y_range(log_scale: bool) -> (f64, f64) {
    if log_scale {
        (-3.0, 0.0)
    } else {
        (0.0, 1.0)
    }
}

/// The range fixed from the first losses (`min`, `max` in plotted units). Linear: from 0 (a loss
/// is never negative) to a round number above the largest loss with 10% headroom. Log: whole
/// decades, with one decade of room below, since the loss is about to fall.
fn first_y_range(min: f64, max: f64, log_scale: bool) -> YRange {
    let (low, high) = if log_scale {
        let low = (min.floor() - 1.0).max(LOG_FLOOR.log10());
        let high = (max + 0.02).ceil().max(low + 1.0);
        (low, high)
    } else {
        let low = if min >= 0.0 {
            0.0
        } else {
            -nice_ceil(-min * HEADROOM)
        };
        let high = if max > 0.0 {
            nice_ceil(max * HEADROOM)
        } else {
            1.0
        };
        (low, high)
    };
    YRange {
        low,
        high,
        log_scale,
    }
}

/// Extends `range` only as far as needed to hold `min..max` (plotted units), with the same
/// headroom as [`first_y_range`], so the axes are redrawn rarely.
fn grow_y_range(range: YRange, min: f64, max: f64) -> YRange {
    let fresh = first_y_range(min, max, range.log_scale);
    YRange {
        low: if min < range.low {
            fresh.low
        } else {
            range.low
        },
        high: if max > range.high {
            fresh.high
        } else {
            range.high
        },
        ..range
    }
}

/// The smallest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ) at or above `x` (> 0), so the
/// axis ends on a label without wasting more than a quarter of the plot on headroom.
fn nice_ceil(x: f64) -> f64 {
    let exponent = x.log10().floor() as i32;
    // Divide by 10ⁿ rather than multiply by 10⁻ⁿ, so 0.3 is 3 / 10 and not 0.30000000000000004.
    let scaled = |m: f64| {
        if exponent < 0 {
            m / 10f64.powi(-exponent)
        } else {
            m * 10f64.powi(exponent)
        }
    };
    [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(scaled)
        .find(|&v| v >= x * (1.0 - 1e-12))
        .unwrap_or_else(|| scaled(10.0))
}

/// `5210` → `"5,210"`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A loss with four significant digits: `0.01234`, `0.2500`, `1.234e-5`.
pub fn format_loss(loss: f64) -> String {
    if loss == 0.0 {
        return "0".to_string();
    }
    if !loss.is_finite() {
        return "not a number".to_string();
    }
    let magnitude = loss.abs().log10().floor();
    if (-3.0..4.0).contains(&magnitude) {
        format!("{loss:.*}", (3.0 - magnitude).max(0.0) as usize)
    } else {
        format!("{loss:.3e}")
    }
}

/// The text in the top-right corner: the latest loss and its epoch.
pub fn current_value_text(history: &LossHistory) -> Option<String> {
    if let Some(epoch) = history.non_finite() {
        return Some(format!(
            "loss not a number at epoch {} (not drawn)",
            thousands(epoch)
        ));
    }
    history
        .latest()
        .map(|(epoch, loss)| format!("loss {} at epoch {}", format_loss(loss), thousands(epoch)))
}

/// The header's legend when there is a test curve: `("training 0.01234", "test 0.02500",
/// "at epoch 5,210")`; `None` when the training loss stopped being a number (the header then
/// says so, as [`current_value_text`] does) or nothing has been measured yet.
pub fn legend_texts(history: &LossHistory, test: &LossHistory) -> Option<[String; 3]> {
    if history.non_finite().is_some() {
        return None;
    }
    let (epoch, loss) = history.latest()?;
    let test_value = match (test.non_finite(), test.latest()) {
        (None, Some((_, loss))) => format_loss(loss),
        (Some(_), _) => "not a number".to_string(),
        (None, None) => "–".to_string(),
    };
    Some([
        format!("{TRAINING_NAME} {}", format_loss(loss)),
        format!("{TEST_NAME} {test_value}"),
        format!("at epoch {}", thousands(epoch)),
    ])
}

/// A tick label of the log axis (`value` is a whole decade): `1e-3`, `1`, `1e2`.
fn log_tick_label(value: f64) -> String {
    let decade = value.round();
    if (value - decade).abs() > 1e-9 {
        return format!("{:.0e}", 10f64.powf(value));
    }
    match decade as i32 {
        0 => "1".to_string(),
        d => format!("1e{d}"),
    }
}

/// A tick label of the linear axis, with as many decimals as the tick spacing needs.
fn linear_tick_label(value: f64, decimals: usize) -> String {
    if value.abs() < 1e-15 {
        "0".to_string()
    } else if decimals > 4 {
        format!("{value:.1e}")
    } else {
        format!("{value:.decimals$}")
    }
}

/// Decimals that tell ticks `step` apart.
fn decimals_for(keys: &[f64]) -> usize {
    let step = keys
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .fold(f64::INFINITY, f64::min);
    if step.is_finite() && step > 0.0 {
        (-step.log10() - 1e-9).ceil().clamp(0.0, 12.0) as usize
    } else {
        0
    }
}

/// Thins `points` to about one per pixel column of a plot `width` pixels wide spanning epochs
/// `0..=x_max`: the points of one column become their mean at the column's last epoch (as the
/// history's own merging does). The first and the latest point are kept exactly, and
/// non-finite losses are dropped.
pub fn decimate_to_width(points: &[(u64, f64)], x_max: u64, width: u32) -> Vec<(u64, f64)> {
    let points: Vec<(u64, f64)> = points
        .iter()
        .copied()
        .filter(|(_, loss)| loss.is_finite())
        .collect();
    if points.len() <= width as usize + 2 {
        return points;
    }
    let column = |epoch: u64| (epoch as f64 / x_max.max(1) as f64 * f64::from(width)).floor();
    let (first, rest) = points.split_first().expect("more than two points");
    let (latest, middle) = rest.split_last().expect("more than two points");
    let mut out = Vec::with_capacity(width as usize + 2);
    out.push(*first);
    let mut group: Option<(f64, u64, f64, u32)> = None; // column, last epoch, sum, count
    for &(epoch, loss) in middle {
        let col = column(epoch);
        match &mut group {
            Some((c, last, sum, count)) if *c == col => {
                *last = epoch;
                *sum += loss;
                *count += 1;
            }
            _ => {
                if let Some((_, last, sum, count)) = group {
                    out.push((last, sum / f64::from(count)));
                }
                group = Some((col, epoch, loss, 1));
            }
        }
    }
    if let Some((_, last, sum, count)) = group {
        out.push((last, sum / f64::from(count)));
    }
    out.push(*latest);
    out
}

/// Estimated width of `text` in pixels at `font_px`: only to decide whether two header texts
/// fit side by side (measuring would ask the DOM).
/// Digits are wider than the average letter (0.64 em in DejaVu Sans, the usual fallback).
fn estimated_width(text: &str, font_px: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| if c.is_ascii_digit() { 0.64 } else { 0.58 })
        .sum();
    ems * font_px
}

/// Both axes are linear in plotted units (the log scale is `log10` of the loss, plotted linearly,
/// so ticks and the curve share one code path).
type LinearChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn plot_err<E: std::fmt::Display>(e: E) -> String {
    format!("loss chart: {e}")
}

/// Draws the loss chart of `history` (and of the `test` loss, if there is a test set) on `area`:
/// the axes when `state` says they changed (see the module docs), then the plot layer. The whole
/// area is the chart; its size is in device pixels.
pub fn draw_loss_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &LossHistory,
    test: Option<&LossHistory>,
    state: &mut ChartState,
    style: &ChartStyle,
) -> Result<(), String> {
    state.update(history, test);
    let size = area.dim_in_pixel();
    let (header, left, bottom, right) = (
        style.px(HEADER),
        style.px(LEFT_AREA),
        style.px(BOTTOM_AREA),
        style.px(RIGHT_MARGIN),
    );
    let (width, height) = (size.0 as i32, size.1 as i32);
    if width - left - right < MIN_PLOT || height - header - bottom < MIN_PLOT {
        area.fill(&style.background).map_err(plot_err)?;
        state.drawn = None;
        return Ok(());
    }

    let key = state.axes_key(size, style);
    let full = state.drawn != Some(key);
    let (y_low, y_high) = key.y_range;
    let mut chart = ChartBuilder::on(area)
        .margin_top(header as u32)
        .margin_right(right as u32)
        .x_label_area_size(bottom as u32)
        .y_label_area_size(left as u32)
        .build_cartesian_2d(0.0..state.x_max as f64, y_low..y_high)
        .map_err(plot_err)?;
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let css = |px: i32| f64::from(px) / style.scale.max(1e-9);
    let n_x = (css(xs.end - xs.start) / X_LABEL_SPACING).clamp(2.0, 10.0) as usize;
    let mut n_y = (css(ys.end - ys.start) / Y_LABEL_SPACING).clamp(2.0, 8.0) as usize;
    if state.log_scale {
        // At most one tick per decade, so every tick is a whole power of ten.
        n_y = n_y.min((y_high - y_low).round() as usize + 1);
    }
    let x_keys = chart.as_coord_spec().x_spec().key_points(n_x);
    let y_keys = chart.as_coord_spec().y_spec().key_points(n_y);

    if full {
        area.fill(&style.background).map_err(plot_err)?;
        draw_labels(&mut chart, &y_keys, (n_x, n_y), state.log_scale, style)?;
        state.drawn = Some(key);
    }

    // The plot layer, cleared and redrawn every frame: the header band, and the plot grown by
    // `pad` so that a stroke or the dot sticking out of the plot last frame is erased too.
    let pad = style.px(PAD);
    let background = style.background.filled();
    area.draw(&Rectangle::new(
        [(xs.start - pad, 0), (width, header)],
        background,
    ))
    .map_err(plot_err)?;
    area.draw(&Rectangle::new(
        [
            (xs.start - pad, ys.start - pad),
            (xs.end + pad, ys.end + pad),
        ],
        background,
    ))
    .map_err(plot_err)?;

    let grid = style.grid.filled();
    let grid_width = style.px(GRID_WIDTH);
    for &x in &x_keys {
        let px = chart.backend_coord(&(x, y_low)).0 - grid_width / 2;
        let (from, to) = (px.max(xs.start), (px + grid_width).min(xs.end));
        if from < to {
            area.draw(&Rectangle::new([(from, ys.start), (to, ys.end)], grid))
                .map_err(plot_err)?;
        }
    }
    for &y in &y_keys {
        let py = chart.backend_coord(&(0.0, y)).1 - grid_width / 2;
        let (from, to) = (py.max(ys.start), (py + grid_width).min(ys.end));
        if from < to {
            area.draw(&Rectangle::new([(xs.start, from), (xs.end, to)], grid))
                .map_err(plot_err)?;
        }
    }

    let plot_width = (xs.end - xs.start).max(1) as u32;
    // The test curve on top: it is the one a learner looks for once training has fitted the
    // training samples, and the two start together.
    let curves = [
        Some((history, style.curve)),
        test.map(|t| (t, style.test_curve)),
    ];
    for (series, colour) in curves.into_iter().flatten() {
        // A loss without a place on the axis (0 on a log axis) lies on the bottom edge.
        let curve: Vec<(f64, f64)> = decimate_to_width(series.points(), state.x_max, plot_width)
            .into_iter()
            .map(|(epoch, loss)| {
                let y = plot_y(loss, state.log_scale).unwrap_or(y_low);
                (epoch as f64, y.clamp(y_low, y_high))
            })
            .collect();
        let curve_style = colour.stroke_width(style.px(CURVE_WIDTH) as u32);
        if curve.len() >= 2 {
            chart
                .draw_series(LineSeries::new(curve.iter().copied(), curve_style))
                .map_err(plot_err)?;
        }
        if let Some(&tip) = curve.last() {
            chart
                .plotting_area()
                .draw(&Circle::new(
                    tip,
                    style.px(TIP_RADIUS) as u32,
                    colour.filled(),
                ))
                .map_err(plot_err)?;
        }
    }

    // Axis lines and ticks: pixel-exact rectangles just outside the plot, over the curve's edge.
    let axis = style.axis.filled();
    let w = style.px(AXIS_WIDTH);
    let tick = style.px(TICK);
    let mut rects = vec![
        [(xs.start - w, ys.start), (xs.start, ys.end + w)],
        [(xs.start - w, ys.end), (xs.end, ys.end + w)],
    ];
    for &x in &x_keys {
        let px = chart.backend_coord(&(x, y_low)).0 - w / 2;
        rects.push([(px, ys.end + w), (px + w, ys.end + w + tick)]);
    }
    for &y in &y_keys {
        let py = chart.backend_coord(&(0.0, y)).1 - w / 2;
        rects.push([(xs.start - w - tick, py), (xs.start - w, py + w)]);
    }
    for rect in rects {
        area.draw(&Rectangle::new(rect, axis)).map_err(plot_err)?;
    }

    let font = style.font();
    let header_y = header / 2;
    let font_px = FONT * style.scale;
    let room = f64::from(width - xs.start);
    let legend = test.and_then(|test| legend_texts(history, test));
    // The header band is cleared from just left of the plot (left of that are the labels,
    // drawn once): a value wider than the band would leave its old digits there, frame after
    // frame. Its epoch goes first; the page shows the epoch above the network too.
    let band = f64::from(xs.end - xs.start + pad);
    let value = match legend {
        Some(_) => None,
        None => current_value_text(history).map(|value| {
            if estimated_width(&value, font_px) > band {
                value
                    .split(" at epoch")
                    .next()
                    .unwrap_or_default()
                    .to_string()
            } else {
                value
            }
        }),
    };
    let mut value_width = value
        .as_deref()
        .map_or(0.0, |v| estimated_width(v, font_px));
    // The legend, laid out from the right: "— training 0.0123   — test 0.0456   at epoch 5,210";
    // the epoch goes first when there is no room for it.
    let swatch = (SWATCH + SWATCH_GAP) * style.scale;
    let gap = LEGEND_GAP * style.scale;
    let mut legend_items: Vec<(Option<RGBColor>, &str)> = Vec::new();
    if let Some([training, test_value, epoch]) = &legend {
        legend_items = vec![
            (Some(style.curve), training.as_str()),
            (Some(style.test_curve), test_value.as_str()),
            (None, epoch.as_str()),
        ];
        let items_width = |items: &[(Option<RGBColor>, &str)]| {
            items
                .iter()
                .map(|(colour, text)| {
                    estimated_width(text, font_px) + if colour.is_some() { swatch } else { 0.0 }
                })
                .sum::<f64>()
                + gap * (items.len() as f64 - 1.0)
        };
        if items_width(&legend_items) > room {
            legend_items.pop();
        }
        value_width = items_width(&legend_items);
    }
    let long_title = if legend.is_some() {
        Y_TITLE_TWO
    } else {
        Y_TITLE
    };
    // The current value already starts with "loss": beside it the short title would only say
    // "loss" twice (and, as widths are estimated, run into it on a narrow chart).
    let short_title = value.is_none().then_some(Y_TITLE_SHORT);
    let title = [Some(long_title), short_title]
        .into_iter()
        .flatten()
        .find(|t| estimated_width(t, font_px) + value_width + 2.0 * font_px <= room);
    if let Some(title) = title {
        let title_style = font
            .color(&style.text)
            .pos(Pos::new(HPos::Left, VPos::Center));
        area.draw_text(title, &title_style, (xs.start, header_y))
            .map_err(plot_err)?;
    }
    let value_style = font
        .color(&style.text)
        .pos(Pos::new(HPos::Right, VPos::Center));
    if let Some(value) = value {
        area.draw_text(&value, &value_style, (xs.end, header_y))
            .map_err(plot_err)?;
    }
    let mut right = f64::from(xs.end);
    let line = style.px(CURVE_WIDTH);
    for (colour, text) in legend_items.iter().rev() {
        area.draw_text(text, &value_style, (right.round() as i32, header_y))
            .map_err(plot_err)?;
        right -= estimated_width(text, font_px);
        if let Some(colour) = colour {
            let end = (right - SWATCH_GAP * style.scale).round() as i32;
            let start = end - style.px(SWATCH);
            area.draw(&Rectangle::new(
                [
                    (start, header_y - line / 2),
                    (end, header_y - line / 2 + line),
                ],
                colour.filled(),
            ))
            .map_err(plot_err)?;
            right -= swatch;
        }
        right -= gap;
    }
    if history.is_empty() {
        let hint_style = font
            .color(&style.hint)
            .pos(Pos::new(HPos::Center, VPos::Center));
        let centre = ((xs.start + xs.end) / 2, (ys.start + ys.end) / 2);
        area.draw_text(EMPTY_HINT, &hint_style, centre)
            .map_err(plot_err)?;
    }
    Ok(())
}

/// The labels layer: tick labels and "epoch", through plotters' mesh with its own grid, axis
/// lines and ticks turned off (the plot layer draws those, since it clears where they are). The
/// tick size still sets how far the labels stand from the axis.
fn draw_labels<DB: DrawingBackend>(
    chart: &mut LinearChart<'_, DB>,
    y_keys: &[f64],
    (n_x, n_y): (usize, usize),
    log_scale: bool,
    style: &ChartStyle,
) -> Result<(), String> {
    let label_font = style.font().color(&style.axis);
    let title_font = style.font().color(&style.text);
    let decimals = decimals_for(y_keys);
    let x_label = |x: &f64| thousands(x.max(0.0).round() as u64);
    let y_label = |y: &f64| {
        if log_scale {
            log_tick_label(*y)
        } else {
            linear_tick_label(*y, decimals)
        }
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(TRANSPARENT)
        .set_all_tick_mark_size(style.px(TICK))
        .x_labels(n_x)
        .y_labels(n_y)
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .label_style(label_font)
        .x_desc(X_TITLE)
        .axis_desc_style(title_font)
        .draw()
        .map_err(plot_err)
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::test_support::svg_texts;
    use plotters::backend::SVGBackend;

    const SIZE: (u32, u32) = (640, 320);

    fn render(history: &LossHistory, state: &mut ChartState, style: &ChartStyle) -> String {
        render_sized(history, state, style, SIZE)
    }

    fn render_sized(
        history: &LossHistory,
        state: &mut ChartState,
        style: &ChartStyle,
        size: (u32, u32),
    ) -> String {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            draw_loss_chart(&root, history, None, state, style).unwrap();
            root.present().unwrap();
        }
        svg
    }

    /// A falling curve over `epochs + 1` epochs that ends exactly at `last`.
    fn falling(epochs: u64, last: f64) -> LossHistory {
        let mut history = LossHistory::new(2048);
        for epoch in 0..epochs {
            history.push(epoch, 0.25 / (1.0 + epoch as f64 / 100.0));
        }
        history.push(epochs, last);
        history
    }

    fn texts(svg: &str) -> Vec<String> {
        svg_texts(svg)
    }

    #[test]
    fn draws_axis_titles_the_curve_and_the_current_value() {
        let history = falling(5_210, 0.01234);
        let mut state = ChartState::new();
        let svg = render(&history, &mut state, &ChartStyle::default());
        assert_eq!(state.x_max(), 6_400);
        let texts = texts(&svg);
        assert!(texts.iter().any(|t| t == X_TITLE), "{texts:?}");
        assert!(texts.iter().any(|t| t == Y_TITLE), "{texts:?}");
        assert!(
            texts.iter().any(|t| t == "loss 0.01234 at epoch 5,210"),
            "{texts:?}"
        );
        assert!(svg.contains("<polyline"), "the curve is a polyline");
        // 5,210 epochs: the epoch axis has doubled from 100 to 6,400, ticked in round numbers.
        assert!(texts.iter().any(|t| t == "5,000"), "{texts:?}");
    }

    #[test]
    fn log_scale_labels_decades() {
        let history = falling(20_000, 1e-4);
        let mut state = ChartState::new();
        let linear = texts(&render(&history, &mut state, &ChartStyle::default()));
        assert!(!linear.iter().any(|t| t.starts_with("1e-")), "{linear:?}");
        assert!(linear.iter().any(|t| t == "0.10"), "{linear:?}");

        state.log_scale = true;
        let log = texts(&render(&history, &mut state, &ChartStyle::default()));
        // 0.25 down to 1e-4: the axis runs from 1e-5 to 1 in whole decades.
        assert_eq!(state.y_range(), (-5.0, 0.0));
        for label in ["1e-5", "1e-4", "1e-3", "1e-2", "1e-1", "1"] {
            assert!(log.iter().any(|t| t == label), "{label} missing: {log:?}");
        }
    }

    #[test]
    fn the_epoch_axis_doubles_when_passed() {
        let mut state = ChartState::new();
        let mut history = LossHistory::new(256);
        history.push(0, 0.3);
        history.push(100, 0.2);
        state.update(&history, None);
        assert_eq!(state.x_max(), 100, "the latest epoch may sit on the end");
        history.push(101, 0.2);
        assert!(state.update(&history, None));
        assert_eq!(state.x_max(), 200);
        history.push(1_000, 0.1);
        state.update(&history, None);
        assert_eq!(state.x_max(), 1_600);
        assert!(
            !state.update(&history, None),
            "nothing grows without new data"
        );
        let texts = texts(&render(&history, &mut state, &ChartStyle::default()));
        assert!(
            texts.iter().any(|t| t == "1,500"),
            "ticks reach the new end: {texts:?}"
        );
    }

    #[test]
    fn the_loss_axis_is_fixed_from_the_first_losses_and_only_grows() {
        let mut state = ChartState::new();
        let mut history = LossHistory::new(256);
        history.push(0, 0.25);
        state.update(&history, None);
        assert_eq!(state.y_range(), (0.0, 0.3));
        history.push(1, 0.01);
        assert!(
            !state.update(&history, None),
            "a falling loss keeps the axis"
        );
        assert_eq!(state.y_range(), (0.0, 0.3));
        history.push(2, 0.6);
        state.update(&history, None);
        assert_eq!(state.y_range(), (0.0, 0.8));

        state.log_scale = true;
        state.update(&history, None);
        assert_eq!(state.y_range(), (-3.0, 0.0));
        history.push(3, 1e-7);
        state.update(&history, None);
        assert_eq!(state.y_range(), (-8.0, 0.0));
        history.push(4, 0.0);
        state.update(&history, None);
        assert_eq!(
            state.y_range(),
            (-8.0, 0.0),
            "0 has no logarithm: it lies on the edge"
        );
        history.push(5, 1e-30);
        state.update(&history, None);
        assert_eq!(state.y_range(), (-31.0, 0.0), "no floor hides a real loss");
    }

    #[test]
    fn an_empty_history_draws_axes_and_the_hint() {
        let svg = render(
            &LossHistory::new(16),
            &mut ChartState::new(),
            &ChartStyle::default(),
        );
        let texts = texts(&svg);
        assert!(texts.iter().any(|t| t == EMPTY_HINT), "{texts:?}");
        assert!(texts.iter().any(|t| t == X_TITLE), "{texts:?}");
        assert!(!svg.contains("<polyline"));
        assert!(!svg.contains("<circle"));
    }

    #[test]
    fn a_single_point_is_drawn_as_the_tip() {
        let mut history = LossHistory::new(16);
        history.push(0, 0.3);
        let svg = render(&history, &mut ChartState::new(), &ChartStyle::default());
        assert!(svg.contains("<circle"));
        assert!(texts(&svg).iter().any(|t| t == "loss 0.3000 at epoch 0"));
    }

    #[test]
    fn nan_is_never_drawn() {
        let mut history = falling(300, 0.05);
        history.push(301, f64::NAN);
        for log_scale in [false, true] {
            let mut state = ChartState::new();
            state.log_scale = log_scale;
            let svg = render(&history, &mut state, &ChartStyle::default());
            assert!(!svg.contains("NaN"), "{svg}");
            assert!(!svg.to_lowercase().contains("inf"), "{svg}");
            assert!(texts(&svg)
                .iter()
                .any(|t| t == "loss not a number at epoch 301 (not drawn)"));
        }
        let thinned = decimate_to_width(&[(0, 1.0), (1, f64::NAN), (2, 0.5)], 100, 10);
        assert_eq!(thinned, vec![(0, 1.0), (2, 0.5)]);
    }

    #[test]
    fn unchanged_axes_are_not_redrawn() {
        let mut history = falling(50, 0.1);
        let mut state = ChartState::new();
        let style = ChartStyle::default();
        assert!(state.axes_stale(SIZE, &style));
        let first = texts(&render(&history, &mut state, &style));
        assert!(first.iter().any(|t| t == X_TITLE));
        assert!(!state.axes_stale(SIZE, &style));

        history.push(51, 0.09);
        let second = render(&history, &mut state, &style);
        let second_texts = texts(&second);
        assert!(
            !second_texts.iter().any(|t| t == X_TITLE),
            "{second_texts:?}"
        );
        assert!(second_texts.iter().any(|t| t == "loss 0.09000 at epoch 51"));
        assert!(second.contains("<polyline"));

        // A new size, pixel ratio, scale or range redraws them.
        assert!(state.axes_stale((641, 320), &style));
        let hidpi = ChartStyle {
            scale: 2.0,
            ..style
        };
        assert!(state.axes_stale(SIZE, &hidpi));
        state.log_scale = true;
        assert!(state.axes_stale(SIZE, &style));
        state.log_scale = false;
        history.push(500, 0.05);
        let grown = texts(&render(&history, &mut state, &style));
        assert!(grown.iter().any(|t| t == X_TITLE), "x_max grew: {grown:?}");
        state.invalidate();
        assert!(state.axes_stale(SIZE, &style));
    }

    /// The values of `attribute="…"` in every `<tag …>` of `svg`.
    fn attributes(svg: &str, tag: &str, attribute: &str) -> Vec<String> {
        let needle = format!(" {attribute}=\"");
        svg.split(&format!("<{tag} "))
            .skip(1)
            .filter_map(|t| {
                let t = format!(" {}", &t[..t.find('>')?]);
                let start = t.find(&needle)? + needle.len();
                Some(t[start..start + t[start..].find('"')?].to_string())
            })
            .collect()
    }

    #[test]
    fn every_frame_clears_all_it_draws() {
        // A canvas keeps last frame's pixels; whatever the plot layer draws must lie inside
        // what it clears, even a loss of 0 on the bottom edge or the dot on the latest point.
        let style = ChartStyle::default();
        for log_scale in [false, true] {
            let mut state = ChartState::new();
            state.log_scale = log_scale;
            let mut history = falling(50, 0.0);
            render(&history, &mut state, &style);
            history.push(51, 0.0);
            let svg = render(&history, &mut state, &style);
            assert!(
                !texts(&svg).iter().any(|t| t == X_TITLE),
                "a plot-layer frame"
            );

            let (left, top) = (LEFT_AREA - PAD, HEADER - PAD);
            let (right, bottom) = (
                SIZE.0 as f64 - RIGHT_MARGIN + PAD,
                SIZE.1 as f64 - BOTTOM_AREA + PAD,
            );
            let inside = |x: f64, y: f64, r: f64| {
                x - r >= left && x + r <= right && y - r >= top && y + r <= bottom
            };
            let half_stroke = CURVE_WIDTH / 2.0;
            let points = attributes(&svg, "polyline", "points");
            assert_eq!(points.len(), 1);
            for point in points[0].split_whitespace() {
                let (x, y) = point.split_once(',').unwrap();
                let (x, y) = (x.parse().unwrap(), y.parse().unwrap());
                assert!(
                    inside(x, y, half_stroke),
                    "{x},{y} outside the cleared area"
                );
            }
            let (cx, cy, r) = (
                attributes(&svg, "circle", "cx")[0].parse().unwrap(),
                attributes(&svg, "circle", "cy")[0].parse().unwrap(),
                attributes(&svg, "circle", "r")[0].parse().unwrap(),
            );
            assert!(inside(cx, cy, r), "the dot at {cx},{cy}");
            assert_eq!(
                cy,
                SIZE.1 as f64 - BOTTOM_AREA - 1.0,
                "0 lies on the bottom edge"
            );
        }
    }

    #[test]
    fn reset_gives_new_axes_but_keeps_the_scale_choice() {
        let mut state = ChartState::new();
        state.log_scale = true;
        state.update(&falling(5_000, 0.001), None);
        state.reset();
        assert!(state.log_scale);
        assert_eq!(state.x_max(), INITIAL_X_MAX);
        assert_eq!(state.y_range(), (-3.0, 0.0));
        assert!(state.axes_stale(SIZE, &ChartStyle::default()));
    }

    #[test]
    fn high_dpi_scales_widths_and_fonts() {
        let history = falling(100, 0.1);
        let style = ChartStyle {
            scale: 2.0,
            ..ChartStyle::default()
        };
        let svg = render_sized(&history, &mut ChartState::new(), &style, (1280, 640));
        let curve = svg
            .split("<polyline")
            .nth(1)
            .expect("a curve")
            .split("/>")
            .next()
            .unwrap();
        assert!(curve.contains(r#"stroke-width="4""#), "{curve}");
        // plotters writes font-size = size / 1.24.
        assert!(
            svg.contains(&format!(r#"font-size="{}""#, 24.0 / 1.24)),
            "{svg}"
        );
    }

    #[test]
    fn about_one_point_per_pixel() {
        let mut history = LossHistory::new(2048);
        for epoch in 0..2_000u64 {
            history.push(epoch, 1.0 / (1.0 + epoch as f64));
        }
        let thinned = decimate_to_width(history.points(), 2_000, 300);
        assert!(thinned.len() <= 302, "{}", thinned.len());
        assert!(thinned.len() >= 290, "{}", thinned.len());
        assert_eq!(thinned.first(), history.points().first());
        assert_eq!(thinned.last(), history.points().last());
        assert!(thinned.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(thinned.windows(2).all(|w| w[0].1 > w[1].1), "still falling");
        // Few points pass through untouched.
        let few = decimate_to_width(&history.points()[..10], 2_000, 300);
        assert_eq!(few, history.points()[..10].to_vec());
    }

    #[test]
    fn the_curve_is_thinned_to_the_plot_width() {
        let history = falling(2_000, 0.01);
        let svg = render(&history, &mut ChartState::new(), &ChartStyle::default());
        let points = svg
            .split("<polyline")
            .nth(1)
            .and_then(|p| p.split("points=\"").nth(1))
            .and_then(|p| p.split('"').next())
            .expect("a curve");
        let plot_width = SIZE.0 as usize - 50 - 24;
        assert!(points.split_whitespace().count() <= plot_width + 2);
    }

    #[test]
    fn a_tiny_canvas_is_only_cleared() {
        let history = falling(10, 0.1);
        for size in [(1, 1), (60, 40), (0, 0)] {
            let mut state = ChartState::new();
            let svg = render_sized(&history, &mut state, &ChartStyle::default(), size);
            assert!(!svg.contains("<polyline"));
            assert!(state.axes_stale(size, &ChartStyle::default()));
        }
    }

    #[test]
    fn a_narrow_chart_says_loss_once() {
        let history = falling(5_210, 0.01234);
        let header = |width| {
            let svg = render_sized(
                &history,
                &mut ChartState::new(),
                &ChartStyle::default(),
                (width, 200),
            );
            texts(&svg)
                .into_iter()
                .filter(|t| t.starts_with("loss"))
                .collect::<Vec<_>>()
        };
        // Wide: the long title and the value; narrow: the value alone, which names the loss.
        assert_eq!(header(600), [Y_TITLE, "loss 0.01234 at epoch 5,210"]);
        assert_eq!(header(300), ["loss 0.01234 at epoch 5,210"]);
        // Narrower than the value (the page's column at 1280 px): its epoch is left out rather
        // than run left of the band that is cleared every frame.
        let history = falling(21_425, 3.969e-5);
        let svg = render_sized(
            &history,
            &mut ChartState::new(),
            &ChartStyle::default(),
            (244, 190),
        );
        assert!(texts(&svg).iter().any(|t| t == "loss 3.969e-5"), "{svg}");
        let history = falling(5_210, 0.01234);
        // With a test curve the legend does not say "loss", so the short title stays where it
        // fits beside the legend.
        let test = overfitting(5_210, 0.125);
        let short_title_at = (300..=900).step_by(20).find(|&width| {
            texts(&render_two(
                &history,
                &test,
                &mut ChartState::new(),
                (width, 200),
            ))
            .iter()
            .any(|t| t == "loss")
        });
        assert!(short_title_at.is_some());
    }

    #[test]
    fn numbers_read_like_the_page() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(5_210), "5,210");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(format_loss(0.01234), "0.01234");
        assert_eq!(format_loss(0.25), "0.2500");
        assert_eq!(format_loss(1.5), "1.500");
        assert_eq!(format_loss(0.0), "0");
        assert_eq!(format_loss(1.234e-5), "1.234e-5");
        assert_eq!(log_tick_label(-3.0), "1e-3");
        assert_eq!(log_tick_label(0.0), "1");
        assert_eq!(log_tick_label(2.0), "1e2");
        assert_eq!(linear_tick_label(0.05, 2), "0.05");
        assert_eq!(linear_tick_label(0.0, 2), "0");
        assert_eq!(decimals_for(&[0.0, 0.05, 0.1]), 2);
        assert_eq!(decimals_for(&[0.0, 0.1, 0.2]), 1);
        assert_eq!(decimals_for(&[0.0, 2.0, 4.0]), 0);
        assert_eq!(nice_ceil(0.275), 0.3);
        assert_eq!(nice_ceil(0.2), 0.2);
        assert_eq!(nice_ceil(0.66), 0.8);
        assert_eq!(nice_ceil(9.0), 10.0);
        assert_eq!(nice_ceil(1e-7), 1e-7);
    }

    fn render_two(
        history: &LossHistory,
        test: &LossHistory,
        state: &mut ChartState,
        size: (u32, u32),
    ) -> String {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            draw_loss_chart(&root, history, Some(test), state, &ChartStyle::default()).unwrap();
            root.present().unwrap();
        }
        svg
    }

    /// A test curve that falls with the training curve, then rises again (overfitting).
    fn overfitting(epochs: u64, last: f64) -> LossHistory {
        let mut history = LossHistory::new(2048);
        for epoch in 0..epochs {
            let e = epoch as f64;
            history.push(epoch, 0.25 / (1.0 + e / 100.0) + 0.1 * e / epochs as f64);
        }
        history.push(epochs, last);
        history
    }

    fn colour_hex(colour: RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2)
    }

    #[test]
    fn a_test_curve_is_drawn_in_its_own_colour_with_a_legend() {
        let history = falling(5_210, 0.01234);
        let test = overfitting(5_210, 0.125);
        let style = ChartStyle::default();
        let svg = render_two(&history, &test, &mut ChartState::new(), SIZE);
        let strokes = attributes(&svg, "polyline", "stroke");
        assert_eq!(
            strokes,
            [colour_hex(style.curve), colour_hex(style.test_curve)],
            "training, then test on top"
        );
        assert_eq!(
            attributes(&svg, "circle", "cx").len(),
            2,
            "a dot on each tip"
        );
        let texts = texts(&svg);
        for legend in [
            Y_TITLE_TWO,
            "training 0.01234",
            "test 0.1250",
            "at epoch 5,210",
        ] {
            assert!(texts.iter().any(|t| t == legend), "{legend}: {texts:?}");
        }
        assert!(
            !texts.iter().any(|t| t.starts_with("loss 0.0")),
            "the legend replaces the single value: {texts:?}"
        );
        // Two swatches in the curves' colours, in the header band.
        for colour in [style.curve, style.test_curve] {
            let fill = colour_hex(colour);
            let swatch = svg
                .split("<rect ")
                .filter(|r| r.contains(&format!("fill=\"{fill}\"")))
                .find(|r| r.contains("height=\"2\""))
                .unwrap_or_else(|| panic!("no swatch in {fill}"));
            let y: f64 = attributes(&format!("<rect {swatch}"), "rect", "y")[0]
                .parse()
                .unwrap();
            assert!(y >= 0.0 && y + 2.0 <= HEADER, "swatch at y = {y}");
        }
        // The single-curve chart stays as it was.
        let single = render(&history, &mut ChartState::new(), &style);
        assert_eq!(attributes(&single, "polyline", "stroke").len(), 1);
    }

    #[test]
    fn the_loss_axis_holds_both_curves() {
        let mut history = LossHistory::new(256);
        let mut test = LossHistory::new(256);
        history.push(0, 0.25);
        test.push(0, 0.25);
        let mut state = ChartState::new();
        state.update(&history, Some(&test));
        assert_eq!(state.y_range(), (0.0, 0.3));
        history.push(1, 0.1);
        test.push(1, 0.5);
        assert!(
            state.update(&history, Some(&test)),
            "the test loss rose past the axis"
        );
        assert_eq!(state.y_range(), (0.0, 0.6));
        state.log_scale = true;
        test.push(2, 1e-6);
        history.push(2, 0.01);
        state.update(&history, Some(&test));
        assert_eq!(
            state.y_range(),
            (-7.0, 0.0),
            "down to the test loss's decade"
        );
    }

    #[test]
    fn both_curves_stay_inside_what_each_frame_clears() {
        for log_scale in [false, true] {
            let mut state = ChartState::new();
            state.log_scale = log_scale;
            let history = falling(50, 0.0);
            let test = overfitting(50, 0.3);
            render_two(&history, &test, &mut state, SIZE);
            let svg = render_two(&history, &test, &mut state, SIZE);
            assert!(
                !texts(&svg).iter().any(|t| t == X_TITLE),
                "a plot-layer frame"
            );
            let (left, top) = (LEFT_AREA - PAD, HEADER - PAD);
            let (right, bottom) = (
                SIZE.0 as f64 - RIGHT_MARGIN + PAD,
                SIZE.1 as f64 - BOTTOM_AREA + PAD,
            );
            let lines = attributes(&svg, "polyline", "points");
            assert_eq!(lines.len(), 2);
            for point in lines.iter().flat_map(|p| p.split_whitespace()) {
                let (x, y) = point.split_once(',').unwrap();
                let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
                assert!(x - 1.0 >= left && x + 1.0 <= right && y - 1.0 >= top && y + 1.0 <= bottom);
            }
        }
    }

    #[test]
    fn a_narrow_chart_drops_the_epoch_from_the_legend_first() {
        let history = falling(5_210, 0.01234);
        let test = overfitting(5_210, 0.125);
        let texts = texts(&render_two(
            &history,
            &test,
            &mut ChartState::new(),
            (300, 200),
        ));
        assert!(texts.iter().any(|t| t == "training 0.01234"), "{texts:?}");
        assert!(texts.iter().any(|t| t == "test 0.1250"), "{texts:?}");
        assert!(
            !texts.iter().any(|t| t.starts_with("at epoch")),
            "{texts:?}"
        );
        assert!(!texts.iter().any(|t| t == Y_TITLE), "{texts:?}");
    }

    #[test]
    fn the_legend_says_when_a_loss_is_not_a_number() {
        let mut history = falling(10, 0.1);
        let mut test = falling(10, 0.2);
        assert_eq!(
            legend_texts(&history, &test),
            Some([
                "training 0.1000".to_string(),
                "test 0.2000".to_string(),
                "at epoch 10".to_string()
            ])
        );
        test.push(11, f64::NAN);
        history.push(11, 0.09);
        assert_eq!(
            legend_texts(&history, &test).unwrap()[1],
            "test not a number"
        );
        history.push(12, f64::INFINITY);
        assert_eq!(legend_texts(&history, &test), None);
        let svg = render_two(&history, &test, &mut ChartState::new(), SIZE);
        assert!(texts(&svg)
            .iter()
            .any(|t| t == "loss not a number at epoch 12 (not drawn)"));
        assert_eq!(
            legend_texts(&falling(3, 0.1), &LossHistory::new(8)).unwrap()[1],
            "test –"
        );
    }
}
