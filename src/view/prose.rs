//! Sentences that more than one panel says, written once: a change of wording here changes every
//! panel that says it, and the golden text files (`tests/golden/text/`) show where.
//!
//! Words that differ by activation or by loss are in [`crate::view::formulas`], one entry each.

/// Which sign δ has here, and what the texts with the other sign do.
pub const SIGN_CONVENTION: &str = "Sign convention: δ = ∂E/∂net (some texts use the opposite \
                                   sign, δ = −∂E/∂net, and add where we subtract).";

/// On the largest networks the mean over the data set is estimated on an evenly spread part of
/// it (`Session::measured_count`): the sentence that says so (with a space before it), or
/// nothing when every sample counts.
pub fn estimated_mean(measured: usize, samples: usize) -> String {
    if measured < samples {
        format!(
            " On a network this big the page estimates that mean on {measured} of the {samples} \
             samples, evenly spread, so that no frame stalls."
        )
    } else {
        String::new()
    }
}

/// How a weight's indices read (HTML): `w_jk` goes from j to k; the thread writes `w_kj`.
pub const WEIGHT_INDICES: &str = "A weight w<sub>jk</sub> here goes from neuron j (the layer \
                                  before) to neuron k; some texts, the thread's question among \
                                  them, write w<sub>kj</sub> for the same weight.";
