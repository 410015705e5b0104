//! The thread's toy network (2 inputs, 2 hidden, 2 outputs, no bias: 8 weights), worked by hand.
//!
//! Weights `w[l][k][j]` from neuron `j` of layer `l` to neuron `k` of layer `l + 1`:
//! input→hidden `[[0.1, 0.2], [0.3, 0.4]]`, hidden→output `[[0.5, 0.6], [0.7, 0.8]]`.
//! Sample `x = (0.3, 0.9)`, target `t = (0.2, 0.7)`, learning rate `η = 0.5`.
//!
//! Forward:
//!   net_h1 = 0.1·0.3 + 0.2·0.9 = 0.21          a_h1 = σ(0.21) = 0.5523079096
//!   net_h2 = 0.3·0.3 + 0.4·0.9 = 0.45          a_h2 = σ(0.45) = 0.6106392339
//!   net_o1 = 0.5·a_h1 + 0.6·a_h2 = 0.6425374952  a_o1 = σ(net_o1) = 0.6553268394
//!   net_o2 = 0.7·a_h1 + 0.8·a_h2 = 0.8751269239  a_o2 = σ(net_o2) = 0.7058113832
//!   E = ½((0.2 − 0.6553268394)² + (0.7 − 0.7058113832)²) = 0.1036781514
//!
//! Backward, output neuron o1:
//!   ∂E/∂a_o1   = −(t_1 − a_o1) = 0.6553268394 − 0.2 = 0.4553268394
//!   ∂a/∂net_o1 = a_o1(1 − a_o1) = 0.6553268394 · 0.3446731606 = 0.2258735730
//!   δ_o1       = 0.4553268394 · 0.2258735730 = 0.1028463001
//!   (and likewise δ_o2 = 0.0058113832 · 0.2076416745 = 0.0012066853)
//! The weight h1→o1 (w[1][0][0]):
//!   ∂net_o1/∂w = a_h1 = 0.5523079096   (only the term w·a_h1 of net_o1 holds w)
//!   ∂E/∂w      = δ_o1 · a_h1 = 0.1028463001 · 0.5523079096 = 0.0568028250
//!   Δw         = −η ∂E/∂w = −0.5 · 0.0568028250 = −0.0284014125, so w becomes 0.4715985875
//!
//! Backward, hidden neuron h1 (it feeds o1 through 0.5 and o2 through 0.7):
//!   ∂E/∂a_h1   = 0.5·δ_o1 + 0.7·δ_o2 = 0.0514231500 + 0.0008446797 = 0.0522678298
//!   ∂a/∂net_h1 = a_h1(1 − a_h1) = 0.5523079096 · 0.4476920904 = 0.2472638826
//!   δ_h1       = 0.0522678298 · 0.2472638826 = 0.0129239465
//! The weight x1→h1 (w[0][0][0]):
//!   ∂E/∂w = δ_h1 · x_1 = 0.0129239465 · 0.3 = 0.0038771840
//!   w becomes 0.1 − 0.5 · 0.0038771840 = 0.0980614080

use backprop_playground::model::{Session, Spec};

const TOY_SPEC: &str = r#"{
  "layers": [2, 2, 2],
  "activation": "sigmoid",
  "weights": [[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6], [0.7, 0.8]]],
  "learning_rate": 0.5,
  "data": { "inputs": [[0.3, 0.9]], "targets": [[0.2, 0.7]] }
}"#;

fn close(actual: f64, by_hand: f64) {
    assert!(
        (actual - by_hand).abs() < 1e-9,
        "core gives {actual}, the hand derivation {by_hand}"
    );
}

#[test]
fn forward_pass_matches_the_hand_numbers() {
    let snapshot = Session::from_json(TOY_SPEC).unwrap().snapshot(0);
    close(snapshot.net[1][0], 0.21);
    close(snapshot.net[1][1], 0.45);
    close(snapshot.a[1][0], 0.5523079096);
    close(snapshot.a[1][1], 0.6106392339);
    close(snapshot.net[2][0], 0.6425374952);
    close(snapshot.a[2][0], 0.6553268394);
    close(snapshot.a[2][1], 0.7058113832);
    close(snapshot.loss, 0.1036781514);
    assert_eq!(snapshot.a[0], vec![0.3, 0.9]);
    assert!(snapshot.net[0].is_empty() && snapshot.delta[0].is_empty());
}

#[test]
fn output_error_term_is_the_product_of_its_factors() {
    let snapshot = Session::from_json(TOY_SPEC).unwrap().snapshot(0);
    close(snapshot.error_wrt_a[2][0], 0.4553268394);
    close(snapshot.activation_wrt_net[2][0], 0.2258735730);
    close(snapshot.delta[2][0], 0.1028463001);
    close(snapshot.delta[2][1], 0.0012066853);
    close(snapshot.gradients[1][0][0], 0.0568028250);
}

#[test]
fn hidden_error_term_gathers_the_output_deltas() {
    let snapshot = Session::from_json(TOY_SPEC).unwrap().snapshot(0);
    close(snapshot.error_wrt_a[1][0], 0.0522678298);
    close(snapshot.activation_wrt_net[1][0], 0.2472638826);
    close(snapshot.delta[1][0], 0.0129239465);
    close(snapshot.gradients[0][0][0], 0.0038771840);
}

#[test]
fn one_epoch_applies_minus_eta_times_the_gradient() {
    let mut session = Session::from_json(TOY_SPEC).unwrap();
    let loss_seen = session.train_epoch().unwrap();
    close(loss_seen, 0.1036781514);
    let spec: Spec = session.spec();
    let weights = spec.weights.unwrap();
    close(weights[1][0][0], 0.4715985875);
    close(weights[0][0][0], 0.0980614080);
    assert!(spec.biases.is_none(), "the toy network has no bias terms");
    assert_eq!(session.epoch(), 1);
}
