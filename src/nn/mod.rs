//! The pure core: network, forward and backward pass, training, data, spec.
