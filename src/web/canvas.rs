//! A canvas whose backing store follows its CSS size × `devicePixelRatio`, so drawing is crisp
//! on high-DPI screens. Everything is drawn in CSS pixels through a scaled transform.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

pub struct Canvas {
    pub element: HtmlCanvasElement,
    pub context: CanvasRenderingContext2d,
    /// CSS size and pixel ratio as of the last [`Canvas::fit`].
    pub width: f64,
    pub height: f64,
    pub dpr: f64,
}

impl Canvas {
    pub fn new(element: HtmlCanvasElement) -> Result<Canvas, JsValue> {
        let context = element
            .get_context("2d")?
            .ok_or("this browser gives no 2-D canvas context")?
            .dyn_into::<CanvasRenderingContext2d>()?;
        let mut canvas = Canvas {
            element,
            context,
            width: 0.0,
            height: 0.0,
            dpr: 1.0,
        };
        canvas.fit();
        Ok(canvas)
    }

    /// Matches the backing store to the CSS size × `devicePixelRatio`; returns true when it
    /// changed (so layouts must be recomputed).
    pub fn fit(&mut self) -> bool {
        let dpr = fit_element(&self.element);
        let (width, height) = css_size(&self.element);
        let changed = (width, height, dpr) != (self.width, self.height, self.dpr);
        (self.width, self.height, self.dpr) = (width, height, dpr);
        changed
    }

    /// Clears the canvas and sets the transform so that one unit is one CSS pixel.
    pub fn begin(&self) -> Result<(), JsValue> {
        self.context.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)?;
        self.context.clear_rect(
            0.0,
            0.0,
            f64::from(self.element.width()),
            f64::from(self.element.height()),
        );
        self.context
            .set_transform(self.dpr, 0.0, 0.0, self.dpr, 0.0, 0.0)
    }

    /// A filled circle (the path is closed and filled at once).
    pub fn circle(&self, x: f64, y: f64, radius: f64) -> Result<(), JsValue> {
        self.context.begin_path();
        self.context.arc(x, y, radius, 0.0, std::f64::consts::TAU)?;
        Ok(())
    }
}

/// The CSS size of a canvas in CSS pixels (at least 1 × 1).
pub fn css_size(element: &HtmlCanvasElement) -> (f64, f64) {
    (
        f64::from(element.client_width().max(1)),
        f64::from(element.client_height().max(1)),
    )
}

/// Sets a canvas's backing store to its CSS size × `devicePixelRatio` (only when that differs,
/// since setting it clears the canvas) and returns the ratio.
pub fn fit_element(element: &HtmlCanvasElement) -> f64 {
    let dpr = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let (width, height) = css_size(element);
    let (w, h) = ((width * dpr).round() as u32, (height * dpr).round() as u32);
    if element.width() != w || element.height() != h {
        element.set_width(w);
        element.set_height(h);
    }
    dpr
}
