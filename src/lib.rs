//! Backprop Playground: a small sigmoid network whose backpropagation keeps every chain-rule factor.
//!
//! `nn` is the maths and `model` what a session is (no browser types, no clock in either); `view` turns a snapshot of it into layout,
//! colours, charts and derivations (still no browser types); `web` is the wasm-bindgen facade
//! that puts those on HTML canvases and in the DOM.

pub mod model;
/// The maths, in its own crate (`nn/`) so that it is built for speed and the rest for size.
pub use backprop_nn as nn;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod web;
