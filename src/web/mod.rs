//! The wasm-bindgen facade (placeholder until the page issue).
use wasm_bindgen::prelude::*;

/// The crate version, so the page can show which core it runs.
#[wasm_bindgen]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
