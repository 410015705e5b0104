//! What the benchmark page (`bench.html`) and the soak test need from the module: the core
//! trained with nothing drawn, its starting state as flat arrays (so the page's plain-JavaScript
//! baseline trains the very same network on the very same data), and the size of the module's
//! linear memory. The playground page itself uses none of this.

use js_sys::{ArrayBuffer, WebAssembly};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::model::Session;

/// A session trained without drawing: the page times [`BenchSession::train`] alone, so building
/// the network and the data set is not counted.
#[wasm_bindgen]
pub struct BenchSession {
    session: Session,
}

#[wasm_bindgen]
impl BenchSession {
    /// A session from a spec (JSON text), as `playground.load` takes.
    #[wasm_bindgen(constructor)]
    pub fn new(spec: &str) -> Result<BenchSession, JsError> {
        let session = Session::from_json(spec).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(BenchSession { session })
    }

    /// Trains `epochs` epochs (forward, backward and update for every sample); returns the mean
    /// `E` seen during the last one. Divergence is thrown, with the blown-up epoch undone.
    pub fn train(&mut self, epochs: u32) -> Result<f64, JsError> {
        let mut loss = f64::NAN;
        for _ in 0..epochs {
            loss = self
                .session
                .train_epoch()
                .map_err(|e| JsError::new(&e.to_string()))?;
        }
        Ok(loss)
    }

    /// The loss of the whole data set at the current weights (`mean E`).
    pub fn loss(&mut self) -> f64 {
        self.session.loss()
    }

    pub fn samples(&self) -> usize {
        self.session.data().len()
    }

    pub fn epoch(&self) -> f64 {
        self.session.epoch() as f64
    }

    pub fn layers(&self) -> Vec<usize> {
        self.session.network().layers().to_vec()
    }

    pub fn has_bias(&self) -> bool {
        self.session.network().has_bias()
    }

    pub fn learning_rate(&self) -> f64 {
        self.session.learning_rate()
    }

    pub fn batch_size(&self) -> usize {
        self.session.batch_size()
    }

    /// Every weight, flat: layer by layer, row `k` (the receiving neuron) by row.
    pub fn weights(&self) -> Vec<f64> {
        self.session.network().weights().to_vec()
    }

    /// Every bias, flat (all zeros for a network without bias terms).
    pub fn biases(&self) -> Vec<f64> {
        self.session.network().biases().to_vec()
    }

    /// The data set's inputs, flat, sample after sample.
    pub fn inputs(&self) -> Vec<f64> {
        self.session.data().input_rows().concat()
    }

    /// The data set's targets, flat, sample after sample.
    pub fn targets(&self) -> Vec<f64> {
        self.session.data().target_rows().concat()
    }
}

/// The size of the module's linear memory in bytes. It only grows: a leak in the core shows as
/// growth over a long run.
#[wasm_bindgen]
pub fn wasm_memory_bytes() -> Result<f64, JsValue> {
    let memory: WebAssembly::Memory = wasm_bindgen::memory().dyn_into()?;
    let buffer: ArrayBuffer = memory.buffer().dyn_into()?;
    Ok(buffer.byte_length() as f64)
}
