//! What the page shows, as plain functions of a core snapshot: layout, colours, labels, the loss
//! history and chart, and the inspector's derivations. No browser types here either, so all of
//! it is tested natively; `web` only hands the results to a canvas or the DOM.

pub mod colour;
pub mod explain;
pub mod heatmap;
pub mod history;
pub mod labels;
pub mod layout;
pub mod loss_chart;
