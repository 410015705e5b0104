//! A small expression tree with three renderers: MathML (the inspector, derivations and
//! step-through), LaTeX (the Markdown export) and plain text (sentences and the checker). A
//! formula is written once as an [`Expr`] and shown in each medium from that one definition,
//! instead of three hand-written strings that can drift apart.
//!
//! [`Expr::Markup`] carries markup the caller already rendered for the medium being drawn (a
//! neuron's label with subscripts, say), so a formula can take its symbols from its caller.

/// One node of a formula.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A variable or function name: `a`, `net`.
    Ident(String),
    /// A literal number, written as given: `1`, `0`, `2`.
    Num(&'static str),
    /// An operator: `−`, `>`, `·`.
    Op(&'static str),
    /// Words inside a formula, with a space either side: `if`, `else`.
    Words(&'static str),
    /// Markup the caller rendered for the medium being drawn.
    Markup(String),
    /// The parts one after the other.
    Row(Vec<Expr>),
    /// In parentheses in formulas, bare in plain text, where it reads as one factor anyway:
    /// `(1 − a²)` is `1 − a²` in a sentence.
    Group(Box<Expr>),
    /// In parentheses everywhere.
    Paren(Box<Expr>),
    /// `base` to a small whole power: `a²`.
    Power(Box<Expr>, u32),
    /// A function's name: `σ`, `tanh`, `relu` (in LaTeX `\sigma`, `\tanh`, `\mathrm{relu}`).
    Func(&'static str),
    /// Its derivative's name: `σ′`.
    Prime(Box<Expr>),
}

impl Expr {
    pub fn ident(name: &str) -> Expr {
        Expr::Ident(name.to_string())
    }

    pub fn markup(markup: &str) -> Expr {
        Expr::Markup(markup.to_string())
    }

    pub fn row(parts: Vec<Expr>) -> Expr {
        Expr::Row(parts)
    }

    pub fn group(inner: Expr) -> Expr {
        Expr::Group(Box::new(inner))
    }

    pub fn paren(inner: Expr) -> Expr {
        Expr::Paren(Box::new(inner))
    }

    pub fn power(base: Expr, exponent: u32) -> Expr {
        Expr::Power(Box::new(base), exponent)
    }

    pub fn prime(f: Expr) -> Expr {
        Expr::Prime(Box::new(f))
    }

    /// `f(arg)`.
    pub fn apply(f: Expr, arg: Expr) -> Expr {
        Expr::row(vec![f, Expr::paren(arg)])
    }

    /// MathML (the content of a `<math>` element).
    pub fn mathml(&self) -> String {
        match self {
            Expr::Ident(name) => format!("<mi>{name}</mi>"),
            Expr::Num(n) => format!("<mn>{n}</mn>"),
            Expr::Op(">") => "<mo>&gt;</mo>".into(),
            Expr::Op(op) => format!("<mo>{op}</mo>"),
            Expr::Words(words) => format!("<mtext>&#xA0;{words}&#xA0;</mtext>"),
            Expr::Markup(markup) => markup.clone(),
            Expr::Row(parts) => parts.iter().map(Expr::mathml).collect(),
            Expr::Group(inner) | Expr::Paren(inner) => {
                format!("<mrow><mo>(</mo>{}<mo>)</mo></mrow>", inner.mathml())
            }
            Expr::Power(base, exponent) => {
                format!("<msup>{}<mn>{exponent}</mn></msup>", base.mathml())
            }
            Expr::Func(name) => format!("<mi>{name}</mi>"),
            Expr::Prime(f) => format!("<msup>{}<mo>′</mo></msup>", f.mathml()),
        }
    }

    /// LaTeX (inside `$…$`).
    pub fn latex(&self) -> String {
        match self {
            Expr::Ident(name) => name.clone(),
            Expr::Num(n) => (*n).to_string(),
            Expr::Op("−") => " - ".into(),
            Expr::Op("·") => " \\cdot ".into(),
            Expr::Op(op) => format!(" {op} "),
            Expr::Words(words) => format!("\\text{{ {words} }}"),
            Expr::Markup(markup) => markup.clone(),
            Expr::Row(parts) => parts.iter().map(Expr::latex).collect(),
            Expr::Group(inner) | Expr::Paren(inner) => format!("({})", inner.latex()),
            Expr::Power(base, exponent) => format!("{}^{exponent}", base.latex()),
            Expr::Func("σ") => "\\sigma".into(),
            Expr::Func("tanh") => "\\tanh".into(),
            Expr::Func(name) => format!("\\mathrm{{{name}}}"),
            Expr::Prime(f) => format!("{}'", f.latex()),
        }
    }

    /// Plain text, with Unicode signs and superscripts.
    pub fn text(&self) -> String {
        match self {
            Expr::Ident(name) => name.clone(),
            Expr::Num(n) => (*n).to_string(),
            Expr::Op(op) => format!(" {op} "),
            Expr::Words(words) => format!(" {words} "),
            Expr::Markup(markup) => markup.clone(),
            Expr::Row(parts) => parts.iter().map(Expr::text).collect(),
            Expr::Group(inner) => inner.text(),
            Expr::Paren(inner) => format!("({})", inner.text()),
            Expr::Power(base, exponent) => {
                format!(
                    "{}{}",
                    base.text(),
                    crate::view::labels::superscript(*exponent as usize)
                )
            }
            Expr::Func(name) => (*name).to_string(),
            Expr::Prime(f) => format!("{}′", f.text()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_tree_three_media() {
        // 1 − a², in parentheses where it is a factor.
        let e = Expr::group(Expr::row(vec![
            Expr::Num("1"),
            Expr::Op("−"),
            Expr::power(Expr::ident("a"), 2),
        ]));
        assert_eq!(
            e.mathml(),
            "<mrow><mo>(</mo><mn>1</mn><mo>−</mo><msup><mi>a</mi><mn>2</mn></msup><mo>)</mo></mrow>"
        );
        assert_eq!(e.latex(), "(1 - a^2)");
        assert_eq!(e.text(), "1 − a²");
        let words = Expr::row(vec![
            Expr::Num("1"),
            Expr::Words("if"),
            Expr::markup("<mi>x</mi>"),
            Expr::Op(">"),
            Expr::Num("0"),
        ]);
        assert_eq!(
            words.mathml(),
            "<mn>1</mn><mtext>&#xA0;if&#xA0;</mtext><mi>x</mi><mo>&gt;</mo><mn>0</mn>"
        );
        assert_eq!(words.latex(), "1\\text{ if }<mi>x</mi> > 0");
    }
}
