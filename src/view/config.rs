//! Facts the page and the core share, written once, here: the page builds its controls from
//! them (`config()` in the wasm facade) instead of keeping its own copies.

use crate::model::json::Json;

use crate::model::reshape::{MAX_HIDDEN_LAYERS, MAX_HIDDEN_NEURONS};
use crate::nn::data::GENERATED;
use crate::nn::{Activation, Loss};
use crate::view::derivations::Derivation;
use crate::view::formulas::loss_label;

/// The shared facts as JSON text: the shape limits of the page's buttons, the activation
/// names, the losses (name and label; the default first), the generated data sets, and the
/// derivation panels' ids and questions.
pub fn config_json() -> String {
    let names = |list: &[&str]| Json::Array(list.iter().map(|&n| Json::string(n)).collect());
    let entries = |list: Vec<(&str, String)>, label: &str| {
        Json::Array(
            list.into_iter()
                .map(|(name, text)| {
                    Json::object([
                        ("name", Some(Json::string(name))),
                        (label, Some(Json::string(text))),
                    ])
                })
                .collect(),
        )
    };
    Json::object([
        (
            "max_hidden_layers",
            Some(Json::whole(MAX_HIDDEN_LAYERS as u64)),
        ),
        (
            "max_hidden_neurons",
            Some(Json::whole(MAX_HIDDEN_NEURONS as u64)),
        ),
        (
            "activations",
            Some(names(&Activation::ALL.map(Activation::name))),
        ),
        (
            "losses",
            Some(entries(
                Loss::ALL
                    .map(|loss| (loss.name(), loss_label(loss).to_string()))
                    .to_vec(),
                "label",
            )),
        ),
        ("generated_datasets", Some(names(&GENERATED))),
        (
            "derivations",
            Some(entries(
                Derivation::all()
                    .map(|d| (d.name(), d.title().to_string()))
                    .to_vec(),
                "title",
            )),
        ),
    ])
    .to_text()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_holds_each_fact_from_its_one_source() {
        let config: serde_json::Value = serde_json::from_str(&config_json()).unwrap();
        assert_eq!(config["max_hidden_layers"], MAX_HIDDEN_LAYERS);
        assert_eq!(config["max_hidden_neurons"], MAX_HIDDEN_NEURONS);
        assert_eq!(
            config["activations"],
            serde_json::json!(["sigmoid", "tanh", "relu", "linear"])
        );
        assert_eq!(
            config["losses"],
            serde_json::json!([
                { "name": "squared", "label": "squared error ½Σ(t − a)²" },
                { "name": "cross_entropy", "label": "cross-entropy (sigmoid output)" },
            ])
        );
        assert_eq!(
            config["generated_datasets"],
            serde_json::json!(["circle", "blobs", "spirals"])
        );
        let derivations = config["derivations"].as_array().unwrap();
        assert_eq!(derivations.len(), 4);
        for (shown, d) in derivations.iter().zip(Derivation::all()) {
            assert_eq!(shown["name"], d.name());
            assert_eq!(shown["title"], d.title());
            assert_eq!(
                Derivation::from_name(shown["name"].as_str().unwrap()),
                Some(d)
            );
        }
    }
}
