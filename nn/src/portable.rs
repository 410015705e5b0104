//! `ln`, `sin`, `cos` and `tanh` that give the same bits natively and in the browser.
//!
//! `f64::ln` and friends call the platform's maths library: glibc in the native tests, Rust's
//! libm port in wasm. Both are accurate, but they round some arguments differently, so the same
//! spec drew different built-in data (the circle's `cos`, the noise's `ln`) and trained tanh
//! layers to different bits in the page and in the tests. These call the `libm` crate on every
//! target: one implementation in plain arithmetic, so one answer. (`sqrt` needs no such care:
//! IEEE 754 rounds it exactly everywhere. The sigmoid's `e^x` is [`crate::exp`].)
//!
//! `tests/same_bits_everywhere.rs` and the end-to-end `bits.test.mjs` hold the two builds to
//! the same fingerprints.

/// `ln x`.
#[inline]
pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// `sin x`.
#[inline]
pub fn sin(x: f64) -> f64 {
    libm::sin(x)
}

/// `cos x`.
#[inline]
pub fn cos(x: f64) -> f64 {
    libm::cos(x)
}

/// `tanh x`.
#[inline]
pub fn tanh(x: f64) -> f64 {
    libm::tanh(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_an_ulp_or_two_of_the_platform_functions() {
        for i in -2000..=2000 {
            let x = i as f64 * 0.0137;
            let close = |a: f64, b: f64| (a - b).abs() <= 4.0 * f64::EPSILON * b.abs().max(1e-300);
            assert!(close(sin(x), x.sin()), "sin {x}");
            assert!(close(cos(x), x.cos()), "cos {x}");
            assert!(close(tanh(x), x.tanh()), "tanh {x}");
            if x > 0.0 {
                assert!(close(ln(x), x.ln()), "ln {x}");
            }
        }
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(sin(0.0), 0.0);
        assert_eq!(cos(0.0), 1.0);
        assert_eq!(tanh(0.0), 0.0);
        assert!(ln(-1.0).is_nan());
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
    }
}
