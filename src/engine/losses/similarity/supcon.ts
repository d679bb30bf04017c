import { tf } from '../../backend';
import { num, type LossSpec } from '../../spec';
import { IN_BATCH_MAX_ROWS, TEMPERATURE } from './info_nce';
import { l2Normalize, ZERO_ROW_NOTE } from './normalize';
import { CLASS_LABEL, SUPCON_EMBEDDING } from './roles';
import { lit, SAME, UNSUPPORTED, type FrameworkContext, type FrameworkRow } from '../../frameworks';
import { optax as optaxSrc } from '../../framework-sources';

/** The largest class: optax's ntxent is SupCon's L_out exactly when no class has more than two rows. */
function largestClass(ctx: FrameworkContext): number | null {
  const y = ctx.inputs.label?.data;
  if (!y) return null;
  const counts = new Map<number, number>();
  let m = 0;
  for (const v of y) {
    const k = (counts.get(v) ?? 0) + 1;
    counts.set(v, k);
    m = Math.max(m, k);
  }
  return m;
}

/**
 * optax.losses.ntxent (transcribed, docs/research/conventions.md §2.2): per positive pair (i, p),
 * −log(e^{s_ip} / (e^{s_ip} + Σ_{negatives n} e^{s_in})), averaged over the pairs. SupCon's L_out
 * puts every other row in the denominator and averages each anchor's positives, then the anchors:
 * the same when each class has at most two rows (one positive per anchor).
 */
const OPTAX_NTXENT: FrameworkRow = {
  framework: 'optax',
  api: 'optax.losses.ntxent',
  verified: 'transcribed',
  source: optaxSrc('self_supervised', 'ntxent'),
  build: (ctx) => {
    const call = `optax.losses.ntxent(embedding, label, temperature=${lit(num(ctx.params, 'temperature'))})`;
    const norm = 'its cosine floors the squared norm at float32 eps (1.2e-7), Loss Lab the norm at 1e-12: they differ only for rows of norm below 3.5e-4';
    const m = largestClass(ctx);
    if (m !== null && m > 2) {
      return {
        call,
        reduction: 'mean over positive pairs',
        ...UNSUPPORTED(
          `A class here has ${m} rows: ntxent's denominator for a positive pair holds the negatives and that one positive (SupCon's holds all other rows, the other positives too), and it averages over pairs, not anchors.`,
        ),
      };
    }
    return {
      call,
      reduction: 'mean over positive pairs',
      ...SAME(
        `With at most two rows per class (SimCLR's pairs${m === null ? '; with larger classes it differs' : ''}), each anchor has one positive, so ntxent's per-pair softmax over the negatives and that positive is SupCon's L_out and its mean over pairs is the mean over anchors with a positive; ${norm}.`,
      ),
    };
  },
};

/**
 * Subtracted from each row's own similarity before the log-sum-exp over the other rows: exp of it
 * is exactly 0 in float32 (|s_ia| ≤ 1/τ is far smaller), and unlike −∞ it keeps a single row's
 * log-sum-exp finite, so no NaN reaches the gradient.
 */
const SELF_EXCLUDED = 1e30;

/**
 * ℓ_i = logsumexp_{a ≠ i} s_ia − (1/|P(i)|) Σ_{p ∈ P(i)} s_ip with s = ẑ ẑᵀ / τ, for anchors with
 * a positive; 0 with normalizer weight 0 for the others. Counts anchors with and without one.
 */
function supconOutput(e: tf.Tensor, label: tf.Tensor, n: number, tau: number) {
  const z = l2Normalize(e);
  const eye = tf.eye(n);
  const s = tf.div(tf.matMul(z, z, false, true), tau);
  const lse = tf.logSumExp(tf.sub(s, tf.mul(eye, SELF_EXCLUDED)), 1);
  // Positives: same label, not itself; each anchor's row of weights sums to 1 (or is all 0).
  const same = tf.sub(tf.cast(tf.equal(tf.expandDims(label, 1), tf.expandDims(label, 0)), 'float32'), eye);
  const nPos = tf.sum(same, 1);
  const has = tf.cast(tf.greater(nPos, 0), 'float32');
  const w = tf.div(same, tf.expandDims(tf.maximum(nPos, 1), 1));
  const values = tf.mul(tf.sub(lse, tf.sum(tf.mul(w, s), 1)), has) as tf.Tensor1D;
  return { values, has };
}

const NOTE =
  'Supervised contrastive loss, L_out of Khosla et al. 2020, on F.normalize(eps=1e-12) rows: per anchor, minus the mean over its ' +
  'positives (same label, not itself) of log softmax over all other rows; anchors without a positive are left out of the mean ' +
  '(no tau / base_temperature factor: the reference code with base_temperature = temperature).';

/** Supervised contrastive loss (Khosla et al. 2020, L_out). */
export const supcon: LossSpec = {
  id: 'supcon',
  family: 'similarity',
  title: 'Supervised contrastive (SupCon)',
  doc:
    'Contrastive learning with labels (Khosla et al. 2020): every row is an anchor, every other row of its class ' +
    'a positive and every row of another class a negative. Per anchor, the loss is the average over its positives ' +
    'of minus the log-probability of picking that positive among all other rows, by cosine similarity over a ' +
    'temperature (the L_out form, the one the paper recommends). Anchors that have no positive (the only row of ' +
    'their class) are left out of the mean.',
  formula:
    's_ij = ẑ_i · ẑ_j / τ,  ẑ = x / max(‖x‖, 1e-12);  l_i = −(1/|P(i)|) Σ_{p ∈ P(i)} log( e^{s_ip} / Σ_{a ≠ i} e^{s_ia} ),  ' +
    'P(i) = {p ≠ i : y_p = y_i};  mean: Σ l_i / #{i : P(i) ≠ ∅}',
  tex: String.raw`\begin{aligned} s_{ij} &= \hat z_i \cdot \hat z_j / \tau \\ \hat z &= x / \max(\lVert x \rVert, 10^{-12}) \\ l_i &= -\tfrac{1}{|P(i)|} \textstyle\sum_{p \in P(i)} \log \frac{e^{s_{ip}}}{\sum_{a \neq i} e^{s_{ia}}} \\ P(i) &= \{p \neq i : y_p = y_i\} \\ \text{mean} &= \textstyle\sum_i l_i \,/\, \#\{i : P(i) \neq \emptyset\} \end{aligned}`,
  reference:
    'plain PyTorch from the definition (Khosla et al. 2020, eq. 2, L_out): a loop over anchors of logsumexp over the other rows minus the mean positive similarity',
  convention:
    'One value per row (anchor). Anchors without a positive have value 0 and are left out of mean\'s denominator (as ignore_index in cross-entropy); ' +
    'with no anchor having a positive, mean is NaN (a mean over nothing, with a zero gradient) and sum is 0; counts.anchors and counts.no_positive say how many. ' +
    'No τ / base_temperature factor (the paper\'s code multiplies by it; with its defaults, 0.07 / 0.07, it is 1). ' +
    'Each row\'s loss depends on every row: the gradient at a row sums its part in all of them. The whole file is one batch (the value depends on its size and class mix). ' +
    ZERO_ROW_NOTE,
  roles: [SUPCON_EMBEDDING, CLASS_LABEL],
  params: [TEMPERATURE],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'row',
  batching: 'whole',
  maxRows: IN_BATCH_MAX_ROWS,
  compute: (b, p) => {
    const { values, has } = supconOutput(b.t.embedding!, b.t.label!, b.n, num(p, 'temperature'));
    const weights = has.dataSync() as Float32Array;
    let anchors = 0;
    for (let i = 0; i < weights.length; i++) anchors += weights[i];
    return { values, weights, counts: { anchors, no_positive: b.n - anchors } };
  },
  frameworks: [OPTAX_NTXENT],
  code: {
    className: 'SupConLoss',
    pytorch: (c) => ({
      kind: 'perUnit',
      note: NOTE,
      body: [
        'z = F.normalize(embedding, dim=1)',
        'eye = torch.eye(z.shape[0], dtype=torch.bool, device=z.device)',
        `sim = (z @ z.T / ${c.v('temperature')}).masked_fill(eye, -float("inf"))`,
        'log_prob = sim - torch.logsumexp(sim, dim=1, keepdim=True)',
        'pos = (label[:, None] == label[None, :]) & ~eye',
        'n_pos = pos.sum(1)',
        'loss = -log_prob.masked_fill(~pos, 0.0).sum(1) / n_pos.clamp_min(1)',
      ].join('\n'),
      normalizer: '(n_pos > 0).sum()',
    }),
    keras: (c) => ({
      kind: 'perUnit',
      note: NOTE,
      body: [
        'z = embedding / ops.sqrt(ops.maximum(ops.sum(ops.square(embedding), axis=1, keepdims=True), 1e-24))  # F.normalize, eps 1e-12',
        'label = ops.reshape(label, (-1,))',
        'eye = ops.eye(ops.shape(z)[0])',
        `sim = ops.matmul(z, ops.transpose(z)) / ${c.v('temperature')} - 1e30 * eye`,
        'pos = ops.cast(ops.equal(label[:, None], label[None, :]), "float32") - eye',
        'n_pos = ops.sum(pos, axis=1)',
        'loss = (ops.logsumexp(sim, axis=1) - ops.sum(pos * sim, axis=1) / ops.maximum(n_pos, 1.0)) * ops.cast(n_pos > 0, "float32")',
      ].join('\n'),
      normalizer: 'ops.sum(ops.cast(n_pos > 0, "float32"))',
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note: NOTE,
      body: [
        'z = embedding / jnp.sqrt(jnp.maximum(jnp.sum(embedding**2, axis=1, keepdims=True), 1e-24))  # F.normalize, eps 1e-12',
        'eye = jnp.eye(z.shape[0])',
        `sim = z @ z.T / ${c.v('temperature')} - 1e30 * eye`,
        'pos = (label[:, None] == label[None, :]).astype(z.dtype) - eye',
        'n_pos = jnp.sum(pos, axis=1)',
        'loss = (jax.nn.logsumexp(sim, axis=1) - jnp.sum(pos * sim, axis=1) / jnp.maximum(n_pos, 1.0)) * (n_pos > 0)',
      ].join('\n'),
      normalizer: 'jnp.sum(n_pos > 0)',
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note: NOTE,
      body: [
        'const z = tf.div(embedding, tf.sqrt(tf.maximum(tf.sum(tf.square(embedding), 1, true), 1e-24))); // F.normalize, eps 1e-12',
        'const eye = tf.eye(z.shape[0]);',
        `const sim = tf.sub(tf.div(tf.matMul(z, z, false, true), ${c.v('temperature')}), tf.mul(eye, 1e30));`,
        "const pos = tf.sub(tf.cast(tf.equal(tf.expandDims(label, 1), tf.expandDims(label, 0)), 'float32'), eye);",
        'const nPos = tf.sum(pos, 1);',
        'const has = tf.cast(tf.greater(nPos, 0), \'float32\');',
        'const loss = tf.mul(tf.sub(tf.logSumExp(sim, 1), tf.div(tf.sum(tf.mul(pos, sim), 1), tf.maximum(nPos, 1))), has);',
      ].join('\n'),
      normalizer: 'tf.sum(has)',
    }),
  },
};
