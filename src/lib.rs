//! Backprop Playground: a small sigmoid network whose backpropagation keeps every chain-rule factor.
//!
//! `nn` is the pure core (no browser types, no clock); `web` is the wasm-bindgen facade that draws a
//! snapshot of the core on HTML canvases.

pub mod nn;

#[cfg(target_arch = "wasm32")]
pub mod web;
