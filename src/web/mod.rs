//! The wasm-bindgen facade: a thin layer that draws snapshots of the core on canvases.
//!
//! `app` is the one owner of the page's state; the other files each draw one thing.

pub mod app;
pub mod bench;
pub mod canvas;
pub mod data_canvas;
pub mod data_input;
pub mod exports;
pub mod lessons;
pub mod loss_chart;
pub mod network_canvas;
pub mod sigmoid_plot;

use wasm_bindgen::prelude::*;

/// The crate version, so the page can show which core it runs.
#[wasm_bindgen]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Facts the page builds its controls from (JSON text): see `view::config`.
#[wasm_bindgen]
pub fn config() -> String {
    crate::view::config::config_json()
}

/// Sends panic messages to the console (the page's loop then stops: after a panic, no callback
/// touches the poisoned state).
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("Backprop Playground crashed: {info}").into());
    }));
}
