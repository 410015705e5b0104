//! Data sets: inputs and targets stored flat, and the built-in sets generated from a seed.
//!
//! Built-in targets are 0 or 1, in the range a sigmoid output can reach (the spec allows any
//! finite target when the output layer is not a sigmoid). 2-D inputs lie in about [−1, 1]²,
//! where a freshly drawn sigmoid network is neither flat nor saturated.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::portable::{cos, ln, sin};

#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    inputs: Vec<f64>,
    targets: Vec<f64>,
    input_size: usize,
    target_size: usize,
}

impl Dataset {
    /// A data set from rows of inputs and targets (the caller checks the shapes: see the spec).
    pub fn from_rows(inputs: &[Vec<f64>], targets: &[Vec<f64>]) -> Dataset {
        assert_eq!(inputs.len(), targets.len());
        assert!(!inputs.is_empty());
        Dataset {
            input_size: inputs[0].len(),
            target_size: targets[0].len(),
            inputs: inputs.concat(),
            targets: targets.concat(),
        }
    }

    pub fn len(&self) -> usize {
        self.inputs.len() / self.input_size
    }

    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
    }

    pub fn input_size(&self) -> usize {
        self.input_size
    }

    pub fn target_size(&self) -> usize {
        self.target_size
    }

    /// Sample `i`'s input `x` and target `t`.
    pub fn sample(&self, i: usize) -> (&[f64], &[f64]) {
        (
            &self.inputs[i * self.input_size..(i + 1) * self.input_size],
            &self.targets[i * self.target_size..(i + 1) * self.target_size],
        )
    }

    pub fn input_rows(&self) -> Vec<Vec<f64>> {
        self.inputs
            .chunks(self.input_size)
            .map(<[f64]>::to_vec)
            .collect()
    }

    /// Whether every target is exactly 0 or 1 (a classification set, where accuracy means
    /// something).
    pub fn targets_are_binary(&self) -> bool {
        self.targets.iter().all(|&t| t == 0.0 || t == 1.0)
    }

    pub fn target_rows(&self) -> Vec<Vec<f64>> {
        self.targets
            .chunks(self.target_size)
            .map(<[f64]>::to_vec)
            .collect()
    }
}

/// The names of the built-in data sets, as the spec spells them.
pub const BUILT_IN: [&str; 5] = ["toy", "xor", "circle", "blobs", "spirals"];

/// The built-in sets drawn from a seed, which take `samples`, `noise` and `test_share`.
pub const GENERATED: [&str; 3] = ["circle", "blobs", "spirals"];

/// The thread's toy sample: one input `(0.3, 0.9)` with target `(0.2, 0.7)`, for a 2-2-2 network.
pub fn toy() -> Dataset {
    Dataset::from_rows(&[vec![0.3, 0.9]], &[vec![0.2, 0.7]])
}

/// XOR: the four corners of the unit square, target 1 where exactly one input is 1.
pub fn xor() -> Dataset {
    Dataset::from_rows(
        &[
            vec![0.0, 0.0],
            vec![0.0, 1.0],
            vec![1.0, 0.0],
            vec![1.0, 1.0],
        ],
        &[vec![0.0], vec![1.0], vec![1.0], vec![0.0]],
    )
}

/// A standard normal number by the Box–Muller transform (so no extra crate is needed).
fn gaussian(rng: &mut StdRng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>(); // in (0, 1], so ln is finite
    let u2: f64 = rng.random::<f64>();
    (-2.0 * ln(u1)).sqrt() * cos(std::f64::consts::TAU * u2)
}

/// Points in [−1, 1]²: target 1 inside the circle of radius 0.5, 0 outside. `noise` is the
/// standard deviation of Gaussian jitter added to each point after it is labelled.
pub fn circle(samples: usize, noise: f64, seed: u64) -> Dataset {
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut inputs, mut targets) = (Vec::new(), Vec::new());
    for i in 0..samples {
        // Half inside, half in the ring outside, so both classes are equally common.
        let inside = i % 2 == 0;
        let radius = if inside {
            rng.random_range(0.0..0.4)
        } else {
            rng.random_range(0.6..1.0)
        };
        let angle = rng.random_range(0.0..std::f64::consts::TAU);
        let (x, y) = (radius * cos(angle), radius * sin(angle));
        inputs.push(vec![
            x + noise * gaussian(&mut rng),
            y + noise * gaussian(&mut rng),
        ]);
        targets.push(vec![if inside { 1.0 } else { 0.0 }]);
    }
    Dataset::from_rows(&inputs, &targets)
}

/// Two Gaussian blobs centred at (−0.5, −0.5) (target 0) and (0.5, 0.5) (target 1), spread 0.2
/// plus `noise`.
pub fn blobs(samples: usize, noise: f64, seed: u64) -> Dataset {
    let mut rng = StdRng::seed_from_u64(seed);
    let spread = 0.2 + noise;
    let (mut inputs, mut targets) = (Vec::new(), Vec::new());
    for i in 0..samples {
        let class = (i % 2) as f64;
        let centre = if class == 1.0 { 0.5 } else { -0.5 };
        inputs.push(vec![
            centre + spread * gaussian(&mut rng),
            centre + spread * gaussian(&mut rng),
        ]);
        targets.push(vec![class]);
    }
    Dataset::from_rows(&inputs, &targets)
}

/// Two interleaved spirals (targets 0 and 1), each turning 1.75 times out to radius 1.
pub fn spirals(samples: usize, noise: f64, seed: u64) -> Dataset {
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut inputs, mut targets) = (Vec::new(), Vec::new());
    let per_arm = samples.div_ceil(2).max(1);
    for i in 0..samples {
        let class = i % 2;
        let step = (i / 2) as f64 / per_arm as f64;
        let radius = 0.1 + 0.9 * step;
        let angle = 1.75 * std::f64::consts::TAU * step + class as f64 * std::f64::consts::PI;
        inputs.push(vec![
            radius * cos(angle) + noise * gaussian(&mut rng),
            radius * sin(angle) + noise * gaussian(&mut rng),
        ]);
        targets.push(vec![class as f64]);
    }
    Dataset::from_rows(&inputs, &targets)
}

/// A built-in data set by name (see [`BUILT_IN`]); `None` for an unknown name.
pub fn built_in(name: &str, samples: usize, noise: f64, seed: u64) -> Option<Dataset> {
    Some(match name {
        "toy" => toy(),
        "xor" => xor(),
        "circle" => circle(samples, noise, seed),
        "blobs" => blobs(samples, noise, seed),
        "spirals" => spirals(samples, noise, seed),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xor_targets_are_exclusive_or() {
        let data = xor();
        for i in 0..4 {
            let (x, t) = data.sample(i);
            assert_eq!(t[0], ((x[0] != x[1]) as u8) as f64);
        }
    }

    #[test]
    fn circle_labels_points_by_radius_without_noise() {
        let data = circle(200, 0.0, 3);
        assert_eq!(data.len(), 200);
        for i in 0..data.len() {
            let (x, t) = data.sample(i);
            let r = (x[0] * x[0] + x[1] * x[1]).sqrt();
            assert_eq!(t[0] == 1.0, r < 0.5, "point {x:?} r={r}");
        }
    }

    #[test]
    fn generated_sets_are_balanced_reproducible_and_in_range() {
        for name in GENERATED {
            let a = built_in(name, 100, 0.05, 11).unwrap();
            assert_eq!(a, built_in(name, 100, 0.05, 11).unwrap());
            assert_ne!(a, built_in(name, 100, 0.05, 12).unwrap());
            let ones = (0..100).filter(|&i| a.sample(i).1[0] == 1.0).count();
            assert_eq!(ones, 50, "{name}");
            assert!(a.input_rows().iter().flatten().all(|v| v.abs() < 2.0));
        }
        assert!(built_in("moons", 10, 0.0, 1).is_none());
    }

    #[test]
    fn gaussian_has_mean_zero_and_unit_spread() {
        let mut rng = StdRng::seed_from_u64(5);
        let xs: Vec<f64> = (0..20_000).map(|_| gaussian(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64;
        assert!(
            mean.abs() < 0.03 && (var - 1.0).abs() < 0.05,
            "{mean} {var}"
        );
    }
}
