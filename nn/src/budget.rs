//! How long to train before looking at the clock again, so that a frame's training stays within
//! its time budget while the clock (a call out of wasm) is read only a few times per frame.
//!
//! The caller reads the clock; this is arithmetic only.

/// After `done` epochs that took `elapsed_ms` of a `budget_ms` budget, how many more epochs to
/// train before reading the clock again (at least 1; 0 once the budget is spent). It plans to
/// use half of what is left at the pace so far, so the checks close in on the budget
/// geometrically: a handful of clock reads per frame, and an overrun of at most about one epoch.
pub fn epochs_before_next_look(done: u32, elapsed_ms: f64, budget_ms: f64) -> u32 {
    if elapsed_ms >= budget_ms {
        return 0;
    }
    if done == 0 || elapsed_ms <= 0.0 {
        // No pace yet (or a clock too coarse to see one epoch): double what was done.
        return done.max(1);
    }
    let per_epoch = elapsed_ms / f64::from(done);
    let affordable = (budget_ms - elapsed_ms) / per_epoch / 2.0;
    (affordable.floor() as u32).max(1)
}

/// A frame's training time when the frame will also spend `extra_ms` on other work (the
/// heatmaps brought up to date, say): `budget_ms` less that, but at least 1 ms (or the whole
/// budget when that is smaller), so training never stops for a picture.
pub fn budget_beside(budget_ms: f64, extra_ms: f64) -> f64 {
    (budget_ms - extra_ms).max(budget_ms.min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_with_other_work_trains_that_much_less_but_never_stops() {
        assert_eq!(budget_beside(8.0, 3.5), 4.5);
        assert_eq!(budget_beside(8.0, 0.0), 8.0);
        assert_eq!(budget_beside(8.0, 12.0), 1.0, "at least 1 ms");
        assert_eq!(budget_beside(0.5, 3.0), 0.5, "never more than the budget");
        assert_eq!(
            budget_beside(0.0, 3.0),
            0.0,
            "no training asked, none given"
        );
    }

    #[test]
    fn plans_half_of_what_the_pace_allows() {
        // 10 epochs in 2 ms of 12: 10 ms left at 0.2 ms each is 50 epochs; plan 25.
        assert_eq!(epochs_before_next_look(10, 2.0, 12.0), 25);
        // Slow epochs (5 ms each) with 6 ms left: one more, then look.
        assert_eq!(epochs_before_next_look(1, 5.0, 11.0), 1);
        assert_eq!(epochs_before_next_look(3, 12.5, 12.0), 0, "spent");
        assert_eq!(epochs_before_next_look(0, 0.0, 12.0), 1);
        assert_eq!(
            epochs_before_next_look(8, 0.0, 12.0),
            8,
            "a coarse clock saw nothing yet"
        );
    }

    #[test]
    fn a_frame_of_fast_epochs_reads_the_clock_a_few_times_and_stays_in_budget() {
        // Simulated: epochs of 0.01 ms against a 12 ms budget.
        let (per_epoch, budget) = (0.01, 12.0);
        let (mut done, mut looks) = (0u32, 0);
        loop {
            let more = epochs_before_next_look(done, f64::from(done) * per_epoch, budget);
            looks += 1;
            if more == 0 {
                break;
            }
            done += more;
        }
        assert!(looks <= 16, "{looks} clock reads for {done} epochs");
        let spent = f64::from(done) * per_epoch;
        assert!(
            (budget..budget + 2.0 * per_epoch).contains(&spent),
            "spent {spent} ms"
        );
    }
}
