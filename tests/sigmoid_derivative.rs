//! `σ'(x) = σ(x)(1 − σ(x))` against a numeric derivative over a range of `x`.

use backprop_playground::nn::activation::{sigmoid, sigmoid_derivative_from_a};

#[test]
fn sigmoid_derivative_is_a_times_one_minus_a() {
    let h = 1e-6;
    let mut x = -10.0;
    while x <= 10.0 {
        let numeric = (sigmoid(x + h) - sigmoid(x - h)) / (2.0 * h);
        let a = sigmoid(x);
        let analytic = sigmoid_derivative_from_a(a);
        assert!(
            (numeric - analytic).abs() < 1e-9,
            "x = {x}: numeric {numeric}, a(1 − a) = {analytic}"
        );
        x += 0.125;
    }
}

#[test]
fn derivative_peaks_at_a_quarter_where_net_is_zero() {
    assert_eq!(sigmoid_derivative_from_a(sigmoid(0.0)), 0.25);
    assert!(
        sigmoid_derivative_from_a(sigmoid(8.0)) < 4e-4,
        "saturated: learning stalls"
    );
}
