//! Arbitrary bytes (as UTF-8 text where valid) into the spec parser, and whatever it accepts
//! through the core: a few epochs of training, a snapshot, the export and a reload (which must
//! give the same spec back), and a reset. Any panic is a bug: a bad spec must come back as a
//! `SpecError` naming the field, and a good one must train, export and reload.
#![no_main]

use backprop_playground::model::Session;
use libfuzzer_sys::fuzz_target;

/// Weights × samples above which an input is only parsed and round-tripped, not trained: a
/// 100,000-weight network on 10,000 samples is a valid spec, but an epoch of it takes seconds.
const TRAINING_WORK_LIMIT: usize = 200_000;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(mut session) = Session::from_json(text) else {
        return;
    };
    let work = session.network().weights().len() * session.data().len();
    if work <= TRAINING_WORK_LIMIT {
        for _ in 0..3 {
            // Divergence is an answer (the epoch is undone), not a failure.
            if session.train_epoch().is_err() {
                break;
            }
        }
        let snapshot = session.snapshot(bytes.len());
        assert!(snapshot.to_json().starts_with('{'));
        let _ = session.loss();
    }

    let spec = session.spec();
    let exported = spec.to_json();
    let reloaded = Session::from_json(&exported)
        .unwrap_or_else(|e| panic!("the exported spec does not load: {e}\n{exported}"));
    assert_eq!(
        reloaded.spec(),
        spec,
        "the spec changed on its way through JSON"
    );

    if work <= TRAINING_WORK_LIMIT {
        session.reset(session.seed().wrapping_add(bytes.len() as u64));
        session.reset(session.seed());
    }
});
