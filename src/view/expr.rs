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
    /// `top / bottom` as a fraction: `½`.
    Frac(Box<Expr>, Box<Expr>),
    /// `base` with a subscript: `t_k`.
    Sub(Box<Expr>, Box<Expr>),
    /// `Σ` over the index named: `Σ_k`, followed by what it sums.
    Sum(&'static str),
    /// In square brackets everywhere: `[…]`.
    Bracket(Box<Expr>),
    /// A sign in front, with no space after it: the `−` of `−Σ_k`.
    Sign(&'static str),
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

    pub fn frac(top: Expr, bottom: Expr) -> Expr {
        Expr::Frac(Box::new(top), Box::new(bottom))
    }

    pub fn subscript(base: Expr, subscript: Expr) -> Expr {
        Expr::Sub(Box::new(base), Box::new(subscript))
    }

    pub fn bracket(inner: Expr) -> Expr {
        Expr::Bracket(Box::new(inner))
    }

    /// `½`.
    pub fn half() -> Expr {
        Expr::frac(Expr::Num("1"), Expr::Num("2"))
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
            Expr::Frac(top, bottom) => {
                format!("<mfrac>{}{}</mfrac>", top.mathml_one(), bottom.mathml_one())
            }
            Expr::Sub(base, subscript) => {
                format!("<msub>{}{}</msub>", base.mathml(), subscript.mathml())
            }
            Expr::Sum(index) => format!("<munder><mo>∑</mo><mi>{index}</mi></munder>"),
            Expr::Bracket(inner) => format!("<mrow><mo>[</mo>{}<mo>]</mo></mrow>", inner.mathml()),
            Expr::Sign(sign) => format!("<mo>{sign}</mo>"),
        }
    }

    /// As one MathML element (a row in `<mrow>`), as a fraction's parts must be.
    fn mathml_one(&self) -> String {
        match self {
            Expr::Row(_) => format!("<mrow>{}</mrow>", self.mathml()),
            _ => self.mathml(),
        }
    }

    /// As one term in plain text (a row in parentheses), as a fraction's parts are written.
    fn text_one(&self) -> String {
        match self {
            Expr::Row(_) => format!("({})", self.text()),
            _ => self.text(),
        }
    }

    /// As a factor of a product: a row in parentheses (`(a − t)·…`), anything else as it is.
    pub fn factor(self) -> Expr {
        match self {
            Expr::Row(_) => Expr::paren(self),
            other => other,
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
            Expr::Func("ln") => "\\ln".into(),
            Expr::Func(name) => format!("\\mathrm{{{name}}}"),
            Expr::Prime(f) => format!("{}'", f.latex()),
            Expr::Frac(top, bottom) if **top == Expr::Num("1") && **bottom == Expr::Num("2") => {
                "\\tfrac12 ".into()
            }
            Expr::Frac(top, bottom) => format!("\\frac{{{}}}{{{}}}", top.latex(), bottom.latex()),
            Expr::Sub(base, subscript) => match subscript.latex() {
                one if one.chars().count() == 1 => format!("{}_{one}", base.latex()),
                many => format!("{}_{{{many}}}", base.latex()),
            },
            Expr::Sum(index) => format!("\\sum_{index} "),
            Expr::Bracket(inner) => format!("\\left[{}\\right]", inner.latex()),
            Expr::Sign("−") => "-".into(),
            Expr::Sign(sign) => (*sign).to_string(),
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
            Expr::Frac(top, bottom) if **top == Expr::Num("1") && **bottom == Expr::Num("2") => {
                "½ ".into()
            }
            Expr::Frac(top, bottom) => format!("{}/{}", top.text_one(), bottom.text_one()),
            Expr::Sub(base, subscript) => format!("{}_{}", base.text(), subscript.text()),
            Expr::Sum(index) => format!("Σ_{index} "),
            Expr::Bracket(inner) => format!("[{}]", inner.text()),
            Expr::Sign(sign) => (*sign).to_string(),
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

    #[test]
    fn sums_fractions_subscripts_and_brackets_in_three_media() {
        let k = |name: &str| Expr::subscript(Expr::ident(name), Expr::ident("k"));
        // ½ Σ_k [t_k], and −Σ_k with a subscript longer than one letter.
        let e = Expr::row(vec![Expr::half(), Expr::Sum("k"), Expr::bracket(k("t"))]);
        assert_eq!(
            e.mathml(),
            "<mfrac><mn>1</mn><mn>2</mn></mfrac><munder><mo>∑</mo><mi>k</mi></munder>\
             <mrow><mo>[</mo><msub><mi>t</mi><mi>k</mi></msub><mo>]</mo></mrow>"
        );
        assert_eq!(e.latex(), "\\tfrac12 \\sum_k \\left[t_k\\right]");
        assert_eq!(e.text(), "½ Σ_k [t_k]");
        let e = Expr::row(vec![
            Expr::Sign("−"),
            Expr::subscript(Expr::ident("w"), Expr::ident("jk")),
            Expr::Op("·"),
            Expr::apply(
                Expr::Func("ln"),
                Expr::frac(Expr::ident("a"), Expr::Num("3")),
            ),
        ]);
        assert_eq!(
            e.mathml(),
            "<mo>−</mo><msub><mi>w</mi><mi>jk</mi></msub><mo>·</mo><mi>ln</mi>\
             <mrow><mo>(</mo><mfrac><mi>a</mi><mn>3</mn></mfrac><mo>)</mo></mrow>"
        );
        assert_eq!(e.latex(), "-w_{jk} \\cdot \\ln(\\frac{a}{3})");
        assert_eq!(e.text(), "−w_jk · ln(a/3)");
    }
}
