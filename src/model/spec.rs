//! The network spec of DESIGN.md: one JSON format for the page, the core and the tests.
//!
//! Parsing is strict: unknown fields, wrong shapes, non-finite numbers and absurd sizes are refused
//! with a message that names the field. Nothing is built until everything has been checked, so a
//! refused spec changes nothing.

use crate::model::features::Feature;
use crate::model::json::{self, Json};
use crate::model::split::{split_indices, split_seed, test_count};
use crate::nn::activation::Activation;
use crate::nn::data::{self, Dataset};
use crate::nn::loss::{Loss, Objective, Regularization};
use crate::nn::network::Network;

/// The largest spec text we read, in bytes.
pub const MAX_SPEC_BYTES: usize = 8 << 20;
/// At most this many layers, input and output included.
pub const MAX_LAYERS: usize = 12;
/// At most this many neurons in one layer.
pub const MAX_NEURONS: usize = 512;
/// At most this many weights in all.
pub const MAX_WEIGHTS: usize = 100_000;
/// At most this many samples in the data set.
pub const MAX_SAMPLES: usize = 10_000;
/// Samples of a generated data set when the spec does not say.
pub const DEFAULT_SAMPLES: usize = 200;
/// The largest seed: 2⁵³ − 1, the largest whole number a web page (a JavaScript number, and so
/// the page's fields, `JSON.parse` and every link) holds exactly. One range everywhere.
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// Its JSON form (field names, what is required, how each is read and written) is
/// `spec_json.rs`.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// Neurons per layer, input first.
    pub layers: Vec<usize>,
    /// What the input neurons are shown: functions of the point `(x1, x2)` (`"x1"`, `"x2"`,
    /// `"x1^2"`, `"x2^2"`, `"x1*x2"`, `"sin(x1)"`, `"sin(x2)"`), one input neuron each, in this
    /// order. Omitted: the point itself. Only for data with 2 inputs; `layers[0]` must be the
    /// number of features.
    pub features: Option<Vec<Feature>>,
    /// One name for every layer (`"sigmoid"`), or one per weight layer (`["relu", "sigmoid"]`).
    pub activation: ActivationSpec,
    /// `weights[l][k][j]`: from neuron `j` of layer `l` to neuron `k` of layer `l + 1`.
    pub weights: Option<Vec<Vec<Vec<f64>>>>,
    /// `biases[l][k]`, of neuron `k` of layer `l + 1`. Omitted: no bias terms at all
    /// (unless `bias` is true, when they start at 0).
    pub biases: Option<Vec<Vec<f64>>>,
    /// With `biases` omitted: `true` gives bias terms starting at 0.
    pub bias: Option<bool>,
    pub learning_rate: f64,
    pub data: DataSpec,
    /// Draws the weights when they are omitted, and shuffles the samples every epoch.
    pub seed: Option<u64>,
    /// Samples per weight update; the whole data set when omitted.
    pub batch_size: Option<usize>,
    /// `"squared"` (when omitted) or `"cross_entropy"` (sigmoid output layer only).
    pub loss: Option<Loss>,
    /// `{"kind": "l1" | "l2", "rate": λ}` with `0 ≤ λ ≤ 1`; no penalty when omitted.
    pub regularization: Option<Regularization>,
    /// `μ` with `0 ≤ μ < 1`; 0 (plain gradient descent) when omitted.
    pub momentum: Option<f64>,
}

/// The spec's `"activation"`: one name for every layer after the input, or an array with one
/// name per weight layer (`layers.len() − 1` of them; entry `l` is layer `l + 1`'s).
#[derive(Clone, Debug, PartialEq)]
pub enum ActivationSpec {
    All(Activation),
    PerLayer(Vec<Activation>),
}

impl ActivationSpec {
    /// The spec of these per-layer activations: a single name when they are all the same, so a
    /// network of one activation exports as it was written.
    pub fn of(activations: &[Activation]) -> ActivationSpec {
        match activations.split_first() {
            Some((&first, rest)) if rest.iter().all(|&a| a == first) => ActivationSpec::All(first),
            _ => ActivationSpec::PerLayer(activations.to_vec()),
        }
    }

    /// One activation per weight layer of a network with `depth` weight layers.
    pub fn per_layer(&self, depth: usize) -> Result<Vec<Activation>, SpecError> {
        match self {
            ActivationSpec::All(activation) => Ok(vec![*activation; depth]),
            ActivationSpec::PerLayer(list) if list.len() == depth => Ok(list.clone()),
            ActivationSpec::PerLayer(list) => refuse(
                "activation",
                format!(
                    "has {} names, `layers` needs {depth}: one per layer after the input (or a \
                     single name for all of them)",
                    list.len()
                ),
            ),
        }
    }
}

impl From<Activation> for ActivationSpec {
    fn from(activation: Activation) -> ActivationSpec {
        ActivationSpec::All(activation)
    }
}

/// Either explicit `inputs` and `targets`, or a built-in `dataset` with its options.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DataSpec {
    pub inputs: Option<Vec<Vec<f64>>>,
    pub targets: Option<Vec<Vec<f64>>>,
    pub dataset: Option<String>,
    pub samples: Option<usize>,
    pub noise: Option<f64>,
    pub seed: Option<u64>,
    /// The share of the samples held out for testing, `0 ≤ share < 1` (0, no test set, when
    /// omitted): the network never trains on them, and their loss shows whether what it learned
    /// holds for points it has not seen. For a generated data set or explicit `inputs`.
    pub test_share: Option<f64>,
}

/// Why a spec was refused: the field (a path such as `weights[1][0]`) and what is wrong with it.
#[derive(Clone, Debug, PartialEq)]
pub struct SpecError {
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for SpecError {}

fn refuse<T>(field: impl Into<String>, message: impl Into<String>) -> Result<T, SpecError> {
    Err(SpecError {
        field: field.into(),
        message: message.into(),
    })
}

/// A checked spec, ready to become a network and a data set.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    pub network: Network,
    /// Every sample as given or generated (points `(x1, x2)` when there are `features`), in
    /// order.
    pub data: Dataset,
    /// The input features, if the spec names any (the network sees `expand(data, features)`).
    pub features: Option<Vec<Feature>>,
    /// The indices of `data` the network trains on, in increasing order (all of them without a
    /// test share).
    pub train: Vec<usize>,
    /// The indices of `data` held out for testing, in increasing order (none without a test
    /// share).
    pub test: Vec<usize>,
    pub learning_rate: f64,
    pub batch_size: usize,
    pub seed: u64,
    pub objective: Objective,
    pub momentum: f64,
}

impl Spec {
    /// Parses and checks a spec from JSON text.
    pub fn from_json(text: &str) -> Result<Spec, SpecError> {
        if text.len() > MAX_SPEC_BYTES {
            return refuse(
                "spec",
                format!(
                    "{} bytes is more than the {MAX_SPEC_BYTES} a spec may have",
                    text.len()
                ),
            );
        }
        let value = json::parse(text).map_err(|e| SpecError {
            field: syntax_error_field(text, &e),
            message: format!("not valid JSON: {e}"),
        })?;
        if !matches!(value, Json::Object(_)) {
            return refuse(
                "spec",
                "must be a JSON object, as in {\"layers\": [2, 2, 2], …}",
            );
        }
        if let Some(path) = find_null(&value, String::new()) {
            return refuse(
                path,
                "is null: a number was expected (NaN and Infinity are not numbers JSON can \
                 hold, and become null when written as JSON); to leave an optional field out, \
                 omit it",
            );
        }
        let spec = Spec::from_value(&value)?;
        spec.check()?;
        Ok(spec)
    }

    /// The spec as JSON text (pretty, for files and the page's export).
    pub fn to_json(&self) -> String {
        self.to_value().to_pretty_text()
    }

    /// Checks everything and builds the network and data set it describes.
    pub fn check(&self) -> Result<Checked, SpecError> {
        check_seed(self.seed, "seed")?;
        check_seed(self.data.seed, "data.seed")?;
        check_layers(&self.layers)?;
        let depth = self.layers.len() - 1;
        let seed = self.seed.unwrap_or(0);
        let activations = self.activation.per_layer(depth)?;
        let output_activation = activations[depth - 1];
        let loss = self.loss.unwrap_or_default();
        if let Err(problem) = loss.check_output(output_activation) {
            let needed = loss.needs_output().map_or("", |(needed, _)| needed.name());
            let usual = Loss::default().name();
            return refuse(
                "loss",
                format!("{problem}: make the last activation \"{needed}\" or use \"{usual}\""),
            );
        }

        let has_bias = match (&self.biases, self.bias) {
            (Some(_), Some(false)) => {
                return refuse("bias", "is false, but `biases` are given: drop one of them")
            }
            (Some(_), _) => true,
            (None, flag) => flag.unwrap_or(false),
        };
        let mut network = match &self.weights {
            Some(weights) => {
                check_shape_3(weights, &self.layers, "weights")?;
                let mut network = Network::zeros_per_layer(&self.layers, has_bias, &activations);
                for (l, layer) in weights.iter().enumerate() {
                    for (k, row) in layer.iter().enumerate() {
                        for (j, &w) in row.iter().enumerate() {
                            network.set_weight(l, k, j, w);
                        }
                    }
                }
                network
            }
            None if self.seed.is_some() => {
                Network::random_per_layer(&self.layers, has_bias, &activations, seed)
            }
            None => {
                return refuse(
                    "weights",
                    "missing: give the weights, or a `seed` to draw them from",
                )
            }
        };
        if let Some(biases) = &self.biases {
            if biases.len() != depth {
                return refuse(
                    "biases",
                    format!("has {} layers, `layers` needs {depth}", biases.len()),
                );
            }
            for (l, layer) in biases.iter().enumerate() {
                check_row(layer, self.layers[l + 1], &format!("biases[{l}]"))?;
                for (k, &b) in layer.iter().enumerate() {
                    network.set_bias(l, k, b);
                }
            }
        }

        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return refuse(
                "learning_rate",
                format!("{} is not a positive finite number", self.learning_rate),
            );
        }
        let features = self.features.as_deref();
        check_features(features, &self.layers)?;
        let data = check_data(
            &self.data,
            &self.layers,
            features.is_some(),
            output_activation,
            seed,
        )?;
        let (train, test) = check_split(&self.data, &data, seed)?;
        let batch_size = match self.batch_size {
            None => train.len(),
            Some(b) if (1..=train.len()).contains(&b) => b,
            Some(b) => {
                let which = if test.is_empty() { "" } else { "training " };
                return refuse(
                    "batch_size",
                    format!(
                        "{b} is not between 1 and the {} {which}samples",
                        train.len()
                    ),
                );
            }
        };
        if let Some(regularization) = &self.regularization {
            check_regularization_rate(regularization.rate, "regularization.rate")?;
        }
        let momentum = self.momentum.unwrap_or(0.0);
        check_momentum(momentum, "momentum")?;
        Ok(Checked {
            network,
            data,
            features: self.features.clone(),
            train,
            test,
            learning_rate: self.learning_rate,
            batch_size,
            seed,
            objective: Objective {
                loss,
                regularization: self.regularization,
            },
            momentum,
        })
    }
}

/// The first `null` in the spec, as a path such as `weights[0][1][0]`.
fn find_null(value: &Json, path: String) -> Option<String> {
    use crate::model::json_read::{index_path, key_path};
    match value {
        Json::Null => Some(if path.is_empty() { "spec".into() } else { path }),
        Json::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| find_null(item, index_path(&path, i))),
        Json::Object(fields) => fields
            .iter()
            .find_map(|(name, item)| find_null(item, key_path(&path, name))),
        _ => None,
    }
}

/// For a JSON syntax error, the field whose value was being read (the last `"name":` before the
/// error), so a learner is pointed near the problem, not just to a line and column. Text after
/// a whole spec is the spec's.
fn syntax_error_field(text: &str, error: &json::SyntaxError) -> String {
    if error.message == json::TRAILING {
        return "spec".into();
    }
    let before = text.get(..error.offset).unwrap_or(text);
    before
        .rmatch_indices("\":")
        .next()
        .and_then(|(end, _)| {
            before[..end]
                .rfind('"')
                .map(|start| &before[start + 1..end])
        })
        .map(|name| name.to_string())
        .unwrap_or_else(|| "spec".to_string())
}

/// `λ` must be a finite number in `[0, 1]`: above 1 the penalty outweighs any data loss.
pub fn check_regularization_rate(rate: f64, field: &str) -> Result<(), SpecError> {
    if rate.is_finite() && (0.0..=1.0).contains(&rate) {
        Ok(())
    } else {
        refuse(field, format!("{rate} is not between 0 and 1"))
    }
}

/// `μ` must be a finite number in `[0, 1)`: at 1 a step never fades and training never settles.
pub fn check_momentum(momentum: f64, field: &str) -> Result<(), SpecError> {
    if momentum.is_finite() && (0.0..1.0).contains(&momentum) {
        Ok(())
    } else {
        refuse(
            field,
            format!(
                "{momentum} is not in [0, 1): 0 is no momentum, and at 1 or more the steps \
                 never fade"
            ),
        )
    }
}

/// The one rule for targets, from JSON and CSV alike: a target must be a value the output layer
/// can reach (`[0, 1]` for a sigmoid, `[−1, 1]` for tanh, `[0, ∞)` for relu, anything for
/// linear). Otherwise no weights could ever fit it, and the error could never reach 0.
pub fn target_in_reach(t: f64, output: Activation) -> Result<(), String> {
    let (low, high) = output.range();
    if (low..=high).contains(&t) {
        return Ok(());
    }
    let range = if high.is_infinite() {
        format!("[{low}, ∞)")
    } else {
        format!("[{low}, {high}]")
    };
    Err(format!(
        "{t} is outside {range}, the range a {} output can reach (make the output layer linear, \
         or another activation that reaches it, for such targets)",
        output.name()
    ))
}

/// A seed is a whole number from 0 to [`MAX_SEED`].
pub fn check_seed(seed: Option<u64>, field: &str) -> Result<(), SpecError> {
    match seed {
        Some(seed) if seed > MAX_SEED => refuse(
            field,
            format!(
                "{seed} is more than {MAX_SEED} (2^53 − 1), the largest whole number a web page \
                 holds exactly: choose a seed from 0 to {MAX_SEED}"
            ),
        ),
        _ => Ok(()),
    }
}

fn check_layers(layers: &[usize]) -> Result<(), SpecError> {
    if layers.len() < 2 {
        return refuse(
            "layers",
            "needs at least an input and an output layer, as in [2, 2, 2]",
        );
    }
    if layers.len() > MAX_LAYERS {
        return refuse(
            "layers",
            format!(
                "{} layers is more than the {MAX_LAYERS} allowed",
                layers.len()
            ),
        );
    }
    for (l, &n) in layers.iter().enumerate() {
        if n == 0 || n > MAX_NEURONS {
            return refuse(
                format!("layers[{l}]"),
                format!("{n} neurons: a layer has between 1 and {MAX_NEURONS}"),
            );
        }
    }
    let weights: usize = layers.windows(2).map(|w| w[0] * w[1]).sum();
    if weights > MAX_WEIGHTS {
        return refuse(
            "layers",
            format!("{weights} weights is more than the {MAX_WEIGHTS} allowed"),
        );
    }
    Ok(())
}

fn check_finite(value: f64, field: &str) -> Result<(), SpecError> {
    if value.is_finite() {
        Ok(())
    } else {
        refuse(field, format!("{value} is not a finite number"))
    }
}

fn check_row(row: &[f64], expected: usize, field: &str) -> Result<(), SpecError> {
    if row.len() != expected {
        return refuse(
            field,
            format!("has {} numbers, `layers` needs {expected}", row.len()),
        );
    }
    for (i, &v) in row.iter().enumerate() {
        check_finite(v, &format!("{field}[{i}]"))?;
    }
    Ok(())
}

fn check_shape_3(
    weights: &[Vec<Vec<f64>>],
    layers: &[usize],
    field: &str,
) -> Result<(), SpecError> {
    let depth = layers.len() - 1;
    if weights.len() != depth {
        return refuse(
            field,
            format!(
                "has {} layers of weights, `layers` needs {depth}",
                weights.len()
            ),
        );
    }
    for (l, layer) in weights.iter().enumerate() {
        if layer.len() != layers[l + 1] {
            return refuse(
                format!("{field}[{l}]"),
                format!(
                    "has {} rows, `layers` needs {} (one per neuron of layer {})",
                    layer.len(),
                    layers[l + 1],
                    l + 1
                ),
            );
        }
        for (k, row) in layer.iter().enumerate() {
            check_row(row, layers[l], &format!("{field}[{l}][{k}]"))?;
        }
    }
    Ok(())
}

/// `features`, when given: at least one, none twice, and one input neuron each.
pub(crate) fn check_features(
    features: Option<&[Feature]>,
    layers: &[usize],
) -> Result<(), SpecError> {
    let Some(features) = features else {
        return Ok(());
    };
    if features.is_empty() {
        return refuse(
            "features",
            "is empty: name at least one (\"x1\", \"x2\", \"x1^2\", …), or omit `features` for \
             the plain point x1, x2",
        );
    }
    for (i, feature) in features.iter().enumerate() {
        if let Some(first) = features[..i].iter().position(|f| f == feature) {
            return refuse(
                format!("features[{i}]"),
                format!(
                    "\"{}\" is listed twice (also features[{first}]): each feature is one input",
                    feature.name()
                ),
            );
        }
    }
    if layers[0] != features.len() {
        return refuse(
            "layers[0]",
            format!(
                "is {}, but `features` names {}: the input layer has one neuron per feature, so \
                 `layers` must start with {}",
                layers[0],
                features.len(),
                features.len()
            ),
        );
    }
    Ok(())
}

/// The training and test indices of `data` for the spec's `test_share`.
fn check_split(
    spec: &DataSpec,
    data: &Dataset,
    spec_seed: u64,
) -> Result<(Vec<usize>, Vec<usize>), SpecError> {
    let share = spec.test_share.unwrap_or(0.0);
    if !(share.is_finite() && (0.0..1.0).contains(&share)) {
        return refuse(
            "data.test_share",
            format!(
                "{share} is not in [0, 1): it is the share of the samples held out for testing \
                 (0.2 holds out a fifth, 0 none)"
            ),
        );
    }
    if share > 0.0 && data.len() < 2 {
        return refuse(
            "data.test_share",
            "needs at least 2 samples: one to train on and one to test on",
        );
    }
    debug_assert!(share == 0.0 || test_count(data.len(), share) > 0);
    // The split is drawn from the data's own seed (scrambled), so a generated set and its split
    // come back together.
    let seed = split_seed(spec.seed.unwrap_or(spec_seed));
    Ok(split_indices(data.len(), share, seed))
}

fn check_data(
    spec: &DataSpec,
    layers: &[usize],
    has_features: bool,
    output_activation: Activation,
    spec_seed: u64,
) -> Result<Dataset, SpecError> {
    // With features, the data holds points (x1, x2) and the input layer one neuron per feature.
    let n_in = if has_features { 2 } else { layers[0] };
    let n_out = *layers.last().unwrap();
    match (&spec.dataset, &spec.inputs, &spec.targets) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => refuse(
            "data",
            "give either `dataset` or `inputs` and `targets`, not both",
        ),
        (None, Some(inputs), Some(targets)) => {
            for option in [
                ("samples", spec.samples.is_some()),
                ("noise", spec.noise.is_some()),
                ("seed", spec.seed.is_some()),
            ] {
                if option.1 {
                    return refuse(
                        format!("data.{}", option.0),
                        "only a built-in `dataset` takes this option",
                    );
                }
            }
            if inputs.is_empty() || inputs.len() > MAX_SAMPLES {
                return refuse(
                    "data.inputs",
                    format!("{} samples: give between 1 and {MAX_SAMPLES}", inputs.len()),
                );
            }
            if targets.len() != inputs.len() {
                return refuse(
                    "data.targets",
                    format!(
                        "has {} rows but `inputs` has {}: one target row per sample",
                        targets.len(),
                        inputs.len()
                    ),
                );
            }
            for (i, row) in inputs.iter().enumerate() {
                if has_features && row.len() != 2 {
                    return refuse(
                        "features",
                        format!(
                            "are functions of 2-D points (x1, x2), but data.inputs[{i}] has {} \
                             numbers: omit `features` for data with other than 2 inputs",
                            row.len()
                        ),
                    );
                }
                check_row(row, n_in, &format!("data.inputs[{i}]"))?;
            }
            for (i, row) in targets.iter().enumerate() {
                check_row(row, n_out, &format!("data.targets[{i}]"))?;
                for (k, &t) in row.iter().enumerate() {
                    if let Err(message) = target_in_reach(t, output_activation) {
                        return refuse(format!("data.targets[{i}][{k}]"), message);
                    }
                }
            }
            Ok(Dataset::from_rows(inputs, targets))
        }
        (None, Some(_), None) => refuse("data.targets", "missing: `inputs` need `targets`"),
        (None, None, Some(_)) => refuse("data.inputs", "missing: `targets` need `inputs`"),
        (None, None, None) => refuse(
            "data",
            "give `inputs` and `targets`, or a built-in `dataset` such as \"xor\"",
        ),
        (Some(name), None, None) => {
            check_built_in(spec, name, n_in, n_out, has_features, spec_seed)
        }
    }
}

fn check_built_in(
    spec: &DataSpec,
    name: &str,
    n_in: usize,
    n_out: usize,
    has_features: bool,
    spec_seed: u64,
) -> Result<Dataset, SpecError> {
    if !data::BUILT_IN.contains(&name) {
        return refuse(
            "data.dataset",
            format!(
                "unknown data set \"{name}\": choose one of {}",
                data::BUILT_IN.join(", ")
            ),
        );
    }
    let fixed = matches!(name, "toy" | "xor");
    let (want_in, want_out) = if name == "toy" { (2, 2) } else { (2, 1) };
    if (n_in, n_out) != (want_in, want_out) {
        let start = if has_features {
            String::new() // with features, `layers[0]` counts them (checked already)
        } else {
            format!("start with {want_in} and ")
        };
        return refuse(
            "layers",
            format!(
                "the {name} data set has {want_in} inputs and {want_out} output(s), \
                 so `layers` must {start}end with {want_out}"
            ),
        );
    }
    if fixed {
        for (option, given) in [
            ("samples", spec.samples.is_some()),
            ("noise", spec.noise.is_some()),
            ("seed", spec.seed.is_some()),
            ("test_share", spec.test_share.is_some()),
        ] {
            if given {
                return refuse(
                    format!("data.{option}"),
                    format!("the {name} data set is fixed and takes no options"),
                );
            }
        }
    }
    let samples = spec.samples.unwrap_or(DEFAULT_SAMPLES);
    if !(2..=MAX_SAMPLES).contains(&samples) {
        return refuse(
            "data.samples",
            format!("{samples} samples: give between 2 and {MAX_SAMPLES}"),
        );
    }
    let noise = spec.noise.unwrap_or(0.0);
    if !(noise.is_finite() && (0.0..=1.0).contains(&noise)) {
        return refuse("data.noise", format!("{noise} is not between 0 and 1"));
    }
    let seed = spec.seed.unwrap_or(spec_seed);
    Ok(data::built_in(name, samples, noise, seed).expect("name checked above"))
}
