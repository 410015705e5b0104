//! A training/test split: the network learns from one part of the data, and the loss on the other
//! part shows whether what it learned holds for points it has never seen.
//!
//! The samples are shuffled with a seeded generator (the same split natively and in the page),
//! the first `round((1 − share)·n)` go to training and the rest to testing. Each part keeps the
//! samples in their original order, so a built-in set's alternating classes stay mixed.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;

use crate::nn::data::Dataset;

/// How many of `n` samples go to testing for a test share: `round(share·n)` in effect (exactly
/// `n − round((1 − share)·n)`), but at least 1 and at most `n − 1` when `0 < share` and `n ≥ 2`, so
/// neither side is empty; 0 when the share is 0 (or not a number) or there is only one sample.
pub fn test_count(n: usize, test_share: f64) -> usize {
    if test_share.is_nan() || test_share <= 0.0 || n < 2 {
        return 0;
    }
    let share = test_share.min(1.0);
    let train = ((1.0 - share) * n as f64).round() as usize;
    n - train.clamp(1, n - 1)
}

/// The seed a split is drawn with, from the seed the data set was drawn with: scrambled, so that
/// which samples are held out has nothing to do with the random numbers that placed them (a
/// generator seeded alike would hand the shuffle the very numbers that drew the points).
pub fn split_seed(data_seed: u64) -> u64 {
    data_seed ^ 0x7e57_5a3d_1f0c_9b26
}

/// The sample indices of each part, `(training, test)`, each in increasing order.
pub fn split_indices(n: usize, test_share: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut StdRng::seed_from_u64(seed));
    let mut test = order.split_off(n - test_count(n, test_share));
    order.sort_unstable();
    test.sort_unstable();
    (order, test)
}

/// Splits `data` into a training set and, when `test_share > 0` and there are at least two
/// samples, a test set of about that share of the samples. The same seed gives the same split.
pub fn split(data: &Dataset, test_share: f64, seed: u64) -> (Dataset, Option<Dataset>) {
    let (train, test) = split_indices(data.len(), test_share, seed);
    let test = (!test.is_empty()).then(|| subset(data, &test));
    (subset(data, &train), test)
}

/// The samples at `indices`, in that order (non-empty).
pub fn subset(data: &Dataset, indices: &[usize]) -> Dataset {
    let (inputs, targets): (Vec<Vec<f64>>, Vec<Vec<f64>>) = indices
        .iter()
        .map(|&i| {
            let (x, t) = data.sample(i);
            (x.to_vec(), t.to_vec())
        })
        .unzip();
    Dataset::from_rows(&inputs, &targets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::data;

    #[test]
    fn counts_round_and_never_empty_a_side() {
        assert_eq!(test_count(200, 0.2), 40);
        assert_eq!(test_count(200, 0.5), 100);
        assert_eq!(test_count(10, 0.25), 2); // round(7.5) = 8 for training
        assert_eq!(test_count(200, 0.0), 0);
        assert_eq!(test_count(200, -0.3), 0);
        assert_eq!(test_count(200, f64::NAN), 0);
        assert_eq!(test_count(200, 0.001), 1);
        assert_eq!(test_count(200, 0.999), 199);
        assert_eq!(test_count(200, 1.0), 199);
        assert_eq!(test_count(200, 7.0), 199);
        assert_eq!(test_count(2, 0.5), 1);
        assert_eq!(test_count(2, 0.01), 1);
        assert_eq!(test_count(1, 0.5), 0);
        assert_eq!(test_count(0, 0.5), 0);
    }

    #[test]
    fn parts_are_disjoint_cover_everything_and_are_sorted() {
        let (train, test) = split_indices(100, 0.3, 5);
        assert_eq!((train.len(), test.len()), (70, 30));
        let mut all: Vec<usize> = train.iter().chain(&test).copied().collect();
        assert!(train.windows(2).all(|w| w[0] < w[1]));
        assert!(test.windows(2).all(|w| w[0] < w[1]));
        all.sort_unstable();
        assert_eq!(all, (0..100).collect::<Vec<_>>());
        // Shuffled, not just cut: the test part is not the last 30.
        assert_ne!(test, (70..100).collect::<Vec<_>>());
    }

    #[test]
    fn same_seed_same_split_other_seed_other_split() {
        let data = data::circle(200, 0.05, 1);
        let a = split(&data, 0.2, 9);
        assert_eq!(a, split(&data, 0.2, 9));
        assert_ne!(a, split(&data, 0.2, 10));
        let (train, test) = a;
        let test = test.unwrap();
        assert_eq!((train.len(), test.len()), (160, 40));
        assert_eq!(train.input_size(), 2);
        assert_eq!(test.target_size(), 1);
        // Every sample lands on exactly one side.
        let (train_idx, test_idx) = split_indices(200, 0.2, 9);
        for (part, idx) in [(&train, &train_idx), (&test, &test_idx)] {
            for (row, &i) in idx.iter().enumerate() {
                assert_eq!(part.sample(row), data.sample(i));
            }
        }
    }

    #[test]
    fn the_split_seed_differs_from_the_data_seed() {
        assert_ne!(split_seed(1), 1);
        assert_ne!(split_seed(1), split_seed(2));
        assert_eq!(split_seed(7), split_seed(7));
    }

    #[test]
    fn no_test_set_without_a_share() {
        let data = data::xor();
        assert_eq!(split(&data, 0.0, 3), (data.clone(), None));
        let toy = data::toy();
        assert_eq!(split(&toy, 0.5, 3), (toy.clone(), None));
        let (train, test) = split(&data, 0.5, 3);
        assert_eq!((train.len(), test.unwrap().len()), (2, 2));
    }
}
