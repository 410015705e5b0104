//! The trained network as a small standalone function of its weights, for the Export tab.

use wasm_bindgen::prelude::*;

use crate::view::export_code::{to_python, to_rust};
use crate::web::app::Playground;

#[wasm_bindgen]
impl Playground {
    /// `def predict(x)` in Python (standard library only) with the current weights.
    pub fn export_python(&self) -> String {
        to_python(self.session.network())
    }

    /// `pub fn predict(x: &[f64]) -> Vec<f64>` in Rust with the current weights.
    pub fn export_rust(&self) -> String {
        to_rust(self.session.network())
    }
}
