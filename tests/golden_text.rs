//! A handful of golden files keep the rendered text in view.
//!
//! The panels' tests assert numbers and ids; these files hold what a learner reads for the
//! thread's toy network at epoch 0 (the inspector of o₁, h₁ and w(h₁→o₁), the four derivations of
//! that weight, every step of the step-through, and the Markdown export), so that a change of
//! wording, markup or number formatting shows up in review as a diff of `tests/golden/text/`.
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

/// Every golden file's name and the text it must hold.
fn rendered() -> Vec<(String, String)> {
    let snapshot = Session::from_json(TOY).expect("the toy loads").snapshot(0);
    let s = snapshot.as_ref();
    let mut files = vec![
        (
            "inspector-o1.html".to_string(),
            lines(&neuron_html(s, 2, 0)),
        ),
        (
            "inspector-h1.html".to_string(),
            lines(&neuron_html(s, 1, 0)),
        ),
        (
            "inspector-w-h1-o1.html".to_string(),
            lines(&weight_html(s, 1, 0, 0)),
        ),
    ];
    let focus = Focus::Weight {
        layer: 1,
        to: 0,
        from: 0,
    };
    let derivations: String = Derivation::all()
        .into_iter()
        .map(|d| format!("<!-- {d:?} -->\n{}", lines(&derivation_html(d, s, focus))))
        .collect();
    files.push(("derivations-w-h1-o1.html".to_string(), derivations));
    let all = steps(s);
    let stepped: String = (0..all.len())
        .map(|i| format!("<!-- step {} -->\n{}", i + 1, lines(&step_html(s, &all, i))))
        .collect();
    files.push(("step-through.html".to_string(), stepped));
    files.push(("export.md".to_string(), step_markdown(s)));
    files
}

#[test]
fn the_toy_network_reads_as_the_golden_files_say() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/text");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let files = rendered();
    assert!(files.len() >= 6);
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
