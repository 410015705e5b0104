//! The trained network as a small standalone function, in Python or Rust, to take away: its
//! weights and biases written out as literals and the same forward pass as the core
//! (`net^(l+1) = W^l a^l + b^l`, then `a = f(net)` layer by layer), so it computes the same
//! outputs as the page.
//!
//! Numbers are written in their shortest form that parses back to exactly the same `f64` (Rust's
//! `{:?}`; Python reads such a literal to the same double), so nothing is lost but the order of
//! the additions (a difference in the last bits). Python needs only the standard library.

use crate::nn::Network;

/// The name of the activation applied to each layer above the input: `names[l]` gives layer
/// `l + 1` its `a = f(net)`. The code is chosen by name (see [`activation_code`]), so a new
/// activation in the core needs only its two snippets there.
fn layer_activations(network: &Network) -> Vec<&'static str> {
    network.activations().iter().map(|f| f.name()).collect()
}

/// How to write one activation function, by its name in the spec.
struct ActivationCode {
    /// `def name(net): ...` (after `import math`).
    python: &'static str,
    /// `fn name(net: f64) -> f64 { ... }`, indented to sit inside `predict`.
    rust: &'static str,
}

fn activation_code(name: &str) -> Option<ActivationCode> {
    Some(match name {
        "sigmoid" => ActivationCode {
            python: "def sigmoid(net):\n    \
                     # 1 / (1 + e^-net), written so that math.exp never overflows.\n    \
                     if net >= 0:\n        \
                     return 1.0 / (1.0 + math.exp(-net))\n    \
                     e = math.exp(net)\n    \
                     return e / (1.0 + e)\n",
            rust: "    fn sigmoid(net: f64) -> f64 {\n        \
                   1.0 / (1.0 + (-net).exp())\n    \
                   }\n",
        },
        "tanh" => ActivationCode {
            python: "def tanh(net):\n    return math.tanh(net)\n",
            rust: "    fn tanh(net: f64) -> f64 {\n        net.tanh()\n    }\n",
        },
        "relu" => ActivationCode {
            // A comparison rather than `max`, as in the core: a NaN `net` stays NaN.
            python: "def relu(net):\n    return 0.0 if net < 0.0 else net\n",
            rust: "    fn relu(net: f64) -> f64 {\n        \
                   if net < 0.0 {\n            0.0\n        } else {\n            net\n        }\n    \
                   }\n",
        },
        "linear" => ActivationCode {
            python: "def linear(net):\n    return net\n",
            rust: "    fn linear(net: f64) -> f64 {\n        net\n    }\n",
        },
        _ => return None,
    })
}

/// Each activation used, once, in the order of first use.
fn distinct(names: &[&'static str]) -> Vec<&'static str> {
    let mut seen = Vec::new();
    for &name in names {
        if !seen.contains(&name) {
            seen.push(name);
        }
    }
    seen
}

/// `sigmoid` when every layer has it, else `tanh in layer 1, sigmoid in layer 2`.
fn describe(activations: &[&str]) -> String {
    match activations.split_first() {
        Some((first, rest)) if rest.iter().all(|f| f == first) => first.to_string(),
        _ => {
            let each: Vec<String> = activations
                .iter()
                .enumerate()
                .map(|(l, f)| format!("{f} in layer {}", l + 1))
                .collect();
            each.join(", ")
        }
    }
}

/// `2-3-1`.
fn shape(network: &Network) -> String {
    let sizes: Vec<String> = network.layers().iter().map(usize::to_string).collect();
    sizes.join("-")
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// An `f64` as a Rust literal that parses back to exactly it.
fn rust_number(x: f64) -> String {
    if x.is_nan() {
        "f64::NAN".into()
    } else if x == f64::INFINITY {
        "f64::INFINITY".into()
    } else if x == f64::NEG_INFINITY {
        "f64::NEG_INFINITY".into()
    } else {
        format!("{x:?}")
    }
}

/// An `f64` as a Python literal that reads back to exactly it.
fn python_number(x: f64) -> String {
    if x.is_nan() {
        "math.nan".into()
    } else if x == f64::INFINITY {
        "math.inf".into()
    } else if x == f64::NEG_INFINITY {
        "-math.inf".into()
    } else {
        // Rust's shortest round-trip form (`0.1`, `-2.0`, `1e-7`) is valid Python as it is.
        format!("{x:?}")
    }
}

fn list(values: &[f64], number: fn(f64) -> String) -> String {
    let items: Vec<String> = values.iter().map(|&x| number(x)).collect();
    format!("[{}]", items.join(", "))
}

/// The network as a standalone Python function `predict(x)`: a list of the inputs in, a list of
/// the outputs out. Needs only `math` from the standard library.
pub fn to_python(network: &Network) -> String {
    let activations = layer_activations(network);
    let bias = network.has_bias();
    let mut out = format!(
        "\"\"\"A {} network from Backprop Playground, as a standalone function.\n\n\
         predict(x) takes the {} and returns the {}. Layer by layer,\n\
         net_k = sum_j w_jk * a_j{} and a_k = f(net_k), with f = {}.\n\"\"\"\n\n\
         import math\n\n",
        shape(network),
        plural(network.inputs(), "input"),
        plural(network.outputs(), "output"),
        if bias { " + b_k" } else { "" },
        describe(&activations),
    );

    out.push_str(
        "# WEIGHTS[l][k][j]: from neuron j of layer l to neuron k of layer l + 1 \
         (layer 0 is the input).\nWEIGHTS = [\n",
    );
    for l in 0..network.depth() {
        out.push_str(&format!("    [  # layer {l} -> {}\n", l + 1));
        for row in network.layer_weights(l).chunks(network.layers()[l]) {
            out.push_str(&format!("        {},\n", list(row, python_number)));
        }
        out.push_str("    ],\n");
    }
    out.push_str("]\n");
    if bias {
        out.push_str("# BIASES[l][k]: the bias of neuron k of layer l + 1.\nBIASES = [\n");
        for l in 0..network.depth() {
            out.push_str(&format!(
                "    {},  # layer {}\n",
                list(network.layer_biases(l), python_number),
                l + 1
            ));
        }
        out.push_str("]\n");
    }

    for name in distinct(&activations) {
        out.push_str("\n\n");
        match activation_code(name) {
            Some(code) => out.push_str(code.python),
            None => out.push_str(&format!(
                "def {name}(net):\n    \
                 raise NotImplementedError(\"the {name} activation cannot be exported yet\")\n"
            )),
        }
    }
    out.push_str(&format!(
        "\n\n# ACTIVATIONS[l]: the function f of layer l + 1.\nACTIVATIONS = [{}]\n",
        activations.join(", ")
    ));

    let inputs = network.inputs();
    out.push_str(&format!(
        "\n\ndef predict(x):\n    \
         \"\"\"The network's outputs for the inputs x (a sequence of {inputs} numbers).\"\"\"\n    \
         if len(x) != {inputs}:\n        \
         raise ValueError(f\"predict takes {inputs} inputs, got {{len(x)}}\")\n    \
         a = [float(v) for v in x]\n"
    ));
    if bias {
        out.push_str(
            "    for weights, biases, f in zip(WEIGHTS, BIASES, ACTIVATIONS):\n        \
             net = [sum(w * a_j for w, a_j in zip(row, a)) + b for row, b in zip(weights, biases)]\n        \
             a = [f(n) for n in net]\n",
        );
    } else {
        out.push_str(
            "    for weights, f in zip(WEIGHTS, ACTIVATIONS):\n        \
             net = [sum(w * a_j for w, a_j in zip(row, a)) for row in weights]\n        \
             a = [f(n) for n in net]\n",
        );
    }
    out.push_str("    return a\n");
    out
}

/// The network as a standalone Rust function `pub fn predict(x: &[f64]) -> Vec<f64>`: its
/// weights are constants inside it, so it can be pasted anywhere; it needs only `std`.
pub fn to_rust(network: &Network) -> String {
    let activations = layer_activations(network);
    let bias = network.has_bias();
    let mut out = format!(
        "/// A {} network from Backprop Playground, as a standalone function:\n\
         /// the {} in, the {} out. Layer by layer,\n\
         /// `net_k = Σ_j w_jk a_j{}` and `a_k = f(net_k)`, with f = {}.\n\
         pub fn predict(x: &[f64]) -> Vec<f64> {{\n",
        shape(network),
        plural(network.inputs(), "input"),
        plural(network.outputs(), "output"),
        if bias { " + b_k" } else { "" },
        describe(&activations),
    );
    let layers = network.layers();
    for l in 0..network.depth() {
        let (below, above) = (layers[l], layers[l + 1]);
        out.push_str(&format!(
            "    // W{l}[k][j]: from neuron j of layer {l}{} to neuron k of layer {}.\n",
            if l == 0 { " (the input)" } else { "" },
            l + 1
        ));
        out.push_str(&format!("    const W{l}: [[f64; {below}]; {above}] = [\n"));
        for row in network.layer_weights(l).chunks(below) {
            out.push_str(&format!("        {},\n", list(row, rust_number)));
        }
        out.push_str("    ];\n");
        if bias {
            out.push_str(&format!(
                "    // B{l}[k]: the bias of neuron k of layer {}.\n    \
                 const B{l}: [f64; {above}] = {};\n",
                l + 1,
                list(network.layer_biases(l), rust_number)
            ));
        }
    }
    out.push_str(
        "\n    fn dot(w: &[f64], a: &[f64]) -> f64 {\n        \
         w.iter().zip(a).map(|(w, a)| w * a).sum()\n    \
         }\n",
    );
    for name in distinct(&activations) {
        match activation_code(name) {
            Some(code) => out.push_str(code.rust),
            None => out.push_str(&format!(
                "    fn {name}(_net: f64) -> f64 {{\n        \
                 unimplemented!(\"the {name} activation cannot be exported yet\")\n    \
                 }}\n"
            )),
        }
    }
    out.push_str(&format!(
        "\n    assert_eq!(x.len(), {}, \"predict takes {}\");\n",
        network.inputs(),
        plural(network.inputs(), "input")
    ));
    let depth = network.depth();
    for (l, f) in activations.iter().enumerate() {
        let a = if l == 0 {
            "x".to_string()
        } else {
            format!("&a{l}")
        };
        let layer = if bias {
            format!("W{l}.iter().zip(&B{l}).map(|(w, b)| {f}(dot(w, {a}) + b)).collect()")
        } else {
            format!("W{l}.iter().map(|w| {f}(dot(w, {a}))).collect()")
        };
        if l + 1 == depth {
            out.push_str(&format!("    {layer}\n"));
        } else {
            out.push_str(&format!("    let a{}: Vec<f64> = {layer};\n", l + 1));
        }
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;

    fn small() -> Network {
        let mut network = Network::zeros(&[2, 1], true, Activation::Sigmoid);
        network.set_weight(0, 0, 0, 0.1);
        network.set_weight(0, 0, 1, -2.0);
        network.set_bias(0, 0, 1e-7);
        network
    }

    #[test]
    fn numbers_are_exact_literals() {
        for x in [0.1, -2.0, 1e-7, 0.1 + 0.2, 1e300, -0.0, 5e-324] {
            assert_eq!(
                rust_number(x).parse::<f64>().unwrap().to_bits(),
                x.to_bits()
            );
            assert_eq!(python_number(x), rust_number(x));
        }
        assert_eq!(rust_number(f64::NAN), "f64::NAN");
        assert_eq!(python_number(f64::NEG_INFINITY), "-math.inf");
    }

    #[test]
    fn python_writes_weights_biases_and_the_loop() {
        let code = to_python(&small());
        assert!(code.contains("A 2-1 network"), "{code}");
        assert!(code.contains("        [0.1, -2.0],\n"), "{code}");
        assert!(code.contains("    [1e-7],  # layer 1\n"), "{code}");
        assert!(code.contains("ACTIVATIONS = [sigmoid]\n"), "{code}");
        assert!(code.contains("def predict(x):\n"), "{code}");
        assert!(code.contains("import math\n"));
    }

    #[test]
    fn rust_writes_constants_and_one_line_per_layer() {
        let code = to_rust(&small());
        assert!(code.contains("pub fn predict(x: &[f64]) -> Vec<f64> {\n"));
        assert!(code.contains("    const W0: [[f64; 2]; 1] = [\n        [0.1, -2.0],\n    ];\n"));
        assert!(
            code.contains("    const B0: [f64; 1] = [1e-7];\n"),
            "{code}"
        );
        assert!(code.contains(
            "    W0.iter().zip(&B0).map(|(w, b)| sigmoid(dot(w, x) + b)).collect()\n}\n"
        ));
    }

    #[test]
    fn without_bias_no_bias_is_written() {
        let network = Network::zeros(&[2, 2, 2], false, Activation::Sigmoid);
        let python = to_python(&network);
        let rust = to_rust(&network);
        assert!(
            !python.contains("BIASES") && !python.contains("b_k"),
            "{python}"
        );
        assert!(!rust.contains("B0") && !rust.contains("b_k"), "{rust}");
        assert!(
            rust.contains("let a1: Vec<f64> = W0.iter().map(|w| sigmoid(dot(w, x))).collect();")
        );
        assert!(rust.contains("    W1.iter().map(|w| sigmoid(dot(w, &a1))).collect()\n"));
    }

    #[test]
    fn every_activation_has_code_and_unknown_ones_fail_loudly() {
        for name in Activation::ALL.map(Activation::name) {
            let code = activation_code(name).unwrap_or_else(|| panic!("no code for {name}"));
            assert!(code.python.starts_with(&format!("def {name}(net):")));
            assert!(code
                .rust
                .starts_with(&format!("    fn {name}(net: f64) -> f64 {{")));
        }
        assert!(activation_code("softmax").is_none());
        assert_eq!(distinct(&["tanh", "sigmoid", "tanh"]), ["tanh", "sigmoid"]);
        assert_eq!(describe(&["relu", "relu"]), "relu");
        assert_eq!(
            describe(&["tanh", "sigmoid"]),
            "tanh in layer 1, sigmoid in layer 2"
        );
    }
}
