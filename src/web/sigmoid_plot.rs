//! The sigmoid plot on its HTML canvas: the view's [`draw_sigmoid_plot`] on plotters'
//! `CanvasBackend`, beside the sigmoid-slope derivation.
//!
//! Each [`SigmoidPlotCanvas::draw`] fits the backing store to the canvas's CSS size ×
//! `devicePixelRatio` and redraws everything (it is drawn when the focus or the network changes,
//! not every frame). plotters draws in backing-store pixels; fonts and widths are scaled by the
//! ratio in the view.

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

use crate::view::sigmoid_plot::draw_sigmoid_plot;
use crate::web::canvas::fit_element;

/// The canvas the sigmoid plot is drawn on.
pub struct SigmoidPlotCanvas {
    canvas: HtmlCanvasElement,
}

impl SigmoidPlotCanvas {
    pub fn new(canvas: HtmlCanvasElement) -> SigmoidPlotCanvas {
        SigmoidPlotCanvas { canvas }
    }

    /// Draws `σ` and `σ'` with `net` marked (a NaN `net` draws the curves only).
    pub fn draw(&mut self, net: f64) -> Result<(), JsValue> {
        let dpr = fit_element(&self.canvas);
        let backend = CanvasBackend::with_canvas_object(self.canvas.clone())
            .ok_or_else(|| JsValue::from_str("the sigmoid plot's canvas gives no 2-D context"))?;
        let area = backend.into_drawing_area();
        draw_sigmoid_plot(&area, net, dpr).map_err(|e| JsValue::from_str(&e))?;
        area.present()
            .map_err(|e| JsValue::from_str(&e.to_string()))
    }

    pub fn canvas(&self) -> &HtmlCanvasElement {
        &self.canvas
    }
}
