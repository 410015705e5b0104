//! Where each neuron sits on the network canvas, and what a click at a point hits.
//!
//! Plain geometry in CSS pixels; the web layer multiplies by `devicePixelRatio` when it draws.

/// A layer of up to this many neurons is spaced as if it were the tallest (see [`Layout::new`]).
pub const SPREAD_UP_TO: usize = 8;

/// Height kept free under the network for the layer captions and the colour legend.
pub const LEGEND_HEIGHT: f64 = 60.0;

/// What the learner is looking at: a neuron or a weight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// Neuron `index` of layer `layer` (layer 0 is the input).
    Neuron { layer: usize, index: usize },
    /// The weight from neuron `from` of layer `layer` to neuron `to` of layer `layer + 1`.
    Weight {
        layer: usize,
        to: usize,
        from: usize,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// `positions[l][i]`: the centre of neuron `i` of layer `l`.
    pub positions: Vec<Vec<(f64, f64)>>,
    pub radius: f64,
    pub width: f64,
    pub height: f64,
}

impl Layout {
    /// Layers spread evenly across the width, neurons evenly down the height, each layer
    /// centred vertically so that small layers sit in the middle. A layer is spaced as the
    /// tallest one, or, in a network with a layer of more than [`SPREAD_UP_TO`] neurons, as
    /// its own size allows up to that many rows: two inputs beside a 314-neuron layer stand
    /// apart instead of 1.6 px.
    pub fn new(layers: &[usize], width: f64, height: f64) -> Layout {
        let usable_height = (height - LEGEND_HEIGHT).max(40.0);
        let tallest = layers.iter().copied().max().unwrap_or(1) as f64;
        let row = usable_height / tallest;
        let widest_row = usable_height / tallest.min(SPREAD_UP_TO as f64);
        let column = width / layers.len() as f64;
        let radius = (row * 0.32).min(column * 0.18).clamp(6.0, 26.0);
        let positions = layers
            .iter()
            .enumerate()
            .map(|(l, &n)| {
                let x = column * (l as f64 + 0.5);
                let row = (usable_height / n.max(1) as f64).min(widest_row);
                let top = (usable_height - row * n as f64) / 2.0;
                (0..n).map(|i| (x, top + row * (i as f64 + 0.5))).collect()
            })
            .collect();
        Layout {
            positions,
            radius,
            width,
            height,
        }
    }

    pub fn neuron(&self, layer: usize, index: usize) -> (f64, f64) {
        self.positions[layer][index]
    }

    /// What a click at `(x, y)` hits: a neuron if within its circle (with a little slack for
    /// fingers), else the nearest weight line within a few pixels, else nothing.
    pub fn hit(&self, x: f64, y: f64) -> Option<Hit> {
        let reach = self.radius + 4.0;
        for (layer, column) in self.positions.iter().enumerate() {
            for (index, &(nx, ny)) in column.iter().enumerate() {
                if (x - nx).hypot(y - ny) <= reach {
                    return Some(Hit::Neuron { layer, index });
                }
            }
        }
        let mut best: Option<(f64, Hit)> = None;
        for layer in 0..self.positions.len().saturating_sub(1) {
            let (from_x, to_x) = (self.positions[layer][0].0, self.positions[layer + 1][0].0);
            if x < from_x || x > to_x {
                continue;
            }
            for (to, &end) in self.positions[layer + 1].iter().enumerate() {
                for (from, &start) in self.positions[layer].iter().enumerate() {
                    let d = distance_to_segment((x, y), start, end);
                    if d <= 5.0 && best.is_none_or(|(b, _)| d < b) {
                        best = Some((d, Hit::Weight { layer, to, from }));
                    }
                }
            }
        }
        best.map(|(_, hit)| hit)
    }
}

/// Distance from point `p` to the segment from `a` to `b`.
pub fn distance_to_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length_squared = dx * dx + dy * dy;
    let t = if length_squared == 0.0 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length_squared).clamp(0.0, 1.0)
    };
    (p.0 - (a.0 + t * dx)).hypot(p.1 - (a.1 + t * dy))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_spread_across_and_neurons_centred() {
        let layout = Layout::new(&[2, 4, 1], 600.0, 460.0);
        assert_eq!(layout.positions[0].len(), 2);
        assert_eq!(layout.neuron(0, 0).0, 100.0);
        assert_eq!(layout.neuron(2, 0).0, 500.0);
        // The single output neuron sits in the middle of the area above the legend.
        assert_eq!(layout.neuron(2, 0).1, 200.0);
        let ys: Vec<f64> = layout.positions[1].iter().map(|p| p.1).collect();
        assert_eq!(ys, vec![50.0, 150.0, 250.0, 350.0]);
        assert!(layout.radius >= 6.0 && layout.radius <= 26.0);
    }

    #[test]
    fn a_click_on_a_neuron_hits_it() {
        let layout = Layout::new(&[2, 2, 2], 600.0, 400.0);
        let (x, y) = layout.neuron(1, 1);
        assert_eq!(
            layout.hit(x + 3.0, y - 2.0),
            Some(Hit::Neuron { layer: 1, index: 1 })
        );
        assert_eq!(layout.hit(5.0, 5.0), None);
    }

    #[test]
    fn a_click_on_a_line_hits_the_nearest_weight() {
        let layout = Layout::new(&[2, 2, 2], 600.0, 400.0);
        let (a, b) = (layout.neuron(1, 0), layout.neuron(2, 1));
        let mid = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0 + 1.0);
        // The two crossing lines h₁→o₂ and h₂→o₁ meet in the middle; nudge towards h₁→o₂.
        let quarter = (a.0 + (b.0 - a.0) * 0.3, a.1 + (b.1 - a.1) * 0.3);
        assert_eq!(
            layout.hit(quarter.0, quarter.1),
            Some(Hit::Weight {
                layer: 1,
                to: 1,
                from: 0
            })
        );
        assert!(matches!(
            layout.hit(mid.0, mid.1),
            Some(Hit::Weight { layer: 1, .. })
        ));
    }

    #[test]
    fn distance_to_segment_handles_ends_and_middle() {
        assert_eq!(distance_to_segment((0.0, 1.0), (0.0, 0.0), (2.0, 0.0)), 1.0);
        assert_eq!(distance_to_segment((3.0, 0.0), (0.0, 0.0), (2.0, 0.0)), 1.0);
        assert_eq!(distance_to_segment((1.0, 1.0), (1.0, 1.0), (1.0, 1.0)), 0.0);
    }

    #[test]
    fn small_layers_beside_a_huge_one_stand_apart_and_small_networks_are_as_before() {
        let big = Layout::new(&[2, 314, 314, 1], 500.0, 560.0);
        let usable = 560.0 - LEGEND_HEIGHT;
        let (a, b) = (big.neuron(0, 0).1, big.neuron(0, 1).1);
        assert!((b - a - usable / 8.0).abs() < 1e-9, "inputs {a} and {b}");
        assert!(((a + b) / 2.0 - usable / 2.0).abs() < 1e-9, "centred");
        assert!((big.neuron(1, 1).1 - big.neuron(1, 0).1 - usable / 314.0).abs() < 1e-9);
        // Every layer of 8 or fewer neurons in a small network: spaced as the tallest, as before.
        let small = Layout::new(&[2, 4, 4, 1], 500.0, 560.0);
        assert!((small.neuron(0, 1).1 - small.neuron(0, 0).1 - usable / 4.0).abs() < 1e-9);
        assert!((small.neuron(3, 0).1 - usable / 2.0).abs() < 1e-9);
    }
}
