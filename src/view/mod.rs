//! What the page shows, as plain functions of a core snapshot: layout, colours, labels, the loss
//! history and chart, and the inspector's derivations. No browser types here either, so all of
//! it is tested natively; `web` only hands the results to a canvas or the DOM.

pub mod chain;
pub mod checker;
pub mod colour;
pub mod config;
pub mod derivations;
pub mod epoch_step;
pub mod explain;
pub mod export;
pub mod export_code;
pub mod expr;
pub mod formulas;
pub mod gradient_check;
pub mod heatmap;
pub mod history;
pub mod labels;
pub mod layout;
pub mod loss_chart;
pub mod mathml;
pub mod nudge;
pub mod prose;
pub mod resume;
pub mod sigmoid_plot;
pub mod steps;
#[cfg(test)]
mod test_support;
