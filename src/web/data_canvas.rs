//! The 2-D data set: the network's output over the input plane as a heatmap, with the samples
//! on top (the selected one ringed, the held-out test samples edged in black). Only for data of 2
//! inputs (points `(x1, x2)`, whatever input features the network is shown) and 1 output.

use wasm_bindgen::{Clamped, JsCast, JsValue};
use web_sys::{HtmlCanvasElement, ImageData};

use crate::model::features::Feature;
use crate::model::session::spread;
use crate::model::Session;
use crate::view::heatmap::{class_colour, output_grid, Bounds};
use crate::view::layout::Layout;
use crate::web::canvas::Canvas;

/// Cells per side of the heatmap grid: coarse, so a frame's cost stays far below a millisecond
/// for the small networks the page shows; the browser smooths it when scaling up.
const CELLS: usize = 40;
/// Fewest cells per side, on the largest networks.
const MIN_CELLS: usize = 10;
/// At most about this many points drawn: 10,000 dots cost the browser ~70 ms to paint, and
/// beyond a few thousand they only cover each other.
const MAX_POINTS: usize = 1_500;
/// At most this many weight multiplications for one heatmap (a forward pass per cell): a few
/// milliseconds, so a big network's plot costs no more than a small one's frame.
const HEATMAP_WORK: usize = 2_000_000;

/// Cells per side for a network of `parameters` weights and biases.
fn cells_for(parameters: usize) -> usize {
    let affordable = (HEATMAP_WORK / parameters.max(1)) as f64;
    (affordable.sqrt() as usize).clamp(MIN_CELLS, CELLS)
}

pub struct DataCanvas {
    pub canvas: Canvas,
    /// A small off-screen canvas holding one pixel per grid cell.
    grid: HtmlCanvasElement,
}

impl DataCanvas {
    pub fn new(element: HtmlCanvasElement) -> Result<DataCanvas, JsValue> {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or("no document")?;
        let grid = document
            .create_element("canvas")?
            .dyn_into::<HtmlCanvasElement>()?;
        grid.set_width(CELLS as u32);
        grid.set_height(CELLS as u32);
        Ok(DataCanvas {
            canvas: Canvas::new(element)?,
            grid,
        })
    }

    /// The training sample nearest to a click at `(x, y)` (CSS pixels), if within a few
    /// pixels (test samples are not trained on, so there is no pass of theirs to inspect).
    pub fn sample_at(&self, session: &Session, x: f64, y: f64) -> Option<usize> {
        let raw = session.raw_data();
        let bounds = Bounds::around(raw);
        let (w, h) = (self.canvas.width, self.canvas.height);
        session
            .train_indices()
            .iter()
            .enumerate()
            .map(|(i, &r)| {
                let (input, _) = raw.sample(r);
                let (sx, sy) = bounds.to_screen(input[0], input[1], w, h);
                (i, (sx - x).hypot(sy - y))
            })
            .filter(|&(_, d)| d <= 8.0)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    }

    /// Draws the session's data over its network's output; `selected` is a training sample.
    pub fn draw(&self, session: &Session, selected: usize) -> Result<(), JsValue> {
        let canvas = &self.canvas;
        canvas.begin()?;
        let ctx = &canvas.context;
        let data = session.raw_data();
        let bounds = Bounds::around(data);
        let (w, h) = (canvas.width, canvas.height);

        let network = session.network();
        let cells = cells_for(network.weights().len() + network.biases().len());
        if self.grid.width() != cells as u32 {
            self.grid.set_width(cells as u32);
            self.grid.set_height(cells as u32);
        }
        let outputs = output_grid(network, session.features(), &bounds, cells);
        let mut pixels = Vec::with_capacity(cells * cells * 4);
        for a in outputs {
            let [r, g, b] = class_colour(a);
            pixels.extend_from_slice(&[r, g, b, 255]);
        }
        let image = ImageData::new_with_u8_clamped_array(Clamped(&pixels), cells as u32)?;
        let grid_context = self
            .grid
            .get_context("2d")?
            .ok_or("no 2-D context")?
            .dyn_into::<web_sys::CanvasRenderingContext2d>()?;
        grid_context.put_image_data(&image, 0.0, 0.0)?;
        ctx.set_image_smoothing_enabled(true);
        ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&self.grid, 0.0, 0.0, w, h)?;

        // Points: one path per class and part, so each style is set once. Training samples have
        // a white edge; test samples, which the network never trains on, a black one.
        let radius = if data.len() > 300 { 2.5 } else { 3.5 };
        let every = data.len().div_ceil(MAX_POINTS).max(1);
        for class in [0.0, 1.0] {
            let [r, g, b] = class_colour(class);
            let colour = format!("rgb({r}, {g}, {b})");
            for (indices, test) in [
                (session.train_indices(), false),
                (session.test_indices(), true),
            ] {
                if indices.is_empty() {
                    continue;
                }
                ctx.begin_path();
                // Spread over the list, not every k-th: the built-in sets alternate their classes.
                for p in spread(indices.len(), indices.len().div_ceil(every)) {
                    let (input, target) = data.sample(indices[p]);
                    if (target[0] >= 0.5) != (class == 1.0) {
                        continue;
                    }
                    let (x, y) = bounds.to_screen(input[0], input[1], w, h);
                    ctx.move_to(x + radius, y);
                    ctx.arc(x, y, radius, 0.0, std::f64::consts::TAU)?;
                }
                ctx.set_fill_style_str(&colour);
                ctx.fill();
                if test {
                    ctx.set_stroke_style_str("#1b1b1f");
                    ctx.set_line_width(1.5);
                } else {
                    ctx.set_stroke_style_str("#ffffff");
                    ctx.set_line_width(1.0);
                }
                ctx.stroke();
            }
        }
        if every > 1 {
            ctx.set_font("11px system-ui, sans-serif");
            ctx.set_fill_style_str("#33333d");
            ctx.set_text_align("left");
            ctx.set_text_baseline("bottom");
            ctx.fill_text(
                &format!("1 in {every} of {} points shown", data.len()),
                4.0,
                h - 4.0,
            )?;
        }
        let train = session.train_indices();
        let (input, _) = data.sample(train[selected.min(train.len() - 1)]);
        let (x, y) = bounds.to_screen(input[0], input[1], w, h);
        canvas.circle(x, y, radius + 4.0)?;
        ctx.set_stroke_style_str("#1b1b1f");
        ctx.set_line_width(2.0);
        ctx.stroke();

        // Axis names in the corners, so a learner knows which input is which.
        ctx.set_fill_style_str("#33333d");
        ctx.set_font("12px system-ui, sans-serif");
        ctx.set_text_align("right");
        ctx.set_text_baseline("bottom");
        ctx.fill_text("x₁ →", w - 4.0, h - 3.0)?;
        ctx.set_text_align("left");
        ctx.set_text_baseline("top");
        ctx.fill_text("↑ x₂", 4.0, 3.0)?;
        Ok(())
    }
}

/// On the network canvas, after the network is drawn: beside each input neuron the input
/// feature it is shown (`x₁²`, `sin x₂`, …), so a learner reads input `x₁` as `x₁²`.
pub fn draw_feature_names(
    canvas: &Canvas,
    layout: &Layout,
    features: &[Feature],
) -> Result<(), JsValue> {
    let ctx = &canvas.context;
    ctx.set_fill_style_str("#54278f");
    ctx.set_font("600 12px system-ui, sans-serif");
    ctx.set_text_align("right");
    ctx.set_text_baseline("middle");
    for (i, feature) in features.iter().enumerate() {
        let Some(&(x, y)) = layout.positions[0].get(i) else {
            break;
        };
        ctx.fill_text(feature.label(), x - layout.radius - 5.0, y)?;
    }
    Ok(())
}
