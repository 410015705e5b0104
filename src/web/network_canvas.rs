//! Draws the network from a snapshot: weight lines coloured by gradient (or value) and sized by
//! `|w|`, neurons filled by activation, the selection highlighted, and the legend.
//!
//! Styles are bucketed: every line of one colour and width goes into one path and one
//! `stroke()`, because setting a canvas style is what costs (the Game of Life profiling lesson).

use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::model::Snapshot;
use crate::view::colour::{
    activation_colour, bucket_colour, colour_bucket, fill_level, nice_scale, text_on_activation,
    width_bucket, SIDE_BUCKETS, WIDTHS,
};
use crate::view::labels::neuron_label;
use crate::view::layout::{Hit, Layout, LEGEND_HEIGHT};
use crate::view::steps::{Phase, Step};
use crate::web::canvas::Canvas;

/// The colour that marks what the current step of the step-through computes.
const STEP_COLOUR: &str = "#1a9850";

/// A wide pale band under the weight lines the current step uses (every line for the update).
fn draw_step_glow(
    canvas: &Canvas,
    layout: &Layout,
    snapshot: &Snapshot,
    step: &Step,
) -> Result<(), JsValue> {
    let layers: Vec<usize> = match (step.weights_layer, step.phase) {
        (Some(l), _) => vec![l],
        (None, Phase::Update) => (0..snapshot.weights.len()).collect(),
        (None, _) => return Ok(()),
    };
    let ctx = &canvas.context;
    ctx.begin_path();
    for l in layers {
        for &(x1, y1) in &layout.positions[l + 1] {
            for &(x0, y0) in &layout.positions[l] {
                ctx.move_to(x0, y0);
                ctx.line_to(x1, y1);
            }
        }
    }
    ctx.set_stroke_style_str("rgba(26, 152, 80, 0.22)");
    ctx.set_line_width(14.0);
    ctx.set_line_cap("round");
    ctx.stroke();
    Ok(())
}

/// Shades of the neuron fill (a level is rounded to the nearest of these).
const FILL_SHADES: usize = 64;

/// Above this many weight lines the network is drawn as "dense" (thinner lines, plain ends).
const DENSE_LINES: usize = 400;
/// At most this many weight lines a frame: beyond it the eye sees a grey mass anyway, and
/// stroking 100,000 lines costs the browser about 200 ms. The lines kept are those with the
/// largest |colour value| (steepest ∂loss/∂w, or largest w), and the legend says so.
const MAX_LINES: usize = 1_500;

/// The smallest |value| of a kept line when at most `keep` of `values` may be drawn (0: all).
fn keep_threshold<'a>(values: impl Iterator<Item = &'a f64>, keep: usize) -> f64 {
    let mut magnitudes: Vec<f64> = values.map(|v| v.abs()).collect();
    if magnitudes.len() <= keep || keep == 0 {
        return 0.0;
    }
    let at = magnitudes.len() - keep;
    // NaN sorts last, so a NaN weight is always drawn: it is what the learner must see.
    let (_, &mut threshold, _) = magnitudes.select_nth_unstable_by(at, |a, b| a.total_cmp(b));
    threshold
}

/// A line from one neuron's centre to another's.
type Segment = ((f64, f64), (f64, f64));

/// What the weight lines' colour shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColourBy {
    /// `∂loss/∂w` over the whole data set: where each weight would move next.
    Gradient,
    /// The weight `w` itself.
    Weight,
}

fn max_abs<'a>(values: impl Iterator<Item = &'a f64>) -> f64 {
    values
        .filter(|v| v.is_finite())
        .fold(0.0f64, |m, v| m.max(v.abs()))
}

pub fn draw_network(
    canvas: &Canvas,
    layout: &Layout,
    snapshot: &Snapshot,
    colour_by: ColourBy,
    selection: Option<Hit>,
    step: Option<&Step>,
    maps: Option<&NeuronMaps>,
) -> Result<(), JsValue> {
    canvas.begin()?;
    let ctx = &canvas.context;
    if let Some(step) = step {
        draw_step_glow(canvas, layout, snapshot, step)?;
    }
    let coloured = match colour_by {
        ColourBy::Gradient => &snapshot.gradients,
        ColourBy::Weight => &snapshot.weights,
    };
    let colour_max = nice_scale(max_abs(coloured.iter().flatten().flatten()));
    let width_max = nice_scale(max_abs(snapshot.weights.iter().flatten().flatten()));

    let threshold = keep_threshold(coloured.iter().flatten().flatten(), MAX_LINES);
    let capped = snapshot.weights.iter().flatten().flatten().count() > MAX_LINES;
    let mut kept = 0;
    // One bucket per (colour, width): a list of segments stroked together.
    let mut buckets: Vec<Vec<Segment>> = vec![Vec::new(); (2 * SIDE_BUCKETS + 1) * WIDTHS.len()];
    for (l, layer) in snapshot.weights.iter().enumerate() {
        for (k, row) in layer.iter().enumerate() {
            for (j, &w) in row.iter().enumerate() {
                let v = coloured[l][k][j];
                // Above the cap: the largest |v| only; when most are exactly 0 (saturated or
                // dead neurons) the threshold is 0, so zeros are left out and the count caps.
                if capped
                    && (v.abs() < threshold || (threshold == 0.0 && v == 0.0) || kept >= MAX_LINES)
                {
                    continue;
                }
                kept += 1;
                let c = colour_bucket(coloured[l][k][j], colour_max);
                let b = c * WIDTHS.len() + width_bucket(w, width_max);
                buckets[b].push((layout.neuron(l, j), layout.neuron(l + 1, k)));
            }
        }
    }
    // A dense network's lines mostly overlap: thinner lines with plain ends look the same there
    // and cost the browser's rasteriser far less.
    let dense = snapshot.weights.iter().flatten().flatten().count() > DENSE_LINES;
    ctx.set_line_cap(if dense { "butt" } else { "round" });
    let thin = if dense { 0.5 } else { 1.0 };
    for (b, segments) in buckets.iter().enumerate() {
        if segments.is_empty() {
            continue;
        }
        ctx.begin_path();
        for &((x0, y0), (x1, y1)) in segments {
            ctx.move_to(x0, y0);
            ctx.line_to(x1, y1);
        }
        ctx.set_stroke_style_str(&bucket_colour(b / WIDTHS.len()));
        ctx.set_line_width(WIDTHS[b % WIDTHS.len()] * thin);
        ctx.stroke();
    }

    if let Some(Hit::Weight { layer, to, from }) = selection {
        let ((x0, y0), (x1, y1)) = (layout.neuron(layer, from), layout.neuron(layer + 1, to));
        ctx.begin_path();
        ctx.move_to(x0, y0);
        ctx.line_to(x1, y1);
        ctx.set_stroke_style_str("#f2b705");
        ctx.set_line_width(WIDTHS[WIDTHS.len() - 1] + 5.0);
        ctx.stroke();
        let c = colour_bucket(coloured[layer][to][from], colour_max);
        ctx.set_stroke_style_str(&bucket_colour(c));
        ctx.set_line_width(WIDTHS[width_bucket(snapshot.weights[layer][to][from], width_max)]);
        ctx.stroke();
    }

    draw_neurons(canvas, layout, snapshot, selection, maps)?;
    if let Some(step) = step {
        for &(l, i) in &step.neurons {
            let (x, y) = layout.neuron(l, i);
            canvas.circle(x, y, layout.radius + 5.0)?;
            ctx.set_line_width(3.0);
            ctx.set_stroke_style_str(STEP_COLOUR);
            ctx.stroke();
        }
    }
    draw_captions_and_legend(canvas, layout, snapshot, colour_by, colour_max)?;
    let total = snapshot.weights.iter().flatten().flatten().count();
    if capped {
        let drawn = kept;
        ctx.set_font("11px system-ui, sans-serif");
        ctx.set_fill_style_str("#55555f");
        ctx.set_text_align("left");
        ctx.set_text_baseline("top");
        let text = format!(
            "showing the {drawn} lines of largest |{}| of {total} weights",
            match colour_by {
                ColourBy::Gradient => "∂loss/∂w",
                ColourBy::Weight => "w",
            }
        );
        // On a white box: on a big network the layers are solid bars under it.
        let width = ctx.measure_text(&text)?.width();
        ctx.set_fill_style_str("rgba(255, 255, 255, 0.9)");
        ctx.fill_rect(2.0, 2.0, width + 6.0, 16.0);
        ctx.set_fill_style_str("#33333d");
        ctx.fill_text(&text, 5.0, 4.0)?;
    }
    Ok(())
}

/// Per-neuron heatmaps: an off-screen canvas one `cells`-wide square per neuron (layer by
/// layer), showing what each neuron responds to over the input plane.
pub struct NeuronMaps<'a> {
    pub atlas: &'a HtmlCanvasElement,
    pub cells: f64,
}

/// Every neuron's heatmap, cut to its circle: one clip path of all the circles, then one
/// `drawImage` per neuron (clipping per neuron would cost a save, clip and restore each).
fn draw_neuron_maps(canvas: &Canvas, layout: &Layout, maps: &NeuronMaps) -> Result<(), JsValue> {
    let ctx = &canvas.context;
    let r = layout.radius;
    ctx.save();
    discs(ctx, layout.positions.iter().flatten(), r - OUTLINE / 2.0)?;
    ctx.clip();
    for (n, &(x, y)) in layout.positions.iter().flatten().enumerate() {
        ctx.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            maps.atlas,
            n as f64 * maps.cells,
            0.0,
            maps.cells,
            maps.cells,
            x - r,
            y - r,
            2.0 * r,
            2.0 * r,
        )?;
    }
    ctx.restore();
    Ok(())
}

fn draw_neurons(
    canvas: &Canvas,
    layout: &Layout,
    snapshot: &Snapshot,
    selection: Option<Hit>,
    maps: Option<&NeuronMaps>,
) -> Result<(), JsValue> {
    let ctx = &canvas.context;
    let r = layout.radius;
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    // Every outline at once, as a dark disc a little larger than the neuron that its fill (or
    // heatmap) then covers but for a ring: filling discs costs the software rasteriser far less
    // than stroking circles (measured on 2-16x8-1: about 3 ms a frame less).
    discs(ctx, layout.positions.iter().flatten(), r + OUTLINE / 2.0)?;
    ctx.set_fill_style_str("#4a4a55");
    ctx.fill();
    if let Some(maps) = maps {
        draw_neuron_maps(canvas, layout, maps)?;
    }
    // Inputs are drawn as they are; other layers on their activation's own scale.
    let level = |l: usize, i: usize| {
        let a = snapshot.a[l][i];
        if l == 0 {
            a
        } else {
            fill_level(a, snapshot.activation_of(l))
        }
    };
    // Fills bucketed by shade and every outline in one path: a style set once per bucket, as
    // for the weight lines (a 130-neuron network would otherwise cost 260 draw calls a frame).
    if maps.is_none() {
        let mut shades: Vec<Vec<(f64, f64)>> = vec![Vec::new(); FILL_SHADES + 1];
        for (l, column) in layout.positions.iter().enumerate() {
            for (i, &centre) in column.iter().enumerate() {
                let shade = level(l, i);
                let shade = if shade.is_finite() {
                    shade.clamp(0.0, 1.0)
                } else {
                    0.0
                };
                shades[(shade * FILL_SHADES as f64).round() as usize].push(centre);
            }
        }
        for (shade, centres) in shades.iter().enumerate() {
            if centres.is_empty() {
                continue;
            }
            discs(ctx, centres.iter(), r - OUTLINE / 2.0)?;
            ctx.set_fill_style_str(&activation_colour(shade as f64 / FILL_SHADES as f64));
            ctx.fill();
        }
    }
    if let Some(Hit::Neuron { layer, index }) = selection {
        let (x, y) = layout.neuron(layer, index);
        canvas.circle(x, y, r)?;
        ctx.set_line_width(4.0);
        ctx.set_stroke_style_str("#f2b705");
        ctx.stroke();
    }
    for (l, column) in layout.positions.iter().enumerate() {
        for (i, &(x, y)) in column.iter().enumerate() {
            let a = snapshot.a[l][i];
            let level = level(l, i);
            if r >= 9.0 {
                ctx.set_font(&format!(
                    "600 {}px system-ui, sans-serif",
                    (r * 0.62).round()
                ));
                if maps.is_some() {
                    // A light halo keeps the label readable on any heatmap colour.
                    ctx.set_line_width(3.0);
                    ctx.set_stroke_style_str("rgba(255, 255, 255, 0.85)");
                    ctx.stroke_text(&neuron_label(&snapshot.layers, l, i), x, y)?;
                    ctx.set_fill_style_str("#1b1b1f");
                } else {
                    ctx.set_fill_style_str(text_on_activation(level));
                }
                ctx.fill_text(&neuron_label(&snapshot.layers, l, i), x, y)?;
            }
            if r >= 14.0 {
                ctx.set_fill_style_str("#33333d");
                ctx.set_font("11px system-ui, sans-serif");
                ctx.fill_text(&format!("a={}", short(a)), x, y + r + 9.0)?;
            }
        }
    }
    Ok(())
}

/// Width of a neuron's outline ring, in CSS pixels.
const OUTLINE: f64 = 1.5;

/// A new path of discs of `radius` around `centres`, to fill (or clip to) in one call.
fn discs<'a>(
    ctx: &CanvasRenderingContext2d,
    centres: impl Iterator<Item = &'a (f64, f64)>,
    radius: f64,
) -> Result<(), JsValue> {
    ctx.begin_path();
    for &(x, y) in centres {
        ctx.move_to(x + radius, y);
        ctx.arc(x, y, radius, 0.0, std::f64::consts::TAU)?;
    }
    Ok(())
}

/// A number in at most 3 decimals for the small canvas captions.
fn short(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.3}")
    } else {
        "NaN".into()
    }
}

fn draw_captions_and_legend(
    canvas: &Canvas,
    layout: &Layout,
    snapshot: &Snapshot,
    colour_by: ColourBy,
    colour_max: f64,
) -> Result<(), JsValue> {
    let ctx = &canvas.context;
    let top = layout.height - LEGEND_HEIGHT;
    ctx.set_fill_style_str("#55555f");
    ctx.set_font("12px system-ui, sans-serif");
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    let depth = snapshot.layers.len() - 1;
    for (l, column) in layout.positions.iter().enumerate() {
        let mut caption = match l {
            0 => "input".to_string(),
            l if l == depth => "output".to_string(),
            _ if depth == 2 => "hidden".to_string(),
            l => format!("hidden {l}"),
        };
        // A layer too dense to count by eye says how many neurons it has.
        if column.len() > 16 {
            caption += &format!(" · {}", column.len());
        }
        ctx.fill_text(&caption, column[0].0, top + 10.0)?;
    }

    // The colour legend: a bar of every bucket, its ends and middle labelled with numbers.
    let bar_width = 13.0 * 14.0;
    let (x0, y0) = ((layout.width - bar_width) / 2.0, top + 30.0);
    for b in 0..=2 * SIDE_BUCKETS {
        ctx.set_fill_style_str(&bucket_colour(b));
        ctx.fill_rect(x0 + b as f64 * 14.0, y0, 14.0, 10.0);
    }
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_fill_style_str("#33333d");
    ctx.set_text_baseline("top");
    ctx.fill_text(&format!("−{}", scale_end(colour_max)), x0, y0 + 13.0)?;
    ctx.fill_text("0", x0 + bar_width / 2.0, y0 + 13.0)?;
    ctx.fill_text(
        &format!("+{}", scale_end(colour_max)),
        x0 + bar_width,
        y0 + 13.0,
    )?;
    ctx.set_text_align("right");
    ctx.set_text_baseline("middle");
    let what = match colour_by {
        ColourBy::Gradient => "colour: ∂loss/∂w",
        ColourBy::Weight => "colour: w",
    };
    // Left of the bar if it fits there, else centred above it (narrow phone canvases).
    if x0 - 8.0 - ctx.measure_text(what)?.width() >= 2.0 {
        ctx.fill_text(what, x0 - 8.0, y0 + 5.0)?;
    } else {
        ctx.set_text_align("center");
        ctx.fill_text(what, x0 + bar_width / 2.0, y0 - 9.0)?;
    }
    Ok(())
}

/// A scale end such as 0.05 or 2 without trailing zeros.
/// The legend's end value, in the derivations' number format (`0.002`, `2×10⁻⁷`): a scale
/// below 10⁻⁶ must not read as 0.
fn scale_end(x: f64) -> String {
    crate::view::mathml::format_digits(x, 3)
}
