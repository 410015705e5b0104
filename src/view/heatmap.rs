//! The output of a 2-input, 1-output network over the plane of its inputs: the decision surface
//! drawn behind the data points. Computed on a coarse grid, so it stays cheap.

use crate::model::features::{write_point, Feature};
use crate::nn::{Activation, BatchPass, Dataset, Network, LANES};
use crate::view::colour::fill_level;

/// A rectangle of input space: `x` is input 1, `y` is input 2.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub x_min: f64,
    pub x_max: f64,
    pub y_min: f64,
    pub y_max: f64,
}

impl Bounds {
    /// The data's bounding square with a margin, so no point sits on the edge.
    pub fn around(data: &Dataset) -> Bounds {
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for i in 0..data.len() {
            let (x, _) = data.sample(i);
            for d in 0..2 {
                lo[d] = lo[d].min(x[d]);
                hi[d] = hi[d].max(x[d]);
            }
        }
        let centre = [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0];
        let half = ((hi[0] - lo[0]).max(hi[1] - lo[1]) / 2.0).max(0.5) * 1.15;
        Bounds {
            x_min: centre[0] - half,
            x_max: centre[0] + half,
            y_min: centre[1] - half,
            y_max: centre[1] + half,
        }
    }

    /// Where input `(x, y)` lands on a `width × height` picture (y grows upwards in input
    /// space and downwards on screen).
    pub fn to_screen(&self, x: f64, y: f64, width: f64, height: f64) -> (f64, f64) {
        (
            (x - self.x_min) / (self.x_max - self.x_min) * width,
            (self.y_max - y) / (self.y_max - self.y_min) * height,
        )
    }
}

/// True when the network's inputs are a plane and it has one output: a heatmap makes sense.
/// (With input features, ask the session whether its data are points of a plane instead.)
pub fn is_drawable(network: &Network) -> bool {
    network.inputs() == 2 && network.outputs() == 1
}

/// The network's input at the point `(x, y)` of the plane: the point itself, or the input
/// features of it, written into `input` (one slot per input neuron).
fn write_input(features: Option<&[Feature]>, x: f64, y: f64, input: &mut [f64]) {
    match features {
        Some(features) => write_point(features, x, y, input),
        None => input.copy_from_slice(&[x, y]),
    }
}

/// The centre of each cell of a `cells × cells` grid over `bounds`, row by row from the top.
fn cell_centres(bounds: &Bounds, cells: usize) -> impl Iterator<Item = (f64, f64)> + '_ {
    let step_x = (bounds.x_max - bounds.x_min) / cells as f64;
    let step_y = (bounds.y_max - bounds.y_min) / cells as f64;
    (0..cells).flat_map(move |row| {
        let y = bounds.y_max - (row as f64 + 0.5) * step_y;
        (0..cells).map(move |column| (bounds.x_min + (column as f64 + 0.5) * step_x, y))
    })
}

/// The output `a` at the centre of each cell of a `cells × cells` grid over the plane of the
/// data, row by row from the top. With input `features`, each point is shown to the network as
/// its features (the grid stays on the plane `(x1, x2)`, where the data are drawn).
pub fn output_grid(
    network: &Network,
    features: Option<&[Feature]>,
    bounds: &Bounds,
    cells: usize,
) -> Vec<f64> {
    let mut grid = Vec::with_capacity(cells * cells);
    let mut outputs = vec![0.0; network.outputs()];
    forward_cells(network, features, bounds, cells, |pass, s| {
        pass.output(s, &mut outputs);
        grid.push(outputs[0]);
    });
    grid
}

/// Forward passes at the centre of each cell of a `cells × cells` grid over `bounds`, row by
/// row from the top, [`LANES`] cells side by side: `cell(pass, s)` is called for each cell in
/// order, with its pass and its column `s` in it.
fn forward_cells(
    network: &Network,
    features: Option<&[Feature]>,
    bounds: &Bounds,
    cells: usize,
    mut cell: impl FnMut(&BatchPass, usize),
) {
    let n = network.inputs();
    let mut pass = BatchPass::new(network.layers());
    let mut inputs = vec![0.0; n * LANES];
    let centres: Vec<(f64, f64)> = cell_centres(bounds, cells).collect();
    for slice in centres.chunks(LANES) {
        for (&(x, y), input) in slice.iter().zip(inputs.chunks_exact_mut(n)) {
            write_input(features, x, y, input);
        }
        pass.forward_points(network, &inputs[..slice.len() * n]);
        for s in 0..slice.len() {
            cell(&pass, s);
        }
    }
}

/// What every neuron responds to: its activation at the centre of each cell of a `cells × cells`
/// grid over the input plane, as an RGBA atlas one grid wide per neuron (layer by layer, input
/// neurons included), so the page can put it on a canvas in one call and cut out each neuron.
/// With input `features` the points are shown to the network as their features, and each input
/// neuron's map is its feature over the plane (`x1²` a valley along `x1 = 0`, …).
pub fn neuron_atlas(
    network: &Network,
    features: Option<&[Feature]>,
    bounds: &Bounds,
    cells: usize,
) -> Vec<u8> {
    let neurons: usize = network.layers().iter().sum();
    let inputs = network.inputs();
    let width = cells * neurons;
    let mut atlas = vec![0u8; width * cells * 4];
    // Each neuron's activation function (None for an input), to put its a on the fill scale.
    let functions: Vec<Option<Activation>> = network
        .layers()
        .iter()
        .enumerate()
        .flat_map(|(l, &n)| std::iter::repeat_n((l > 0).then(|| network.activation(l - 1)), n))
        .collect();
    // Inputs range over the plane, not [0, 1]: each is shown by where it sits in its range, the
    // plane's edges for x1 and x2 themselves, its least and greatest value on the grid for any
    // other feature.
    let plain = [Feature::X1, Feature::X2];
    let input_features = features.unwrap_or(&plain);
    let mut ranges: Vec<(f64, f64)> = input_features
        .iter()
        .map(|f| match f {
            Feature::X1 => (bounds.x_min, bounds.x_max),
            Feature::X2 => (bounds.y_min, bounds.y_max),
            _ => (f64::INFINITY, f64::NEG_INFINITY),
        })
        .collect();
    for (x, y) in cell_centres(bounds, cells) {
        for (range, f) in ranges.iter_mut().zip(input_features) {
            if !matches!(f, Feature::X1 | Feature::X2) {
                let v = f.apply(x, y);
                *range = (range.0.min(v), range.1.max(v));
            }
        }
    }
    let mut cell = 0;
    forward_cells(network, features, bounds, cells, |pass, s| {
        let (row, column) = (cell / cells, cell % cells);
        cell += 1;
        for (n, function) in functions.iter().enumerate() {
            let a = pass.a(n, s);
            let shown = match ranges.get(n) {
                Some(&(low, high)) if n < inputs => {
                    if high > low {
                        (a - low) / (high - low)
                    } else {
                        0.5
                    }
                }
                _ => function.map_or(a, |f| fill_level(a, f)),
            };
            let [r, g, b] = class_colour(shown);
            let at = (row * width + n * cells + column) * 4;
            atlas[at..at + 4].copy_from_slice(&[r, g, b, 255]);
        }
    });
    atlas
}

/// The colour of output `a`: blue for class 0, orange for class 1, pale in between, so the
/// boundary `a = 0.5` shows as the light band.
pub fn class_colour(a: f64) -> [u8; 3] {
    let a = if a.is_finite() {
        a.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let (zero, middle, one) = (
        [33.0, 102.0, 172.0],
        [247.0, 247.0, 247.0],
        [230.0, 120.0, 20.0],
    );
    let (end, s) = if a < 0.5 {
        (zero, (0.5 - a) * 2.0)
    } else {
        (one, (a - 0.5) * 2.0)
    };
    let mix = |i: usize| (middle[i] + (end[i] - middle[i]) * s).round() as u8;
    [mix(0), mix(1), mix(2)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::data;
    use crate::nn::Activation;

    #[test]
    fn bounds_hold_every_point_with_a_margin() {
        let data = data::circle(100, 0.1, 2);
        let b = Bounds::around(&data);
        for i in 0..data.len() {
            let (x, _) = data.sample(i);
            assert!(x[0] > b.x_min && x[0] < b.x_max && x[1] > b.y_min && x[1] < b.y_max);
        }
        let (sx, sy) = b.to_screen(b.x_min, b.y_max, 200.0, 100.0);
        assert_eq!((sx, sy), (0.0, 0.0));
    }

    #[test]
    fn grid_matches_forward_passes_at_cell_centres() {
        let mut network = Network::zeros(&[2, 1], true, Activation::Sigmoid);
        network.set_weight(0, 0, 0, 3.0);
        let b = Bounds {
            x_min: -1.0,
            x_max: 1.0,
            y_min: -1.0,
            y_max: 1.0,
        };
        let grid = output_grid(&network, None, &b, 4);
        assert_eq!(grid.len(), 16);
        // Column centres are x = −0.75, −0.25, 0.25, 0.75; the output depends on x only.
        let expected = crate::nn::activation::sigmoid(3.0 * -0.75);
        assert!((grid[0] - expected).abs() < 1e-15);
        assert!(grid[3] > 0.5 && grid[0] < 0.5 && grid[4] == grid[0]);
    }

    #[test]
    fn the_atlas_holds_each_neurons_activation_over_the_plane() {
        let mut network = Network::zeros(&[2, 1], true, Activation::Sigmoid);
        network.set_weight(0, 0, 0, 50.0); // the output is a step at x = 0
        let b = Bounds {
            x_min: -1.0,
            x_max: 1.0,
            y_min: -1.0,
            y_max: 1.0,
        };
        let atlas = neuron_atlas(&network, None, &b, 4);
        assert_eq!(atlas.len(), 4 * 3 * 4 * 4, "3 neurons, 4 × 4 cells, RGBA");
        let pixel = |n: usize, row: usize, column: usize| {
            let at = (row * 12 + n * 4 + column) * 4;
            [atlas[at], atlas[at + 1], atlas[at + 2]]
        };
        assert_eq!(
            pixel(2, 0, 0),
            class_colour(0.0),
            "left of the step: output ≈ 0"
        );
        assert_eq!(pixel(2, 3, 3), class_colour(1.0), "right of it: ≈ 1");
        assert_eq!(
            pixel(0, 0, 0),
            class_colour(0.125),
            "input x₁ at the first column centre"
        );
    }

    #[test]
    fn class_colours_run_blue_white_orange() {
        assert_eq!(class_colour(0.0), [33, 102, 172]);
        assert_eq!(class_colour(0.5), [247, 247, 247]);
        assert_eq!(class_colour(1.0), [230, 120, 20]);
    }

    #[test]
    fn with_features_the_grid_shows_the_network_its_features_of_each_point() {
        // One output neuron that sees x1² and x2²: a bowl, the same in every direction.
        let mut network = Network::zeros(&[2, 1], true, Activation::Sigmoid);
        network.set_weight(0, 0, 0, -4.0);
        network.set_weight(0, 0, 1, -4.0);
        network.set_bias(0, 0, 1.0);
        let features = [Feature::X1Squared, Feature::X2Squared];
        let b = Bounds {
            x_min: -1.0,
            x_max: 1.0,
            y_min: -1.0,
            y_max: 1.0,
        };
        let grid = output_grid(&network, Some(&features), &b, 4);
        let bowl = |x: f64, y: f64| crate::nn::activation::sigmoid(1.0 - 4.0 * (x * x + y * y));
        assert!((grid[0] - bowl(-0.75, 0.75)).abs() < 1e-15);
        assert!((grid[5] - bowl(-0.25, 0.25)).abs() < 1e-15);
        assert_eq!(grid[0], grid[3], "symmetric: the corners agree");
        assert!(grid[5] > 0.5 && grid[0] < 0.5, "inside high, outside low");
        // Without features the same weights would see x1 and x2 themselves.
        assert_ne!(output_grid(&network, None, &b, 4), grid);
    }

    #[test]
    fn the_atlas_shows_each_input_feature_over_the_plane() {
        let network = Network::zeros(&[3, 1], true, Activation::Sigmoid);
        let features = [Feature::X1, Feature::X1Squared, Feature::SinX2];
        let b = Bounds {
            x_min: -1.0,
            x_max: 1.0,
            y_min: -1.0,
            y_max: 1.0,
        };
        let atlas = neuron_atlas(&network, Some(&features), &b, 4);
        assert_eq!(atlas.len(), 4 * 4 * 4 * 4, "4 neurons, 4 × 4 cells, RGBA");
        let pixel = |n: usize, row: usize, column: usize| {
            let at = (row * 16 + n * 4 + column) * 4;
            [atlas[at], atlas[at + 1], atlas[at + 2]]
        };
        assert_eq!(
            pixel(0, 0, 0),
            class_colour(0.125),
            "x1 on the plane's scale"
        );
        // x1² over the grid runs from 0.0625 (inner columns) to 0.5625 (outer ones).
        assert_eq!(pixel(1, 2, 0), class_colour(1.0));
        assert_eq!(pixel(1, 2, 1), class_colour(0.0));
        assert_eq!(
            pixel(1, 0, 3),
            class_colour(1.0),
            "the same on the other side"
        );
        // sin x2 is largest in the top row, smallest in the bottom one.
        assert_eq!(pixel(2, 0, 2), class_colour(1.0));
        assert_eq!(pixel(2, 3, 2), class_colour(0.0));
    }
}
