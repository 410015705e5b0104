//! Says which step a weight's "new w = w + Δw" is: the inspector shows one full-batch step
//! (along the mean ∂loss/∂w over every sample). With mini-batches an epoch takes several steps
//! instead, each along its own batch's mean and from the weights the step before left, so it
//! lands elsewhere: the label says so and gives where the epoch's own steps take the weight.
//!
//! Tagged `epoch_new_weight` (the weight after one epoch of training, from a copy).

use crate::model::Snapshot;
use crate::view::mathml::{format_number, why};

/// The label under weight `(l, k, j)`'s update. `batch_size` is the training's; `after_epoch`
/// the weight once the next epoch is done (when it was affordable to compute), and
/// `mid_epoch` whether training stands in the middle of one (then that is the rest of it).
pub fn epoch_step_html(
    s: &Snapshot,
    l: usize,
    k: usize,
    j: usize,
    batch_size: usize,
    after_epoch: Option<f64>,
    mid_epoch: bool,
) -> String {
    let n = s.sample_count;
    let epoch_value = |x: f64| {
        format!(
            r#"<strong data-quantity="epoch_new_weight" data-weight="{l},{k},{j}" data-value="{x}">{}</strong>"#,
            format_number(x)
        )
    };
    let text = if batch_size >= n {
        let samples = if n == 1 {
            "the one sample".to_string()
        } else {
            format!("all {n} samples")
        };
        let mut text = format!(
            "This is one full-batch step (the batch is {samples}): what one epoch of training does."
        );
        if s.momentum > 0.0 && s.epoch > 0 {
            text += " Momentum adds what it carries over from the earlier steps.";
        }
        if let Some(x) = after_epoch {
            text += &format!(
                " Training one epoch takes this weight to {}.",
                epoch_value(x)
            );
        }
        text
    } else {
        let steps = n.div_ceil(batch_size);
        let mut text = format!(
            "This new w is one full-batch step, along the mean over all {n} samples. An epoch \
             here is not that: with batch size {batch_size} it shuffles the samples and takes \
             {steps} steps, each along its own batch's mean ∂E/∂w, from the weights the step \
             before left."
        );
        if let Some(x) = after_epoch {
            text += &if mid_epoch {
                format!(
                    " Training stands in the middle of an epoch: its remaining steps take this \
                     weight to {}.",
                    epoch_value(x)
                )
            } else {
                format!(
                    " The epoch's own steps take this weight to {}.",
                    epoch_value(x)
                )
            };
        }
        text
    };
    format!(
        r#"<div class="epoch-step" data-step="{}">{}</div>"#,
        if batch_size >= n {
            "full-batch"
        } else {
            "mini-batch"
        },
        why(&text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Session;

    /// The thread's network with a second sample, trained in batches of `batch`.
    fn two_samples(batch: usize) -> Session {
        Session::from_json(&format!(
            r#"{{"layers":[2,2,2],"activation":"sigmoid","weights":[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6],[0.7,0.8]]],"learning_rate":0.5,"batch_size":{batch},"data":{{"inputs":[[0.3,0.9],[0.8,0.1]],"targets":[[0.2,0.7],[0.9,0.1]]}}}}"#
        ))
        .unwrap()
    }

    fn epoch_value(html: &str) -> f64 {
        let rest = html
            .split(r#"data-quantity="epoch_new_weight""#)
            .nth(1)
            .unwrap();
        let start = rest.find("data-value=\"").unwrap() + 12;
        rest[start..start + rest[start..].find('"').unwrap()]
            .parse()
            .unwrap()
    }

    #[test]
    fn a_full_batch_step_is_the_epoch_and_says_so() {
        let mut session = two_samples(2);
        let s = session.snapshot(0);
        let after = session.weight_after_one_epoch(1, 0, 0, usize::MAX);
        let html = epoch_step_html(&s, 1, 0, 0, 2, after, false);
        assert!(html.contains(r#"data-step="full-batch""#));
        // The inspector's full-batch step w − η·mean ∂loss/∂w is the epoch's, bit for bit.
        let full_batch = s.weights[1][0][0] - s.learning_rate * s.gradients[1][0][0];
        assert_eq!(epoch_value(&html), full_batch);
        session.train_epoch().unwrap();
        assert_eq!(session.network().weight(1, 0, 0), full_batch);
    }

    #[test]
    fn with_mini_batches_the_label_gives_the_epochs_own_result() {
        let mut session = two_samples(1);
        let s = session.snapshot(0);
        let after = session.weight_after_one_epoch(1, 0, 0, usize::MAX).unwrap();
        let html = epoch_step_html(&s, 1, 0, 0, 1, Some(after), false);
        assert!(html.contains(r#"data-step="mini-batch""#));
        assert!(html.contains("takes 2 steps"));
        let full_batch = s.weights[1][0][0] - s.learning_rate * s.gradients[1][0][0];
        assert!(
            (after - full_batch).abs() > 1e-6,
            "the epoch lands elsewhere"
        );
        // The copy left the session alone, and training it gives the labelled value.
        assert_eq!(session.epoch(), 0);
        session.train_epoch().unwrap();
        assert_eq!(epoch_value(&html), session.network().weight(1, 0, 0));
        // Too costly: no number, only the words.
        assert!(session.weight_after_one_epoch(1, 0, 0, 3).is_none());
    }
}
