//! Facts the page and the core share, written once, here: the page builds its controls from
//! them (`config()` in the wasm facade) instead of keeping its own copies.

use serde_json::json;

use crate::model::reshape::{MAX_HIDDEN_LAYERS, MAX_HIDDEN_NEURONS};
use crate::nn::data::GENERATED;
use crate::nn::{Activation, Loss};
use crate::view::derivations::Derivation;
use crate::view::formulas::loss_label;

/// The shared facts as JSON text: the shape limits of the page's buttons, the activation
/// names, the losses (name and label; the default first), the generated data sets, and the
/// derivation panels' ids and questions.
pub fn config_json() -> String {
    json!({
        "max_hidden_layers": MAX_HIDDEN_LAYERS,
        "max_hidden_neurons": MAX_HIDDEN_NEURONS,
        "activations": Activation::ALL.map(Activation::name),
        "losses": Loss::ALL.map(|loss| json!({ "name": loss.name(), "label": loss_label(loss) })),
        "generated_datasets": GENERATED,
        "derivations": Derivation::all().map(|d| json!({ "name": d.name(), "title": d.title() })),
    })
    .to_string()
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
            json!(["sigmoid", "tanh", "relu", "linear"])
        );
        assert_eq!(
            config["losses"],
            json!([
                { "name": "squared", "label": "squared error ½Σ(t − a)²" },
                { "name": "cross_entropy", "label": "cross-entropy (sigmoid output)" },
            ])
        );
        assert_eq!(
            config["generated_datasets"],
            json!(["circle", "blobs", "spirals"])
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
