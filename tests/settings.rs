//! Changing a setting changes only that setting: the epoch, the weights, the shuffling and the
//! momentum carry on, and Reset with the same seed still gives the seed's starting weights.

use backprop_playground::model::{ActivationSpec, Session, Spec};
use backprop_playground::nn::{Activation, Loss, Penalty, Regularization};

/// Seeded weights (none given), mini-batches, momentum and bias: every piece of training state
/// that a change of settings could lose.
const SEEDED: &str = r#"{
  "layers": [2, 3, 1],
  "activation": "sigmoid",
  "bias": true,
  "seed": 9,
  "learning_rate": 0.7,
  "batch_size": 2,
  "momentum": 0.5,
  "data": { "dataset": "xor" }
}"#;

fn trained(epochs: usize) -> Session {
    let mut session = Session::from_json(SEEDED).unwrap();
    for _ in 0..epochs {
        session.train_epoch().unwrap();
    }
    session
}

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

/// One change of settings, named for the test's messages.
type Change = Box<dyn Fn(&mut Spec)>;

/// The session's spec with `change` applied to it.
fn changed(session: &Session, change: impl FnOnce(&mut Spec)) -> Spec {
    let mut spec = session.spec();
    change(&mut spec);
    spec
}

#[test]
fn a_change_to_the_same_settings_leaves_training_exactly_as_it_was() {
    // The shuffle order, the generator and the velocity all carry on: 5 + 5 epochs with a
    // "change" in between are the same as 10 epochs straight, bit for bit.
    let mut session = trained(5);
    let same = session.spec();
    session.change_settings(&same).unwrap();
    assert_eq!(session.epoch(), 5);
    for _ in 0..5 {
        session.train_epoch().unwrap();
    }
    let straight = trained(10);
    assert_eq!(
        bits(session.network().weights()),
        bits(straight.network().weights())
    );
    assert_eq!(
        bits(session.network().biases()),
        bits(straight.network().biases())
    );
}

#[test]
fn each_option_change_keeps_the_epoch_and_the_weights() {
    let changes: Vec<(&str, Change)> = vec![
        ("momentum", Box::new(|s| s.momentum = Some(0.9))),
        ("no momentum", Box::new(|s| s.momentum = None)),
        ("batch size", Box::new(|s| s.batch_size = Some(1))),
        ("loss", Box::new(|s| s.loss = Some(Loss::CrossEntropy))),
        (
            "regularization",
            Box::new(|s| {
                s.regularization = Some(Regularization {
                    kind: Penalty::L2,
                    rate: 0.01,
                });
            }),
        ),
        ("learning rate", Box::new(|s| s.learning_rate = 0.1)),
        (
            "activation",
            Box::new(|s| {
                s.activation = ActivationSpec::PerLayer(vec![Activation::Tanh, Activation::Sigmoid])
            }),
        ),
    ];
    for (name, change) in changes {
        let mut session = trained(7);
        let weights = bits(session.network().weights());
        let spec = changed(&session, change);
        session
            .change_settings(&spec)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(session.epoch(), 7, "{name} reset the epoch");
        assert_eq!(
            bits(session.network().weights()),
            weights,
            "{name} moved the weights"
        );
        assert_eq!(
            session.spec(),
            spec,
            "{name}: the session is not the changed spec"
        );
    }
}

#[test]
fn reset_after_an_option_change_gives_the_seeds_starting_weights() {
    let start = bits(trained(0).network().weights());
    let mut session = trained(12);
    let spec = changed(&session, |s| {
        s.momentum = Some(0.8);
        s.batch_size = Some(4);
        s.activation = ActivationSpec::PerLayer(vec![Activation::Tanh, Activation::Sigmoid]);
    });
    session.change_settings(&spec).unwrap();
    session.train_epoch().unwrap();
    session.reset(9);
    assert_eq!(session.epoch(), 0);
    assert_eq!(
        bits(session.network().weights()),
        start,
        "not the seed's weights"
    );
    // The settings chosen stay through the reset.
    assert_eq!(session.momentum(), 0.8);
    assert_eq!(session.batch_size(), 4);
    assert_eq!(session.spec().activation, spec.activation);
}

#[test]
fn a_refused_change_changes_nothing() {
    let mut session = trained(3);
    let before = session.spec();
    let refused = [
        ("batch_size", changed(&session, |s| s.batch_size = Some(0))),
        ("momentum", changed(&session, |s| s.momentum = Some(1.5))),
        (
            "loss",
            changed(&session, |s| {
                s.loss = Some(Loss::CrossEntropy);
                s.activation = ActivationSpec::All(Activation::Tanh);
            }),
        ),
        ("layers", changed(&session, |s| s.layers = vec![2, 4, 1])),
    ];
    for (field, spec) in refused {
        let error = session.change_settings(&spec).unwrap_err();
        assert_eq!(error.field, field, "{error}");
        assert_eq!(
            session.spec(),
            before,
            "refused {field} changed the session"
        );
        assert_eq!(session.epoch(), 3);
    }
}

#[test]
fn cross_entropy_on_a_tanh_output_is_refused_with_the_cores_reason_and_changes_nothing() {
    let mut session = trained(3);
    let tanh = changed(&session, |s| {
        s.activation = ActivationSpec::All(Activation::Tanh);
    });
    session.change_settings(&tanh).unwrap();
    let before = session.spec();
    let error = session.set_loss(Loss::CrossEntropy).unwrap_err();
    assert_eq!(error.field, "loss");
    assert_eq!(
        Err(error.message),
        Loss::CrossEntropy.check_output(backprop_playground::nn::Activation::Tanh)
    );
    assert_eq!(session.spec(), before);
    session.set_loss(Loss::Squared).unwrap();
    assert_eq!(session.spec(), before, "squared error was the loss already");
}

#[test]
fn spec_and_progress_go_on_exactly_where_training_was() {
    // What a link or a reload holds: the spec and the progress. Loaded into a fresh session, 13
    // more epochs give the same weights, bit for bit, as 13 more in the original: the same
    // shuffles and the same momentum steps.
    let mut original = trained(17);
    let (spec, progress) = (original.spec(), original.progress());
    assert_eq!(progress.epoch, 17);
    assert!(!progress.velocity.is_empty(), "momentum 0.5 has a velocity");
    let mut reloaded = Session::from_spec(&spec).unwrap();
    reloaded.resume(&progress).unwrap();
    assert_eq!(reloaded.epoch(), 17);
    for _ in 0..13 {
        original.train_epoch().unwrap();
        reloaded.train_epoch().unwrap();
    }
    assert_eq!(
        bits(reloaded.network().weights()),
        bits(original.network().weights())
    );
    assert_eq!(
        bits(reloaded.network().biases()),
        bits(original.network().biases())
    );
    assert_eq!(reloaded.progress(), original.progress());
}

#[test]
fn a_damaged_progress_is_refused_and_changes_nothing() {
    let source = trained(4).progress();
    let mut session = trained(2);
    let (before, progress_before) = (session.spec(), session.progress());
    let mut bad_position = source.clone();
    bad_position.shuffle_position = "12x".into();
    let mut short_velocity = source.clone();
    short_velocity.velocity.pop();
    let mut infinite_velocity = source.clone();
    infinite_velocity.bias_velocity[1] = f64::INFINITY;
    for (field, progress) in [
        ("progress.shuffle_position", bad_position),
        ("progress.velocity", short_velocity),
        ("progress.bias_velocity[1]", infinite_velocity),
    ] {
        let error = session.resume(&progress).unwrap_err();
        assert_eq!(error.field, field, "{error}");
        assert_eq!(session.spec(), before);
        assert_eq!(session.progress(), progress_before);
    }
}

#[test]
fn the_snapshot_is_computed_once_per_generation_and_never_stale() {
    let mut session = trained(2);
    let start = session.snapshots_computed();
    let first = session.snapshot(1);
    for _ in 0..3 {
        assert_eq!(session.snapshot(1).loss.to_bits(), first.loss.to_bits());
    }
    assert_eq!(
        session.snapshots_computed(),
        start + 1,
        "views of one state share one snapshot"
    );
    session.snapshot(2);
    assert_eq!(
        session.snapshots_computed(),
        start + 2,
        "another sample is another snapshot"
    );

    // Every change makes a new generation, and the next snapshot is of the changed state.
    let generation = session.generation();
    session.train_epoch().unwrap();
    assert!(session.generation() > generation);
    assert_eq!(session.snapshot(2).epoch, 3);
    session.network_mut().set_weight(0, 1, 0, 0.625);
    assert_eq!(session.snapshot(2).weights[0][1][0], 0.625);
    session.set_learning_rate(0.25).unwrap();
    let settings = changed(&session, |s| s.momentum = Some(0.75));
    session.change_settings(&settings).unwrap();
    assert_eq!(session.snapshot(2).momentum, 0.75);
    session.reset(9);
    assert_eq!(session.snapshot(2).epoch, 0);
    // One per state looked at: the first two samples, then after each of the four changes.
    assert_eq!(session.snapshots_computed(), start + 6);
}

#[test]
fn at_start_is_the_starting_network_beside_the_session_which_stays() {
    let start = bits(trained(0).network().weights());
    let mut session = trained(9);
    let settings = changed(&session, |s| s.momentum = Some(0.8));
    session.change_settings(&settings).unwrap();
    let (spec, progress) = (session.spec(), session.progress());
    let at_start = session.at_start();
    assert_eq!(at_start.epoch(), 0);
    assert_eq!(bits(at_start.network().weights()), start);
    assert_eq!(at_start.momentum(), 0.8, "with today's settings");
    assert_eq!(session.spec(), spec, "the session itself is untouched");
    assert_eq!(session.progress(), progress);
}
