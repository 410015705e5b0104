//! Input features for 2-D data sets: instead of the point `(x₁, x₂)` itself, the network may be
//! shown functions of it (`x₁²`, `x₁x₂`, `sin x₁`, …), one input neuron per chosen feature. A
//! circle that needs a hidden layer in `x₁, x₂` is a straight line in `x₁², x₂²`.

use crate::nn::data::Dataset;
use crate::nn::portable::sin;

/// One input feature, a function of the point `(x₁, x₂)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Feature {
    X1,
    X2,
    X1Squared,
    X2Squared,
    X1X2,
    SinX1,
    SinX2,
}

impl Feature {
    /// Every feature, in the order the page lists them.
    pub const ALL: [Feature; 7] = [
        Feature::X1,
        Feature::X2,
        Feature::X1Squared,
        Feature::X2Squared,
        Feature::X1X2,
        Feature::SinX1,
        Feature::SinX2,
    ];

    /// The plain-text name (spec, URL, CSV header): `x1`, `x1^2`, `x1*x2`, `sin(x1)`, ….
    pub fn name(self) -> &'static str {
        match self {
            Feature::X1 => "x1",
            Feature::X2 => "x2",
            Feature::X1Squared => "x1^2",
            Feature::X2Squared => "x2^2",
            Feature::X1X2 => "x1*x2",
            Feature::SinX1 => "sin(x1)",
            Feature::SinX2 => "sin(x2)",
        }
    }

    /// The name as the page writes it: `x₁`, `x₁²`, `x₁x₂`, `sin x₁`, ….
    pub fn label(self) -> &'static str {
        match self {
            Feature::X1 => "x₁",
            Feature::X2 => "x₂",
            Feature::X1Squared => "x₁²",
            Feature::X2Squared => "x₂²",
            Feature::X1X2 => "x₁x₂",
            Feature::SinX1 => "sin x₁",
            Feature::SinX2 => "sin x₂",
        }
    }

    /// The feature of this [`Feature::name`]; `None` for any other text.
    pub fn from_name(name: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The feature's value at the point `(x₁, x₂)`.
    pub fn apply(self, x1: f64, x2: f64) -> f64 {
        match self {
            Feature::X1 => x1,
            Feature::X2 => x2,
            Feature::X1Squared => x1 * x1,
            Feature::X2Squared => x2 * x2,
            Feature::X1X2 => x1 * x2,
            Feature::SinX1 => sin(x1),
            Feature::SinX2 => sin(x2),
        }
    }
}

/// The network's input for the point `(x₁, x₂)`: one value per feature, in the given order.
/// (For a heatmap of the decision surface, reuse one buffer with [`write_point`].)
pub fn expand_point(features: &[Feature], x1: f64, x2: f64) -> Vec<f64> {
    features.iter().map(|f| f.apply(x1, x2)).collect()
}

/// Like [`expand_point`], into `out` (which must have one slot per feature).
pub fn write_point(features: &[Feature], x1: f64, x2: f64, out: &mut [f64]) {
    assert_eq!(out.len(), features.len(), "one slot per feature");
    for (slot, f) in out.iter_mut().zip(features) {
        *slot = f.apply(x1, x2);
    }
}

/// The data set as the network sees it: sample `i`'s input becomes the chosen features of its
/// point, in the given order; targets are unchanged. `[X1, X2]` gives the data set back.
///
/// # Panics
/// When the data set's inputs are not 2-D points, or no feature is chosen.
pub fn expand(data: &Dataset, features: &[Feature]) -> Dataset {
    assert_eq!(
        data.input_size(),
        2,
        "features are functions of 2-D points (x1, x2)"
    );
    assert!(!features.is_empty(), "choose at least one feature");
    let (inputs, targets): (Vec<Vec<f64>>, Vec<Vec<f64>>) = (0..data.len())
        .map(|i| {
            let (x, t) = data.sample(i);
            (expand_point(features, x[0], x[1]), t.to_vec())
        })
        .unzip();
    Dataset::from_rows(&inputs, &targets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_distinct() {
        for f in Feature::ALL {
            assert_eq!(Feature::from_name(f.name()), Some(f));
        }
        let mut labels: Vec<_> = Feature::ALL.iter().map(|f| f.label()).collect();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), Feature::ALL.len());
        assert_eq!(Feature::from_name("x3"), None);
        assert_eq!(Feature::from_name("X1"), None);
        assert_eq!(Feature::X1X2.label(), "x₁x₂");
        assert_eq!(Feature::SinX2.label(), "sin x₂");
    }

    #[test]
    fn apply_computes_each_function() {
        let (x1, x2) = (0.5, -2.0);
        let values: Vec<f64> = Feature::ALL.iter().map(|f| f.apply(x1, x2)).collect();
        assert_eq!(
            values,
            [0.5, -2.0, 0.25, 4.0, -1.0, 0.5f64.sin(), (-2.0f64).sin()]
        );
    }

    #[test]
    fn expand_keeps_targets_and_orders_inputs_as_chosen() {
        let data = Dataset::from_rows(
            &[vec![1.0, 2.0], vec![-3.0, 0.5]],
            &[vec![1.0, 0.0], vec![0.0, 1.0]],
        );
        let chosen = [Feature::X1X2, Feature::X1, Feature::X2Squared];
        let expanded = expand(&data, &chosen);
        assert_eq!(expanded.input_size(), 3);
        assert_eq!(
            expanded.input_rows(),
            [vec![2.0, 1.0, 4.0], vec![-1.5, -3.0, 0.25]]
        );
        assert_eq!(expanded.target_rows(), data.target_rows());
        assert_eq!(expand(&data, &[Feature::X1, Feature::X2]), data);
        let mut out = [0.0; 3];
        write_point(&chosen, -3.0, 0.5, &mut out);
        assert_eq!(out.to_vec(), expanded.input_rows()[1]);
    }

    #[test]
    #[should_panic(expected = "2-D points")]
    fn expand_refuses_other_than_two_inputs() {
        let data = Dataset::from_rows(&[vec![1.0, 2.0, 3.0]], &[vec![1.0]]);
        expand(&data, &[Feature::X1]);
    }

    #[test]
    #[should_panic(expected = "at least one feature")]
    fn expand_needs_a_feature() {
        let data = Dataset::from_rows(&[vec![1.0, 2.0]], &[vec![1.0]]);
        expand(&data, &[]);
    }
}
