/**
 * The special points of every loss of the catalog, for the tie sweep (tie-sweep.test.ts): the
 * inputs where the loss is built from `max`, `abs`, `where`, a norm or a sort and may not be
 * differentiable, or is differentiable but easy to differentiate wrongly (issue #14: ListMLE's
 * log-add-exp, smooth at equal scores, had a wrong tfjs gradient there).
 *
 * Keyed by loss id; the sweep fails for a loss of the registry without an entry. The inputs are
 * PyTorch golden cases (test/fixtures/torch/gen_<family>.py, cases named "... ties: <label>"), so
 * the generated PyTorch and TF.js snippets are run on the same ties by the codegen tests. Each
 * point says how its gradient is judged:
 * - `smooth`: the loss is differentiable there, so there is one right gradient: it must equal
 *   central finite differences of the engine's value (and PyTorch's, in golden.test.ts);
 * - `kink`: not differentiable there; the gradient must be PyTorch's choice (the golden case's)
 *   and the loss's spec must state it, in the words given as `stated`;
 * - `nearKink`: differentiable, but curved on a scale float32 finite differences cannot resolve
 *   (a norm 1e-6 from its kink): PyTorch's gradient, and the spec states the point.
 * `sits` proves that the golden inputs sit exactly on the point, in the float32 arithmetic the
 * engine does, so that a regenerated fixture cannot drift off it unnoticed.
 */
import type { GoldenCase } from '../../helpers/golden';

export interface FdOptions {
  /** Step relative to max(1, |x|) (default 1e-3). */
  readonly eps?: number;
  /** An absolute step instead. */
  readonly step?: number;
  readonly rtol?: number;
  readonly atol?: number;
}

export type TieCheck =
  | { readonly kind: 'smooth'; readonly fd?: FdOptions }
  | { readonly kind: 'kink'; readonly stated: string }
  | { readonly kind: 'nearKink'; readonly stated: string; readonly why: string };

export interface TiePoint {
  /** The point, as test names say it. */
  readonly point: string;
  /** Labels of the golden cases on it: their names end with `ties: <label>`. */
  readonly golden: readonly string[];
  /** Which of those cases the point judges, when it depends on the parameters (default all). */
  readonly applies?: (c: GoldenCase) => boolean;
  /** Why the inputs are not on the point (null when they are). */
  readonly sits: (c: GoldenCase) => string | null;
  readonly check: TieCheck;
}

// ---------- float32 arithmetic as the engine does it ----------

const f32 = Math.fround;
const EPS = f32(1e-6);

/** Rows of a role of the case, as arrays of its columns. */
function rowsOf(c: GoldenCase, role: string): number[][] {
  const x = c.inputs[role];
  if (!x) throw new Error(`${c.name} has no role ${role}`);
  const n = x.data.length / x.cols;
  return Array.from({ length: n }, (_, i) => x.data.slice(i * x.cols, (i + 1) * x.cols));
}
const column = (c: GoldenCase, role: string): number[] => rowsOf(c, role).map((r) => r[0]);
const param = (c: GoldenCase, name: string, dflt: number): number => (typeof c.params[name] === 'number' ? (c.params[name] as number) : dflt);

/**
 * ‖a − b + 1e-6‖_p in float32 (p = 1 or 2), summed in column order: exact for the tie cases,
 * whose coordinates make every partial sum exact, so the backends' summation order does not matter.
 */
function dist(a: number[], b: number[], p = 2): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) {
    const v = f32(f32(a[k] - b[k]) + EPS);
    s = f32(s + (p === 1 ? Math.abs(v) : f32(v * v)));
  }
  return p === 1 ? s : f32(Math.sqrt(s));
}

const every = <T>(xs: readonly T[], ok: (x: T, i: number) => boolean, what: string): string | null => {
  const i = xs.findIndex((x, k) => !ok(x, k));
  return i < 0 ? null : `${what} (row ${i})`;
};
const some = <T>(xs: readonly T[], ok: (x: T, i: number) => boolean, what: string): string | null => (xs.some(ok) ? null : what);

// ---------- regression ----------

const residuals = (c: GoldenCase): number[] => {
  const t = column(c, 'target');
  return column(c, 'prediction').map((p, i) => f32(p - t[i]));
};
const RESIDUAL_0 = (c: GoldenCase) => every(residuals(c), (r) => r === 0, 'a residual is not 0');
const AT_BEND = (name: 'beta' | 'delta') => (c: GoldenCase) => {
  const at = param(c, name, 1);
  return some(residuals(c), (r) => Math.abs(r) === at, `no residual of ±${name} = ${at}`);
};
const RESIDUAL_0_SMOOTH: TiePoint = { point: 'residual 0', golden: ['residual 0'], sits: RESIDUAL_0, check: { kind: 'smooth' } };

// ---------- classification ----------

const EQUAL_LOGITS = (c: GoldenCase) =>
  every(rowsOf(c, 'logits'), (z) => z.some((v, k) => z.indexOf(v) !== k), 'a row has no two equal logits') ??
  some(rowsOf(c, 'logits'), (z) => z.every((v) => v === z[0]), 'no row has all logits equal');
const LOGIT_0 = (c: GoldenCase) => every(column(c, 'logit'), (z) => z === 0, 'a logit is not 0');
const STUDENT_IS_TEACHER = (c: GoldenCase) => {
  const t = rowsOf(c, 'teacher_logits');
  return every(rowsOf(c, 'logits'), (s, i) => s.every((v, k) => v === t[i][k]), "a student's row differs from the teacher's");
};
/** Some row has a hinge term margin − z_y + z_j exactly 0 (j ≠ y), in float32 as PyTorch's kernel. */
const HINGE_AT_0 = (c: GoldenCase) => {
  const m = f32(param(c, 'margin', 1));
  const y = column(c, 'target');
  return some(rowsOf(c, 'logits'), (z, i) => z.some((v, j) => j !== y[i] && f32(f32(m - z[y[i]]) + v) === 0), 'no hinge term is exactly at 0');
};

// ---------- ranking ----------

/** Each query's rows (ids ascending) in the order by relevance, π: relevance descending, then row. */
function queriesByRelevance(c: GoldenCase): number[][] {
  const q = column(c, 'query');
  const rel = column(c, 'relevance');
  return [...new Set(q)].sort((a, b) => a - b).map((id) => q.map((v, i) => (v === id ? i : -1)).filter((i) => i >= 0).sort((i, j) => rel[j] - rel[i] || i - j));
}
const ALL_SCORES_EQUAL = (c: GoldenCase) => {
  const s = column(c, 'score');
  return every(queriesByRelevance(c), (g) => g.every((i) => s[i] === s[g[0]]), 'a query has unequal scores');
};
/** Queries tie two scores adjacent in π at every position of π of the longest query. */
const ADJACENT_IN_PI = (c: GoldenCase) => {
  const s = column(c, 'score');
  const covered = new Set<number>();
  let longest = 0;
  for (const g of queriesByRelevance(c)) {
    longest = Math.max(longest, g.length);
    g.forEach((i, t) => t + 1 < g.length && s[i] === s[g[t + 1]] && covered.add(t));
  }
  for (let t = 0; t + 1 < longest; t++) if (!covered.has(t)) return `no query ties π(${t}) and π(${t + 1})`;
  return null;
};
const EQUAL_REL_AND_SCORE = (c: GoldenCase) => {
  const s = column(c, 'score');
  const rel = column(c, 'relevance');
  return some(queriesByRelevance(c), (g) => g.some((i, t) => g.slice(t + 1).some((j) => rel[i] === rel[j] && s[i] === s[j])), 'no two documents of a query have equal relevance and equal score');
};
const EQUAL_REL_DISTINCT_SCORES = (c: GoldenCase) => {
  const s = column(c, 'score');
  const rel = column(c, 'relevance');
  const qs = queriesByRelevance(c);
  return (
    every(qs, (g) => new Set(g.map((i) => s[i])).size === g.length, 'a query has equal scores') ??
    every(qs, (g) => new Set(g.map((i) => rel[i])).size < g.length, 'a query has no equal relevance')
  );
};
const EQUAL_RELEVANCE: TiePoint = { point: 'equal relevance, distinct scores', golden: ['equal relevance'], sits: EQUAL_REL_DISTINCT_SCORES, check: { kind: 'smooth' } };
const RANKING_SMOOTH = (fd1e4: FdOptions): TiePoint[] => [
  EQUAL_RELEVANCE,
  { point: 'all scores equal', golden: ['all scores equal'], sits: ALL_SCORES_EQUAL, check: { kind: 'smooth' } },
  { point: 'all scores equal at ±1e4', golden: ['all scores equal at 1e4'], sits: ALL_SCORES_EQUAL, check: { kind: 'smooth', fd: fd1e4 } },
  { point: 'equal scores adjacent in the relevance order, at every position', golden: ['equal scores adjacent in π'], sits: ADJACENT_IN_PI, check: { kind: 'smooth' } },
  { point: 'equal relevance and equal scores together', golden: ['equal relevance and equal scores'], sits: EQUAL_REL_AND_SCORE, check: { kind: 'smooth' } },
];
/** Steps of 0.01 at scores of 1e4 (float32 spacing 1e-3 there). */
const FD_1E4: FdOptions = { eps: 1e-6, rtol: 1e-2, atol: 1e-2 };

// ---------- similarity ----------

const pairDistances = (c: GoldenCase, a: string, b: string, p = 2): number[] => {
  const B = rowsOf(c, b);
  return rowsOf(c, a).map((r, i) => dist(r, B[i], p));
};
const labels = (c: GoldenCase) => column(c, 'label');
const PAIR_AT_ZERO = (similar: boolean) => (c: GoldenCase) =>
  every(pairDistances(c, 'x1', 'x2'), (d) => d === 0, 'a pair is not at distance 0') ??
  (similar ? every(labels(c), (y) => y === 0, 'a label is not 0') : some(labels(c), (y) => y > 0, 'no dissimilar label'));
const PAIR_IDENTICAL = (similar: boolean) => (c: GoldenCase) => {
  const x2 = rowsOf(c, 'x2');
  return (
    every(rowsOf(c, 'x1'), (r, i) => r.every((v, k) => v === x2[i][k]), 'a pair is not identical') ??
    (similar ? every(labels(c), (y) => y === 0, 'a label is not 0') : some(labels(c), (y) => y > 0, 'no dissimilar label'))
  );
};
const PAIR_AT_MARGIN = (c: GoldenCase) =>
  every(pairDistances(c, 'x1', 'x2'), (d) => d === f32(param(c, 'margin', 1)), 'a pair is not at the margin') ??
  every(labels(c), (y) => y > 0, 'a pair is not (partly) dissimilar');

const tripletP = (c: GoldenCase) => param(c, 'p', 2);
const TRIPLET_AT_MARGIN = (c: GoldenCase) => {
  const dn = pairDistances(c, 'anchor', 'negative', tripletP(c));
  return every(pairDistances(c, 'anchor', 'positive', tripletP(c)), (dp, i) => f32(f32(dp + f32(param(c, 'margin', 1))) - dn[i]) === 0, 'a triplet is not at the margin');
};
const TRIPLET_EQUIDISTANT = (c: GoldenCase) => {
  const dn = pairDistances(c, 'anchor', 'negative', tripletP(c));
  return every(pairDistances(c, 'anchor', 'positive', tripletP(c)), (dp, i) => dp === dn[i] && dp + param(c, 'margin', 1) > dn[i], 'd(a, p) != d(a, n), or the loss is not active');
};
const SWAP_TIED = (c: GoldenCase) => {
  const ds = pairDistances(c, 'positive', 'negative', tripletP(c));
  return every(pairDistances(c, 'anchor', 'negative', tripletP(c)), (dn, i) => dn === ds[i], 'd(a, n) != d(p, n)');
};
const TRIPLET_AT_ZERO = (c: GoldenCase) => every(pairDistances(c, 'anchor', 'positive', tripletP(c)), (d) => d === 0, 'd(a, p) is not 0');
const TRIPLET_IDENTICAL = (c: GoldenCase) => {
  const p = rowsOf(c, 'positive');
  return every(rowsOf(c, 'anchor'), (r, i) => r.every((v, k) => v === p[i][k]), 'an anchor differs from its positive');
};

/** Distances from anchor 0 (anchor first), with its positives and negatives. */
function anchorZero(c: GoldenCase): { pos: number[]; neg: number[] } {
  const e = rowsOf(c, 'embedding');
  const y = labels(c);
  const d = e.map((x) => dist(e[0], x));
  return { pos: d.filter((_, x) => x > 0 && y[x] === y[0]), neg: d.filter((_, x) => y[x] !== y[0]) };
}
const MINED_EQUAL = (c: GoldenCase) => {
  const { pos, neg } = anchorZero(c);
  const far = Math.max(...pos);
  const near = Math.min(...neg);
  return pos.filter((d) => d === far).length > 1 && neg.filter((d) => d === near).length > 1 ? null : "anchor 0's farthest positives or nearest negatives are not tied";
};
const MINED_AT_MARGIN = (c: GoldenCase) => {
  const { pos, neg } = anchorZero(c);
  return f32(f32(Math.max(...pos) - Math.min(...neg)) + f32(param(c, 'margin', 1))) === 0 ? null : "anchor 0's hardest triplet is not at the margin";
};
const SEMI_HARD_BOUNDARIES = (c: GoldenCase) => {
  const { pos, neg } = anchorZero(c);
  const m = f32(param(c, 'margin', 1));
  return pos.some((dp) => neg.includes(dp) && neg.includes(f32(dp + m))) ? null : 'anchor 0 has no negatives at d_ap and at d_ap + margin';
};
const MINED_EQUIDISTANT = (c: GoldenCase) => {
  const { pos, neg } = anchorZero(c);
  return Math.max(...pos) === Math.min(...neg) ? null : "anchor 0's hardest positive and nearest negative are not equidistant";
};
const MINED_AT_ZERO = (c: GoldenCase) => {
  const e = rowsOf(c, 'embedding');
  return e.some((a, i) => e.some((b, j) => i !== j && dist(a, b) === 0)) ? null : 'no two rows at distance 0';
};
const MINED_IDENTICAL = (c: GoldenCase) => {
  const e = rowsOf(c, 'embedding');
  return e.some((a, i) => e.some((b, j) => i !== j && a.every((v, k) => v === b[k]))) ? null : 'no two rows are identical';
};

/**
 * Integer coordinates up to 512 and distances of 48..128: a step of 0.01 whatever the coordinate
 * (float32 spacing 7.6e-6 at 80, so the differences of values keep 3 digits), small enough for
 * max(0, margin − d)², whose second derivative jumps at the margin (O(step) error).
 */
const FD_INTEGER_COORDS: FdOptions = { step: 0.01, rtol: 5e-3, atol: 2e-3 };
const DISTANCE_ZERO = 'a difference that cancels the eps exactly (b − a = 1e-6) gives distance 0, where its gradient is 0';
const IDENTICAL = 'Identical vectors are D^(1/p)·1e-6 apart';
const NEAR_KINK_WHY = 'the distance is a norm 1e-6 from its kink at 0: finite differences in float32 cannot resolve its curvature';

const pairPoints: TiePoint[] = [
  { point: 'distance 0, similar pairs (d² is smooth)', golden: ['distance 0, similar'], sits: PAIR_AT_ZERO(true), check: { kind: 'smooth' } },
  { point: 'distance 0, dissimilar pairs', golden: ['distance 0, dissimilar'], sits: PAIR_AT_ZERO(false), check: { kind: 'kink', stated: DISTANCE_ZERO } },
  { point: 'identical embeddings, similar pairs', golden: ['identical embeddings, similar'], sits: PAIR_IDENTICAL(true), check: { kind: 'smooth' } },
  { point: 'identical embeddings, dissimilar pairs', golden: ['identical embeddings, dissimilar'], sits: PAIR_IDENTICAL(false), check: { kind: 'nearKink', stated: IDENTICAL, why: NEAR_KINK_WHY } },
  { point: 'distance exactly at the margin (max(0, margin − d)² is smooth there)', golden: ['distance at the margin'], sits: PAIR_AT_MARGIN, check: { kind: 'smooth', fd: { eps: 1e-4, rtol: 5e-3, atol: 1e-3 } } },
];

export const TIE_POINTS: Readonly<Record<string, readonly TiePoint[]>> = {
  // regression: residual 0 and |residual| at the bend
  mse: [RESIDUAL_0_SMOOTH],
  l1: [{ point: 'residual 0', golden: ['residual 0'], sits: RESIDUAL_0, check: { kind: 'kink', stated: 'The gradient is 0 where ŷ_i = y_i, as in PyTorch' } }],
  smooth_l1: [
    { point: 'residual 0, beta > 0', golden: ['residual 0'], applies: (c) => param(c, 'beta', 1) > 0, sits: RESIDUAL_0, check: { kind: 'smooth' } },
    {
      point: 'residual 0, beta = 0 (L1)',
      golden: ['residual 0'],
      applies: (c) => param(c, 'beta', 1) === 0,
      sits: RESIDUAL_0,
      check: { kind: 'kink', stated: 'beta = 0 is L1 with gradient 0 at r = 0' },
    },
    { point: '|residual| = beta', golden: ['|residual| = beta or delta'], sits: AT_BEND('beta'), check: { kind: 'smooth' } },
  ],
  huber: [RESIDUAL_0_SMOOTH, { point: '|residual| = delta', golden: ['|residual| = beta or delta'], sits: AT_BEND('delta'), check: { kind: 'smooth' } }],
  log_cosh: [RESIDUAL_0_SMOOTH],
  quantile: [
    {
      point: 'residual 0',
      golden: ['residual 0'],
      sits: RESIDUAL_0,
      check: { kind: 'kink', stated: 'At a tie (r = 0) the gradient is that of torch.maximum, which splits it evenly: ∂l/∂ŷ = 0.5 − q' },
    },
  ],
  // classification: equal logits (and the binary losses' tie, logit 0)
  cross_entropy: [{ point: 'equal logits', golden: ['equal logits'], sits: EQUAL_LOGITS, check: { kind: 'smooth' } }],
  focal: [
    { point: 'equal logits', golden: ['equal logits'], sits: EQUAL_LOGITS, check: { kind: 'smooth' } },
    {
      point: 'ce exactly 0 (target class weight 0: 1 − p_t = 0, where the modulating factor switches branch)',
      golden: ['ce 0 (target class weight 0)'],
      sits: (c) => {
        const w = c.params.weight as number[];
        return every(column(c, 'target'), (y) => w[y] === 0, "a target class's weight is not 0");
      },
      check: { kind: 'smooth' },
    },
  ],
  bce_with_logits: [{ point: 'logit 0', golden: ['logit 0', 'logit 0 weighted'], sits: LOGIT_0, check: { kind: 'smooth' } }],
  sigmoid_focal: [{ point: 'logit 0', golden: ['logit 0'], sits: LOGIT_0, check: { kind: 'smooth' } }],
  kl_div: [
    { point: 'equal logits (student and teacher)', golden: ['equal logits'], sits: EQUAL_LOGITS, check: { kind: 'smooth' } },
    { point: 'student equal to the teacher (KL 0, its minimum)', golden: ['student equals teacher'], sits: STUDENT_IS_TEACHER, check: { kind: 'smooth' } },
  ],
  multi_margin: [
    {
      point: 'equal logits, margin > 0, no hinge term at 0 for p = 1',
      golden: ['equal logits'],
      applies: (c) => param(c, 'margin', 1) > 0 && (param(c, 'p', 1) === 2 || HINGE_AT_0(c) !== null),
      sits: EQUAL_LOGITS,
      check: { kind: 'smooth' },
    },
    {
      // Equal-logit rows put a term at 0 too (EQ_Z's row 3: z_j = z_y − 1, margin 1).
      point: 'a hinge term exactly 0 (margin − z_y + z_j = 0), p = 1',
      golden: ['at the margin', 'equal logits'],
      applies: (c) => param(c, 'p', 1) === 1 && HINGE_AT_0(c) === null,
      sits: HINGE_AT_0,
      check: { kind: 'kink', stated: "At margin − z_y + z_j = 0 the term's gradient is 0" },
    },
    // The squared hinge has derivative 0 on both sides of 0: smooth there.
    { point: 'a hinge term exactly 0, p = 2', golden: ['at the margin'], applies: (c) => param(c, 'p', 1) === 2, sits: HINGE_AT_0, check: { kind: 'smooth' } },
  ],
  dice: [{ point: 'logit 0 (p = 0.5)', golden: ['logit 0'], sits: LOGIT_0, check: { kind: 'smooth' } }],
  tversky: [{ point: 'logit 0 (p = 0.5)', golden: ['logit 0'], sits: LOGIT_0, check: { kind: 'smooth' } }],
  // ranking: equal scores, equal relevance, both
  pointwise_mse: RANKING_SMOOTH({ eps: 1e-5, rtol: 1e-2, atol: 1e-2 }),
  ranknet: RANKING_SMOOTH(FD_1E4),
  lambdarank: [
    EQUAL_RELEVANCE,
    // At equal scores the ΔNDCG weights jump as the order by score flips.
    ...RANKING_SMOOTH(FD_1E4)
      .filter((t) => t !== EQUAL_RELEVANCE)
      .map((t): TiePoint => ({ ...t, check: { kind: 'kink', stated: 'At equal scores the loss is not differentiable' } })),
  ],
  listnet: RANKING_SMOOTH(FD_1E4),
  listmle: RANKING_SMOOTH(FD_1E4),
  // similarity: distance 0, distance at the margin, d(a, p) = d(a, n)
  contrastive: pairPoints,
  soft_contrastive: pairPoints,
  triplet: [
    {
      point: 'exactly at the margin (margin + d(a, p) − d(a, n) = 0)',
      golden: ['at the margin', 'at the margin, margin 0 (a = p = n)'],
      sits: TRIPLET_AT_MARGIN,
      check: { kind: 'kink', stated: 'at margin + d_ap − d_an = 0 the gradient passes (torch.clamp_min)' },
    },
    { point: 'd(a, p) = d(a, n), loss active', golden: ['d(a, p) = d(a, n)'], sits: TRIPLET_EQUIDISTANT, check: { kind: 'smooth', fd: FD_INTEGER_COORDS } },
    {
      point: 'd(a, n) = d(p, n), the swap minimum tied',
      golden: ['swap minimum tied'],
      sits: SWAP_TIED,
      check: { kind: 'kink', stated: 'a tie in the swap minimum splits the gradient in half (torch.min)' },
    },
    { point: 'd(a, p) = 0 (the eps cancelled)', golden: ['distance 0'], sits: TRIPLET_AT_ZERO, check: { kind: 'kink', stated: DISTANCE_ZERO } },
    {
      point: 'anchor identical to its positive',
      golden: ['identical anchor and positive'],
      sits: TRIPLET_IDENTICAL,
      check: { kind: 'nearKink', stated: IDENTICAL, why: NEAR_KINK_WHY },
    },
  ],
  triplet_mined: [
    {
      point: 'batch_hard with equal distances',
      golden: ['batch_hard equal distances'],
      sits: MINED_EQUAL,
      check: { kind: 'kink', stated: 'batch_hard: equal distances pick the lowest row' },
    },
    {
      point: 'exactly at the margin (d(a, p) − d(a, n) + margin = 0)',
      golden: ['at the margin'],
      sits: MINED_AT_MARGIN,
      check: { kind: 'kink', stated: 'At d(a, p) − d(a, n) + margin = 0 the gradient passes (torch.clamp_min)' },
    },
    {
      point: 'semi_hard boundaries d(a, n) = d(a, p) and d(a, n) = d(a, p) + margin',
      golden: ['semi_hard boundaries'],
      sits: SEMI_HARD_BOUNDARIES,
      check: { kind: 'kink', stated: 'semi_hard keeps d_ap < d_an < d_ap + margin, strictly' },
    },
    { point: 'd(a, p) = d(a, n), loss active', golden: ['d(a, p) = d(a, n)'], sits: MINED_EQUIDISTANT, check: { kind: 'smooth', fd: FD_INTEGER_COORDS } },
    { point: 'two rows at distance 0 (the eps cancelled)', golden: ['distance 0'], sits: MINED_AT_ZERO, check: { kind: 'kink', stated: DISTANCE_ZERO } },
    { point: 'two identical rows', golden: ['identical embeddings'], sits: MINED_IDENTICAL, check: { kind: 'nearKink', stated: IDENTICAL, why: NEAR_KINK_WHY } },
  ],
};
