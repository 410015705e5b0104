//! Fixtures and checks shared by the view modules' tests.

/// The thread's toy network: 2-2-2, no bias, one sample (see tests/toy_network_by_hand.rs for
/// its numbers worked by hand).
pub const TOY: &str = r#"{"layers":[2,2,2],"activation":"sigmoid","weights":[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6],[0.7,0.8]]],"learning_rate":0.5,"data":{"inputs":[[0.3,0.9]],"targets":[[0.2,0.7]]}}"#;

/// The formulas' markup with the boundaries between their `<math>` pieces (one per step, one
/// per term of a leading sum) taken out, so a test can read a chain as one string.
pub fn joined(html: &str) -> String {
    html.replace("</math><math>", "")
}

/// The snapshot of sample 0 of the network `spec` describes.
pub fn snapshot(spec: &str) -> crate::model::Snapshot {
    crate::model::Session::from_json(spec)
        .expect("the spec loads")
        .snapshot(0)
        .as_ref()
        .clone()
}

/// Every opened tag is closed, in order (the markup has no void elements), and no number is
/// written with an ASCII minus (the page uses the real sign `−`).
pub fn assert_well_formed(html: &str) {
    let mut open = Vec::new();
    for tag in html.split('<').skip(1) {
        let name = tag.split(['>', ' ']).next().unwrap();
        match name.strip_prefix('/') {
            Some(closing) => assert_eq!(open.pop(), Some(closing), "in {html}"),
            None => open.push(name),
        }
    }
    assert!(open.is_empty(), "unclosed {open:?}");
    assert!(!html.contains(">-"), "ASCII minus in {html}");
}

/// The text of every `<text>` element of an SVG, trimmed (plotters' SVG backend writes labels so).
pub fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let start = t.find('>')? + 1;
            let end = start + t[start..].find("</text>")?;
            Some(t[start..end].trim().to_string())
        })
        .collect()
}
