//! The page's one owner of state: the session, the selection, the loss history and the canvases.
//!
//! JavaScript calls in once per animation frame (`frame`) and on user input; every method here
//! either changes the state completely or, on bad input, returns an error and changes nothing.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::model::features::Feature;
use crate::model::reshape::{reshape, Reshape};
use crate::model::spec::MAX_SEED;
use crate::model::{ActivationSpec, Session, Spec};
use crate::nn::budget::{budget_beside, epochs_before_next_look};
use crate::view::epoch_step::epoch_step_html;
use crate::view::explain::{neuron_html, weight_html};
use crate::view::gradient_check::GradientCheck;
use crate::view::heatmap::{neuron_atlas, Bounds};
use crate::view::history::{measure_every, LossHistory};
use crate::view::layout::{Hit, Layout};
use crate::view::nudge::nudge_html;
use crate::view::resume::{exists, Resume};
use crate::view::steps::steps;
use crate::web::canvas::{fit_element, Canvas};
use crate::web::data_canvas::{draw_feature_names, DataCanvas};
use crate::web::loss_chart::LossChartCanvas;
use crate::web::network_canvas::{draw_network, ColourBy, NeuronMaps};
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, ImageData};

/// Points kept in the loss history before it halves its resolution.
const HISTORY_CAPACITY: usize = 2048;
/// A loss flat for this many epochs, and still at least half what it was at the start, is a
/// stall the page explains.
const STALL_EPOCHS: u64 = 300;

#[wasm_bindgen]
pub struct Playground {
    pub(super) session: Session,
    pub(super) sample: usize,
    pub(super) selection: Option<Hit>,
    /// The step of the step-through on show (its neurons and weights are highlighted).
    pub(super) step: Option<usize>,
    /// The gradient check the learner started, while it runs (a few parameters per frame).
    pub(super) gradient_check: Option<GradientCheck>,
    /// The last gradient check that ran to the end: it stays until the learner runs another.
    pub(super) gradient_check_done: Option<GradientCheck>,
    pub(super) history: LossHistory,
    /// The test loss, pushed at the same epochs as `history` (so both decimate alike); empty
    /// without a test set.
    pub(super) test_history: LossHistory,
    network: Canvas,
    chart: LossChartCanvas,
    chart_element: HtmlCanvasElement,
    data: DataCanvas,
    colour_by: ColourBy,
    /// Heatmaps inside the neurons (2-input networks only), when switched on.
    maps: Option<MapsCache>,
    /// When the neuron heatmaps and the data plot were last brought up to date (ms): while
    /// training they are, together, at most every [`MAP_INTERVAL_MS`].
    pictures_at: f64,
    /// What bringing them up to date costs (ms, smoothed): a frame that does it trains that
    /// much less, so it still ends in time.
    pictures_ms: f64,
}

/// The per-neuron heatmaps as last computed, and for which weights.
struct MapsCache {
    atlas: HtmlCanvasElement,
    fingerprint: u64,
}

/// Cells per side of each neuron's heatmap.
const MAP_CELLS: usize = 20;
/// While training, the neuron heatmaps and the data plot's background are recomputed at most
/// this often.
const MAP_INTERVAL_MS: f64 = 150.0;

/// A cheap summary of every weight and bias, to tell whether the heatmaps are stale.
fn fingerprint(network: &crate::nn::Network) -> u64 {
    network
        .weights()
        .iter()
        .chain(network.biases())
        .fold(0xcbf2_9ce4_8422_2325u64, |h, w| {
            (h ^ w.to_bits()).wrapping_mul(0x0100_0000_01b3)
        })
}

fn js_error(message: impl std::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

pub(super) fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

#[wasm_bindgen]
impl Playground {
    /// Builds the playground on three canvases from a spec (JSON text).
    #[wasm_bindgen(constructor)]
    pub fn new(
        network: HtmlCanvasElement,
        chart: HtmlCanvasElement,
        data: HtmlCanvasElement,
        spec: &str,
    ) -> Result<Playground, JsError> {
        let session = Session::from_json(spec).map_err(js_error)?;
        let mut playground = Playground {
            session,
            sample: 0,
            selection: None,
            step: None,
            gradient_check: None,
            gradient_check_done: None,
            history: LossHistory::new(HISTORY_CAPACITY),
            test_history: LossHistory::new(HISTORY_CAPACITY),
            network: Canvas::new(network).map_err(|e| js_error(format!("{e:?}")))?,
            chart: LossChartCanvas::new(chart.clone()),
            chart_element: chart,
            data: DataCanvas::new(data).map_err(|e| js_error(format!("{e:?}")))?,
            colour_by: ColourBy::Gradient,
            maps: None,
            pictures_at: f64::NEG_INFINITY,
            pictures_ms: 0.0,
        };
        playground.after_new_network();
        Ok(playground)
    }

    /// Replaces network, data and settings from a spec; paused at epoch 0. On a bad spec,
    /// throws with the field named and changes nothing.
    pub fn load(&mut self, spec: &str) -> Result<(), JsError> {
        self.session.load(spec).map_err(js_error)?;
        self.after_new_network();
        Ok(())
    }

    /// Adds or removes a hidden neuron ("add-neuron"/"remove-neuron" in hidden layer `layer`)
    /// or a hidden layer before the output ("add-layer"/"remove-layer"). Weights whose two
    /// neurons survive are kept; training starts again at epoch 0 on the new shape.
    pub fn reshape(&mut self, change: &str, layer: usize) -> Result<(), JsError> {
        let change = match change {
            "add-neuron" => Reshape::AddNeuron(layer),
            "remove-neuron" => Reshape::RemoveNeuron(layer),
            "add-layer" => Reshape::AddLayer,
            "remove-layer" => Reshape::RemoveLayer,
            other => return Err(js_error(format!("no shape change called {other:?}"))),
        };
        let network = self.session.network();
        // New weights come from a seed that differs with the shape, so each new neuron starts
        // somewhere of its own, yet the same clicks give the same network.
        let seed = self
            .session
            .seed()
            .wrapping_add(network.weights().len() as u64 + 1);
        let reshaped = reshape(network, change, seed).map_err(js_error)?;
        let mut spec = self.session.spec();
        spec.layers = reshaped.layers().to_vec();
        spec.activation = ActivationSpec::of(reshaped.activations());
        spec.weights = Some(reshaped.nested_weights());
        spec.biases = reshaped.has_bias().then(|| reshaped.nested_biases());
        self.session = Session::from_spec(&spec).map_err(js_error)?;
        let selection = self.selection;
        self.after_new_network();
        // Keep the inspector on the same neuron or weight if it still exists.
        if let Some(hit) = selection.filter(|&hit| self.exists(hit)) {
            self.selection = Some(hit);
        }
        Ok(())
    }

    fn exists(&self, hit: Hit) -> bool {
        exists(&self.session, hit)
    }

    /// Everything the page's address saves besides the spec (JSON text): the epoch, the
    /// shuffling generator's position, the momentum velocity, the loss curves, the selection and
    /// the sample. With `spec()`, [`Playground::restore`] brings this state back exactly.
    pub fn saved_resume(&self) -> String {
        Resume::of(
            &self.session,
            &self.history,
            &self.test_history,
            self.selection,
            self.sample,
        )
        .to_json()
    }

    /// Brings back a saved state: `spec` and, if given, the `resume` text of
    /// [`Playground::saved_resume`]. All of it is checked first; a damaged state throws and
    /// changes nothing, so the page never shows half of one.
    pub fn restore(&mut self, spec: &str, resume: Option<String>) -> Result<(), JsError> {
        let Some(resume) = resume else {
            return self.load(spec);
        };
        let restored = Resume::from_json(&resume)
            .and_then(|r| r.restore(spec, HISTORY_CAPACITY))
            .map_err(js_error)?;
        self.session = restored.session;
        self.after_new_network();
        self.history = restored.history;
        self.test_history = restored.test_history;
        if restored.selection.is_some() {
            self.selection = restored.selection;
        }
        self.sample = restored.sample;
        Ok(())
    }

    /// The layer sizes, input first (for the page's shape buttons).
    pub fn layers(&self) -> Vec<usize> {
        self.session.network().layers().to_vec()
    }

    /// A change of settings made on the page (activation, loss, batch size, regularisation,
    /// momentum, the data's noise and test share): `spec` is this network's spec with settings
    /// changed. Only those settings change: the weights, the epoch, the momentum velocity, the
    /// selection and the sample stay, and Reset still returns to the loaded or seeded weights.
    /// Returns true when the data set changed, so the loss curve (of the old data) started
    /// again at this epoch. Throws on a bad spec and changes nothing.
    pub fn reconfigure(&mut self, spec: &str) -> Result<bool, JsError> {
        let spec = Spec::from_json(spec).map_err(js_error)?;
        let data_changed = spec.data != self.session.spec().data;
        self.session.change_settings(&spec).map_err(js_error)?;
        self.step = None;
        if self.sample >= self.session.data().len() {
            self.sample = 0;
        }
        if data_changed {
            self.history.clear();
            self.test_history.clear();
            self.push_losses(self.session.epoch());
        }
        self.chart.reset();
        Ok(data_changed)
    }

    /// Replaces the session with one built from `spec` (a new shape or new data), keeping the
    /// selection and the sample where they still exist; training starts again at epoch 0.
    pub(super) fn rebuild(&mut self, spec: &Spec) -> Result<(), JsError> {
        let session = Session::from_spec(spec).map_err(js_error)?;
        let (selection, sample) = (self.selection, self.sample);
        self.session = session;
        self.after_new_network();
        if let Some(hit) = selection.filter(|&hit| self.exists(hit)) {
            self.selection = Some(hit);
        }
        if sample < self.session.data().len() {
            self.sample = sample;
        }
        Ok(())
    }

    /// Back to epoch 0 with the weights of `seed` (the loaded ones if it is the loaded seed).
    pub fn reset(&mut self, seed: f64) -> Result<(), JsError> {
        if !(seed.is_finite() && seed >= 0.0 && seed.fract() == 0.0 && seed <= MAX_SEED as f64) {
            return Err(js_error(format!(
                "The seed must be a whole number from 0 to {MAX_SEED}, like 7."
            )));
        }
        self.session.reset(seed as u64);
        self.after_new_network();
        Ok(())
    }

    pub(super) fn after_new_network(&mut self) {
        self.history.clear();
        self.test_history.clear();
        self.push_losses(0);
        self.chart.reset();
        self.sample = 0;
        self.step = None;
        self.select_default();
    }

    /// Opens the inspector on the first output neuron, where the chain rule starts.
    fn select_default(&mut self) {
        let last = self.session.network().depth();
        self.selection = Some(Hit::Neuron {
            layer: last,
            index: 0,
        });
    }

    /// The current state as a spec (JSON text).
    pub fn spec(&self) -> String {
        self.session.spec().to_json()
    }

    /// The current state as a spec on one line (JSON text), for the page's address.
    pub fn compact_spec(&self) -> String {
        self.session.spec().to_value().to_text()
    }

    /// The snapshot of DESIGN.md's API (JSON text).
    pub fn snapshot(&self) -> String {
        self.session.snapshot(self.sample).to_json()
    }

    pub fn epoch(&self) -> f64 {
        self.session.epoch() as f64
    }

    pub fn seed(&self) -> f64 {
        self.session.seed() as f64
    }

    pub fn learning_rate(&self) -> f64 {
        self.session.learning_rate()
    }

    pub fn set_learning_rate(&mut self, learning_rate: f64) -> Result<(), JsError> {
        self.session
            .set_learning_rate(learning_rate)
            .map_err(js_error)
    }

    /// Puts the loss at the current weights on the curves at `epoch`: the training loss, and the
    /// test loss when there is a test set.
    fn push_losses(&mut self, epoch: u64) {
        let loss = self.session.loss();
        self.history.push(epoch, loss);
        if let Some(test) = self.session.test_loss() {
            self.test_history.push(epoch, test);
        }
    }

    /// Trains exactly `batches` mini-batches, across epoch ends if need be: one step of
    /// training as the loop takes them.
    pub fn train_batches(&mut self, batches: u32) -> Result<(), JsError> {
        let mut left = batches as usize;
        while left > 0 {
            let (trained, _) = self.train_some(left)?;
            if trained == 0 {
                break;
            }
            left -= trained;
        }
        Ok(())
    }

    /// Trains exactly `epochs` epochs. On divergence the blown-up epoch is undone and the
    /// explanation thrown.
    pub fn train(&mut self, epochs: u32) -> Result<(), JsError> {
        for _ in 0..epochs {
            // The rest of the epoch in progress, or a whole one.
            loop {
                let (batches, epochs) = self.train_some(usize::MAX)?;
                if epochs > 0 || batches == 0 {
                    break;
                }
            }
        }
        Ok(())
    }

    /// Trains up to `max_batches` mini-batches, no further than the end of the epoch in
    /// progress; when an epoch completes, now and then a point on the loss curve: the loss at
    /// the new weights, measured every few epochs ([`measure_every`], at most ~10 % of training
    /// time) and only for the epochs the decimated history keeps. Every drawn frame adds the
    /// state on screen too, from the snapshot it draws (see `draw_with`). Returns (batches,
    /// epochs completed).
    fn train_some(&mut self, max_batches: usize) -> Result<(usize, u32), JsError> {
        let done = self.session.train_batches(max_batches).map_err(js_error)?;
        if done.epochs > 0 {
            let epoch = self.session.epoch();
            let test = self.session.test_data().map_or(0, |t| t.len());
            let every = measure_every(self.session.data().len(), test).max(self.history.stride());
            if epoch.is_multiple_of(every) {
                self.push_losses(epoch);
            }
        }
        Ok((done.batches, done.epochs))
    }

    /// Trains until `max_epochs` more epochs are complete, stopping early once `budget_ms` has
    /// passed. The unit of work is a mini-batch, so a frame never overruns by more than one
    /// batch however large the network and the data set; an epoch may span many frames. The
    /// clock is read a few times per call, not after every batch ([`epochs_before_next_look`]).
    /// Returns how many epochs were completed.
    fn train_for(&mut self, budget_ms: f64, max_epochs: u32) -> Result<u32, JsError> {
        let start = now_ms();
        let (mut batches, mut epochs) = (0_u32, 0_u32);
        while epochs < max_epochs {
            let more = epochs_before_next_look(batches, now_ms() - start, budget_ms);
            if more == 0 {
                break;
            }
            let mut left = more as usize;
            while left > 0 && epochs < max_epochs {
                let (trained, completed) = self.train_some(left)?;
                left -= trained.min(left);
                batches = batches.saturating_add(trained as u32);
                epochs += completed;
                if trained == 0 {
                    return Ok(epochs);
                }
            }
        }
        Ok(epochs)
    }

    /// The animation loop's one call per frame: trains up to `max_epochs` epochs within
    /// `budget_ms` (none when 0), redraws when `draw` is true, and returns `[epochs trained,
    /// ms spent training, ...status()]`, all of this state's one snapshot. A frame that will
    /// bring the heatmaps and the data plot up to date trains for what they cost less (but
    /// at least 1 ms, or the budget if smaller): the loop's budget is for an ordinary frame.
    pub fn tick(
        &mut self,
        budget_ms: f64,
        max_epochs: u32,
        draw: bool,
    ) -> Result<Vec<f64>, JsError> {
        let start = now_ms();
        let budget_ms = if draw && self.pictures_due() {
            budget_beside(budget_ms, self.pictures_ms)
        } else {
            budget_ms
        };
        let trained = self.train_for(budget_ms, max_epochs)?;
        let training_ms = now_ms() - start;
        if draw {
            self.draw_with(false)
                .map_err(|e| js_error(format!("drawing failed: {e:?}")))?;
        }
        let mut numbers = vec![f64::from(trained), training_ms];
        numbers.extend(self.status());
        Ok(numbers)
    }

    /// What the status line shows: `[epoch, loss, test loss, accuracy, saturated share, test
    /// samples, epochs stalled (0 unless training has stalled: see `LossHistory::stalled_for`),
    /// the largest |w|, batches of the epoch in progress done, batches per epoch, samples the
    /// loss was measured on, samples]`, from this state's one snapshot (NaN where there is none).
    pub fn status(&self) -> Vec<f64> {
        let snapshot = self.session.snapshot(self.sample);
        let largest_weight = self
            .session
            .network()
            .weights()
            .iter()
            .fold(0.0_f64, |m, w| m.max(w.abs()));
        vec![
            self.session.epoch() as f64,
            snapshot.loss,
            snapshot.test_loss.unwrap_or(f64::NAN),
            snapshot.accuracy.unwrap_or(f64::NAN),
            snapshot.saturated_share,
            self.session.test_data().map_or(0, |t| t.len()) as f64,
            self.history.stalled_for(STALL_EPOCHS).unwrap_or(0) as f64,
            largest_weight,
            self.session.batches_done_in_epoch() as f64,
            self.session.batches_per_epoch() as f64,
            snapshot.measured_samples as f64,
            snapshot.sample_count as f64,
        ]
    }

    /// Redraws every canvas from a fresh snapshot (after fitting them to their CSS size).
    pub fn draw(&mut self) -> Result<(), JsValue> {
        self.draw_with(true)
    }

    /// Switches the heatmaps inside the neurons on or off (they need a 2-input network).
    pub fn set_neuron_maps(&mut self, on: bool) -> Result<(), JsValue> {
        self.maps = match (on, self.maps.take()) {
            (false, _) => None,
            (true, Some(cache)) => Some(cache),
            (true, None) => {
                let document = web_sys::window()
                    .and_then(|w| w.document())
                    .ok_or("no document")?;
                let atlas = document
                    .create_element("canvas")?
                    .dyn_into::<HtmlCanvasElement>()?;
                Some(MapsCache {
                    atlas,
                    fingerprint: 0,
                })
            }
        };
        Ok(())
    }

    /// Whether the neuron heatmaps and the data plot are due to be brought up to date.
    fn pictures_due(&self) -> bool {
        now_ms() - self.pictures_at >= MAP_INTERVAL_MS
    }

    /// Brings the heatmap atlas up to date (if `due`) and says whether to draw it.
    fn refresh_maps(&mut self, due: bool) -> Result<bool, JsValue> {
        let network = self.session.network();
        let Some(cache) = self.maps.as_mut() else {
            return Ok(false);
        };
        if !self.session.has_plane() {
            return Ok(false);
        }
        let bounds = Bounds::around(self.session.raw_data());
        let features = self.session.features();
        // New data (other noise, another point) moves the plane even when the weights stay.
        let feature_ids = features
            .unwrap_or(&[])
            .iter()
            .map(|f| Feature::ALL.iter().position(|a| a == f).unwrap_or(0) as f64);
        let print = [bounds.x_min, bounds.x_max, bounds.y_min, bounds.y_max]
            .into_iter()
            .chain(feature_ids)
            .fold(fingerprint(network), |h, v| {
                (h ^ v.to_bits()).wrapping_mul(0x0100_0000_01b3)
            });
        if print != cache.fingerprint && due {
            let pixels = neuron_atlas(network, features, &bounds, MAP_CELLS);
            let neurons: usize = network.layers().iter().sum();
            cache.atlas.set_width((MAP_CELLS * neurons) as u32);
            cache.atlas.set_height(MAP_CELLS as u32);
            let image = ImageData::new_with_u8_clamped_array(
                Clamped(&pixels),
                (MAP_CELLS * neurons) as u32,
            )?;
            cache
                .atlas
                .get_context("2d")?
                .ok_or("no 2-D context")?
                .dyn_into::<CanvasRenderingContext2d>()?
                .put_image_data(&image, 0.0, 0.0)?;
            cache.fingerprint = print;
        }
        Ok(true)
    }

    fn draw_with(&mut self, maps_now: bool) -> Result<(), JsValue> {
        // The data canvas's new size is known once it is fitted: a resize redraws it at once.
        let resized = self.data.canvas.fit();
        let pictures = maps_now || resized || self.pictures_due();
        let started = now_ms();
        let show_maps = self.refresh_maps(pictures)?;
        let mut pictures_ms = now_ms() - started;
        self.network.fit();
        let snapshot = self.session.snapshot(self.sample);
        // The state on screen is on the curve: its loss is in the snapshot, at no extra cost.
        self.history.push(snapshot.epoch, snapshot.loss);
        if let Some(test) = snapshot.test_loss {
            self.test_history.push(snapshot.epoch, test);
        }
        let layout = self.layout();
        let step = self.step.and_then(|i| steps(&snapshot).into_iter().nth(i));
        draw_network(
            &self.network,
            &layout,
            &snapshot,
            self.colour_by,
            self.selection,
            step.as_ref(),
            self.maps
                .as_ref()
                .filter(|_| show_maps)
                .map(|cache| NeuronMaps {
                    atlas: &cache.atlas,
                    cells: MAP_CELLS as f64,
                })
                .as_ref(),
        )?;
        if let Some(features) = self.session.features() {
            draw_feature_names(&self.network, &layout, features)?;
        }
        let dpr = fit_element(&self.chart_element);
        let test = self.session.test_data().map(|_| &self.test_history);
        self.chart.draw(&self.history, test, dpr)?;
        // The data plot's heatmap costs a forward pass per cell: while animating it is redrawn
        // at most every 150 ms (the canvas keeps its last picture in between).
        if self.has_data_plot() && pictures {
            let started = now_ms();
            self.data.draw(&self.session, self.sample)?;
            pictures_ms += now_ms() - started;
        }
        if pictures {
            self.pictures_at = now_ms();
            self.pictures_ms = 0.7 * self.pictures_ms + 0.3 * pictures_ms;
        }
        Ok(())
    }

    fn layout(&self) -> Layout {
        Layout::new(
            self.session.network().layers(),
            self.network.width,
            self.network.height,
        )
    }

    /// The data canvas's CSS size.
    pub(super) fn data_canvas_size(&self) -> (f64, f64) {
        (self.data.canvas.width, self.data.canvas.height)
    }

    /// Whether the network has bias terms.
    pub fn has_bias(&self) -> bool {
        self.session.network().has_bias()
    }

    /// True when the data can be drawn on the plane (2 inputs before any features, 1 output).
    pub fn has_data_plot(&self) -> bool {
        self.session.has_plane() && self.session.network().outputs() == 1
    }

    /// Selects what a click at `(x, y)` (CSS pixels on the network canvas) hits; returns true
    /// if it hit something.
    pub fn click_network(&mut self, x: f64, y: f64) -> bool {
        match self.layout().hit(x, y) {
            Some(hit) => {
                self.selection = Some(hit);
                true
            }
            None => false,
        }
    }

    /// Whether `(x, y)` (CSS pixels on the network canvas) is over a neuron or a weight, so the
    /// page shows a pointer there and only there.
    pub fn network_hit_at(&self, x: f64, y: f64) -> bool {
        self.layout().hit(x, y).is_some()
    }

    /// Selects the sample nearest a click on the data canvas; returns true if one was near.
    pub fn click_data(&mut self, x: f64, y: f64) -> bool {
        match self.data.sample_at(&self.session, x, y) {
            Some(i) => {
                self.sample = i;
                true
            }
            None => false,
        }
    }

    /// The centre of neuron `index` of `layer` on the network canvas, `[x, y]` in CSS pixels
    /// (for tests and keyboard focus rings).
    pub fn neuron_position(&self, layer: usize, index: usize) -> Result<Vec<f64>, JsError> {
        self.check_neuron(layer, index)?;
        let (x, y) = self.layout().neuron(layer, index);
        Ok(vec![x, y])
    }

    fn check_neuron(&self, layer: usize, index: usize) -> Result<(), JsError> {
        let layers = self.session.network().layers();
        if layer >= layers.len() || index >= layers[layer] {
            return Err(js_error(format!(
                "select: there is no neuron {index} in layer {layer} (layers are {layers:?})"
            )));
        }
        Ok(())
    }

    pub fn select_neuron(&mut self, layer: usize, index: usize) -> Result<(), JsError> {
        self.check_neuron(layer, index)?;
        self.selection = Some(Hit::Neuron { layer, index });
        Ok(())
    }

    /// The value of the selected weight, or NaN when a neuron is selected.
    pub fn selected_weight(&self) -> f64 {
        match self.selection {
            Some(Hit::Weight { layer, to, from }) => self.session.network().weight(layer, to, from),
            _ => f64::NAN,
        }
    }

    /// Sets the selected weight by hand, so a learner can move along `∂E/∂w` and watch the
    /// loss follow. Refuses a non-finite or absurd value and leaves the weight as it was.
    pub fn set_selected_weight(&mut self, value: f64) -> Result<(), JsError> {
        let Some(Hit::Weight { layer, to, from }) = self.selection else {
            return Err(js_error("select a weight first"));
        };
        if !(value.is_finite() && value.abs() <= 1e6) {
            return Err(js_error(format!(
                "weight: {value} is not a number between −1000000 and 1000000"
            )));
        }
        self.session
            .network_mut()
            .set_weight(layer, to, from, value);
        self.push_losses(self.session.epoch());
        Ok(())
    }

    /// Selects the weight from neuron `from` of `layer` to neuron `to` of `layer + 1`.
    pub fn select_weight(&mut self, layer: usize, to: usize, from: usize) -> Result<(), JsError> {
        let layers = self.session.network().layers();
        if layer + 1 >= layers.len() || to >= layers[layer + 1] || from >= layers[layer] {
            return Err(js_error(format!(
                "select_weight: no weight from neuron {from} of layer {layer} to neuron {to} of layer {}",
                layer + 1
            )));
        }
        self.selection = Some(Hit::Weight { layer, to, from });
        Ok(())
    }

    pub fn select_sample(&mut self, sample: usize) -> Result<(), JsError> {
        let count = self.session.data().len();
        if sample >= count {
            return Err(js_error(format!(
                "sample: {sample} is not between 0 and {}",
                count - 1
            )));
        }
        self.sample = sample;
        Ok(())
    }

    pub fn sample(&self) -> usize {
        self.sample
    }

    pub fn sample_count(&self) -> usize {
        self.session.data().len()
    }

    /// Moves the selected neuron with the arrow keys: `dx` across layers, `dy` within a layer.
    pub fn move_selection(&mut self, dx: i32, dy: i32) {
        let layers = self.session.network().layers().to_vec();
        let (layer, index) = match self.selection {
            Some(Hit::Neuron { layer, index }) => (layer, index),
            Some(Hit::Weight { layer, to, .. }) => (layer + 1, to),
            None => (0, 0),
        };
        let layer = (layer as i32 + dx).clamp(0, layers.len() as i32 - 1) as usize;
        let index = (index as i32 + dy).clamp(0, layers[layer] as i32 - 1) as usize;
        self.selection = Some(Hit::Neuron { layer, index });
    }

    /// A short name of the selection for the page, e.g. "neuron 2 0" or "weight 1 0 1".
    pub fn selection(&self) -> String {
        match self.selection {
            Some(Hit::Neuron { layer, index }) => format!("neuron {layer} {index}"),
            Some(Hit::Weight { layer, to, from }) => format!("weight {layer} {to} {from}"),
            None => String::new(),
        }
    }

    /// The inspector's content (HTML with MathML) for the selection.
    pub fn inspector_html(&self) -> String {
        let snapshot = self.session.snapshot(self.sample);
        match self.selection {
            Some(Hit::Neuron { layer, index }) => {
                let nudge = self.session.nudge(self.sample, layer, index);
                neuron_html(&snapshot, layer, index)
                    + &nudge
                        .map(|n| nudge_html(&snapshot, layer, index, &n))
                        .unwrap_or_default()
            }
            Some(Hit::Weight { layer, to, from }) => {
                // One epoch on a copy, only while it is cheap (about a millisecond).
                let after = self
                    .session
                    .weight_after_one_epoch(layer, to, from, 200_000);
                weight_html(&snapshot, layer, to, from)
                    + &epoch_step_html(
                        &snapshot,
                        layer,
                        to,
                        from,
                        self.session.batch_size(),
                        after,
                        self.session.batch_position() > 0,
                    )
            }
            None => "<p class=\"why\">Click a neuron or a weight to see its chain rule.</p>".into(),
        }
    }

    pub fn set_colour_by_weight(&mut self, by_weight: bool) {
        self.colour_by = if by_weight {
            ColourBy::Weight
        } else {
            ColourBy::Gradient
        };
    }

    pub fn set_log_scale(&mut self, on: bool) {
        self.chart.set_log_scale(on);
    }
}
