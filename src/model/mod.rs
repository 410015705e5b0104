//! What a session is: the spec that describes it (and its CSV form), the data's split and input
//! features, reshaping, the session itself (the one owner of the model state, with typed
//! mutators, a generation counter and one snapshot per generation) and that snapshot.
//!
//! It runs on `nn`'s maths and, like it, knows nothing of a browser.

pub mod csv;
pub mod features;
pub mod json;
pub mod json_read;
pub mod reshape;
pub mod session;
pub mod snapshot;
pub mod spec;
mod spec_json;
pub mod split;

pub use session::Session;
pub use snapshot::Snapshot;
pub use spec::{ActivationSpec, Spec, SpecError};
