//! `e^x` for the sigmoid, written out: the same bits on every machine, and a loop of it vectorises.
//!
//! `f64::exp` calls the platform's maths library: glibc natively, Rust's libm port in wasm. They
//! are both accurate, but they are two different functions (so the same spec could train to
//! different bits in the browser and in the native tests), and neither can be inlined into a loop
//! over a layer's neurons. This one uses only `+ − × /`, comparisons and integer bit operations,
//! which IEEE 754 defines exactly, so it gives the same bits everywhere, and it has no branch and
//! no table, so the compiler can run it on two or four neurons at once.
//!
//! The method is fdlibm's (`e_exp.c`): write `x = k·ln 2 + r` with `k` an integer and
//! `|r| ≤ ln 2 / 2`, then `e^x = 2^k · e^r`, with `e^r` from a polynomial of degree 5 in `r²` and
//! one division, and `2^k` built from its exponent bits. The relative error against
//! `f64::exp` is under 10⁻¹⁵ (a test measures it on two million points); where the result is
//! subnormal (below 2.2·10⁻³⁰⁸) it is only close. [`sigmoid`] puts the sigmoid's own division
//! and this one over one denominator.

/// `log₂ e`, to find `k = round(x / ln 2)`.
const LOG2_E: f64 = std::f64::consts::LOG2_E;
/// `ln 2` in two parts (fdlibm's): `LN2_HI` has 32 significant bits, so `k·LN2_HI` is exact for
/// any `k` used here and `x − k·LN2_HI` loses nothing; `LN2_LO` is the rest of `ln 2`.
const LN2_HI: f64 = 6.931_471_803_691_238e-1;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
/// `1.5·2⁵²`: adding it rounds to an integer (the spacing of doubles there is 1), and the
/// integer can then be read from the low bits of the sum.
const ROUND: f64 = 6_755_399_441_055_744.0;
/// Past `|x| = 1100`, `e^x` is `∞` or `0` in f64 already; clamping keeps `k` small enough for
/// the two-factor `2^k` below.
const LIMIT: f64 = 1100.0;

/// fdlibm's coefficients for `e^r` on `|r| ≤ ln 2 / 2` (`e_exp.c`): with
/// `c = r − (P1·r² + P2·r⁴ + … + P5·r¹⁰)`, `e^r = 1 + r + r·c/(2 − c)`, good to 2⁻⁵⁹.
const P1: f64 = 1.666_666_666_666_660_2e-1;
const P2: f64 = -2.777_777_777_701_559_3e-3;
const P3: f64 = 6.613_756_321_437_934e-5;
const P4: f64 = -1.653_390_220_546_525_2e-6;
const P5: f64 = 4.138_136_797_057_238_5e-8;

/// `2^n` for `−1022 ≤ n ≤ 1023`, from its exponent bits.
#[inline(always)]
fn two_to(n: i64) -> f64 {
    f64::from_bits(((n + 1023) as u64) << 52)
}

/// `x = k·ln 2 + r` with `k` an integer and `|r| ≤ ln 2 / 2`, for `x` clamped to `±1100`.
#[inline(always)]
fn reduce(x: f64) -> (i64, f64) {
    // Not `f64::clamp`: that keeps NaN too, but these two comparisons vectorise to min/max.
    let x = if x > LIMIT { LIMIT } else { x };
    let x = if x < -LIMIT { -LIMIT } else { x };
    let shifted = x * LOG2_E + ROUND;
    let k_float = shifted - ROUND;
    // The mantissa of `shifted` holds 2⁵¹ + k.
    let k = (shifted.to_bits() & ((1 << 52) - 1)) as i64 - (1 << 51);
    (k, (x - k_float * LN2_HI) - k_float * LN2_LO)
}

/// `v·2^k` for `|k| ≤ 1587`, as `v·2^(k/2)·2^(k − k/2)`: each factor stays a normal number, and
/// the product overflows to `∞` or rounds to a subnormal or 0 exactly where it should.
#[inline(always)]
fn times_two_to(v: f64, k: i64) -> f64 {
    let half = k >> 1;
    v * two_to(half) * two_to(k - half)
}

/// fdlibm's `c` of `r`, by Horner's rule in `r²`.
#[inline(always)]
fn c_of(r: f64) -> f64 {
    let t = r * r;
    r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))))
}

/// `e^x` with a relative error below 10⁻¹⁵; `e^∞ = ∞`, `e^−∞ = 0`, NaN stays NaN.
#[inline(always)]
pub fn exp(x: f64) -> f64 {
    let (k, r) = reduce(x);
    let c = c_of(r);
    times_two_to(1.0 + (r + r * c / (2.0 - c)), k)
}

/// `σ(net) = 1 / (1 + e^(−net))` with one division: `e^r = (2 + 2r − c)/(2 − c)` (the same
/// identity as [`exp`], over one denominator), so `σ = (2 − c) / ((2 − c) + 2^k·(2 + 2r − c))`
/// for `−net = k·ln 2 + r`. Within 10⁻¹⁵ of `1 / (1 + f64::exp(−net))` (a test measures it);
/// `σ(−∞) = 0`, `σ(∞) = 1`, NaN stays NaN.
#[inline(always)]
pub fn sigmoid(net: f64) -> f64 {
    let (k, r) = reduce(-net);
    let c = c_of(r);
    // Both halved (exactly: a power of two), so that 2^k·above overflows only where e^(−net)
    // itself does, not ln 2 sooner; the quotient's bits are the same.
    let below = (2.0 - c) * 0.5;
    let above = ((2.0 + 2.0 * r) - c) * 0.5;
    below / (below + times_two_to(above, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `|ours − f64::exp| / f64::exp`, where the result is a normal number.
    fn relative_error(x: f64) -> f64 {
        let (ours, reference) = (exp(x), x.exp());
        ((ours - reference) / reference).abs()
    }

    #[test]
    fn within_1e_15_of_the_platform_exp_on_a_million_points() {
        // Every x whose e^x is a normal f64: [−708.39, 709.78].
        let (low, high) = (-708.39, 709.78);
        let mut worst = (0.0, 0.0);
        let n = 1_000_000;
        for i in 0..=n {
            let x = low + (high - low) * i as f64 / n as f64;
            let error = relative_error(x);
            if error > worst.0 {
                worst = (error, x);
            }
        }
        // Where the sigmoid lives, densely: [−40, 40].
        for i in 0..=n {
            let x = -40.0 + 80.0 * i as f64 / n as f64;
            let error = relative_error(x);
            if error > worst.0 {
                worst = (error, x);
            }
        }
        assert!(
            worst.0 < 1e-15,
            "relative error {:e} at x = {}",
            worst.0,
            worst.1
        );
    }

    #[test]
    fn exact_where_exp_is_exact_and_limits_at_the_ends() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-0.0), 1.0);
        assert_eq!(exp(f64::INFINITY), f64::INFINITY);
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp(710.0), f64::INFINITY, "e^710 overflows f64");
        assert_eq!(exp(1e300), f64::INFINITY);
        assert_eq!(exp(-746.0), 0.0, "e^−746 is below the smallest subnormal");
        assert_eq!(exp(-1e300), 0.0);
        assert!(exp(f64::NAN).is_nan());
        assert!((exp(709.78) / 709.78f64.exp() - 1.0).abs() < 1e-15);
        // Subnormal results: close, not to 10⁻¹⁵ (there are fewer bits to be close in).
        let tiny = exp(-740.0);
        assert!(tiny > 0.0 && (tiny / (-740.0f64).exp() - 1.0).abs() < 1e-3);
    }

    #[test]
    fn the_sigmoid_within_1e_15_of_one_over_one_plus_the_platform_exp() {
        let reference = |net: f64| 1.0 / (1.0 + (-net).exp());
        let mut worst = (0.0, 0.0);
        let n = 2_000_000;
        for i in 0..=n {
            let net = -40.0 + 80.0 * i as f64 / n as f64;
            let error = ((sigmoid(net) - reference(net)) / reference(net)).abs();
            if error > worst.0 {
                worst = (error, net);
            }
        }
        assert!(
            worst.0 < 1e-15,
            "relative error {:e} at net = {}",
            worst.0,
            worst.1
        );
        assert_eq!(sigmoid(0.0), 0.5);
        assert_eq!(sigmoid(800.0), 1.0);
        assert_eq!(sigmoid(-800.0), 0.0, "e^800 overflows: 1/(1 + ∞) = 0");
        assert_eq!(sigmoid(f64::INFINITY), 1.0);
        assert_eq!(sigmoid(f64::NEG_INFINITY), 0.0);
        assert!(sigmoid(f64::NAN).is_nan());
        // Far out, where a is tiny or subnormal, still close, up to where e^(−net) overflows.
        for net in [-700.0, -709.0, -709.5, -709.78] {
            let (tiny, wanted) = (sigmoid(net), reference(net));
            assert!(tiny > 0.0, "σ({net}) is {tiny}, not {wanted}");
            assert!(((tiny - wanted) / wanted).abs() < 1e-15, "σ({net})");
        }
        for net in [-709.79, -710.0, -745.0] {
            assert_eq!(sigmoid(net), reference(net), "σ({net})");
        }
    }

    #[test]
    fn hand_values() {
        // e and 1/e to 16 digits, and e^(ln 2) = 2.
        assert!((exp(1.0) - std::f64::consts::E).abs() < 5e-16);
        assert!((exp(-1.0) - 0.367_879_441_171_442_33).abs() < 1e-16);
        assert!((exp(std::f64::consts::LN_2) - 2.0).abs() < 5e-16);
    }

    #[test]
    fn increasing_across_the_reduction_boundaries() {
        // Where k changes (x = (k + ½)·ln 2), the two sides must not step backwards.
        for k in -20..20 {
            let x = (k as f64 + 0.5) * std::f64::consts::LN_2;
            let (below, above) = (exp(x - 1e-12), exp(x + 1e-12));
            assert!(below < above, "not increasing at k = {k}");
        }
    }
}
