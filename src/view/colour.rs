//! Colour and width scales for the network view, bucketed so the canvas sets each style once.
//!
//! A diverging scale: blue for negative, orange-red for positive, grey-white near 0. For a
//! gradient, the sign says which way the weight will move: `Δw = −η ∂E/∂w`, so a positive
//! gradient (red) means the weight is about to decrease, a negative one (blue) that it will grow.

/// Buckets on each side of zero; `2 * SIDE_BUCKETS + 1` colours in all.
pub const SIDE_BUCKETS: usize = 6;
/// Line widths in CSS pixels, by `|w|` bucket.
pub const WIDTHS: [f64; 4] = [1.0, 2.0, 3.5, 5.5];

/// RGB of the negative end, the middle and the positive end (ColorBrewer RdBu, colour-blind safe).
const NEGATIVE: (f64, f64, f64) = (33.0, 102.0, 172.0);
const MIDDLE: (f64, f64, f64) = (225.0, 225.0, 225.0);
const POSITIVE: (f64, f64, f64) = (202.0, 60.0, 32.0);

/// The bucket of `value` on a scale whose ends are `±max`: 0 is the most negative,
/// `SIDE_BUCKETS` is zero, `2 * SIDE_BUCKETS` the most positive. Non-finite values go to zero's
/// bucket (the page explains NaN elsewhere; a line must still be drawn).
pub fn colour_bucket(value: f64, max: f64) -> usize {
    if !value.is_finite() || max <= 0.0 || !max.is_finite() {
        return SIDE_BUCKETS;
    }
    let t = (value / max).clamp(-1.0, 1.0);
    let step = (t.abs() * SIDE_BUCKETS as f64).ceil() as usize;
    if t < 0.0 {
        SIDE_BUCKETS - step
    } else {
        SIDE_BUCKETS + step
    }
}

/// The CSS colour of a bucket.
pub fn bucket_colour(bucket: usize) -> String {
    let t = (bucket as f64 - SIDE_BUCKETS as f64) / SIDE_BUCKETS as f64;
    let end = if t < 0.0 { NEGATIVE } else { POSITIVE };
    let s = t.abs();
    let mix = |m: f64, e: f64| (m + (e - m) * s).round() as u8;
    format!(
        "rgb({}, {}, {})",
        mix(MIDDLE.0, end.0),
        mix(MIDDLE.1, end.1),
        mix(MIDDLE.2, end.2)
    )
}

/// The width bucket of a weight, by `|w| / max`.
pub fn width_bucket(weight: f64, max: f64) -> usize {
    if !weight.is_finite() || max <= 0.0 {
        return 0;
    }
    let t = (weight.abs() / max).clamp(0.0, 1.0);
    ((t * WIDTHS.len() as f64).ceil() as usize).clamp(1, WIDTHS.len()) - 1
}

/// A "nice" scale end at or above `max_abs`: 1, 2 or 5 times a power of ten, so the legend
/// reads in round numbers and the colours do not flicker as the largest value wobbles.
pub fn nice_scale(max_abs: f64) -> f64 {
    if !(max_abs.is_finite() && max_abs > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(max_abs.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * power >= max_abs {
            return m * power;
        }
    }
    10.0 * power
}

/// Where activation `a` sits on the fill scale [0, 1], read from the layer's function's range
/// (the core's `Activation::range`), so a new activation needs no entry here: a bounded range
/// (the sigmoid's (0, 1), tanh's (−1, 1)) stretched onto it, one bounded below only (relu's
/// [0, ∞)) squeezed as `x / (1 + x)` from its floor, and the whole line (linear) through the
/// sigmoid; larger still looks darker, without a cut-off.
pub fn fill_level(a: f64, activation: Activation) -> f64 {
    let (low, high) = activation.range();
    match (low.is_finite(), high.is_finite()) {
        (true, true) => (a - low) / (high - low),
        (true, false) => {
            let above = a - low;
            above / (1.0 + above)
        }
        (false, true) => {
            let below = high - a;
            1.0 / (1.0 + below)
        }
        (false, false) => crate::nn::activation::sigmoid(a),
    }
}

/// Fill colour of a neuron whose activation is `a ∈ [0, 1]`: from white (0) to deep purple (1).
pub fn activation_colour(a: f64) -> String {
    let a = if a.is_finite() {
        a.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (r, g, b) = (
        255.0 - a * (255.0 - 84.0),
        255.0 - a * (255.0 - 39.0),
        255.0 - a * (255.0 - 143.0),
    );
    format!("rgb({}, {}, {})", r.round(), g.round(), b.round())
}

/// Black or white text, whichever reads on the activation colour.
pub fn text_on_activation(a: f64) -> &'static str {
    if a.is_finite() && a > 0.55 {
        "#ffffff"
    } else {
        "#1b1b1f"
    }
}

use crate::nn::Activation;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_levels_map_each_range_onto_zero_to_one() {
        assert_eq!(fill_level(0.25, Activation::Sigmoid), 0.25);
        assert_eq!(fill_level(-1.0, Activation::Tanh), 0.0);
        assert_eq!(fill_level(1.0, Activation::Tanh), 1.0);
        assert_eq!(fill_level(0.0, Activation::Relu), 0.0);
        assert_eq!(fill_level(1.0, Activation::Relu), 0.5);
        assert_eq!(fill_level(0.0, Activation::Linear), 0.5);
        assert!(fill_level(1e9, Activation::Relu) <= 1.0);
    }

    #[test]
    fn every_activation_fills_from_its_range_in_order() {
        for f in Activation::ALL {
            let (low, high) = f.range();
            if low.is_finite() {
                assert_eq!(fill_level(low, f), 0.0, "{f:?} at its floor");
            }
            if high.is_finite() {
                assert_eq!(fill_level(high, f), 1.0, "{f:?} at its ceiling");
            }
            let levels: Vec<f64> = (-40..=40)
                .map(|i| f64::from(i) / 10.0)
                .filter(|&a| a >= low && a <= high)
                .map(|a| fill_level(a, f))
                .collect();
            assert!(
                levels.windows(2).all(|w| w[0] < w[1]),
                "{f:?}: larger a is darker"
            );
            assert!(levels.iter().all(|l| (0.0..=1.0).contains(l)), "{f:?}");
        }
    }

    #[test]
    fn buckets_keep_sign_and_order() {
        assert_eq!(colour_bucket(0.0, 1.0), SIDE_BUCKETS);
        assert_eq!(colour_bucket(1.0, 1.0), 2 * SIDE_BUCKETS);
        assert_eq!(colour_bucket(-1.0, 1.0), 0);
        assert_eq!(colour_bucket(-50.0, 1.0), 0, "clamped at the scale's end");
        assert!(colour_bucket(0.01, 1.0) > SIDE_BUCKETS);
        assert!(colour_bucket(-0.01, 1.0) < SIDE_BUCKETS);
        assert_eq!(colour_bucket(f64::NAN, 1.0), SIDE_BUCKETS);
        let ascending: Vec<usize> = [-0.9, -0.4, 0.0, 0.3, 0.8]
            .iter()
            .map(|&v| colour_bucket(v, 1.0))
            .collect();
        assert!(ascending.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn colours_run_blue_grey_red() {
        assert_eq!(bucket_colour(0), "rgb(33, 102, 172)");
        assert_eq!(bucket_colour(SIDE_BUCKETS), "rgb(225, 225, 225)");
        assert_eq!(bucket_colour(2 * SIDE_BUCKETS), "rgb(202, 60, 32)");
    }

    #[test]
    fn widths_grow_with_size() {
        assert_eq!(width_bucket(0.0, 2.0), 0);
        assert_eq!(width_bucket(-2.0, 2.0), WIDTHS.len() - 1);
        assert!(width_bucket(1.2, 2.0) > width_bucket(0.3, 2.0));
    }

    #[test]
    fn nice_scale_rounds_up_to_one_two_five() {
        assert_eq!(nice_scale(0.037), 0.05);
        assert_eq!(nice_scale(0.2), 0.2);
        assert_eq!(nice_scale(3.0), 5.0);
        assert_eq!(nice_scale(7.0), 10.0);
        assert_eq!(nice_scale(0.0), 1.0);
        assert_eq!(nice_scale(f64::NAN), 1.0);
    }

    #[test]
    fn activation_colour_runs_white_to_purple() {
        assert_eq!(activation_colour(0.0), "rgb(255, 255, 255)");
        assert_eq!(activation_colour(1.0), "rgb(84, 39, 143)");
        assert_eq!(text_on_activation(0.9), "#ffffff");
    }
}
