//! What a saved state (a link, a reload) holds beyond the spec: the training's progress, the
//! loss curves, the selection and the sample, so that the page comes back exactly as it was.
//!
//! The spec travels on its own (old links hold only it); [`Resume`] is the rest. Restoring checks
//! everything before anything changes: a damaged state is refused whole, never half-loaded.

use crate::model::json::{self, Json};
use crate::model::json_read::{list, number, numbers, size, string, tuple, whole, Object, Read};
use crate::model::{Session, SpecError};
use crate::nn::Progress;
use crate::view::history::{LossHistory, SavedHistory};
use crate::view::layout::Hit;

/// The largest resume text read, in bytes (a full loss curve is about 100 KB).
const MAX_RESUME_BYTES: usize = 4 << 20;

#[derive(Clone, Debug, PartialEq)]
pub struct Resume {
    pub progress: Progress,
    pub history: SavedHistory,
    /// The test set's curve, with a test set only.
    pub test_history: Option<SavedHistory>,
    /// What the inspector is open on: `[layer, index]` for a neuron, `[layer, to, from]` for a
    /// weight (a plain array keeps the module small: a tagged enum costs kilobytes of wasm).
    pub selection: Vec<usize>,
    /// The training sample the inspector shows.
    pub sample: usize,
}

/// A session and what the page shows of it, checked and ready to put in place.
#[derive(Debug)]
pub struct Restored {
    pub session: Session,
    pub history: LossHistory,
    pub test_history: LossHistory,
    pub selection: Option<Hit>,
    pub sample: usize,
}

impl Resume {
    /// What the page saves of `session` besides its spec.
    pub fn of(
        session: &Session,
        history: &LossHistory,
        test_history: &LossHistory,
        selection: Option<Hit>,
        sample: usize,
    ) -> Resume {
        Resume {
            progress: session.progress(),
            history: history.saved(),
            test_history: session.test_data().map(|_| test_history.saved()),
            selection: match selection {
                Some(Hit::Neuron { layer, index }) => vec![layer, index],
                Some(Hit::Weight { layer, to, from }) => vec![layer, to, from],
                None => Vec::new(),
            },
            sample,
        }
    }

    /// The saved selection as a [`Hit`], or what is wrong with it.
    fn hit(&self) -> Result<Option<Hit>, SpecError> {
        match self.selection[..] {
            [] => Ok(None),
            [layer, index] => Ok(Some(Hit::Neuron { layer, index })),
            [layer, to, from] => Ok(Some(Hit::Weight { layer, to, from })),
            _ => Err(refuse(
                "resume.selection",
                "must be [layer, index] or [layer, to, from]".into(),
            )),
        }
    }

    /// The resume as one line of JSON: fields left out when empty, as the reader expects.
    pub fn to_json(&self) -> String {
        let progress = &self.progress;
        Json::object([
            (
                "progress",
                Some(Json::object([
                    ("epoch", Some(Json::whole(progress.epoch))),
                    (
                        "shuffle_position",
                        Some(Json::string(progress.shuffle_position.clone())),
                    ),
                    (
                        "velocity",
                        (!progress.velocity.is_empty()).then(|| Json::numbers(&progress.velocity)),
                    ),
                    (
                        "bias_velocity",
                        (!progress.bias_velocity.is_empty())
                            .then(|| Json::numbers(&progress.bias_velocity)),
                    ),
                    (
                        "batch_position",
                        (progress.batch_position != 0)
                            .then(|| Json::whole(progress.batch_position as u64)),
                    ),
                ])),
            ),
            ("history", Some(history_value(&self.history))),
            (
                "test_history",
                self.test_history.as_ref().map(history_value),
            ),
            (
                "selection",
                (!self.selection.is_empty()).then(|| {
                    Json::Array(
                        self.selection
                            .iter()
                            .map(|&n| Json::whole(n as u64))
                            .collect(),
                    )
                }),
            ),
            ("sample", Some(Json::whole(self.sample as u64))),
        ])
        .to_text()
    }

    /// Parses a resume, naming the field that is wrong.
    pub fn from_json(text: &str) -> Result<Resume, SpecError> {
        if text.len() > MAX_RESUME_BYTES {
            return Err(refuse(
                "resume",
                format!("{} bytes is too long", text.len()),
            ));
        }
        let value =
            json::parse(text).map_err(|e| refuse("resume", format!("not valid JSON: {e}")))?;
        let resume = Object::of(
            &value,
            "resume",
            &["progress", "history", "test_history", "selection", "sample"],
        )?;
        Ok(Resume {
            progress: resume.required("progress", progress)?,
            history: resume.required("history", history)?,
            test_history: resume.optional("test_history", history)?,
            selection: resume
                .optional("selection", |v, p| list(v, p, size))?
                .unwrap_or_default(),
            sample: resume.optional("sample", size)?.unwrap_or_default(),
        })
    }

    /// The session `spec` describes, gone on to this resume's progress, with its curves,
    /// selection and sample; or what is wrong, with nothing built. `capacity`: the curves' size.
    pub fn restore(&self, spec: &str, capacity: usize) -> Result<Restored, SpecError> {
        let mut session = Session::from_json(spec)?;
        session.resume(&self.progress)?;
        let curve = |field: &str, saved: &SavedHistory| {
            LossHistory::restored(capacity, saved).map_err(|m| refuse(field, m))
        };
        let history = curve("resume.history", &self.history)?;
        let test_history = match (&self.test_history, session.test_data()) {
            (Some(saved), Some(_)) => curve("resume.test_history", saved)?,
            (None, None) => LossHistory::new(capacity),
            (Some(_), None) => {
                return Err(refuse(
                    "resume.test_history",
                    "given, but the spec has no test set".into(),
                ))
            }
            (None, Some(_)) => {
                return Err(refuse(
                    "resume.test_history",
                    "missing: the spec has a test set".into(),
                ))
            }
        };
        let selection = self.hit()?;
        if let Some(hit) = selection {
            if !exists(&session, hit) {
                return Err(refuse(
                    "resume.selection",
                    format!("{hit:?} is not in this network"),
                ));
            }
        }
        let samples = session.data().len();
        if self.sample >= samples {
            return Err(refuse(
                "resume.sample",
                format!(
                    "{} is not one of the {samples} training samples",
                    self.sample
                ),
            ));
        }
        Ok(Restored {
            session,
            history,
            test_history,
            selection,
            sample: self.sample,
        })
    }
}

/// Whether `hit` names a neuron or weight of `session`'s network.
pub fn exists(session: &Session, hit: Hit) -> bool {
    let layers = session.network().layers();
    match hit {
        Hit::Neuron { layer, index } => layer < layers.len() && index < layers[layer],
        Hit::Weight { layer, to, from } => {
            layer + 1 < layers.len() && to < layers[layer + 1] && from < layers[layer]
        }
    }
}

fn progress(value: &Json, path: &str) -> Read<Progress> {
    let fields = Object::of(
        value,
        path,
        &[
            "epoch",
            "shuffle_position",
            "velocity",
            "bias_velocity",
            "batch_position",
        ],
    )?;
    Ok(Progress {
        epoch: fields.required("epoch", whole)?,
        shuffle_position: fields
            .required("shuffle_position", |v, p| string(v, p).map(String::from))?,
        velocity: fields.optional("velocity", numbers)?.unwrap_or_default(),
        bias_velocity: fields
            .optional("bias_velocity", numbers)?
            .unwrap_or_default(),
        batch_position: fields.optional("batch_position", size)?.unwrap_or_default(),
    })
}

/// A loss curve: `{"stride": s, "points": [[epoch, loss], …], "buckets": [[sum, count], …]}`
/// (`buckets` only when `stride > 1`).
fn history_value(history: &SavedHistory) -> Json {
    let pair = |a: Json, b: Json| Json::Array(vec![a, b]);
    Json::object([
        ("stride", Some(Json::whole(history.stride))),
        (
            "points",
            Some(Json::Array(
                history
                    .points
                    .iter()
                    .map(|&(epoch, loss)| pair(Json::whole(epoch), Json::number(loss)))
                    .collect(),
            )),
        ),
        (
            "buckets",
            (!history.buckets.is_empty()).then(|| {
                Json::Array(
                    history
                        .buckets
                        .iter()
                        .map(|&(sum, count)| pair(Json::number(sum), Json::whole(count)))
                        .collect(),
                )
            }),
        ),
    ])
}

fn history(value: &Json, path: &str) -> Read<SavedHistory> {
    let fields = Object::of(value, path, &["stride", "points", "buckets"])?;
    Ok(SavedHistory {
        stride: fields.required("stride", whole)?,
        points: fields.required("points", |v, p| {
            list(v, p, |v, p| {
                let [epoch, loss] = tuple(v, p)?;
                Ok((whole(epoch, p)?, number(loss, p)?))
            })
        })?,
        buckets: fields
            .optional("buckets", |v, p| {
                list(v, p, |v, p| {
                    let [sum, count] = tuple(v, p)?;
                    Ok((number(sum, p)?, whole(count, p)?))
                })
            })?
            .unwrap_or_default(),
    })
}

fn refuse(field: &str, message: String) -> SpecError {
    SpecError {
        field: field.into(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"{"layers":[2,3,1],"activation":"sigmoid","bias":true,"seed":3,
        "learning_rate":0.5,"batch_size":7,"momentum":0.4,
        "data":{"dataset":"circle","samples":40,"test_share":0.25}}"#;

    /// A session trained `epochs` epochs, its curves pushed every epoch as the page does.
    fn trained(epochs: u64) -> (Session, LossHistory, LossHistory) {
        let mut session = Session::from_json(SPEC).unwrap();
        let (mut history, mut test_history) = (LossHistory::new(64), LossHistory::new(64));
        for epoch in 1..=epochs {
            session.train_epoch().unwrap();
            history.push(epoch, session.loss());
            test_history.push(epoch, session.test_loss().unwrap());
        }
        (session, history, test_history)
    }

    #[test]
    fn a_restored_state_is_the_saved_one_and_trains_on_identically() {
        let (mut session, history, test_history) = trained(150);
        let hit = Hit::Weight {
            layer: 1,
            to: 0,
            from: 2,
        };
        let text = Resume::of(&session, &history, &test_history, Some(hit), 5).to_json();
        let spec = session.spec().to_json();
        let mut restored = Resume::from_json(&text)
            .unwrap()
            .restore(&spec, 64)
            .unwrap();
        assert_eq!(restored.session.epoch(), 150);
        assert_eq!(restored.history.points(), history.points());
        assert_eq!(restored.test_history.points(), test_history.points());
        assert_eq!((restored.selection, restored.sample), (Some(hit), 5));
        for _ in 0..10 {
            session.train_epoch().unwrap();
            restored.session.train_epoch().unwrap();
        }
        assert_eq!(restored.session.spec(), session.spec());
    }

    #[test]
    fn a_damaged_resume_is_refused_naming_its_field() {
        let (session, history, test_history) = trained(3);
        let spec = session.spec().to_json();
        let good = Resume::of(&session, &history, &test_history, None, 0);
        let refused = |resume: &Resume, field: &str| {
            let error = resume.restore(&spec, 64).unwrap_err();
            assert_eq!(error.field, field, "{error}");
        };
        refused(
            &Resume {
                sample: 30,
                ..good.clone()
            },
            "resume.sample",
        );
        refused(
            &Resume {
                selection: vec![1, 3],
                ..good.clone()
            },
            "resume.selection",
        );
        refused(
            &Resume {
                test_history: None,
                ..good.clone()
            },
            "resume.test_history",
        );
        let error = Resume::from_json(r#"{"progress":{"epoch":-1}}"#).unwrap_err();
        assert_eq!(error.field, "resume.progress.epoch", "{error}");
        let error = Resume::from_json("{").unwrap_err();
        assert_eq!(error.field, "resume", "{error}");
    }
}
