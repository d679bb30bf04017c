import { tf } from '../../backend';
import { gatherRows } from '../../gather';
import { InputError } from '../../inputs';
import { num, str, WHOLE_BATCH_MAX_ROWS, type EnumParam, type LossSpec } from '../../spec';
import { DISTANCE_AT_ZERO_NOTE, pairwiseDistance } from './distance';
import { distanceMatrix } from './distance_matrix';
import { mineTriplets, MINING_MODES, type Mining, type Triplets } from './mining';
import { CLASS_LABEL, EMBEDDING } from './roles';
import { TRIPLET_MARGIN } from './triplet';
import { JAX_PAIRWISE_DISTANCE, KERAS_PAIRWISE_DISTANCE } from '../../templates/distance-helpers';

const MINING: EnumParam = {
  name: 'mining',
  kind: 'enum',
  options: MINING_MODES,
  default: 'batch_hard',
  doc: 'batch_hard: hardest positive and negative per anchor; semi_hard: d_ap < d_an < d_ap + margin; all: every valid triplet',
};

/** Elements of the [pairs, D] difference the differentiable distances need. */
const MAX_PAIR_ELEMENTS = 1 << 24;

/**
 * The distinct (anchor, other) rows the triplets use, and for each triplet the slots of its
 * (a, p) and (a, n) distances, so that each distance is computed (and differentiated) once.
 */
function pairSlots(t: Triplets, n: number): { pa: Int32Array; px: Int32Array; ap: Int32Array; an: Int32Array } {
  const slot = new Int32Array(n).fill(-1);
  const pa: number[] = [];
  const px: number[] = [];
  const ap = new Int32Array(t.a.length);
  const an = new Int32Array(t.a.length);
  let anchor = -1;
  const slotOf = (a: number, x: number): number => {
    if (slot[x] < 0) {
      slot[x] = pa.length;
      pa.push(a);
      px.push(x);
    }
    return slot[x];
  };
  // Triplets come grouped by anchor, so the slot table is reset once per anchor.
  for (let k = 0; k < t.a.length; k++) {
    if (t.a[k] !== anchor) {
      for (let x = 0; x < n; x++) slot[x] = -1;
      anchor = t.a[k];
    }
    ap[k] = slotOf(anchor, t.p[k]);
    an[k] = slotOf(anchor, t.n[k]);
  }
  return { pa: Int32Array.from(pa), px: Int32Array.from(px), ap, an };
}

/** Triplet margin loss on triplets mined online from labelled embeddings. */
export const tripletMined: LossSpec = {
  id: 'triplet_mined',
  family: 'similarity',
  title: 'Triplet margin, mined online',
  doc:
    'Forms triplets from a batch of labelled embeddings instead of taking them as input, then applies the ' +
    'triplet margin loss to each. batch_hard (Hermans et al. 2017) takes, per anchor, its farthest positive and ' +
    'nearest negative; semi_hard (Schroff et al. 2015, FaceNet) every triplet whose negative lies beyond the ' +
    'positive but within the margin; all every valid triplet. Reports how many triplets were mined and how ' +
    'many of those were hard, semi-hard or easy.',
  formula:
    'l_(a,p,n) = max(0, d(a, p) − d(a, n) + margin),  d(a, b) = ‖e_a − e_b + 1e-6‖₂,  over the mined (a, p, n);  ' +
    'mean: Σ l / #mined',
  tex: String.raw`\begin{aligned} l_{apn} &= \max(0,\ d(a, p) - d(a, n) \\ &\qquad + \text{margin}) \\ &\quad \text{over the mined } (a, p, n) \\ d(a, b) &= \lVert e_a - e_b + 10^{-6} \rVert_2 \\ \text{mean} &= \textstyle\sum l_{apn} \,/\, \#\text{mined} \end{aligned}`,
  reference: 'plain PyTorch from the definition: distance matrix by pairwise_distance\'s convention, mining by loops, clamp_min',
  convention:
    'Distances as F.pairwise_distance (eps 1e-6 added to the difference, anchor first). batch_hard: equal distances ' +
    'pick the lowest row; anchors without a positive or a negative are skipped; its triplets count in the mean even ' +
    'with loss 0, as do all\'s; semi_hard keeps d_ap < d_an < d_ap + margin, strictly, so a negative at either bound is not mined. ' +
    'At d(a, p) − d(a, n) + margin = 0 the gradient passes (torch.clamp_min). ' +
    'One value per mined triplet: anchors by row, then positive, then negative. ' +
    'When nothing is mined, mean is NaN (a mean over nothing, with a zero gradient, as in PyTorch) and sum is 0; counts.mined says so. ' +
    DISTANCE_AT_ZERO_NOTE,
  roles: [EMBEDDING, CLASS_LABEL],
  params: [TRIPLET_MARGIN, MINING],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'triplet',
  batching: 'whole',
  maxRows: { rows: WHOLE_BATCH_MAX_ROWS, why: 'mining compares every pair of rows in one batch' },
  compute: (b, prm) => {
    const dim = b.cols.embedding!;
    const margin = num(prm, 'margin');
    const dist = distanceMatrix(b.host.embedding!, b.n, dim);
    const t = mineTriplets(dist, b.host.label!, str(prm, 'mining') as Mining, margin);
    const s = pairSlots(t, b.n);
    if (s.pa.length * dim > MAX_PAIR_ELEMENTS) {
      throw new InputError(
        `triplet_mined: the mined triplets use ${s.pa.length} distinct pairs of ${dim}-dimensional embeddings, ` +
          `more than ${MAX_PAIR_ELEMENTS} values; use mining=batch_hard or fewer rows`,
        'embedding',
      );
    }
    const e = b.t.embedding!;
    const d = pairwiseDistance(gatherRows(e, s.pa), gatherRows(e, s.px));
    const values = tf.maximum(tf.add(tf.sub(gatherRows(d, s.ap), gatherRows(d, s.an)), margin), 0) as tf.Tensor1D;
    return { values, counts: t.counts, unitRows: { anchor: t.a, positive: t.p, negative: t.n } };
  },
  code: {
    className: 'TripletMinedLoss',
    pytorch: (c) => ({
      kind: 'perUnit',
      note:
        'Triplets (a, p, n) mined from the batch: batch_hard = per anchor the farthest positive and nearest negative ' +
        '(ties: lowest row); semi_hard = d_ap < d_an < d_ap + margin; all = every valid triplet. Mean over mined triplets.',
      body: [
        'n = embedding.shape[0]',
        'dist = F.pairwise_distance(embedding[:, None, :].expand(n, n, -1), embedding[None, :, :].expand(n, n, -1))',
        'with torch.no_grad():',
        '    d = dist.detach()',
        '    same = label[:, None] == label[None, :]',
        '    pos = same & ~torch.eye(n, dtype=torch.bool, device=embedding.device)',
        '    neg = ~same',
        `    if ${c.v('mining')} == "batch_hard":`,
        '        a = (pos.any(1) & neg.any(1)).nonzero(as_tuple=True)[0]',
        '        p = d.masked_fill(~pos, -float("inf")).argmax(1)[a]',
        '        q = d.masked_fill(~neg, float("inf")).argmin(1)[a]',
        '    else:',
        '        valid = pos[:, :, None] & neg[:, None, :]',
        `        if ${c.v('mining')} == "semi_hard":`,
        '            d_ap, d_an = d[:, :, None], d[:, None, :]',
        `            valid &= (d_ap < d_an) & (d_an < d_ap + ${c.v('margin')})`,
        '        a, p, q = valid.nonzero(as_tuple=True)',
        `loss = torch.clamp_min(dist[a, p] - dist[a, q] + ${c.v('margin')}, 0)`,
      ].join('\n'),
    }),
    keras: (c) => ({
      kind: 'perUnit',
      note:
        'Triplets mined from the batch: batch_hard = per anchor the farthest positive and nearest negative; semi_hard = ' +
        'd_ap < d_an < d_ap + margin; all = every valid triplet. Mean over mined triplets.',
      helpers: KERAS_PAIRWISE_DISTANCE,
      body: [
        'n = ops.shape(embedding)[0]',
        'd = pairwise_distance(embedding[:, None, :], embedding[None, :, :])',
        'label = ops.reshape(label, (-1,))',
        'same = ops.equal(label[:, None], label[None, :])',
        'pos = ops.logical_and(same, ops.logical_not(ops.cast(ops.eye(n), "bool")))',
        'neg = ops.logical_not(same)',
        `if ${c.v('mining')} == "batch_hard":`,
        '    d_pos = ops.max(ops.where(pos, d, -float("inf")), axis=1)',
        '    d_neg = ops.min(ops.where(neg, d, float("inf")), axis=1)',
        `    loss = ops.maximum(d_pos - d_neg + ${c.v('margin')}, 0.0)`,
        '    mined = ops.logical_and(ops.any(pos, axis=1), ops.any(neg, axis=1))',
        'else:',
        '    d_ap, d_an = d[:, :, None], d[:, None, :]',
        `    loss = ops.maximum(d_ap - d_an + ${c.v('margin')}, 0.0)`,
        '    mined = ops.logical_and(pos[:, :, None], neg[:, None, :])',
        `    if ${c.v('mining')} == "semi_hard":`,
        '        s_ap, s_an = ops.stop_gradient(d_ap), ops.stop_gradient(d_an)',
        `        mined = ops.logical_and(mined, ops.logical_and(s_ap < s_an, s_an < s_ap + ${c.v('margin')}))`,
      ].join('\n'),
      mask: 'mined',
    }),
    jax: (c) => ({
      kind: 'perUnit',
      note:
        'Triplets mined from the batch: batch_hard = per anchor the farthest positive and nearest negative; semi_hard = ' +
        'd_ap < d_an < d_ap + margin; all = every valid triplet. Mean over mined triplets (a masked mean: jit-friendly).',
      helpers: JAX_PAIRWISE_DISTANCE,
      body: [
        'n = embedding.shape[0]',
        'd = pairwise_distance(embedding[:, None, :], embedding[None, :, :])',
        'same = label[:, None] == label[None, :]',
        'pos = same & ~jnp.eye(n, dtype=bool)',
        'neg = ~same',
        `if ${c.v('mining')} == "batch_hard":`,
        '    d_pos = jnp.max(jnp.where(pos, d, -jnp.inf), axis=1)',
        '    d_neg = jnp.min(jnp.where(neg, d, jnp.inf), axis=1)',
        `    loss = jnp.maximum(d_pos - d_neg + ${c.v('margin')}, 0.0)`,
        '    mined = pos.any(axis=1) & neg.any(axis=1)',
        'else:',
        '    d_ap, d_an = d[:, :, None], d[:, None, :]',
        `    loss = jnp.maximum(d_ap - d_an + ${c.v('margin')}, 0.0)`,
        '    mined = pos[:, :, None] & neg[:, None, :]',
        `    if ${c.v('mining')} == "semi_hard":`,
        '        s_ap, s_an = jax.lax.stop_gradient(d_ap), jax.lax.stop_gradient(d_an)',
        `        mined = mined & (s_ap < s_an) & (s_an < s_ap + ${c.v('margin')})`,
      ].join('\n'),
      mask: 'mined',
    }),
    tfjs: (c) => ({
      kind: 'perUnit',
      note:
        'Triplets mined from the batch on the host (no gradient flows through the choice): batch_hard = per anchor the ' +
        'farthest positive and nearest negative (ties: lowest row); semi_hard = d_ap < d_an < d_ap + margin; all = every ' +
        'valid triplet. Mean over mined triplets (NaN when none).',
      body: [
        'const n = embedding.shape[0];',
        'const v = tf.add(tf.sub(tf.expandDims(embedding, 1), tf.expandDims(embedding, 0)), 1e-6);',
        'const dist = tf.sqrt(tf.add(tf.sum(tf.square(v), -1), 1e-30)); // ||e_a - e_x + 1e-6||, [n, n]',
        'const d = dist.dataSync();',
        'const y = label.dataSync();',
        `const A${c.ts(': number[]')} = [];`,
        `const P${c.ts(': number[]')} = [];`,
        `const Q${c.ts(': number[]')} = [];`,
        'for (let a = 0; a < n; a++) {',
        `  if (${c.v('mining')} === 'batch_hard') {`,
        '    let p = -1;',
        '    let q = -1;',
        '    for (let x = 0; x < n; x++) {',
        '      if (x === a) continue;',
        '      if (y[x] === y[a]) {',
        '        if (p < 0 || d[a * n + x] > d[a * n + p]) p = x;',
        '      } else if (q < 0 || d[a * n + x] < d[a * n + q]) q = x;',
        '    }',
        '    if (p >= 0 && q >= 0) {',
        '      A.push(a);',
        '      P.push(p);',
        '      Q.push(q);',
        '    }',
        '    continue;',
        '  }',
        '  for (let p = 0; p < n; p++) {',
        '    if (p === a || y[p] !== y[a]) continue;',
        '    for (let q = 0; q < n; q++) {',
        '      if (y[q] === y[a]) continue;',
        '      const dap = d[a * n + p];',
        '      const dan = d[a * n + q];',
        '      // float32 comparison, as on PyTorch tensors',
        `      if (${c.v('mining')} === 'all' || (dap < dan && dan < Math.fround(dap + Math.fround(${c.v('margin')})))) {`,
        '        A.push(a);',
        '        P.push(p);',
        '        Q.push(q);',
        '      }',
        '    }',
        '  }',
        '}',
        'const flat = tf.reshape(dist, [-1]);',
        "const dAp = tf.gather(flat, tf.tensor1d(A.map((a, k) => a * n + P[k]), 'int32'));",
        "const dAn = tf.gather(flat, tf.tensor1d(A.map((a, k) => a * n + Q[k]), 'int32'));",
        `const loss = tf.maximum(tf.add(tf.sub(dAp, dAn), ${c.v('margin')}), 0);`,
      ].join('\n'),
    }),
  },
};
