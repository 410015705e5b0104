//! The same spec trains to the same bits natively and in the browser.
//!
//! Every operation of training is IEEE 754 arithmetic that both targets round identically, except
//! the maths library's functions: the sigmoid's `e^x` is the core's own (`nn::exp`) for that
//! reason. This test trains a few specs natively and compares a fingerprint of every weight's
//! and bias's bits with `tests/golden/trained.json`; the end-to-end test `bits.test.mjs` trains
//! the same specs in the wasm module, in Chromium, against the same file. So a change that makes
//! the two differ fails one of them.
//!
//! A change of the numbers on purpose (a new summation order, say) changes the fingerprints:
//! rerun with `UPDATE_GOLDEN=1` to write the file, and say why in the commit.

use backprop_playground::model::Session;
use serde_json::Value;

const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/trained.json");

/// FNV-1a (64-bit) over the bits of every weight, then every bias, little-endian bytes: small
/// enough to write in a page by hand (`bits.test.mjs` does, with BigInt).
fn fingerprint(values: impl Iterator<Item = f64>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for value in values {
        for byte in value.to_bits().to_le_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The specs both sides train, with the epochs each trains for.
fn cases() -> Vec<(Value, u32)> {
    let read = std::fs::read_to_string(GOLDEN).expect("tests/golden/trained.json");
    let golden: Value = serde_json::from_str(&read).expect("golden file is JSON");
    golden["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| (c["spec"].clone(), c["epochs"].as_u64().unwrap() as u32))
        .collect()
}

fn trained(spec: &Value, epochs: u32) -> (String, f64) {
    let mut session = Session::from_json(&spec.to_string()).expect("golden spec loads");
    for _ in 0..epochs {
        session.train_epoch().expect("golden spec trains");
    }
    let network = session.network();
    let values = network.weights().iter().chain(network.biases()).copied();
    (fingerprint(values), session.loss())
}

#[test]
fn trained_networks_match_the_golden_fingerprints() {
    let read = std::fs::read_to_string(GOLDEN).expect("tests/golden/trained.json");
    let mut golden: Value = serde_json::from_str(&read).expect("golden file is JSON");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for (i, (spec, epochs)) in cases().iter().enumerate() {
        let (bits, loss) = trained(spec, *epochs);
        let case = &mut golden["cases"][i];
        if update {
            case["fingerprint"] = Value::from(bits);
            case["loss"] = Value::from(loss);
        } else {
            assert_eq!(
                case["fingerprint"].as_str(),
                Some(bits.as_str()),
                "case {i} ({}): the trained bits changed (loss now {loss})",
                case["name"]
            );
            // The whole-data-set loss (forward passes only), to the last bit: JSON keeps it.
            assert_eq!(
                case["loss"].as_f64().map(f64::to_bits),
                Some(loss.to_bits()),
                "case {i} ({}): the loss changed to {loss}",
                case["name"]
            );
        }
    }
    if update {
        let text = serde_json::to_string_pretty(&golden).unwrap() + "\n";
        std::fs::write(GOLDEN, text).expect("writing the golden file");
    }
}

#[test]
fn the_fingerprint_sees_one_bit() {
    let a = fingerprint([0.1, 0.2].into_iter());
    let b = fingerprint([0.1, f64::from_bits(0.2f64.to_bits() ^ 1)].into_iter());
    assert_ne!(a, b);
    assert_eq!(fingerprint([].into_iter()), "cbf29ce484222325");
}
