//! The chain-rule lessons on the page: step-through, derivation panels, gradient check, the
//! checker of a learner's own numbers, and the Markdown export. Each is a view function of a
//! snapshot; this file only picks the focus from the selection and hands the HTML over.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::model::json::Json;
use crate::model::Snapshot;
use crate::nn::Activation;
use crate::view::checker::{self, Answer, Quantity};
use crate::view::derivations::{derivation_html, Derivation, Focus};
use crate::view::export::step_markdown;
use crate::view::gradient_check::{gradient_check_html, GradientCheck};
use crate::view::layout::Hit;
use crate::view::steps::{step_html, steps};
use crate::web::app::{now_ms, Playground};
use crate::web::sigmoid_plot::SigmoidPlotCanvas;

fn js_error(message: impl std::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

impl Playground {
    /// The neuron or weight the lessons talk about: the selection, or the first output neuron.
    fn focus(&self) -> Focus {
        match self.selection {
            Some(Hit::Neuron { layer, index }) => Focus::Neuron { layer, index },
            Some(Hit::Weight { layer, to, from }) => Focus::Weight { layer, to, from },
            None => Focus::Neuron {
                layer: self.session.network().depth(),
                index: 0,
            },
        }
    }

    /// The neuron whose `net` the sigmoid plot marks: the selected neuron, the neuron a selected
    /// weight feeds, or the first output neuron (an input neuron has no net).
    fn focus_neuron(&self) -> (usize, usize) {
        match self.focus() {
            Focus::Neuron { layer, index } if layer > 0 => (layer, index),
            Focus::Weight { layer, to, .. } => (layer + 1, to),
            Focus::Neuron { .. } => (self.session.network().depth(), 0),
        }
    }
}

#[wasm_bindgen]
impl Playground {
    /// How many steps one pass of the selected sample has.
    pub fn step_count(&self) -> usize {
        steps(&self.session.snapshot(self.sample)).len()
    }

    /// Shows step `index` (highlighted on the canvas); a negative index leaves step mode.
    pub fn set_step(&mut self, index: i32) {
        self.step = usize::try_from(index)
            .ok()
            .filter(|&i| i < self.step_count());
    }

    /// The step on show, or -1.
    pub fn current_step(&self) -> i32 {
        self.step.map_or(-1, |i| i as i32)
    }

    /// The HTML of the step on show (or of the first step).
    pub fn step_html(&self) -> String {
        let snapshot = self.session.snapshot(self.sample);
        step_html(&snapshot, &steps(&snapshot), self.step.unwrap_or(0))
    }

    /// The derivation panel `name` ("sigmoid-slope", "output-error", "net-wrt-weight",
    /// "chain-product") for the neuron or weight in focus.
    pub fn derivation_html(&self, name: &str) -> Result<String, JsError> {
        let derivation = Derivation::from_name(name)
            .ok_or_else(|| js_error(format!("no derivation called {name:?}")))?;
        Ok(derivation_html(
            derivation,
            &self.session.snapshot(self.sample),
            self.focus(),
        ))
    }

    /// Draws σ and σ' with the focused neuron's `net` marked on `canvas`; returns false (and
    /// draws nothing) when that neuron is not a sigmoid, whose curve would mislead.
    pub fn draw_sigmoid_plot(&self, canvas: HtmlCanvasElement) -> Result<bool, JsValue> {
        let (layer, index) = self.focus_neuron();
        let snapshot = self.session.snapshot(self.sample);
        if snapshot.activation_of(layer) != Activation::Sigmoid {
            return Ok(false);
        }
        SigmoidPlotCanvas::new(canvas).draw(snapshot.net[layer][index])?;
        Ok(true)
    }

    /// Starts a gradient check of the network as it is now (replacing one that is running);
    /// [`Playground::gradient_check_step`] then runs it a slice at a time.
    pub fn start_gradient_check(&mut self) {
        let seed = self.session.seed() ^ self.session.epoch();
        self.gradient_check = Some(GradientCheck::new(
            self.session.network(),
            self.session.data(),
            &self.session.objective(),
            seed,
        ));
    }

    /// Runs the started check for about `budget_ms` (at least one parameter); returns
    /// `[checked, planned]`, and keeps the result once it is complete. `[0, 0]` when none runs.
    pub fn gradient_check_step(&mut self, budget_ms: f64) -> Vec<f64> {
        let Some(check) = self.gradient_check.as_mut() else {
            return vec![0.0, 0.0];
        };
        let start = now_ms();
        while !check.step(1) && now_ms() - start < budget_ms {}
        let progress = vec![check.checked() as f64, check.planned() as f64];
        if check.is_done() {
            self.gradient_check_done = self.gradient_check.take();
        }
        progress
    }

    /// Stops the running check; the last complete one stays.
    pub fn cancel_gradient_check(&mut self) {
        self.gradient_check = None;
    }

    /// Whether a gradient check is running.
    pub fn gradient_check_running(&self) -> bool {
        self.gradient_check.is_some()
    }

    /// The last complete gradient check as HTML, with a note when the weights have moved since
    /// it ran; empty when none has run.
    pub fn gradient_check_html(&self) -> String {
        let Some(check) = &self.gradient_check_done else {
            return String::new();
        };
        let moved = check.network() != self.session.network();
        let note = if moved {
            r#"<p class="why moved" data-moved="true">The weights have moved since this check ran: these are the gradients of the network as it was then. Run it again to check the network now.</p>"#
        } else {
            ""
        };
        format!(
            "{note}{}",
            gradient_check_html(
                check.rows(),
                check.network().layers(),
                check.total_parameters()
            )
        )
    }

    /// What the checker asks for `kind` ("delta", "gradient" or "new-weight") at the selection:
    /// JSON `{"label": "δ(o₁)", "factors": ["∂E/∂a(o₁)", …]}`.
    pub fn checker_fields(&self, kind: &str) -> Result<String, JsError> {
        let quantity = self.quantity(kind)?;
        let layers = self.session.network().layers();
        let factors = checker::factor_names(&quantity, layers);
        Ok(Json::object([
            (
                "label",
                Some(Json::string(checker::quantity_label(&quantity, layers))),
            ),
            (
                "factors",
                Some(Json::Array(factors.into_iter().map(Json::string).collect())),
            ),
        ])
        .to_text())
    }

    /// Checks a learner's `value` (and any `factors`, NaN for a blank one) for `kind` at the
    /// selection, against the network now or, with `against_start`, as it started (epoch 0).
    /// Returns the verdict as HTML whose root carries `data-correct`, `data-epoch` (the state
    /// compared with), `data-slip` (the usual slip found, if any) and `data-matches` (`"start"`
    /// or `"sample"` when a wrong answer is right for the starting weights or another sample).
    pub fn check_answer(
        &self,
        kind: &str,
        value: f64,
        factors: Vec<f64>,
        against_start: bool,
    ) -> Result<String, JsError> {
        let quantity = self.quantity(kind)?;
        let answer = Answer {
            value,
            factors: factors
                .into_iter()
                .map(|f| if f.is_nan() { None } else { Some(f) })
                .collect(),
        };
        // The starting network is built only when it is needed: to check against it, or to see
        // whether a wrong answer is right there.
        let mut start = against_start.then(|| self.session.at_start());
        let snapshot = match &start {
            Some(start) => start.snapshot(self.sample),
            None => self.session.snapshot(self.sample),
        };
        let verdict = checker::check(&snapshot, &quantity, &answer).map_err(js_error)?;
        if !verdict.correct && !against_start && self.session.epoch() > 0 {
            start = Some(self.session.at_start());
        }
        let right_for =
            |other: &Snapshot| checker::check(other, &quantity, &answer).is_ok_and(|v| v.correct);
        let label = checker::quantity_label(&quantity, self.session.network().layers());
        let mut matches = "";
        let mut note = String::new();
        if !verdict.correct {
            if let Some(start) = start.as_ref().filter(|_| !against_start) {
                if right_for(&start.snapshot(self.sample)) {
                    matches = "start";
                    note = format!(
                        "This is {label} at epoch 0, with the starting weights; the network has \
                         trained {} epochs since. Choose “the starting weights” above to check \
                         against them, or press Reset.",
                        self.session.epoch()
                    );
                }
            }
            let samples = self.session.data().len();
            if matches.is_empty() && samples > 1 && !against_start {
                // Another sample's value? (The first 64 are tried: each is a pass of its own.)
                if let Some(i) = (0..samples.min(64))
                    .filter(|&i| i != self.sample)
                    .find(|&i| right_for(&self.session.snapshot(i)))
                {
                    matches = "sample";
                    note = format!(
                        "This is {label} for sample {} of {samples}; the inspector shows sample \
                         {}. Pick sample {} to check it there.",
                        i + 1,
                        self.sample + 1,
                        i + 1
                    );
                }
            }
        }
        let note = if note.is_empty() {
            note
        } else {
            format!(r#"<p class="why other-state">{note}</p>"#)
        };
        Ok(format!(
            r#"<div class="verdict" data-correct="{}" data-expected="{}" data-epoch="{}" data-slip="{}" data-matches="{matches}">{}{note}</div>"#,
            verdict.correct,
            verdict.expected,
            snapshot.epoch,
            verdict.slip.unwrap_or(""),
            verdict.html
        ))
    }

    fn quantity(&self, kind: &str) -> Result<Quantity, JsError> {
        match (kind, self.focus()) {
            ("delta", Focus::Neuron { layer, index }) if layer > 0 => {
                Ok(Quantity::Delta { layer, index })
            }
            ("delta", _) => Err(js_error(
                "select a hidden or output neuron to check its δ (inputs have none)",
            )),
            ("gradient", Focus::Weight { layer, to, from }) => {
                Ok(Quantity::Gradient { layer, to, from })
            }
            ("new-weight", Focus::Weight { layer, to, from }) => {
                Ok(Quantity::UpdatedWeight { layer, to, from })
            }
            ("gradient" | "new-weight", _) => Err(js_error("select a weight first")),
            _ => Err(js_error(format!("nothing to check called {kind:?}"))),
        }
    }

    /// The whole forward pass, backward pass and update of the selected sample as Markdown
    /// with LaTeX formulas.
    pub fn export_markdown(&self) -> String {
        step_markdown(&self.session.snapshot(self.sample))
    }
}
