//! The loss history behind the chart: every epoch's loss, decimated so memory stays bounded
//! however long the network trains.
//!
//! A learner may leave the page training for an hour: a million epochs. The chart is a few hundred
//! pixels wide, so keeping every point would only cost memory and drawing time. [`LossHistory`]
//! keeps at most `capacity` points; when it is full it halves its resolution: the stride (how
//! many epochs one kept point stands for) doubles and neighbouring points are merged.
//!
//! **Means, not every other point.** A merged point has the *mean* loss of every push it stands
//! for, at the epoch of the last of them. Dropping every other point would throw measurements
//! away and, on a noisy curve (mini-batches, a learning rate on the edge of divergence), turn the
//! noise into aliasing: which points survive would decide what the learner sees. A mean keeps every
//! measurement's weight, smooths like a trailing moving average (the point at epoch `e` is the
//! average over the `stride` epochs up to `e`, the convention of TensorBoard's smoothing), and
//! keeps a monotone curve monotone: the means of consecutive windows of a decreasing sequence
//! decrease too.
//!
//! Two points are exact whatever the stride: the **first** push (where training started, so the
//! learner sees how far it came) and the **latest** one (the number the page prints beside the
//! chart, so the curve's tip and the text agree). The latest point sits in the still-open last
//! bucket; when a later push opens a new bucket, the old one is shown as its mean.
//!
//! Buckets are aligned to the epoch (`epoch / stride`), so they stay aligned when the stride
//! doubles and gaps in the epochs (a page that pushes once per frame rather than once per epoch)
//! cost nothing: a bucket with no pushes is not stored.

/// The smallest capacity that still leaves room for the first point, some merged ones and the
/// latest; smaller requests are raised to it.
const MIN_CAPACITY: usize = 4;

/// Running sum and count of the losses one kept point stands for, so merges keep exact means
/// even when buckets hold different numbers of pushes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Bucket {
    sum: f64,
    count: u64,
}

/// A loss curve with bounded memory: at most `capacity` `(epoch, loss)` points, the first and the
/// latest exact, the ones in between means over `stride` epochs. See the module docs.
#[derive(Clone, Debug)]
pub struct LossHistory {
    capacity: usize,
    stride: u64,
    /// What the chart draws: `points[0]` is the first push; the others are bucket means, except
    /// the last, which is the latest push exactly.
    points: Vec<(u64, f64)>,
    /// One per point, parallel to `points`.
    buckets: Vec<Bucket>,
    /// The epoch of the most recent non-finite loss pushed since the latest finite one.
    non_finite: Option<u64>,
}

impl LossHistory {
    /// An empty history that keeps at most `capacity` points (at least 4).
    pub fn new(capacity: usize) -> LossHistory {
        let capacity = capacity.max(MIN_CAPACITY);
        LossHistory {
            capacity,
            stride: 1,
            points: Vec::with_capacity(capacity + 1),
            buckets: Vec::with_capacity(capacity + 1),
            non_finite: None,
        }
    }

    /// Records the loss after `epoch`.
    ///
    /// - A non-finite loss (NaN, ±∞: the network diverged) is **not stored**, so the curve and
    ///   the axis ranges stay drawable; its epoch is remembered in [`LossHistory::non_finite`]
    ///   until a finite loss arrives, so the page can say what happened.
    /// - The same epoch as the latest replaces it (a newer measurement at the same weights).
    /// - An epoch before the latest means a new run (the network was reset or loaded): the
    ///   history starts over from this point.
    pub fn push(&mut self, epoch: u64, loss: f64) {
        if !loss.is_finite() {
            self.non_finite = Some(epoch);
            return;
        }
        self.non_finite = None;
        let Some(&(latest_epoch, latest_loss)) = self.points.last() else {
            self.push_point(epoch, loss);
            return;
        };
        if epoch < latest_epoch {
            self.clear();
            self.push_point(epoch, loss);
        } else if epoch == latest_epoch {
            let last = self.points.len() - 1;
            self.buckets[last].sum += loss - latest_loss;
            self.points[last].1 = loss;
        } else if self.points.len() >= 2 && epoch / self.stride == latest_epoch / self.stride {
            // Still inside the open bucket: accumulate, and show the newest loss exactly.
            let last = self.points.len() - 1;
            self.buckets[last].sum += loss;
            self.buckets[last].count += 1;
            self.points[last] = (epoch, loss);
        } else {
            // The open bucket is complete: from now on it shows its mean.
            self.close_last();
            self.push_point(epoch, loss);
            if self.points.len() > self.capacity {
                self.halve();
            }
        }
    }

    /// The kept points, oldest first, epochs strictly increasing, all losses finite.
    pub fn points(&self) -> &[(u64, f64)] {
        &self.points
    }

    /// The latest finite push, exactly as pushed.
    pub fn latest(&self) -> Option<(u64, f64)> {
        self.points.last().copied()
    }

    /// The first push since the history started (or was cleared), exactly as pushed.
    pub fn first(&self) -> Option<(u64, f64)> {
        self.points.first().copied()
    }

    /// The epoch of a non-finite loss pushed after the latest finite one, if any (the network
    /// diverged there; nothing was stored for it).
    pub fn non_finite(&self) -> Option<u64> {
        self.non_finite
    }

    /// How many points are kept (never more than the capacity).
    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The most points this history keeps.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// How many epochs one merged point stands for now (1 until the first halving).
    pub fn stride(&self) -> u64 {
        self.stride
    }

    /// Forgets every point (a new network) and returns to full resolution.
    pub fn clear(&mut self) {
        self.points.clear();
        self.buckets.clear();
        self.stride = 1;
        self.non_finite = None;
    }

    /// The largest kept loss (finite only), `None` when empty.
    pub fn max_loss(&self) -> Option<f64> {
        self.finite_losses().reduce(f64::max)
    }

    /// The smallest kept loss (finite only), `None` when empty.
    pub fn min_loss(&self) -> Option<f64> {
        self.finite_losses().reduce(f64::min)
    }

    fn finite_losses(&self) -> impl Iterator<Item = f64> + '_ {
        self.points
            .iter()
            .map(|&(_, loss)| loss)
            .filter(|loss| loss.is_finite())
    }

    fn push_point(&mut self, epoch: u64, loss: f64) {
        self.points.push((epoch, loss));
        self.buckets.push(Bucket {
            sum: loss,
            count: 1,
        });
    }

    /// Shows the last bucket as its mean (it is about to stop being the latest). The first point
    /// is never a mean.
    fn close_last(&mut self) {
        let last = self.points.len() - 1;
        if last > 0 {
            let bucket = self.buckets[last];
            self.points[last].1 = bucket.sum / bucket.count as f64;
        }
    }

    /// Doubles the stride and merges the points that now share a bucket, until at most half the
    /// capacity is used, so a halving (O(capacity)) happens at most once per `capacity / 2`
    /// pushes. With sparse epochs one doubling may merge nothing, hence the loop; it ends because
    /// a large enough stride puts every point after the first into one bucket.
    fn halve(&mut self) {
        let target = self.capacity / 2 + 1;
        while self.points.len() > target && self.stride < u64::MAX / 2 {
            self.stride *= 2;
            self.merge_buckets();
        }
    }

    /// Merges neighbours (after the pinned first point) whose epochs fall into the same bucket of
    /// the current stride: the merged point has the later epoch and the count-weighted mean loss;
    /// the last point keeps showing the latest loss exactly.
    fn merge_buckets(&mut self) {
        let latest = self.points.last().copied();
        let mut write = 1;
        for read in 1..self.points.len() {
            let (epoch, _) = self.points[read];
            let bucket = self.buckets[read];
            if write > 1 && self.points[write - 1].0 / self.stride == epoch / self.stride {
                let merged = &mut self.buckets[write - 1];
                merged.sum += bucket.sum;
                merged.count += bucket.count;
                self.points[write - 1].0 = epoch;
            } else {
                self.points[write] = (epoch, 0.0);
                self.buckets[write] = bucket;
                write += 1;
            }
        }
        self.points.truncate(write);
        self.buckets.truncate(write);
        for (point, bucket) in self.points.iter_mut().zip(&self.buckets).skip(1) {
            point.1 = bucket.sum / bucket.count as f64;
        }
        if let (Some(latest), Some(last)) = (latest, self.points.last_mut()) {
            *last = latest;
        }
    }
}

impl Default for LossHistory {
    /// 2048 points: a few per pixel of any chart, 48 KB.
    fn default() -> LossHistory {
        LossHistory::new(2048)
    }
}

/// Every how many epochs training measures the loss for the curve, so that measuring costs at
/// most about 10 % of training time. A measurement is a forward pass over the training and the
/// test set; an epoch is a forward and a backward pass and the updates over the training set,
/// about three forward passes. So: every 4th epoch without a test set, every 8th with a large
/// one (a power of two, so the curve's buckets stay aligned when its stride doubles). The page
/// also puts the loss of the state it draws on the curve, from the snapshot it computes anyway.
pub fn measure_every(train_samples: usize, test_samples: usize) -> u64 {
    let passes = 1.0 + test_samples as f64 / train_samples.max(1) as f64;
    let every = (passes / 3.0 / 0.1).ceil() as u64;
    every.next_power_of_two()
}

/// The loss counts as flat while it stays within this share of its latest value.
const FLAT: f64 = 1e-3;

impl LossHistory {
    /// How many epochs the loss has stayed flat (within 0.1 % of its latest value), when that
    /// is at least `min_epochs` and the loss is still at least half what it was at the start:
    /// then training has stalled rather than finished. `None` otherwise.
    pub fn stalled_for(&self, min_epochs: u64) -> Option<u64> {
        let (first, (last_epoch, last)) = (self.first()?, self.latest()?);
        let flat = |loss: f64| (loss - last).abs() <= FLAT * last.abs();
        let since = self
            .points
            .iter()
            .rev()
            .take_while(|&&(_, loss)| flat(loss))
            .last()
            .map_or(last_epoch, |&(epoch, _)| epoch);
        let epochs = last_epoch - since;
        (epochs >= min_epochs && last >= 0.5 * first.1).then_some(epochs)
    }
}

/// A [`LossHistory`] as a saved state holds it (a link, a reload): enough to go on exactly.
/// `buckets` (each point's running `[sum, count]`) only when `stride > 1`: at full resolution
/// every point stands for one push and its bucket is the point itself.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SavedHistory {
    pub stride: u64,
    pub points: Vec<(u64, f64)>,
    pub buckets: Vec<(f64, u64)>,
}

impl LossHistory {
    /// This history as a saved state holds it.
    pub fn saved(&self) -> SavedHistory {
        SavedHistory {
            stride: self.stride,
            points: self.points.clone(),
            buckets: if self.stride > 1 {
                self.buckets.iter().map(|b| (b.sum, b.count)).collect()
            } else {
                Vec::new()
            },
        }
    }

    /// The history `saved` describes, with at most `capacity` points, or what is wrong with it.
    pub fn restored(capacity: usize, saved: &SavedHistory) -> Result<LossHistory, String> {
        let mut history = LossHistory::new(capacity);
        if !saved.stride.is_power_of_two() {
            return Err(format!("stride {} is not a power of 2", saved.stride));
        }
        if saved.points.len() > history.capacity {
            return Err(format!(
                "{} points is more than the {} a curve keeps",
                saved.points.len(),
                history.capacity
            ));
        }
        if saved.points.windows(2).any(|w| w[0].0 >= w[1].0) {
            return Err("the epochs of its points do not increase".into());
        }
        if saved.points.iter().any(|p| !p.1.is_finite()) {
            return Err("a loss is not a finite number".into());
        }
        let buckets: Vec<Bucket> = if saved.stride == 1 {
            if !saved.buckets.is_empty() {
                return Err("buckets are only saved when stride > 1".into());
            }
            saved
                .points
                .iter()
                .map(|&(_, loss)| Bucket {
                    sum: loss,
                    count: 1,
                })
                .collect()
        } else {
            if saved.buckets.len() != saved.points.len() {
                return Err("it needs one bucket per point".into());
            }
            if saved
                .buckets
                .iter()
                .any(|&(sum, count)| count == 0 || !sum.is_finite())
            {
                return Err("a bucket is empty or its sum not finite".into());
            }
            saved
                .buckets
                .iter()
                .map(|&(sum, count)| Bucket { sum, count })
                .collect()
        };
        history.stride = saved.stride;
        history.points = saved.points.clone();
        history.buckets = buckets;
        Ok(history)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_strictly_increasing(points: &[(u64, f64)]) -> bool {
        points.windows(2).all(|w| w[0].0 < w[1].0)
    }

    #[test]
    fn keeps_every_point_until_full() {
        let mut history = LossHistory::new(8);
        for epoch in 0..8 {
            history.push(epoch, 1.0 / (epoch + 1) as f64);
        }
        assert_eq!(history.len(), 8);
        assert_eq!(history.stride(), 1);
        assert_eq!(history.points()[3], (3, 0.25));
    }

    #[test]
    fn memory_is_bounded_after_a_million_pushes() {
        let mut history = LossHistory::new(2048);
        for epoch in 0..1_000_000u64 {
            history.push(epoch, 0.25 * (-(epoch as f64) / 100_000.0).exp());
            assert!(history.len() <= 2048);
        }
        assert!(history.len() > 1024 / 2, "still a useful resolution");
        assert!(history.stride() >= 1_000_000 / 2048);
        assert!(
            history.points.capacity() <= 2049,
            "no reallocation past the bound"
        );
    }

    #[test]
    fn first_and_latest_are_exact_and_epochs_increase() {
        let mut history = LossHistory::new(64);
        let loss = |epoch: u64| 0.3 + 0.1 * (epoch as f64 * 0.37).sin();
        for epoch in 0..100_000u64 {
            history.push(epoch, loss(epoch));
        }
        assert_eq!(history.first(), Some((0, loss(0))));
        assert_eq!(history.points()[0], (0, loss(0)));
        assert_eq!(history.latest(), Some((99_999, loss(99_999))));
        assert!(is_strictly_increasing(history.points()));
        assert!(history.len() <= 64);
    }

    #[test]
    fn a_decreasing_curve_stays_decreasing() {
        let mut history = LossHistory::new(100);
        for epoch in 0..50_000u64 {
            history.push(epoch, 1.0 / (1.0 + epoch as f64 / 50.0));
        }
        assert!(history.stride() > 1, "decimation happened");
        let points = history.points();
        assert!(
            points.windows(2).all(|w| w[0].1 > w[1].1),
            "not decreasing: {points:?}"
        );
    }

    #[test]
    fn merged_points_are_means_at_the_later_epoch() {
        let mut history = LossHistory::new(4);
        // Point 0 is pinned; buckets of stride 1 fill the rest, then a halving merges pairs.
        for (epoch, loss) in [(0, 9.0), (1, 1.0), (2, 2.0), (3, 3.0), (4, 4.0)] {
            history.push(epoch, loss);
        }
        // Capacity 4 → target 3: stride 2 merges {2,3}, stride 4 merges {1}{2,3}{4}→{1,2,3}{4}.
        assert_eq!(history.stride(), 4);
        assert_eq!(history.points(), &[(0, 9.0), (3, 2.0), (4, 4.0)]);
        // Later pushes in the open bucket accumulate; the tip stays exact.
        history.push(5, 5.0);
        history.push(6, 6.0);
        assert_eq!(history.points(), &[(0, 9.0), (3, 2.0), (6, 6.0)]);
        // Opening the next bucket shows the previous one as its mean: (4 + 5 + 6) / 3.
        history.push(8, 1.0);
        assert_eq!(history.points(), &[(0, 9.0), (3, 2.0), (6, 5.0), (8, 1.0)]);
    }

    #[test]
    fn no_push_is_lost_by_the_means() {
        let mut history = LossHistory::new(16);
        let mut sum = 0.0;
        for epoch in 0..10_000u64 {
            let loss = (epoch % 7) as f64;
            sum += loss;
            history.push(epoch, loss);
        }
        let kept: f64 = history.buckets.iter().map(|b| b.sum).sum();
        let count: u64 = history.buckets.iter().map(|b| b.count).sum();
        assert_eq!(count, 10_000);
        assert!((kept - sum).abs() < 1e-6);
    }

    #[test]
    fn sparse_epochs_are_bounded_too() {
        let mut history = LossHistory::new(32);
        for i in 0..10_000u64 {
            history.push(i * 1_000 + 7, 1.0 / (i + 1) as f64);
            assert!(history.len() <= 32);
        }
        assert_eq!(history.latest(), Some((9_999 * 1_000 + 7, 1.0 / 10_000.0)));
        assert!(is_strictly_increasing(history.points()));
    }

    #[test]
    fn non_finite_losses_are_not_stored() {
        let mut history = LossHistory::new(8);
        history.push(0, 0.5);
        history.push(1, f64::NAN);
        history.push(2, f64::INFINITY);
        assert_eq!(history.points(), &[(0, 0.5)]);
        assert_eq!(history.non_finite(), Some(2));
        history.push(3, 0.25);
        assert_eq!(history.non_finite(), None);
        assert_eq!(history.max_loss(), Some(0.5));
        assert_eq!(history.min_loss(), Some(0.25));
    }

    #[test]
    fn same_epoch_replaces_and_earlier_epoch_starts_over() {
        let mut history = LossHistory::new(8);
        history.push(0, 0.5);
        history.push(0, 0.4);
        assert_eq!(history.points(), &[(0, 0.4)]);
        history.push(1, 0.3);
        history.push(1, 0.2);
        assert_eq!(history.points(), &[(0, 0.4), (1, 0.2)]);
        history.push(0, 0.9);
        assert_eq!(history.points(), &[(0, 0.9)]);
    }

    #[test]
    fn clear_empties_and_resets_the_stride() {
        let mut history = LossHistory::new(4);
        for epoch in 0..100 {
            history.push(epoch, 1.0);
        }
        assert!(history.stride() > 1);
        history.clear();
        assert!(history.is_empty());
        assert_eq!(history.stride(), 1);
        assert_eq!(history.latest(), None);
        assert_eq!(history.max_loss(), None);
    }

    #[test]
    fn a_saved_history_goes_on_exactly() {
        // Long enough to halve a few times, so the buckets' sums and counts matter.
        let mut history = LossHistory::new(16);
        let loss = |epoch: u64| 1.0 / (epoch as f64 + 1.0).sqrt();
        for epoch in 0..100 {
            history.push(epoch, loss(epoch));
        }
        assert!(history.stride() > 1);
        let mut restored = LossHistory::restored(16, &history.saved()).unwrap();
        for epoch in 100..300 {
            history.push(epoch, loss(epoch));
            restored.push(epoch, loss(epoch));
        }
        assert_eq!(restored.points(), history.points());
        assert_eq!(restored.stride(), history.stride());
    }

    #[test]
    fn a_damaged_saved_history_is_refused() {
        let mut history = LossHistory::new(8);
        for epoch in 0..20 {
            history.push(epoch, 0.5);
        }
        let good = history.saved();
        let mut backwards = good.clone();
        backwards.points.swap(1, 2);
        let mut odd_stride = good.clone();
        odd_stride.stride = 3;
        let mut missing_buckets = good.clone();
        missing_buckets.buckets.clear();
        let mut too_long = good.clone();
        too_long.points = (0..9).map(|e| (e, 0.5)).collect();
        for bad in [backwards, odd_stride, missing_buckets, too_long] {
            assert!(LossHistory::restored(8, &bad).is_err(), "{bad:?}");
        }
        assert!(LossHistory::restored(8, &good).is_ok());
    }

    #[test]
    fn the_curve_is_measured_often_enough_and_costs_at_most_a_tenth_of_training() {
        assert_eq!(measure_every(200, 0), 4);
        assert_eq!(measure_every(140, 60), 8);
        assert_eq!(measure_every(100, 100), 8);
        for (train, test) in [(1, 0), (4, 0), (200, 0), (140, 60), (50, 50), (10, 90)] {
            let every = measure_every(train, test) as f64;
            let cost = (1.0 + test as f64 / train as f64) / 3.0 / every;
            assert!(cost <= 0.1 + 1e-12, "{train}+{test}: {cost}");
            assert!(
                cost > 0.025,
                "{train}+{test}: measured too rarely ({every})"
            );
        }
    }

    #[test]
    fn a_flat_loss_that_never_fell_is_a_stall_and_a_finished_one_is_not() {
        let mut stalled = LossHistory::new(64);
        stalled.push(0, 0.24);
        for epoch in 1..=600 {
            stalled.push(epoch, 0.25);
        }
        // Flat since epoch 1, to the resolution of the decimated curve (64 points for 601).
        let flat = stalled.stalled_for(300).expect("a stall");
        assert!((580..=599).contains(&flat), "{flat}");
        assert_eq!(stalled.stalled_for(700), None, "not for that long yet");
        // Learned, then flat near 0: finished, not stalled.
        let mut finished = LossHistory::new(64);
        for epoch in 0..=600 {
            finished.push(epoch, 0.25 / (1.0 + epoch as f64).min(100.0));
        }
        assert_eq!(finished.stalled_for(300), None);
        // Still falling: not flat.
        let mut falling = LossHistory::new(64);
        for epoch in 0..=600 {
            falling.push(epoch, 0.25 - epoch as f64 * 1e-4);
        }
        assert_eq!(falling.stalled_for(300), None);
    }
}
