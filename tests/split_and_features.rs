//! A training/test split and input features in the spec: the split is reproducible from the
//! seed, training never sees a held-out sample, the test loss is measured on those alone, the
//! network is shown the chosen features of each point, and every bad input is refused with its
//! field named.

use backprop_playground::model::features::{expand, expand_point, Feature};
use backprop_playground::model::split::subset;
use backprop_playground::model::{Session, Spec};
use backprop_playground::nn::Pass;

/// The circle, 30 % held out for testing, a network with a hidden layer.
const CIRCLE: &str = r#"{
  "layers": [2, 4, 1],
  "activation": "sigmoid",
  "bias": true,
  "seed": 3,
  "learning_rate": 1,
  "batch_size": 10,
  "data": { "dataset": "circle", "samples": 200, "noise": 0.1, "test_share": 0.3 }
}"#;

/// The circle seen through `x1²` and `x2²` by a network without a hidden layer.
const SQUARES: &str = r#"{
  "layers": [2, 1],
  "features": ["x1^2", "x2^2"],
  "activation": "sigmoid",
  "bias": true,
  "seed": 1,
  "learning_rate": 3,
  "batch_size": 10,
  "data": { "dataset": "circle", "samples": 200, "noise": 0.05 }
}"#;

/// `base` with each `(field, value)` set (`field` may be a path such as `data.noise`; a value of
/// `"-"` removes the field).
fn with_all(base: &str, changes: &[(&str, &str)]) -> String {
    let mut spec: serde_json::Value = serde_json::from_str(base).unwrap();
    for (field, value) in changes {
        let parts: Vec<&str> = field.split('.').collect();
        let mut target = &mut spec;
        for part in &parts[..parts.len() - 1] {
            target = &mut target[*part];
        }
        let last = parts[parts.len() - 1];
        if *value == "-" {
            target.as_object_mut().unwrap().remove(last);
        } else {
            target[last] = serde_json::from_str(value).unwrap();
        }
    }
    spec.to_string()
}

fn bits(session: &Session) -> Vec<u64> {
    let n = session.network();
    n.weights()
        .iter()
        .chain(n.biases())
        .map(|x| x.to_bits())
        .collect()
}

#[test]
fn the_split_is_reproducible_from_the_seed() {
    let a = Session::from_json(CIRCLE).unwrap();
    let b = Session::from_json(CIRCLE).unwrap();
    assert_eq!((a.data().len(), a.test_data().unwrap().len()), (140, 60));
    assert_eq!(a.raw_data().len(), 200);
    assert_eq!(a.train_indices(), b.train_indices());
    assert_eq!(a.test_indices(), b.test_indices());
    assert_eq!(a.data(), b.data());

    // Every sample on exactly one side, each side in the data's order, and both classes in the
    // test set.
    let mut all: Vec<usize> = a
        .train_indices()
        .iter()
        .chain(a.test_indices())
        .copied()
        .collect();
    assert!(a.test_indices().windows(2).all(|w| w[0] < w[1]));
    all.sort_unstable();
    assert_eq!(all, (0..200).collect::<Vec<_>>());
    let test = a.test_data().unwrap();
    let ones = (0..test.len())
        .filter(|&i| test.sample(i).1[0] == 1.0)
        .count();
    assert!((15..=45).contains(&ones), "{ones} of 60 inside the circle");

    // Another data seed, another data set and another split; a seed for the data alone keeps
    // both when the network's seed changes.
    let other = Session::from_json(&with_all(CIRCLE, &[("data.seed", "4")])).unwrap();
    assert_ne!(other.test_indices(), a.test_indices());
    let pinned = |seed: &str| {
        Session::from_json(&with_all(CIRCLE, &[("data.seed", "7"), ("seed", seed)])).unwrap()
    };
    assert_eq!(pinned("1").test_indices(), pinned("2").test_indices());
    assert_ne!(bits(&pinned("1")), bits(&pinned("2")));

    // Explicit inputs split too, from the spec's seed.
    let rows = a.raw_data();
    let explicit = with_all(
        CIRCLE,
        &[
            ("data", "{}"),
            (
                "data.inputs",
                &serde_json::to_string(&rows.input_rows()).unwrap(),
            ),
            (
                "data.targets",
                &serde_json::to_string(&rows.target_rows()).unwrap(),
            ),
            ("data.test_share", "0.25"),
        ],
    );
    let own = Session::from_json(&explicit).unwrap();
    assert_eq!(own.test_data().unwrap().len(), 50);
    assert_eq!(
        Session::from_json(&explicit).unwrap().test_indices(),
        own.test_indices()
    );

    // No share, no test set.
    let whole = Session::from_json(&with_all(CIRCLE, &[("data.test_share", "-")])).unwrap();
    assert!(whole.test_data().is_none());
    assert!(whole.test_indices().is_empty());
    assert_eq!(whole.data().len(), 200);
    assert_eq!(whole.snapshot(0).test_loss, None);
    assert_eq!(whole.snapshot(0).test_sample_count, 0);
    let zero = Session::from_json(&with_all(CIRCLE, &[("data.test_share", "0")])).unwrap();
    assert!(zero.test_data().is_none());
}

#[test]
fn training_never_sees_a_held_out_sample() {
    // The same network trained on the split's training samples given as explicit data ends
    // with the very same weights: the held-out samples play no part in training.
    let mut split = Session::from_json(CIRCLE).unwrap();
    let training = subset(split.raw_data(), split.train_indices());
    let explicit = with_all(
        CIRCLE,
        &[
            ("data", "{}"),
            (
                "data.inputs",
                &serde_json::to_string(&training.input_rows()).unwrap(),
            ),
            (
                "data.targets",
                &serde_json::to_string(&training.target_rows()).unwrap(),
            ),
        ],
    );
    let mut alone = Session::from_json(&explicit).unwrap();
    assert_eq!(bits(&alone), bits(&split));
    for _ in 0..30 {
        split.train_epoch().unwrap();
        alone.train_epoch().unwrap();
    }
    assert_eq!(bits(&alone), bits(&split));
    assert_eq!(alone.loss().to_bits(), split.loss().to_bits());
    let snapshot = split.snapshot(5);
    assert_eq!(snapshot.sample_count, 140);
    assert_eq!(snapshot.test_sample_count, 60);
    let (input, target) = training.sample(5);
    assert_eq!(
        snapshot.a[0], input,
        "sample indices refer to the training set"
    );
    assert_eq!(snapshot.target, target);
}

#[test]
fn the_test_loss_is_measured_on_the_held_out_samples_only() {
    let mut session = Session::from_json(CIRCLE).unwrap();
    for _ in 0..200 {
        session.train_epoch().unwrap();
    }
    // By hand: mean E = ½(t − a)² over the held-out samples, from the raw data.
    let mut pass = Pass::new(session.network().layers());
    let raw = session.raw_data().clone();
    let mut total = 0.0;
    for &i in session.test_indices() {
        let (x, t) = raw.sample(i);
        pass.forward(session.network(), x);
        total += 0.5 * (t[0] - pass.output()[0]).powi(2);
    }
    let by_hand = total / session.test_indices().len() as f64;
    let test_loss = session.test_loss().unwrap();
    assert!(
        (test_loss - by_hand).abs() < 1e-15,
        "{test_loss} vs {by_hand}"
    );
    assert_eq!(session.snapshot(0).test_loss, Some(test_loss));
    // And the training loss on the others: the two differ, since the network learned one.
    let mut total = 0.0;
    for &i in session.train_indices() {
        let (x, t) = raw.sample(i);
        pass.forward(session.network(), x);
        total += 0.5 * (t[0] - pass.output()[0]).powi(2);
    }
    let training = total / session.train_indices().len() as f64;
    assert!((session.loss() - training).abs() < 1e-15);
    assert_ne!(session.loss(), test_loss);
    assert!(test_loss < 0.1, "the circle generalises: {test_loss}");

    // With a penalty, both curves carry it, so they differ only by the data.
    let l2 = with_all(
        CIRCLE,
        &[("regularization", r#"{"kind": "l2", "rate": 0.01}"#)],
    );
    let mut session = Session::from_json(&l2).unwrap();
    let snapshot = session.snapshot(0);
    let penalty = snapshot.penalty;
    assert!(penalty > 0.0);
    let plain = Session::from_json(CIRCLE).unwrap().test_loss().unwrap();
    assert!((session.test_loss().unwrap() - (plain + penalty)).abs() < 1e-12);
}

#[test]
fn features_are_what_the_network_sees() {
    let session = Session::from_json(SQUARES).unwrap();
    let features = [Feature::X1Squared, Feature::X2Squared];
    assert_eq!(session.features(), Some(&features[..]));
    assert_eq!(session.network().inputs(), 2);
    assert!(session.has_plane());
    assert_eq!(session.raw_data().input_size(), 2);
    assert_eq!(session.data(), &expand(session.raw_data(), &features));
    let snapshot = session.snapshot(3);
    let (point, _) = session.raw_data().sample(3);
    assert_eq!(snapshot.a[0], expand_point(&features, point[0], point[1]));

    // Seven features, a split, in the order given.
    let all = with_all(
        SQUARES,
        &[
            ("layers", "[7, 3, 1]"),
            (
                "features",
                r#"["sin(x2)", "x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)"]"#,
            ),
            ("data.test_share", "0.2"),
        ],
    );
    let session = Session::from_json(&all).unwrap();
    let order = [
        Feature::SinX2,
        Feature::X1,
        Feature::X2,
        Feature::X1Squared,
        Feature::X2Squared,
        Feature::X1X2,
        Feature::SinX1,
    ];
    let test = session.test_data().unwrap();
    assert_eq!(test.input_size(), 7);
    let (point, _) = session.raw_data().sample(session.test_indices()[0]);
    assert_eq!(test.sample(0).0, expand_point(&order, point[0], point[1]));
}

#[test]
fn a_circle_needs_no_hidden_layer_in_x1_squared_and_x2_squared() {
    // A straight line in (x1², x2²) is a circle in (x1, x2): one sigmoid neuron fits it.
    let mut squares = Session::from_json(SQUARES).unwrap();
    let mut plain = Session::from_json(&with_all(SQUARES, &[("features", "-")])).unwrap();
    for _ in 0..300 {
        squares.train_epoch().unwrap();
        plain.train_epoch().unwrap();
    }
    let (fitted, straight) = (squares.snapshot(0), plain.snapshot(0));
    assert!(fitted.accuracy.unwrap() > 0.97, "{:?}", fitted.accuracy);
    assert!(fitted.loss < 0.03, "{}", fitted.loss);
    assert!(straight.accuracy.unwrap() < 0.8, "{:?}", straight.accuracy);
    assert!(straight.loss > 0.1, "{}", straight.loss);
}

#[test]
fn the_new_fields_round_trip_bit_for_bit() {
    let spec = with_all(
        SQUARES,
        &[
            ("layers", "[3, 2, 1]"),
            ("features", r#"["x1*x2", "x1^2", "sin(x2)"]"#),
            ("data.test_share", "0.35"),
            ("data.seed", "12"),
        ],
    );
    let mut session = Session::from_json(&spec).unwrap();
    for _ in 0..40 {
        session.train_epoch().unwrap();
    }
    let text = session.spec().to_json();
    assert!(text.contains(r#""features": ["#), "{text}");
    assert!(
        text.contains(r#""x1*x2""#) && text.contains(r#""sin(x2)""#),
        "{text}"
    );
    assert!(text.contains(r#""test_share": 0.35"#), "{text}");
    let mut again = Session::from_json(&text).unwrap();
    assert_eq!(bits(&again), bits(&session));
    assert_eq!(again.spec(), session.spec());
    assert_eq!(again.test_indices(), session.test_indices());
    assert_eq!(again.features(), session.features());
    assert_eq!(Spec::from_json(&text).unwrap(), session.spec());
    assert_eq!(
        again.test_loss().unwrap().to_bits(),
        Session::from_json(&text)
            .unwrap()
            .test_loss()
            .unwrap()
            .to_bits()
    );
    // Without them, nothing new is written.
    let plain = Session::from_json(&with_all(SQUARES, &[("features", "-")]))
        .unwrap()
        .spec()
        .to_json();
    assert!(
        !plain.contains("features") && !plain.contains("test_share"),
        "{plain}"
    );
}

/// `bad` is refused with `field` named and `words` in the message.
fn refused(bad: &str, field: &str, words: &str) {
    let error = Session::from_json(bad)
        .err()
        .unwrap_or_else(|| panic!("accepted: {bad}"));
    assert_eq!(error.field, field, "{error}");
    assert!(
        error.message.contains(words),
        "message {:?} lacks {words:?}",
        error.message
    );
}

#[test]
fn every_bad_split_is_named() {
    for share in ["1", "1.5", "-0.1"] {
        refused(
            &with_all(CIRCLE, &[("data.test_share", share)]),
            "data.test_share",
            "is not in [0, 1)",
        );
    }
    refused(
        &with_all(CIRCLE, &[("data.test_share", "\"a fifth\"")]),
        "data.test_share",
        "invalid type",
    );
    refused(
        &with_all(CIRCLE, &[("data.test_share", "null")]),
        "data.test_share",
        "is null",
    );
    for fixed in ["xor", "toy"] {
        let layers = if fixed == "toy" {
            "[2, 2, 2]"
        } else {
            "[2, 2, 1]"
        };
        refused(
            &with_all(
                CIRCLE,
                &[
                    ("layers", layers),
                    ("batch_size", "-"),
                    (
                        "data",
                        &format!(r#"{{"dataset": "{fixed}", "test_share": 0.5}}"#),
                    ),
                ],
            ),
            "data.test_share",
            "is fixed and takes no options",
        );
    }
    refused(
        &with_all(
            CIRCLE,
            &[
                ("batch_size", "-"),
                (
                    "data",
                    r#"{"inputs": [[0.1, 0.2]], "targets": [[1]], "test_share": 0.5}"#,
                ),
            ],
        ),
        "data.test_share",
        "at least 2 samples",
    );
    refused(
        &with_all(CIRCLE, &[("batch_size", "200")]),
        "batch_size",
        "200 is not between 1 and the 140 training samples",
    );
    refused(
        &with_all(CIRCLE, &[("data.test_shares", "0.2")]),
        "data.test_shares",
        "unknown field `test_shares`",
    );
}

#[test]
fn every_bad_feature_is_named() {
    refused(
        &with_all(SQUARES, &[("features", r#"["x1^2", "x3"]"#)]),
        "features[1]",
        "unknown variant `x3`, expected one of `x1`, `x2`, `x1^2`",
    );
    refused(
        &with_all(SQUARES, &[("features", r#"["x1^2", 2]"#)]),
        "features[1]",
        "invalid type",
    );
    refused(
        &with_all(SQUARES, &[("features", r#""x1^2""#)]),
        "features",
        "invalid type",
    );
    refused(
        &with_all(SQUARES, &[("features", "[]")]),
        "features",
        "is empty",
    );
    refused(
        &with_all(
            SQUARES,
            &[
                ("features", r#"["x1^2", "x2", "x1^2"]"#),
                ("layers", "[3, 1]"),
            ],
        ),
        "features[2]",
        "\"x1^2\" is listed twice (also features[0])",
    );
    refused(
        &with_all(SQUARES, &[("features", r#"["x1^2", "x2^2", "x1*x2"]"#)]),
        "layers[0]",
        "is 2, but `features` names 3: the input layer has one neuron per feature",
    );
    refused(
        &with_all(
            SQUARES,
            &[
                ("batch_size", "-"),
                ("data", r#"{"inputs": [[0.1, 0.2, 0.3]], "targets": [[1]]}"#),
            ],
        ),
        "features",
        "are functions of 2-D points (x1, x2), but data.inputs[0] has 3 numbers",
    );
    refused(
        &with_all(
            SQUARES,
            &[("layers", "[2, 2]"), ("data", r#"{"dataset": "circle"}"#)],
        ),
        "layers",
        "must end with 1",
    );
}

#[test]
fn switching_features_keeps_what_it_can() {
    let session = Session::from_json(
        r#"{"layers": [2, 3, 1], "activation": "sigmoid", "bias": true, "seed": 5,
            "learning_rate": 1, "data": {"dataset": "circle", "samples": 50, "test_share": 0.2}}"#,
    )
    .unwrap();
    let old = session.network().clone();
    let chosen = [Feature::X2, Feature::X1Squared, Feature::X2Squared];
    let spec = session.spec_with_features(&chosen).unwrap();
    assert_eq!(spec.features.as_deref(), Some(&chosen[..]));
    assert_eq!(spec.layers, [3, 3, 1]);
    assert_eq!(
        spec.data,
        session.spec().data,
        "the data and its split stay"
    );
    let new = Session::from_spec(&spec).unwrap();
    let network = new.network();
    for k in 0..3 {
        assert_eq!(
            network.weight(0, k, 0),
            old.weight(0, k, 1),
            "x2 kept its weights"
        );
        assert_eq!(network.bias(0, k), old.bias(0, k));
        assert_eq!(
            network.weight(1, 0, k),
            old.weight(1, 0, k),
            "later layers kept"
        );
    }
    assert_ne!(network.weight(0, 0, 1), 0.0, "x1² got weights of its own");
    assert_eq!(new.test_indices(), session.test_indices());
    // The same choice gives the same network; back to x1, x2 omits `features`.
    assert_eq!(session.spec_with_features(&chosen).unwrap(), spec);
    let back = new.spec_with_features(&[Feature::X1, Feature::X2]).unwrap();
    assert_eq!(back.features, None);
    assert_eq!(back.layers, [2, 3, 1]);
    // Refused: none, twice, and data that are not points.
    assert_eq!(
        session.spec_with_features(&[]).unwrap_err().field,
        "features"
    );
    assert_eq!(
        session
            .spec_with_features(&[Feature::X1, Feature::X1])
            .unwrap_err()
            .field,
        "features[1]"
    );
    let three = Session::from_json(
        r#"{"layers": [3, 1], "activation": "sigmoid", "seed": 1, "learning_rate": 1,
            "data": {"inputs": [[1, 2, 3]], "targets": [[1]]}}"#,
    )
    .unwrap();
    let error = three.spec_with_features(&[Feature::X1]).unwrap_err();
    assert_eq!(error.field, "features");
    assert!(error.message.contains("3 inputs"), "{error}");
}
