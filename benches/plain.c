/* The native baseline of `cargo xtask bench`: the core's training written the plain way, in C.
 *
 * A line-by-line port of `JsNetwork` in www/bench.js (the browser's baseline): flat arrays,
 * buffers allocated once, per-sample loops, libm's `exp`. Per epoch it keeps a copy of the
 * parameters (to undo a diverged epoch), shuffles the order (xorshift32), and for every
 * mini-batch clears the gradient sums, then for every sample: forward pass (net = Σ w·a + b,
 * a = σ(net)), squared error, backward pass (∂E/∂a, a(1 − a), δ), ∂E/∂w += δ_k·a_j; then
 * w ← w − (η / batch)·Σ ∂E/∂w; finally it checks every parameter is finite.
 *
 * benches/train.rs writes the network, the data and the settings it trains (the same starting
 * weights and samples as the core) to a text file, compiles this with `cc -O2`, runs it and
 * prints the two rates side by side. Usage: plain FILE SECONDS; prints samples per second.
 *
 * File: depth+1 layer sizes; has_bias learning_rate batch_size samples; then every weight,
 * every bias, every input and every target, whitespace-separated.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int depth, *layers, has_bias, batch_size, samples, n_in, n_out;
static double learning_rate;
static double *weights, *biases, *inputs, *targets, *weights_before, *biases_before;
static double *net, *a, *error_wrt_a, *slope, *delta, *weight_gradients, *bias_gradients;
static int *weight_offset, *bias_offset, *neuron_offset, *order, n_weights, n_biases;
static unsigned state = 1;

static double *read_doubles(FILE *f, int n) {
  double *v = calloc(n > 0 ? n : 1, sizeof(double));
  for (int i = 0; i < n; i++)
    if (fscanf(f, "%lf", &v[i]) != 1) { fprintf(stderr, "plain: short file\n"); exit(2); }
  return v;
}

static unsigned next_random(void) {
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

static void shuffle(void) {
  for (int i = samples - 1; i > 0; i--) {
    int j = next_random() % (unsigned)(i + 1);
    int t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

static void forward(int s) {
  for (int j = 0; j < n_in; j++) a[j] = inputs[s * n_in + j];
  for (int l = 0; l < depth; l++) {
    int below = neuron_offset[l], here = neuron_offset[l + 1];
    int w = weight_offset[l], b = bias_offset[l];
    for (int k = 0; k < layers[l + 1]; k++) {
      double sum = 0;
      for (int j = 0; j < layers[l]; j++) sum += weights[w + j] * a[below + j];
      w += layers[l];
      double n = sum + biases[b + k];
      net[here + k] = n;
      a[here + k] = 1 / (1 + exp(-n));
    }
  }
}

static double error(int s) {
  int out = neuron_offset[depth];
  double e = 0;
  for (int k = 0; k < n_out; k++) {
    double d = targets[s * n_out + k] - a[out + k];
    e += d * d;
  }
  return 0.5 * e;
}

static void backward(int s) {
  int out = neuron_offset[depth];
  for (int k = 0; k < n_out; k++) error_wrt_a[out + k] = a[out + k] - targets[s * n_out + k];
  for (int l = depth; l >= 1; l--) {
    int here = neuron_offset[l], n_here = layers[l];
    if (l < depth) {
      int above = neuron_offset[l + 1], w = weight_offset[l];
      for (int j = 0; j < n_here; j++) error_wrt_a[here + j] = 0;
      for (int k = 0; k < layers[l + 1]; k++) {
        double d = delta[above + k];
        for (int j = 0; j < n_here; j++) error_wrt_a[here + j] += weights[w + j] * d;
        w += n_here;
      }
    }
    for (int i = here; i < here + n_here; i++) {
      slope[i] = a[i] * (1 - a[i]);
      delta[i] = error_wrt_a[i] * slope[i];
    }
  }
}

static void accumulate(void) {
  for (int l = 0; l < depth; l++) {
    int below = neuron_offset[l], here = neuron_offset[l + 1];
    int w = weight_offset[l], b = bias_offset[l];
    for (int k = 0; k < layers[l + 1]; k++) {
      double d = delta[here + k];
      for (int j = 0; j < layers[l]; j++) weight_gradients[w + j] += d * a[below + j];
      w += layers[l];
      bias_gradients[b + k] += d;
    }
  }
}

static int all_finite(void) {
  for (int i = 0; i < n_weights; i++) if (!isfinite(weights[i])) return 0;
  for (int i = 0; i < n_biases; i++) if (!isfinite(biases[i])) return 0;
  return 1;
}

static double train_epoch(void) {
  memcpy(weights_before, weights, n_weights * sizeof(double));
  memcpy(biases_before, biases, n_biases * sizeof(double));
  shuffle();
  double total = 0;
  for (int start = 0; start < samples; start += batch_size) {
    int end = start + batch_size < samples ? start + batch_size : samples;
    memset(weight_gradients, 0, n_weights * sizeof(double));
    memset(bias_gradients, 0, n_biases * sizeof(double));
    for (int i = start; i < end; i++) {
      forward(order[i]);
      total += error(order[i]);
      backward(order[i]);
      accumulate();
    }
    double step = learning_rate / (end - start);
    for (int i = 0; i < n_weights; i++) weights[i] += -step * weight_gradients[i];
    if (has_bias) for (int i = 0; i < n_biases; i++) biases[i] += -step * bias_gradients[i];
  }
  double loss = total / samples;
  if (!isfinite(loss) || !all_finite()) {
    memcpy(weights, weights_before, n_weights * sizeof(double));
    memcpy(biases, biases_before, n_biases * sizeof(double));
    fprintf(stderr, "plain: training diverged\n");
    exit(3);
  }
  return loss;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: plain FILE SECONDS\n"); return 2; }
  FILE *f = fopen(argv[1], "r");
  if (!f || fscanf(f, "%d", &depth) != 1) { fprintf(stderr, "plain: cannot read %s\n", argv[1]); return 2; }
  layers = calloc(depth + 1, sizeof(int));
  for (int l = 0; l <= depth; l++) if (fscanf(f, "%d", &layers[l]) != 1) return 2;
  if (fscanf(f, "%d %lf %d %d", &has_bias, &learning_rate, &batch_size, &samples) != 4) return 2;
  n_in = layers[0];
  n_out = layers[depth];
  weight_offset = calloc(depth + 1, sizeof(int));
  bias_offset = calloc(depth + 1, sizeof(int));
  neuron_offset = calloc(depth + 2, sizeof(int));
  for (int l = 0; l < depth; l++) {
    weight_offset[l + 1] = weight_offset[l] + layers[l] * layers[l + 1];
    bias_offset[l + 1] = bias_offset[l] + layers[l + 1];
  }
  for (int l = 0; l <= depth; l++) neuron_offset[l + 1] = neuron_offset[l] + layers[l];
  n_weights = weight_offset[depth];
  n_biases = bias_offset[depth];
  weights = read_doubles(f, n_weights);
  biases = read_doubles(f, n_biases);
  inputs = read_doubles(f, samples * n_in);
  targets = read_doubles(f, samples * n_out);
  fclose(f);
  int neurons = neuron_offset[depth + 1];
  net = calloc(neurons, sizeof(double));
  a = calloc(neurons, sizeof(double));
  error_wrt_a = calloc(neurons, sizeof(double));
  slope = calloc(neurons, sizeof(double));
  delta = calloc(neurons, sizeof(double));
  weight_gradients = calloc(n_weights, sizeof(double));
  bias_gradients = calloc(n_biases > 0 ? n_biases : 1, sizeof(double));
  weights_before = calloc(n_weights, sizeof(double));
  biases_before = calloc(n_biases > 0 ? n_biases : 1, sizeof(double));
  order = calloc(samples, sizeof(int));
  for (int i = 0; i < samples; i++) order[i] = i;

  double budget = atof(argv[2]), loss = 0;
  for (int e = 0; e < 50; e++) loss += train_epoch();
  double start = now();
  long epochs = 0;
  while (now() - start < budget) {
    for (int e = 0; e < 20; e++) loss += train_epoch();
    epochs += 20;
  }
  double seconds = now() - start;
  /* The loss is printed so the compiler cannot drop the work. */
  printf("%.1f %.6g\n", epochs * (double)samples / seconds, loss);
  return 0;
}
