//! A handful of golden files keep the rendered text in view.
//!
//! The panels' tests assert numbers and ids; these files hold what a learner reads for the
//! thread's toy network at epoch 0 (the inspector of o₁, h₁ and w(h₁→o₁), the four derivations of
//! that weight, every step of the step-through, and the Markdown export), so that a change of
//! wording, markup or number formatting shows up in review as a diff of `tests/golden/text/`.
//! The same for two networks the thread does not have, so that every activation's and both
//! losses' words are kept too: tanh, relu and linear layers (`mixed-*`), and a sigmoid network
//! with the cross-entropy loss (`cross-entropy-*`).
//! The markup is written one tag per line to keep those diffs readable.
//!
//! A change on purpose: rerun with `UPDATE_GOLDEN=1 cargo test --test golden_text` and commit the
//! files with the change.

use backprop_playground::model::Session;
use backprop_playground::view::derivations::{derivation_html, Derivation, Focus};
use backprop_playground::view::explain::{neuron_html, weight_html};
use backprop_playground::view::export::step_markdown;
use backprop_playground::view::steps::{step_html, steps};

const TOY: &str = r#"{"layers":[2,2,2],"activation":"sigmoid","weights":[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6],[0.7,0.8]]],"learning_rate":0.5,"data":{"inputs":[[0.3,0.9]],"targets":[[0.2,0.7]]}}"#;

/// One tag per line.
fn lines(markup: &str) -> String {
    markup.replace("><", ">\n<") + "\n"
}

/// tanh, then relu, then a linear output; for the sample, relu h²₁ is off (net < 0), h²₂ on.
const MIXED: &str = r#"{"layers":[2,2,2,1],"activation":["tanh","relu","linear"],"weights":[[[0.1,-0.2],[0.3,0.4]],[[0.5,-0.6],[-0.7,0.8]],[[0.9,-1.0]]],"biases":[[0.05,-0.05],[0.1,0.0],[0.2]],"learning_rate":0.1,"data":{"inputs":[[0.3,0.9]],"targets":[[0.5]]}}"#;

/// The toy's network and sample with the cross-entropy loss.
const CROSS_ENTROPY: &str = r#"{"layers":[2,2,2],"activation":"sigmoid","loss":"cross_entropy","weights":[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6],[0.7,0.8]]],"learning_rate":0.5,"data":{"inputs":[[0.3,0.9]],"targets":[[0.2,0.7]]}}"#;

/// Every golden file's name and the text it must hold.
fn rendered() -> Vec<(String, String)> {
    let mut files = panels(TOY, "", &[(1, 0), (2, 0)]);
    files.extend(panels(MIXED, "mixed-", &[(1, 0), (2, 0), (2, 1), (3, 0)]));
    files.extend(panels(CROSS_ENTROPY, "cross-entropy-", &[(1, 0), (2, 0)]));
    files
}

/// What `spec`'s network says at epoch 0, in files named `prefix…`: the inspector of each of
/// `neurons` and of the weight from the first neuron of the last hidden layer into o₁, that
/// weight's derivations, the step-through and the export.
fn panels(spec: &str, prefix: &str, neurons: &[(usize, usize)]) -> Vec<(String, String)> {
    let snapshot = Session::from_json(spec)
        .expect("the spec loads")
        .snapshot(0);
    let s = snapshot.as_ref();
    let last = s.layers.len() - 1;
    let mut files: Vec<(String, String)> = neurons
        .iter()
        .map(|&(layer, index)| {
            let name = if layer == last { "o" } else { "h" };
            let number = if layer == last || last == 2 {
                format!("{}", index + 1)
            } else {
                format!("{layer}-{}", index + 1)
            };
            (
                format!("{prefix}inspector-{name}{number}.html"),
                lines(&neuron_html(s, layer, index)),
            )
        })
        .collect();
    files.push((
        format!("{prefix}inspector-w-h1-o1.html"),
        lines(&weight_html(s, last - 1, 0, 0)),
    ));
    let focus = Focus::Weight {
        layer: last - 1,
        to: 0,
        from: 0,
    };
    let derivations: String = Derivation::all()
        .into_iter()
        .map(|d| format!("<!-- {d:?} -->\n{}", lines(&derivation_html(d, s, focus))))
        .collect();
    files.push((format!("{prefix}derivations-w-h1-o1.html"), derivations));
    let all = steps(s);
    let stepped: String = (0..all.len())
        .map(|i| format!("<!-- step {} -->\n{}", i + 1, lines(&step_html(s, &all, i))))
        .collect();
    files.push((format!("{prefix}step-through.html"), stepped));
    files.push((format!("{prefix}export.md"), step_markdown(s)));
    files
}

#[test]
fn the_toy_network_reads_as_the_golden_files_say() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/text");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let files = rendered();
    assert!(files.len() >= 3 * 6);
    for (name, text) in files {
        let path = dir.join(&name);
        if update {
            std::fs::write(&path, &text).expect("writing a golden file");
            continue;
        }
        let golden = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
        if golden != text {
            let (n, (want, got)) = golden
                .lines()
                .zip(text.lines())
                .enumerate()
                .find(|(_, (a, b))| a != b)
                .unwrap_or((
                    golden.lines().count().min(text.lines().count()),
                    ("(end)", "(end)"),
                ));
            panic!(
                "{name} differs from tests/golden/text/{name} at line {}:\n  golden: {want}\n  now:    {got}\n\
                 A change on purpose? UPDATE_GOLDEN=1 cargo test --test golden_text, and commit the files.",
                n + 1
            );
        }
    }
}
