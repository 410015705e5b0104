//! Neuron and weight labels: the one convention used on the canvas, in the inspector and in docs.
//!
//! Inputs are `x₁ x₂ …`, outputs `o₁ o₂ …`. Hidden neurons are `h₁ h₂ …` when there is exactly
//! one hidden layer, and `h¹₁ h¹₂ … h²₁ …` when there are several (superscript: the hidden
//! layer's number, which is its layer index `l`; subscript: the neuron's index + 1).
//! A weight `w_jk` goes from neuron `j` of layer `l` to neuron `k` of layer `l + 1` and is written
//! `w(h₁→o₂)` on the canvas and `w` with the subscript `h₁o₂` (from, then to) in formulas.
//!
//! Every label is made of fixed letters and digits only, so it is safe to put into HTML as is.

/// What a layer is: input (layer 0), output (the last layer) or hidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Input,
    Hidden,
    Output,
}

impl Role {
    pub fn of(layers: &[usize], layer: usize) -> Role {
        if layer == 0 {
            Role::Input
        } else if layer + 1 >= layers.len() {
            Role::Output
        } else {
            Role::Hidden
        }
    }

    /// `"input"`, `"hidden"` or `"output"`, as in "hidden neuron h₂".
    pub fn name(self) -> &'static str {
        match self {
            Role::Input => "input",
            Role::Hidden => "hidden",
            Role::Output => "output",
        }
    }

    fn letter(self) -> char {
        match self {
            Role::Input => 'x',
            Role::Hidden => 'h',
            Role::Output => 'o',
        }
    }
}

/// The letter, the optional superscript (the hidden layer's number) and the subscript.
fn parts(layers: &[usize], layer: usize, index: usize) -> (char, Option<usize>, usize) {
    let role = Role::of(layers, layer);
    let several_hidden = layers.len() > 3;
    let superscript = (role == Role::Hidden && several_hidden).then_some(layer);
    (role.letter(), superscript, index + 1)
}

const SUBSCRIPT_DIGITS: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
const SUPERSCRIPT_DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

fn digits_with(n: usize, table: &[char; 10]) -> String {
    n.to_string()
        .bytes()
        .map(|b| table[usize::from(b - b'0')])
        .collect()
}

/// `12` → `₁₂`.
pub fn subscript(n: usize) -> String {
    digits_with(n, &SUBSCRIPT_DIGITS)
}

/// `12` → `¹²`.
pub fn superscript(n: usize) -> String {
    digits_with(n, &SUPERSCRIPT_DIGITS)
}

/// Plain Unicode label for the canvas: `x₁`, `h₂`, `h¹₃`, `o₁`.
pub fn neuron_label(layers: &[usize], layer: usize, index: usize) -> String {
    let (letter, sup, sub) = parts(layers, layer, index);
    let sup = sup.map(superscript).unwrap_or_default();
    format!("{letter}{sup}{}", subscript(sub))
}

/// The same label as MathML: `<msub><mi>x</mi><mn>1</mn></msub>`, or with several hidden layers
/// `<msubsup><mi>h</mi><mn>3</mn><mn>1</mn></msubsup>` for `h¹₃`.
pub fn neuron_mathml(layers: &[usize], layer: usize, index: usize) -> String {
    match parts(layers, layer, index) {
        (letter, None, sub) => format!("<msub><mi>{letter}</mi><mn>{sub}</mn></msub>"),
        (letter, Some(sup), sub) => {
            format!("<msubsup><mi>{letter}</mi><mn>{sub}</mn><mn>{sup}</mn></msubsup>")
        }
    }
}

/// `w(h₁→o₂)`: the weight from neuron `j` of layer `l` to neuron `k` of layer `l + 1`.
pub fn weight_label(layers: &[usize], l: usize, k: usize, j: usize) -> String {
    format!(
        "w({}→{})",
        neuron_label(layers, l, j),
        neuron_label(layers, l + 1, k)
    )
}

/// `w` with the subscript `h₁o₂` (from `j`, then to `k`: the thread's `w_jk` order), as MathML.
pub fn weight_mathml(layers: &[usize], l: usize, k: usize, j: usize) -> String {
    format!(
        "<msub><mi>w</mi><mrow>{}{}</mrow></msub>",
        neuron_mathml(layers, l, j),
        neuron_mathml(layers, l + 1, k)
    )
}

/// `b(o₁)`: the bias of neuron `k` of layer `l + 1` (stored as `biases[l][k]`).
pub fn bias_label(layers: &[usize], l: usize, k: usize) -> String {
    format!("b({})", neuron_label(layers, l + 1, k))
}

/// `b` with the neuron's label as subscript, as MathML.
pub fn bias_mathml(layers: &[usize], l: usize, k: usize) -> String {
    format!("<msub><mi>b</mi>{}</msub>", neuron_mathml(layers, l + 1, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOY: [usize; 3] = [2, 2, 2];
    const DEEP: [usize; 5] = [3, 4, 12, 4, 2];

    #[test]
    fn digits_convert_including_multi_digit_numbers() {
        assert_eq!(subscript(0), "₀");
        assert_eq!(subscript(1), "₁");
        assert_eq!(subscript(109), "₁₀₉");
        assert_eq!(superscript(2), "²");
        assert_eq!(superscript(10), "¹⁰");
    }

    #[test]
    fn roles_follow_the_layer_index() {
        assert_eq!(Role::of(&TOY, 0), Role::Input);
        assert_eq!(Role::of(&TOY, 1), Role::Hidden);
        assert_eq!(Role::of(&TOY, 2), Role::Output);
        assert_eq!(Role::of(&[2, 1], 1), Role::Output);
        assert_eq!(Role::Hidden.name(), "hidden");
    }

    #[test]
    fn neuron_labels_with_one_hidden_layer() {
        assert_eq!(neuron_label(&TOY, 0, 0), "x₁");
        assert_eq!(neuron_label(&TOY, 0, 1), "x₂");
        assert_eq!(neuron_label(&TOY, 1, 1), "h₂");
        assert_eq!(neuron_label(&TOY, 2, 0), "o₁");
        assert_eq!(neuron_label(&[2, 1], 1, 0), "o₁");
    }

    #[test]
    fn neuron_labels_with_several_hidden_layers_carry_the_layer_number() {
        assert_eq!(neuron_label(&DEEP, 0, 2), "x₃");
        assert_eq!(neuron_label(&DEEP, 1, 0), "h¹₁");
        assert_eq!(neuron_label(&DEEP, 2, 11), "h²₁₂");
        assert_eq!(neuron_label(&DEEP, 3, 3), "h³₄");
        assert_eq!(neuron_label(&DEEP, 4, 1), "o₂");
    }

    #[test]
    fn neuron_mathml_matches_the_plain_label() {
        assert_eq!(
            neuron_mathml(&TOY, 0, 0),
            "<msub><mi>x</mi><mn>1</mn></msub>"
        );
        assert_eq!(
            neuron_mathml(&TOY, 1, 1),
            "<msub><mi>h</mi><mn>2</mn></msub>"
        );
        assert_eq!(
            neuron_mathml(&DEEP, 2, 11),
            "<msubsup><mi>h</mi><mn>12</mn><mn>2</mn></msubsup>"
        );
        assert_eq!(
            neuron_mathml(&DEEP, 4, 0),
            "<msub><mi>o</mi><mn>1</mn></msub>"
        );
    }

    #[test]
    fn weight_labels_go_from_j_to_k() {
        assert_eq!(weight_label(&TOY, 1, 1, 0), "w(h₁→o₂)");
        assert_eq!(weight_label(&TOY, 0, 0, 1), "w(x₂→h₁)");
        assert_eq!(weight_label(&DEEP, 1, 10, 2), "w(h¹₃→h²₁₁)");
        assert_eq!(
            weight_mathml(&TOY, 1, 1, 0),
            "<msub><mi>w</mi><mrow><msub><mi>h</mi><mn>1</mn></msub>\
             <msub><mi>o</mi><mn>2</mn></msub></mrow></msub>"
        );
    }

    #[test]
    fn bias_labels_name_their_neuron() {
        assert_eq!(bias_label(&TOY, 1, 0), "b(o₁)");
        assert_eq!(
            bias_mathml(&TOY, 0, 1),
            "<msub><mi>b</mi><msub><mi>h</mi><mn>2</mn></msub></msub>"
        );
    }
}
