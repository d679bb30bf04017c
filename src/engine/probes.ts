/**
 * Probe inputs for checking a user's implementation of a loss ("Check my loss", issue #11): a few
 * random rows plus the edges where hand-written losses go wrong — ties and zero residuals, logits of
 * ±100 and ±1e4, zero distances, all-ignored rows, zero and non-uniform weights, a class absent
 * from the batch, equal relevance, a student equal to its teacher. Deterministic (seeded), small (at most a dozen rows), so the
 * user's code runs in well under a second per probe.
 *
 * Which optional features get probes depends on what the user's code declares (`accepts`: the
 * names of its parameters): sample weights only when it takes a weight argument, ignore_index and
 * class weights only when it takes them. A probe that needs a parameter value different from the
 * check's (class weights, ignore_index) carries it in `params`.
 */
import type { EvalInputs, LossSpec, ParamValue, ResolvedParams, RoleInput, RoleName } from './spec';

export interface Probe {
  readonly name: string;
  /** What the probe is about, for the Check view and `unexplained`. */
  readonly about: string;
  readonly n: number;
  readonly inputs: EvalInputs;
  /** Parameters this probe sets beyond the check's own (e.g. class weights). */
  readonly params?: Readonly<Record<string, ParamValue>>;
  /** An edge where the reference is finite and naive code overflows (logits ±100, ±1e4). */
  readonly extreme?: boolean;
  /** Holds zero distances (similarity losses). */
  readonly zeroDistance?: boolean;
}

/** Names under which a user's code takes the per-sample weight. */
export const SAMPLE_WEIGHT_NAMES: readonly string[] = ['weight', 'weights', 'sample_weight', 'sample_weights', 'w'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rand {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  /** A number with 3 decimals, so probes print readably and float32 holds them closely. */
  normal(sd: number): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    return Math.round(sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v) * 1000) / 1000;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

const one = (values: readonly number[]): RoleInput => ({ data: Float32Array.from(values), cols: 1 });
const many = (rows: readonly (readonly number[])[]): RoleInput => ({ data: Float32Array.from(rows.flat()), cols: rows[0]?.length ?? 0 });

function hasRole(spec: LossSpec, role: RoleName): boolean {
  return spec.roles.some((r) => r.name === role);
}

/** Whether the user's code declares a sample-weight argument for a loss that has a weight role. */
export function takesSampleWeight(spec: LossSpec, accepts: ReadonlySet<string>): string | null {
  if (!spec.roles.some((r) => r.sampleWeight)) return null;
  return SAMPLE_WEIGHT_NAMES.find((n) => accepts.has(n)) ?? null;
}

function regressionProbes(spec: LossSpec, params: ResolvedParams, accepts: ReadonlySet<string>, r: Rand): Probe[] {
  const n = 8;
  const pred = Array.from({ length: n }, () => r.normal(2));
  const target = Array.from({ length: n }, () => r.normal(2));
  const t0 = Array.from({ length: n }, () => r.normal(1));
  const kink = typeof params.beta === 'number' ? params.beta : typeof params.delta === 'number' ? params.delta : 1;
  const out: Probe[] = [
    { name: 'random', about: '8 random rows', n, inputs: { prediction: one(pred), target: one(target) } },
    {
      name: 'outliers', about: 'residuals from −30 to 40', n,
      inputs: { prediction: one([-30, -5, -1.5, -0.2, 0.3, 2, 7, 40].map((d, i) => t0[i] + d)), target: one(t0) },
    },
    {
      name: 'small-residuals', about: `residuals below ${kink} (inside the quadratic zone)`, n,
      inputs: { prediction: one(t0.map((t, i) => t + kink * (i % 2 ? 0.4 : -0.7) * ((i + 1) / n))), target: one(t0) },
    },
    {
      name: 'ties', about: 'prediction equals target on half of the rows (zero residual)', n,
      inputs: { prediction: one(t0.map((t, i) => (i % 2 ? t : t + 1.25))), target: one(t0) },
    },
  ];
  if (takesSampleWeight(spec, accepts)) {
    out.push(
      { name: 'weights', about: 'non-uniform sample weights', n, inputs: { prediction: one(pred), target: one(target), weight: one([0.5, 2, 1, 3, 0.25, 1.5, 4, 1]) } },
      { name: 'zero-weights', about: 'sample weights with zeros', n, inputs: { prediction: one(pred), target: one(target), weight: one([0, 2, 0, 1, 0, 0, 3, 1]) } },
    );
  }
  return out;
}

function multiclassProbes(spec: LossSpec, params: ResolvedParams, accepts: ReadonlySet<string>, r: Rand): Probe[] {
  const n = 8;
  const C = 4;
  const logits = (scale: number) => Array.from({ length: n }, () => Array.from({ length: C }, () => r.normal(scale)));
  const targets = Array.from({ length: n }, (_, i) => i % C);
  const signs = (big: number) => Array.from({ length: n }, (_, i) => Array.from({ length: C }, (_, c) => ((i + c) % 3 === 0 ? big : (i * c) % 2 ? -big : 0)));
  const out: Probe[] = [
    { name: 'random', about: '8 random rows, 4 classes', n, inputs: { logits: many(logits(2)), target: one(targets) } },
    { name: 'class-absent', about: 'classes 2 and 3 absent from the batch', n, inputs: { logits: many(logits(2)), target: one(targets.map((t) => t % 2)) } },
    { name: 'ties', about: 'all logits equal (uniform softmax)', n, inputs: { logits: many(Array.from({ length: n }, () => [0.5, 0.5, 0.5, 0.5])), target: one(targets) } },
    { name: 'logits-100', about: 'logits of ±100', n, inputs: { logits: many(signs(100)), target: one(targets) }, extreme: true },
    { name: 'logits-1e4', about: 'logits of ±1e4', n, inputs: { logits: many(signs(1e4)), target: one(targets) }, extreme: true },
  ];
  if (accepts.has('weight') && spec.params.some((p) => p.name === 'weight') && params.weight === null) {
    out.push({ name: 'class-weights', about: 'non-uniform class weights [0.5, 2, 1, 3]', n, inputs: { logits: many(logits(2)), target: one(targets) }, params: { weight: [0.5, 2, 1, 3] } });
  }
  if (accepts.has('ignore_index') && spec.params.some((p) => p.name === 'ignore_index')) {
    const ig = typeof params.ignore_index === 'number' ? params.ignore_index : -100;
    out.push(
      { name: 'some-ignored', about: `3 of 8 rows with target ${ig} (ignored)`, n, inputs: { logits: many(logits(2)), target: one(targets.map((t, i) => (i % 3 === 1 ? ig : t))) } },
      { name: 'all-ignored', about: `every row's target is ${ig} (ignored)`, n, inputs: { logits: many(logits(2)), target: one(targets.map(() => ig)) } },
    );
  }
  return out;
}

/**
 * Distillation (kl_div): the student's logits against a teacher's, 4 classes. The edges: a student
 * equal to its teacher (zero KL and gradient), a teacher of ±1e4 whose softmax has exact zeros
 * (q log q must count as 0, PyTorch's xlogy), a student of ±1e4, a uniform student.
 */
function distillationProbes(r: Rand): Probe[] {
  const n = 8;
  const C = 4;
  const logits = (scale: number) => Array.from({ length: n }, () => Array.from({ length: C }, () => r.normal(scale)));
  const signs = (big: number) => Array.from({ length: n }, (_, i) => Array.from({ length: C }, (_, c) => ((i + c) % C === 0 ? big : (i * c) % 2 ? -big : 0)));
  const student = logits(2);
  const teacher = logits(2);
  return [
    { name: 'random', about: '8 random rows, 4 classes, student and teacher', n, inputs: { logits: many(student), teacher_logits: many(teacher) } },
    { name: 'same-as-teacher', about: 'the student equals its teacher (zero KL)', n, inputs: { logits: many(teacher), teacher_logits: many(teacher) } },
    { name: 'ties', about: 'all student logits equal (uniform softmax)', n, inputs: { logits: many(Array.from({ length: n }, () => [0.5, 0.5, 0.5, 0.5])), teacher_logits: many(teacher) } },
    { name: 'teacher-1e4', about: 'teacher logits of ±1e4 (its softmax has exact zeros)', n, inputs: { logits: many(student), teacher_logits: many(signs(1e4)) }, extreme: true },
    { name: 'student-1e4', about: 'student logits of ±1e4', n, inputs: { logits: many(signs(1e4)), teacher_logits: many(teacher) }, extreme: true },
  ];
}

function binaryProbes(spec: LossSpec, accepts: ReadonlySet<string>, r: Rand): Probe[] {
  const n = 8;
  const logit = Array.from({ length: n }, () => r.normal(2));
  const target = [1, 0, 0, 1, 1, 0, 1, 0];
  const big = (m: number) => [m, -m, m, -m, 0.5 * m, -0.5 * m, m, -m];
  const out: Probe[] = [
    { name: 'random', about: '8 random rows', n, inputs: { logit: one(logit), target: one(target) } },
    { name: 'all-positive', about: 'every target 1 (class 0 absent)', n, inputs: { logit: one(logit), target: one(target.map(() => 1)) } },
    { name: 'all-negative', about: 'every target 0 (class 1 absent)', n, inputs: { logit: one(logit), target: one(target.map(() => 0)) } },
    { name: 'ties', about: 'logit 0 (p = 0.5) on every row', n, inputs: { logit: one(logit.map(() => 0)), target: one(target) } },
    { name: 'logits-100', about: 'logits of ±100, right and wrong', n, inputs: { logit: one(big(100)), target: one([1, 0, 0, 1, 1, 1, 0, 0]) }, extreme: true },
    { name: 'logits-1e4', about: 'logits of ±1e4, right and wrong', n, inputs: { logit: one(big(1e4)), target: one([1, 0, 0, 1, 1, 1, 0, 0]) }, extreme: true },
  ];
  if (takesSampleWeight(spec, accepts)) {
    out.push(
      { name: 'weights', about: 'non-uniform sample weights', n, inputs: { logit: one(logit), target: one(target), weight: one([0.5, 2, 1, 3, 0.25, 1.5, 4, 1]) } },
      { name: 'zero-weights', about: 'sample weights with zeros', n, inputs: { logit: one(logit), target: one(target), weight: one([0, 2, 0, 1, 0, 0, 3, 1]) } },
    );
  }
  return out;
}

function rankingProbes(r: Rand): Probe[] {
  const n = 6;
  const q = one(Array.from({ length: n }, () => 1));
  const score = Array.from({ length: n }, () => r.normal(1.5));
  const rel = [3, 0, 1, 2, 0, 1];
  return [
    { name: 'random', about: 'one list of 6 random scores, graded relevance', n, inputs: { query: q, score: one(score), relevance: one(rel) } },
    { name: 'score-ties', about: 'tied scores', n, inputs: { query: q, score: one([0.5, 0.5, 1, 1, -0.25, 0.5]), relevance: one(rel) } },
    { name: 'equal-relevance', about: 'every item equally relevant', n, inputs: { query: q, score: one(score), relevance: one(rel.map(() => 1)) } },
    { name: 'binary-relevance', about: 'relevance 0 or 1', n, inputs: { query: q, score: one(score), relevance: one([1, 0, 0, 1, 0, 0]) } },
    { name: 'scores-100', about: 'scores of ±100', n, inputs: { query: q, score: one([100, -100, 50, -50, 100, 0]), relevance: one(rel) }, extreme: true },
  ];
}

function similarityProbes(spec: LossSpec, params: ResolvedParams, r: Rand): Probe[] {
  const n = 8;
  const D = 3;
  const vecs = (sd: number) => Array.from({ length: n }, () => Array.from({ length: D }, () => r.normal(sd)));
  const margin = typeof params.margin === 'number' ? params.margin : 1;
  if (hasRole(spec, 'x1')) {
    const soft = spec.roles.some((ro) => ro.name === 'label' && ro.domain === 'unit');
    const labels = soft ? [0, 1, 0.25, 0.75, 0.5, 1, 0, 0.1] : [0, 1, 0, 1, 1, 0, 1, 0];
    const x1 = vecs(0.5);
    const x2 = vecs(0.5);
    const same = x1.map((v, i) => (i % 2 ? v.slice() : x2[i]));
    const far = x1.map((v) => v.map((x) => x + 2 * margin));
    return [
      { name: 'random', about: '8 random pairs in 3-d', n, inputs: { x1: many(x1), x2: many(x2), label: one(labels) } },
      { name: 'zero-distance', about: 'x1 equals x2 on half of the pairs (distance 0)', n, inputs: { x1: many(x1), x2: many(same), label: one(labels) }, zeroDistance: true },
      { name: 'beyond-margin', about: `pairs farther apart than the margin ${margin}`, n, inputs: { x1: many(x1), x2: many(far), label: one(labels) } },
      { name: 'all-similar', about: 'every label 0 (similar)', n, inputs: { x1: many(x1), x2: many(x2), label: one(labels.map(() => 0)) } },
      { name: 'all-dissimilar', about: 'every label 1 (dissimilar)', n, inputs: { x1: many(x1), x2: many(x2), label: one(labels.map(() => 1)) } },
    ];
  }
  if (hasRole(spec, 'anchor')) {
    const a = vecs(0.6);
    const p = vecs(0.6);
    const ng = vecs(0.6);
    const shifted = a.map((v) => v.map((x) => x + 3 * margin));
    return [
      { name: 'random', about: '8 random triplets in 3-d', n, inputs: { anchor: many(a), positive: many(p), negative: many(ng) } },
      { name: 'zero-distance', about: 'positive equals anchor (distance 0)', n, inputs: { anchor: many(a), positive: many(a.map((v) => v.slice())), negative: many(ng) }, zeroDistance: true },
      { name: 'negative-at-anchor', about: 'negative equals anchor', n, inputs: { anchor: many(a), positive: many(p), negative: many(a.map((v) => v.slice())) }, zeroDistance: true },
      { name: 'easy', about: 'negatives far beyond the margin (zero loss)', n, inputs: { anchor: many(a), positive: many(p), negative: many(shifted) } },
    ];
  }
  // mined triplets: embeddings with labels
  const emb = vecs(0.7);
  const lab = [0, 1, 2, 0, 1, 2, 0, 1];
  return [
    { name: 'random', about: '8 random embeddings, 3 classes', n, inputs: { embedding: many(emb), label: one(lab) } },
    { name: 'duplicates', about: 'repeated embeddings (zero distances)', n, inputs: { embedding: many(emb.map((v, i) => (i >= 4 ? emb[i - 4].slice() : v))), label: one(lab) }, zeroDistance: true },
    { name: 'two-classes', about: 'labels 0 and 1 only', n, inputs: { embedding: many(vecs(1)), label: one(lab.map((l) => l % 2)) } },
  ];
}

/** The probes for checking an implementation of `spec` with `params`; `accepts`: the names its code takes. */
export function probesFor(spec: LossSpec, params: ResolvedParams, accepts: ReadonlySet<string> = new Set()): Probe[] {
  const r = new Rand(0x10551ab);
  const probes = ((): Probe[] => {
    switch (spec.family) {
      case 'regression':
        return regressionProbes(spec, params, accepts, r);
      case 'classification':
        if (hasRole(spec, 'teacher_logits')) return distillationProbes(r);
        return hasRole(spec, 'logits') ? multiclassProbes(spec, params, accepts, r) : binaryProbes(spec, accepts, r);
      case 'ranking':
        return rankingProbes(r);
      case 'similarity':
        return similarityProbes(spec, params, r);
    }
  })();
  // Code that takes a sample weight gets one on every probe (weights of 1 where the probe is not
  // about weights), since its weight argument may have no default.
  if (!takesSampleWeight(spec, accepts)) return probes;
  return probes.map((p) => (p.inputs.weight ? p : { ...p, inputs: { ...p.inputs, weight: one(new Array<number>(p.n).fill(1)) } }));
}
