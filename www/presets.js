// The presets a learner can pick. Each is a spec in the format of DESIGN.md, so a teacher can
// copy one, change it and load it with `playground.load(spec)`.
export const PRESETS = {
  toy: {
    title: "The thread's toy network (2-2-2, no bias, one sample)",
    spec: {
      layers: [2, 2, 2],
      activation: 'sigmoid',
      weights: [[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6], [0.7, 0.8]]],
      learning_rate: 0.5,
      data: { inputs: [[0.3, 0.9]], targets: [[0.2, 0.7]] },
    },
    epochsPerFrame: 1,
  },
  xor: {
    title: 'XOR (2-2-1, with bias)',
    spec: {
      layers: [2, 2, 1],
      activation: 'sigmoid',
      bias: true,
      seed: 1,
      learning_rate: 2,
      data: { dataset: 'xor' },
    },
    epochsPerFrame: 5,
  },
  circle: {
    title: 'Circle, 200 points (2-4-4-1)',
    spec: {
      layers: [2, 4, 4, 1],
      activation: 'sigmoid',
      bias: true,
      seed: 2,
      learning_rate: 0.3,
      batch_size: 10,
      data: { dataset: 'circle', samples: 200, noise: 0.05 },
    },
    // The first screen: at one epoch a frame the boundary takes shape over about half a minute.
    epochsPerFrame: 1,
  },
  'circle-squares': {
    title: 'Circle through x₁², x₂²: no hidden layer needed (2-1, 20 % held out)',
    spec: {
      layers: [2, 1],
      features: ['x1^2', 'x2^2'],
      activation: 'sigmoid',
      bias: true,
      seed: 1,
      learning_rate: 1,
      batch_size: 10,
      data: { dataset: 'circle', samples: 200, noise: 0.05, test_share: 0.2 },
    },
    epochsPerFrame: 5,
  },
  blobs: {
    title: 'Two blobs, 200 points (2-4-4-1)',
    spec: {
      layers: [2, 4, 4, 1],
      activation: 'sigmoid',
      bias: true,
      seed: 1,
      learning_rate: 0.5,
      batch_size: 10,
      data: { dataset: 'blobs', samples: 200, noise: 0.1 },
    },
    epochsPerFrame: 1,
  },
  spirals: {
    title: 'Two spirals, 300 points (2-8-8-1): hard',
    spec: {
      layers: [2, 8, 8, 1],
      activation: 'sigmoid',
      bias: true,
      seed: 1,
      learning_rate: 1,
      batch_size: 10,
      data: { dataset: 'spirals', samples: 300, noise: 0.02 },
    },
    epochsPerFrame: 10,
  },
};

export const DEFAULT_PRESET = 'circle';
