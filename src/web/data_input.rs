//! The learner's own data: a pasted or uploaded CSV, and points added by clicking the data plot.
//! Both become a spec with explicit `inputs` and `targets`, so they share, export and reload
//! like any other network; a refused input changes nothing. Also the input features, and what
//! the page asks about the test set.

use wasm_bindgen::prelude::*;

use crate::model::csv::read_csv;
use crate::model::features::Feature;
use crate::model::reshape::with_inputs;
use crate::model::spec::DataSpec;
use crate::model::{Session, Spec};
use crate::nn::{Dataset, Network};
use crate::view::heatmap::Bounds;
use crate::web::app::Playground;

fn js_error(message: impl std::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

/// `spec` with `data` as explicit rows (all of them training samples: the learner's own data
/// has no test share), and a sentence for the learner when the network's shape had to change.
/// When only the input count changes, the input layer follows: the weights from the inputs both
/// have are kept and those from new inputs drawn from the seed. When the output count changes,
/// the first and last layers follow and the weights are drawn anew from the seed (they no
/// longer fit). Input features stay for points `(x1, x2)` and go for other data.
fn with_rows(mut spec: Spec, network: &Network, data: &Dataset) -> (Spec, String) {
    let (mut inputs, outputs) = (data.input_size(), data.target_size());
    match &spec.features {
        Some(features) if inputs == 2 => inputs = features.len(),
        _ => spec.features = None,
    }
    let last = spec.layers.len() - 1;
    let before = spec.layers[0];
    let mut note = String::new();
    if before != inputs && spec.layers[last] == outputs && spec.features.is_none() {
        let sources: Vec<Option<usize>> = (0..inputs).map(|j| (j < before).then_some(j)).collect();
        let seed = spec.seed.unwrap_or(0).wrapping_add(inputs as u64);
        let reshaped = with_inputs(network, &sources, seed);
        spec.layers = reshaped.layers().to_vec();
        spec.weights = Some(reshaped.nested_weights());
        spec.biases = reshaped.has_bias().then(|| reshaped.nested_biases());
        note = format!(
            "The data has {inputs} inputs and the network had {before}, so the input layer now \
             has {inputs} neurons. {}",
            if inputs > before {
                format!(
                    "The weights from the first {before} inputs are kept; those from the new \
                     ones are drawn from the seed."
                )
            } else {
                format!("The weights from the first {inputs} inputs are kept.")
            }
        );
    } else if spec.layers[0] != inputs || spec.layers[last] != outputs {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        note = format!(
            "The data has {} and {}, so the network now has {} and {}, and all its weights are \
             drawn anew from the seed.",
            plural(inputs, "input"),
            plural(outputs, "target"),
            plural(inputs, "input neuron"),
            plural(outputs, "output neuron"),
        );
        spec.layers[0] = inputs;
        spec.layers[last] = outputs;
        spec.bias = Some(spec.biases.is_some() || spec.bias == Some(true));
        spec.weights = None;
        spec.biases = None;
        spec.seed = Some(spec.seed.unwrap_or(0));
    }
    spec.batch_size = spec.batch_size.filter(|&b| b <= data.len());
    spec.data = DataSpec {
        inputs: Some(data.input_rows()),
        targets: Some(data.target_rows()),
        ..DataSpec::default()
    };
    (spec, note)
}

#[wasm_bindgen]
impl Playground {
    /// Loads a CSV (a header, then one row per sample: `inputs` input columns, then targets).
    /// A malformed CSV is refused with its line and column, and nothing changes.
    /// Returns a sentence for the learner when the network's shape had to change (empty when it
    /// did not).
    pub fn load_csv(&mut self, text: &str, inputs: usize) -> Result<String, JsError> {
        let csv = read_csv(text, inputs).map_err(js_error)?;
        csv.check_targets(self.session.network().output_activation())
            .map_err(js_error)?;
        let (spec, note) = with_rows(self.session.spec(), self.session.network(), &csv.data);
        self.session = Session::from_user_spec(&spec).map_err(js_error)?;
        self.after_new_network();
        Ok(note)
    }

    /// Adds a sample of class `target` (0 or 1) where the data plot was clicked (`x`, `y` in CSS
    /// pixels of that canvas). Needs a network with 2 inputs and 1 output; keeps the weights.
    pub fn add_point(&mut self, x: f64, y: f64, target: f64) -> Result<(), JsError> {
        if !self.has_data_plot() {
            return Err(js_error(
                "points can be added to data with 2 inputs and 1 output",
            ));
        }
        if !(target == 0.0 || target == 1.0) {
            return Err(js_error(format!("target: {target} is not 0 or 1")));
        }
        let data = self.session.raw_data();
        let (width, height) = self.data_canvas_size();
        let bounds = Bounds::around(data);
        let x1 = bounds.x_min + x / width * (bounds.x_max - bounds.x_min);
        let x2 = bounds.y_max - y / height * (bounds.y_max - bounds.y_min);
        let mut inputs = data.input_rows();
        let mut targets = data.target_rows();
        inputs.push(vec![x1, x2]);
        targets.push(vec![target]);
        let grown = Dataset::from_rows(&inputs, &targets);
        let (spec, _) = with_rows(self.session.spec(), self.session.network(), &grown);
        let session = Session::from_user_spec(&spec).map_err(js_error)?;
        let selection = self.selection;
        self.session = session;
        self.after_new_network();
        self.selection = selection;
        self.sample = grown.len() - 1;
        Ok(())
    }

    /// Shows the network the input features `names` (`"x1"`, `"x2"`, `"x1^2"`, `"x2^2"`,
    /// `"x1*x2"`, `"sin(x1)"`, `"sin(x2)"`), one input neuron each in this order: the weights
    /// from features it had already are kept, new ones drawn from the seed, the rest of the
    /// network stays; training starts again at epoch 0. Refuses an unknown name, a name given
    /// twice, none at all and data that are not points `(x1, x2)`, and changes nothing then.
    pub fn set_features(&mut self, names: Vec<String>) -> Result<(), JsError> {
        let features = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                Feature::from_name(name).ok_or_else(|| {
                    let known: Vec<&str> = Feature::ALL.iter().map(|f| f.name()).collect();
                    js_error(format!(
                        "features[{i}]: unknown feature {name:?}: choose from {}",
                        known.join(", ")
                    ))
                })
            })
            .collect::<Result<Vec<Feature>, JsError>>()?;
        let spec = self
            .session
            .spec_with_features(&features)
            .map_err(js_error)?;
        self.rebuild(&spec)
    }

    /// True when the data are points `(x1, x2)`: input features, the data plot and the
    /// heatmaps apply.
    pub fn input_plane(&self) -> bool {
        self.session.has_plane()
    }

    /// Samples held out for testing (0 without a test set).
    pub fn test_sample_count(&self) -> usize {
        self.session.test_data().map_or(0, |t| t.len())
    }

    /// Points kept on each curve of the loss chart: `[training, test]` (test 0 without a test
    /// set).
    pub fn loss_series(&self) -> Vec<usize> {
        let test = match self.session.test_data() {
            Some(_) => self.test_history.len(),
            None => 0,
        };
        vec![self.history.len(), test]
    }
}
