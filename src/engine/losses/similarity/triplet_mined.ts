import { tf } from '../../backend';
import { gatherRows } from '../../gather';
import { InputError } from '../../inputs';
import { num, str, type EnumParam, type LossSpec } from '../../spec';
import { pairwiseDistance } from './distance';
import { distanceMatrix } from './distance_matrix';
import { mineTriplets, MINING_MODES, type Mining, type Triplets } from './mining';
import { CLASS_LABEL, EMBEDDING } from './roles';
import { TRIPLET_MARGIN } from './triplet';

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
    'many of those were hard, semi-hard or easy. Compares all pairs of rows, so it takes at most 8192 rows.',
  formula:
    'l_(a,p,n) = max(0, d(a, p) − d(a, n) + margin),  d(a, b) = ‖e_a − e_b + 1e-6‖₂,  over the mined (a, p, n);  ' +
    'mean: Σ l / #mined',
  reference: 'plain PyTorch from the definition: distance matrix by pairwise_distance\'s convention, mining by loops, clamp_min',
  convention:
    'Distances as F.pairwise_distance (eps 1e-6 added to the difference, anchor first). batch_hard: equal distances ' +
    'pick the lowest row; anchors without a positive or a negative are skipped; its triplets count in the mean even ' +
    'with loss 0, as do all\'s. One value per mined triplet: anchors by row, then positive, then negative. ' +
    'When nothing is mined, mean is NaN (a mean over nothing) and sum is 0; counts.mined says so.',
  roles: [EMBEDDING, CLASS_LABEL],
  params: [TRIPLET_MARGIN, MINING],
  reductions: ['mean', 'sum', 'none'],
  defaultReduction: 'mean',
  unit: 'triplet',
  batching: 'whole',
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
    return { values, counts: t.counts };
  },
};
