//! The small plot beside the sigmoid-slope derivation: `σ(x)` and its slope
//! `σ'(x) = σ(x)(1 − σ(x))`, with the current `net` marked by a vertical line, a dot on each curve
//! and the numbers written above the plot. Drawn with plotters on any `DrawingBackend` (an HTML
//! canvas in the page, an SVG string in the native tests).
//!
//! It shows what the derivation says in numbers: the slope is largest (¼) at `net = 0`, where
//! `a = ½`, and vanishes where the sigmoid saturates. It is drawn once per change of focus, not
//! per frame, so it simply redraws everything.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::nn::activation::{sigmoid, sigmoid_derivative_from_a};
use crate::view::explain::format_number;

/// The axis titles.
pub const X_TITLE: &str = "net";
pub const Y_TITLE: &str = "value";
/// The legend's entries.
pub const SIGMA_LABEL: &str = "σ";
pub const SLOPE_LABEL: &str = "σ′ = a(1−a)";
/// The x axis always covers `−X_MIN_REACH..X_MIN_REACH`, and grows to include `net` up to
/// `±X_MAX_REACH`.
pub const X_MIN_REACH: f64 = 8.0;
pub const X_MAX_REACH: f64 = 40.0;

/// Sizes in CSS pixels; every one is multiplied by the `scale` passed to [`draw_sigmoid_plot`].
const FONT: f64 = 12.0;
const HEADER: f64 = 22.0;
const LEFT_AREA: f64 = 50.0;
const BOTTOM_AREA: f64 = 36.0;
const RIGHT_MARGIN: f64 = 14.0;
const CURVE_WIDTH: f64 = 2.0;
const MARKER_WIDTH: f64 = 1.0;
const DOT_RADIUS: f64 = 4.0;
const LEGEND_LINE: f64 = 18.0;
const LEGEND_GAP: f64 = 6.0;
const LEGEND_INSET: f64 = 8.0;
/// A plot smaller than this (device pixels) is only cleared.
const MIN_PLOT: i32 = 8;
/// The y axis: a little beyond 0..1, so dots at 0 or 1 are whole.
const Y_RANGE: (f64, f64) = (-0.05, 1.05);

const BACKGROUND: RGBColor = RGBColor(255, 255, 255);
const AXIS: RGBColor = RGBColor(85, 85, 95);
const GRID: RGBColor = RGBColor(232, 232, 238);
const TEXT: RGBColor = RGBColor(27, 27, 31);
/// σ in the page's accent, σ′ in a contrasting orange.
const SIGMA_COLOUR: RGBColor = RGBColor(84, 39, 143);
const SLOPE_COLOUR: RGBColor = RGBColor(230, 97, 1);
const MARKER: RGBColor = RGBColor(85, 85, 95);
const FONT_FAMILY: &str = "system-ui, sans-serif";

/// The x range shown for `net`: `−8..8`, extended on one side to include `net` (with a margin)
/// when `|net| > 8`, but never beyond `±40`.
pub fn x_range(net: f64) -> (f64, f64) {
    let (mut low, mut high) = (-X_MIN_REACH, X_MIN_REACH);
    if net > X_MIN_REACH {
        high = (net + 1.0).ceil().min(X_MAX_REACH);
    } else if net < -X_MIN_REACH {
        low = (net - 1.0).floor().max(-X_MAX_REACH);
    }
    (low, high)
}

/// Whether `net` is drawn: a number inside the x range.
pub fn marked(net: f64) -> bool {
    let (low, high) = x_range(net);
    net.is_finite() && (low..=high).contains(&net)
}

/// The line above the plot: `net = 0.6425, a = 0.6553, a(1−a) = 0.2259`, in the derivations'
/// number format.
pub fn value_text(net: f64) -> String {
    if net.is_nan() {
        return "net = NaN: nothing to mark".into();
    }
    let a = sigmoid(net);
    let numbers = format!(
        "a = {}, a(1−a) = {}",
        format_number(a),
        format_number(sigmoid_derivative_from_a(a))
    );
    if marked(net) {
        format!("net = {}, {numbers}", format_number(net))
    } else {
        format!("net = {} (off the plot), {numbers}", format_number(net))
    }
}

fn plot_err<E: std::fmt::Display>(e: E) -> String {
    format!("sigmoid plot: {e}")
}

/// Estimated width of `text` in pixels at `font_px`, to place the legend without asking the DOM
/// to measure text.
fn estimated_width(text: &str, font_px: f64) -> f64 {
    text.chars().count() as f64 * 0.6 * font_px
}

/// Draws `σ` and `σ'` over [`x_range`]`(net)` on the whole of `area` (sizes in device pixels),
/// with `net` marked unless it is NaN or off the plot. `scale` is the device pixels per CSS pixel
/// (`devicePixelRatio`): fonts, widths and margins are multiplied by it.
pub fn draw_sigmoid_plot<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    net: f64,
    scale: f64,
) -> Result<(), String> {
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    let px = |css: f64| (css * scale).round().max(1.0) as i32;
    area.fill(&BACKGROUND).map_err(plot_err)?;
    let (width, height) = area.dim_in_pixel();
    let (header, left, bottom, right) =
        (px(HEADER), px(LEFT_AREA), px(BOTTOM_AREA), px(RIGHT_MARGIN));
    if (width as i32) - left - right < MIN_PLOT || (height as i32) - header - bottom < MIN_PLOT {
        return Ok(());
    }

    let font_px = FONT * scale;
    // Named, not parsed from text (see `ChartStyle::font` in loss_chart.rs).
    let font: TextStyle<'static> =
        FontDesc::new(FontFamily::Name(FONT_FAMILY), font_px, FontStyle::Normal).into();
    let (low, high) = x_range(net);
    let mut chart = ChartBuilder::on(area)
        .margin_top(header as u32)
        .margin_right(right as u32)
        .x_label_area_size(bottom as u32)
        .y_label_area_size(left as u32)
        .build_cartesian_2d(low..high, Y_RANGE.0..Y_RANGE.1)
        .map_err(plot_err)?;
    let x_label = |x: &f64| format_number(*x);
    let y_label = |y: &f64| format_number(*y);
    chart
        .configure_mesh()
        .x_labels(9)
        .y_labels(6)
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .bold_line_style(GRID.stroke_width(px(1.0) as u32))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(px(1.0) as u32))
        .set_all_tick_mark_size(px(4.0))
        .label_style(font.color(&AXIS))
        .axis_desc_style(font.color(&TEXT))
        .x_desc(X_TITLE)
        .y_desc(Y_TITLE)
        .draw()
        .map_err(plot_err)?;

    // About one point per pixel column.
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let points = ((xs.end - xs.start).max(2)) as usize;
    let xs_data: Vec<f64> = (0..points)
        .map(|i| low + (high - low) * i as f64 / (points - 1) as f64)
        .collect();
    let curve_width = px(CURVE_WIDTH) as u32;
    chart
        .draw_series(LineSeries::new(
            xs_data.iter().map(|&x| (x, sigmoid(x))),
            SIGMA_COLOUR.stroke_width(curve_width),
        ))
        .map_err(plot_err)?;
    chart
        .draw_series(LineSeries::new(
            xs_data
                .iter()
                .map(|&x| (x, sigmoid_derivative_from_a(sigmoid(x)))),
            SLOPE_COLOUR.stroke_width(curve_width),
        ))
        .map_err(plot_err)?;

    let mark = marked(net);
    // The legend where the curves are not: top left (left of 0 both curves are near 0), or in
    // the middle of the right side (right of 1, σ is near 1 and σ′ near 0), there just left of
    // the marker if need be; and not across the marker. A translucent box behind it keeps it readable if nothing fits.
    let line = px(LEGEND_LINE);
    let gap = px(LEGEND_GAP);
    let inset = px(LEGEND_INSET);
    let row = (font_px * 1.5).round() as i32;
    let legend_width = line + gap + estimated_width(SLOPE_LABEL, font_px).round() as i32;
    let to_x = |p: i32| low + (high - low) * f64::from(p - xs.start) / f64::from(xs.end - xs.start);
    let marker_px = mark.then(|| chart.backend_coord(&(net, 0.0)).0);
    let beside_marker = marker_px.map_or(xs.end, |m| m - inset) - inset - legend_width;
    let candidates = [
        (true, xs.start + inset),
        (false, xs.end - inset - legend_width),
        (false, beside_marker),
    ];
    let curves_clear = |(left, x0): (bool, i32)| {
        if left {
            to_x(x0 + legend_width) < -0.5
        } else {
            to_x(x0) > 1.0
        }
    };
    let marker_clear = |(_, x0): (bool, i32)| {
        marker_px.is_none_or(|m| m < x0 - inset || m > x0 + legend_width + inset)
    };
    let (on_left, x0) = candidates
        .into_iter()
        .find(|&c| curves_clear(c) && marker_clear(c))
        .or_else(|| candidates.into_iter().find(|&c| curves_clear(c)))
        .unwrap_or(candidates[0]);
    let y0 = if on_left {
        ys.start + inset + row / 2
    } else {
        ys.start + (ys.end - ys.start) * 2 / 5
    };
    area.draw(&Rectangle::new(
        [
            (x0 - inset / 2, y0 - row / 2 - inset / 4),
            (
                x0 + legend_width + inset / 2,
                y0 + row + row / 2 + inset / 4,
            ),
        ],
        BACKGROUND.mix(0.85).filled(),
    ))
    .map_err(plot_err)?;
    let legend_font = font.color(&TEXT).pos(Pos::new(HPos::Left, VPos::Center));
    for (i, (label, colour)) in [(SIGMA_LABEL, SIGMA_COLOUR), (SLOPE_LABEL, SLOPE_COLOUR)]
        .into_iter()
        .enumerate()
    {
        let y = y0 + row * i as i32;
        area.draw(&PathElement::new(
            vec![(x0, y), (x0 + line, y)],
            colour.stroke_width(curve_width),
        ))
        .map_err(plot_err)?;
        area.draw_text(label, &legend_font, (x0 + line + gap, y))
            .map_err(plot_err)?;
    }

    // The marker last, over the legend's box if they had to meet.
    if mark {
        let (a, slope) = (sigmoid(net), sigmoid_derivative_from_a(sigmoid(net)));
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(net, Y_RANGE.0), (net, Y_RANGE.1)],
                MARKER.stroke_width(px(MARKER_WIDTH) as u32),
            )))
            .map_err(plot_err)?;
        let radius = px(DOT_RADIUS) as u32;
        for (y, colour) in [(a, SIGMA_COLOUR), (slope, SLOPE_COLOUR)] {
            chart
                .plotting_area()
                .draw(&Circle::new((net, y), radius, colour.filled()))
                .map_err(plot_err)?;
        }
    }

    let header_font = font.color(&TEXT).pos(Pos::new(HPos::Left, VPos::Center));
    area.draw_text(&value_text(net), &header_font, (xs.start, header / 2))
        .map_err(plot_err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::test_support::svg_texts;
    use plotters::backend::SVGBackend;

    const SIZE: (u32, u32) = (360, 240);

    fn render(net: f64, scale: f64, size: (u32, u32)) -> String {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            draw_sigmoid_plot(&root, net, scale).unwrap();
            root.present().unwrap();
        }
        svg
    }

    fn texts(svg: &str) -> Vec<String> {
        svg_texts(svg)
    }

    /// The `attribute` of every `<tag …>`.
    fn attributes(svg: &str, tag: &str, attribute: &str) -> Vec<f64> {
        let needle = format!(" {attribute}=\"");
        svg.split(&format!("<{tag} "))
            .skip(1)
            .filter_map(|t| {
                let t = format!(" {}", &t[..t.find('>')?]);
                let start = t.find(&needle)? + needle.len();
                t[start..start + t[start..].find('"')?].parse().ok()
            })
            .collect()
    }

    #[test]
    fn labels_legend_and_values_are_written() {
        let svg = render(0.6425, 1.0, SIZE);
        let texts = texts(&svg);
        for wanted in [X_TITLE, Y_TITLE, SIGMA_LABEL, SLOPE_LABEL] {
            assert!(texts.iter().any(|t| t == wanted), "{wanted} in {texts:?}");
        }
        assert!(
            texts
                .iter()
                .any(|t| t == "net = 0.6425, a = 0.6553, a(1−a) = 0.2259"),
            "{texts:?}"
        );
        assert!(texts.iter().any(|t| t == "−8") && texts.iter().any(|t| t == "8"));
    }

    #[test]
    fn the_current_net_is_marked_with_a_dot_on_each_curve() {
        let svg = render(1.087, 1.0, SIZE);
        let (cx, cy) = (
            attributes(&svg, "circle", "cx"),
            attributes(&svg, "circle", "cy"),
        );
        assert_eq!(cx.len(), 2, "{svg}");
        assert_eq!(cx[0], cx[1], "both dots at the same net");
        // σ(1.087) ≈ 0.748 lies higher (smaller y) than σ′ ≈ 0.189.
        assert!(cy[0] < cy[1]);
        // The plot runs from x = 50 to 360 − 14 over −8..8: 1.087 is a little right of centre.
        let centre = (50.0 + 346.0) / 2.0;
        assert!(cx[0] > centre && cx[0] < centre + 30.0, "{}", cx[0]);
        // The marker: a vertical line through the dots.
        assert!(svg.contains(&format!("{},", cx[0] as i32)));
        assert!(texts(&svg)
            .iter()
            .any(|t| t == "net = 1.087, a = 0.7478, a(1−a) = 0.1886"));
    }

    #[test]
    fn nan_net_draws_the_curves_without_a_marker() {
        let svg = render(f64::NAN, 1.0, SIZE);
        assert!(attributes(&svg, "circle", "cx").is_empty());
        assert!(texts(&svg)
            .iter()
            .any(|t| t == "net = NaN: nothing to mark"));
        assert!(svg.matches("<polyline").count() >= 2, "the two curves");
        for net in [f64::INFINITY, f64::NEG_INFINITY, 100.0] {
            let svg = render(net, 1.0, SIZE);
            assert!(attributes(&svg, "circle", "cx").is_empty());
            assert!(texts(&svg).iter().any(|t| t.contains("(off the plot)")));
        }
    }

    #[test]
    fn the_x_range_grows_to_hold_net_up_to_forty() {
        assert_eq!(x_range(0.0), (-8.0, 8.0));
        assert_eq!(x_range(-7.9), (-8.0, 8.0));
        assert_eq!(x_range(12.3), (-8.0, 14.0));
        assert_eq!(x_range(-20.5), (-22.0, 8.0));
        assert_eq!(x_range(39.5), (-8.0, 40.0));
        assert_eq!(x_range(1e9), (-8.0, 40.0));
        assert_eq!(x_range(f64::NAN), (-8.0, 8.0));
        assert!(marked(39.5) && !marked(40.5) && !marked(f64::NAN));
        let svg = render(-20.5, 1.0, SIZE);
        assert_eq!(attributes(&svg, "circle", "cx").len(), 2);
        assert!(texts(&svg).iter().any(|t| t == "−20"), "{:?}", texts(&svg));
    }

    #[test]
    fn high_dpi_scales_fonts_and_widths() {
        let svg = render(0.5, 2.0, (720, 480));
        // plotters writes font-size = size / 1.24.
        assert!(svg.contains(&format!(r#"font-size="{}""#, 24.0 / 1.24)));
        assert!(svg.contains(r#"stroke-width="4""#));
        assert_eq!(attributes(&svg, "circle", "r"), [8.0, 8.0]);
    }

    #[test]
    fn a_tiny_area_is_only_cleared() {
        for size in [(1, 1), (40, 30)] {
            let svg = render(0.5, 1.0, size);
            assert!(!svg.contains("<polyline") && !svg.contains("<circle"));
        }
    }
}
