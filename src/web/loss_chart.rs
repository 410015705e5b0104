//! The loss chart on its HTML canvas: the view's [`draw_loss_chart`] on plotters' `CanvasBackend`.
//!
//! The canvas keeps its pixels between frames, which is what lets the chart redraw only its plot
//! layer while the axes stay (see `view::loss_chart`). So nothing else may draw on this canvas,
//! and its context must keep the identity transform: plotters draws in backing-store pixels and
//! scales fonts and widths itself by the `devicePixelRatio` passed to [`LossChartCanvas::draw`].

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

use crate::view::history::LossHistory;
use crate::view::loss_chart::{draw_loss_chart, ChartState, ChartStyle};

/// The loss chart's canvas and the axes drawn on it.
pub struct LossChartCanvas {
    canvas: HtmlCanvasElement,
    state: ChartState,
    style: ChartStyle,
}

impl LossChartCanvas {
    pub fn new(canvas: HtmlCanvasElement) -> LossChartCanvas {
        LossChartCanvas {
            canvas,
            state: ChartState::new(),
            style: ChartStyle::default(),
        }
    }

    /// Draws `history` and, with a test set, the `test` loss's curve. The caller has already set the backing store to CSS size × `dpr`
    /// (resizing clears the canvas; the new size makes this frame redraw the axes too).
    ///
    /// A backend is made per frame: `getContext` returns the same context every time, and the
    /// drawing area must learn the canvas's current size.
    pub fn draw(
        &mut self,
        history: &LossHistory,
        test: Option<&LossHistory>,
        dpr: f64,
    ) -> Result<(), JsValue> {
        let backend = CanvasBackend::with_canvas_object(self.canvas.clone())
            .ok_or_else(|| JsValue::from_str("the loss chart's canvas gives no 2-D context"))?;
        let area = backend.into_drawing_area();
        let style = ChartStyle {
            scale: dpr,
            ..self.style
        };
        draw_loss_chart(&area, history, test, &mut self.state, &style)
            .map_err(|e| JsValue::from_str(&e))
    }

    /// Switches the loss axis between linear and `log10`; the next frame redraws the axes.
    pub fn set_log_scale(&mut self, on: bool) {
        self.state.log_scale = on;
    }

    pub fn log_scale(&self) -> bool {
        self.state.log_scale
    }

    /// New axes for a new network (the log-scale choice stays).
    pub fn reset(&mut self) {
        self.state.reset();
    }

    /// Redraws the axes next frame, for when something else has cleared the canvas.
    pub fn invalidate(&mut self) {
        self.state.invalidate();
    }
}
