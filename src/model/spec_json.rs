//! The spec as JSON: which fields it has, how each is read (with its path in every error) and
//! how it is written. Field by field, as DESIGN.md lists them; [`Spec::check`] then checks what
//! the values mean.

use crate::model::features::Feature;
use crate::model::json::Json;
use crate::model::json_read::{
    boolean, invalid_type, list, named, number, numbers, one_of, size, string, whole, Object, Read,
};
use crate::model::spec::{ActivationSpec, DataSpec, Spec};
use crate::nn::activation::Activation;
use crate::nn::loss::{Loss, Penalty, Regularization};

const SPEC_FIELDS: [&str; 13] = [
    "layers",
    "features",
    "activation",
    "weights",
    "biases",
    "bias",
    "learning_rate",
    "data",
    "seed",
    "batch_size",
    "loss",
    "regularization",
    "momentum",
];

const DATA_FIELDS: [&str; 7] = [
    "inputs",
    "targets",
    "dataset",
    "samples",
    "noise",
    "seed",
    "test_share",
];

impl Spec {
    /// Reads a spec's fields from a JSON value (the empty path is the spec itself).
    pub(crate) fn from_value(value: &Json) -> Read<Spec> {
        let spec = Object::of(value, "", &SPEC_FIELDS)?;
        Ok(Spec {
            layers: spec.required("layers", |v, p| list(v, p, size))?,
            features: spec.optional("features", |v, p| list(v, p, feature))?,
            activation: spec.required("activation", activation_spec)?,
            weights: spec.optional("weights", |v, p| list(v, p, |v, p| list(v, p, numbers)))?,
            biases: spec.optional("biases", |v, p| list(v, p, numbers))?,
            bias: spec.optional("bias", boolean)?,
            learning_rate: spec.required("learning_rate", number)?,
            data: spec.required("data", data_spec)?,
            seed: spec.optional("seed", whole)?,
            batch_size: spec.optional("batch_size", size)?,
            loss: spec.optional("loss", loss)?,
            regularization: spec.optional("regularization", regularization)?,
            momentum: spec.optional("momentum", number)?,
        })
    }

    /// The spec as a JSON value: its fields in DESIGN.md's order, the ones not set left out.
    pub fn to_value(&self) -> Json {
        Json::object([
            ("layers", Some(wholes(&self.layers))),
            (
                "features",
                self.features.as_ref().map(|features| {
                    Json::Array(features.iter().map(|f| Json::string(f.name())).collect())
                }),
            ),
            ("activation", Some(activation_value(&self.activation))),
            (
                "weights",
                self.weights
                    .as_ref()
                    .map(|layers| Json::Array(layers.iter().map(|l| rows(l)).collect())),
            ),
            ("biases", self.biases.as_ref().map(|b| rows(b))),
            ("bias", self.bias.map(Json::Bool)),
            ("learning_rate", Some(Json::number(self.learning_rate))),
            ("data", Some(data_value(&self.data))),
            ("seed", self.seed.map(Json::whole)),
            ("batch_size", self.batch_size.map(|n| Json::whole(n as u64))),
            ("loss", self.loss.map(|loss| Json::string(loss.name()))),
            (
                "regularization",
                self.regularization.map(|r| {
                    Json::object([
                        ("kind", Some(Json::string(r.kind.name()))),
                        ("rate", Some(Json::number(r.rate))),
                    ])
                }),
            ),
            ("momentum", self.momentum.map(Json::number)),
        ])
    }
}

/// Rows of numbers: `[[0.1, 0.2], [0.3]]` (a layer's weights, the biases, the data's rows).
fn rows(rows: &[Vec<f64>]) -> Json {
    Json::Array(rows.iter().map(|r| Json::numbers(r)).collect())
}

fn wholes(values: &[usize]) -> Json {
    Json::Array(values.iter().map(|&n| Json::whole(n as u64)).collect())
}

fn data_spec(value: &Json, path: &str) -> Read<DataSpec> {
    let data = Object::of(value, path, &DATA_FIELDS)?;
    Ok(DataSpec {
        inputs: data.optional("inputs", |v, p| list(v, p, numbers))?,
        targets: data.optional("targets", |v, p| list(v, p, numbers))?,
        dataset: data.optional("dataset", |v, p| string(v, p).map(String::from))?,
        samples: data.optional("samples", size)?,
        noise: data.optional("noise", number)?,
        seed: data.optional("seed", whole)?,
        test_share: data.optional("test_share", number)?,
    })
}

fn data_value(data: &DataSpec) -> Json {
    Json::object([
        ("inputs", data.inputs.as_ref().map(|r| rows(r))),
        ("targets", data.targets.as_ref().map(|r| rows(r))),
        ("dataset", data.dataset.as_ref().map(Json::string)),
        ("samples", data.samples.map(|n| Json::whole(n as u64))),
        ("noise", data.noise.map(Json::number)),
        ("seed", data.seed.map(Json::whole)),
        ("test_share", data.test_share.map(Json::number)),
    ])
}

fn feature(value: &Json, path: &str) -> Read<Feature> {
    named(value, path, &Feature::ALL, Feature::name)
}

fn activation(value: &Json, path: &str) -> Read<Activation> {
    named(value, path, &Activation::ALL, Activation::name)
}

fn loss(value: &Json, path: &str) -> Read<Loss> {
    named(value, path, &Loss::ALL, Loss::name)
}

/// One name for every layer, or an array with one per layer after the input (a bad name inside
/// it is reported at its own path, `activation[1]`).
fn activation_spec(value: &Json, path: &str) -> Read<ActivationSpec> {
    match value {
        Json::String(_) => activation(value, path).map(ActivationSpec::All),
        Json::Array(_) => list(value, path, activation).map(ActivationSpec::PerLayer),
        _ => {
            let names: Vec<&str> = Activation::ALL.map(Activation::name).to_vec();
            Err(invalid_type(
                value,
                path,
                &format!(
                    "an activation name ({}) or an array of them, one per layer after the input",
                    one_of(&names)
                ),
            ))
        }
    }
}

fn activation_value(activation: &ActivationSpec) -> Json {
    match activation {
        ActivationSpec::All(a) => Json::string(a.name()),
        ActivationSpec::PerLayer(list) => {
            Json::Array(list.iter().map(|a| Json::string(a.name())).collect())
        }
    }
}

fn regularization(value: &Json, path: &str) -> Read<Regularization> {
    let fields = Object::of(value, path, &["kind", "rate"])?;
    Ok(Regularization {
        kind: fields.required("kind", |v, p| named(v, p, &Penalty::ALL, Penalty::name))?,
        rate: fields.required("rate", number)?,
    })
}
