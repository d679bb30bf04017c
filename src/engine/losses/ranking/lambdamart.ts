import { tf } from '../../backend';
import { InputError } from '../../inputs';
import { rankingMetrics } from '../../metrics/ranking';
import { rowsOf } from '../../group-rows';
import { queryRows } from '../../metrics/ranking';
import { bool, list, num, type Batch, type BooleanParam, type ClosedFormGrad, type IntegerParam, type LossSpec, type NumberListParam, type NumberParam, type ResolvedParams, type RoleSpec } from '../../spec';
import { queryGroups } from './groups';
import { DEFAULT_LABEL_GAIN, MAX_QUERY_ROWS, queryLambdas, queryNdcgAt, type LambdaMartParams } from './lambdamart-core';
import { QUERY, RELEVANCE, SCORE } from './roles';
import type { CodeTemplate, CodeTemplates, TemplateContext } from '../../templates/template-types';

/** A Python literal (the comment of every framework shows Python, LightGBM's language). */
function py(v: unknown): string {
  const n = (x: number): string => (Number.isInteger(x) ? `${x}.0` : String(x));
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Array.isArray(v)) return `[${(v as number[]).map(n).join(', ')}]`;
  return n(v as number);
}

/** The LightGBM parameters that make its built-in objective this one (the user's values). */
function lightgbmParams(c: TemplateContext): string {
  const t = c.params.truncation_level as number;
  return `{"objective": "lambdarank", "sigmoid": ${py(c.params.sigmoid)}, "lambdarank_truncation_level": ${t}, "lambdarank_norm": ${py(c.params.norm)}, "label_gain": ${py(c.params.label_gain)}}`;
}

/** The four loss frameworks: not available (LightGBM's lambdas are not a loss to backpropagate). */
const unavailable: CodeTemplate = (c) => ({
  kind: 'unavailable',
  reason:
    "Its gradients and hessians are LightGBM's closed-form lambdas for gradient-boosted trees; with norm on they are " +
    'the gradient of no loss, so there is nothing to backpropagate. For a differentiable ΔNDCG-weighted pairwise loss ' +
    "see lambdarank. LightGBM's built-in objective with these parameters:",
  instead: [
    `  lightgbm.train(${lightgbmParams(c)}, train_set)`,
    'or the same as a custom objective (grad, hess in numpy): loss-lab snippet --loss lambdamart --framework lightgbm',
  ],
});

const CODE: CodeTemplates = {
  className: 'LambdaMart',
  pytorch: unavailable,
  keras: unavailable,
  jax: unavailable,
  tfjs: unavailable,
  lossFrameworks: 'unavailable',
  lightgbm: (c) => ({
    note:
      "Reproduces LightGBM 4.6.0's built-in lambdarank objective (LambdarankNDCG, rank_objective.hpp; transcribed " +
      'by Loss Lab) with these parameters: stable sort by score, pairs with a document in the top truncation_level, ' +
      'ΔNDCG against maxDCG@truncation_level, the (0.01 + |Δs|) division and log2(1 + Σ)/Σ factor when norm, ' +
      "LightGBM's sigmoid table, then the row weights. Pair sums in float64 (LightGBM: float32), so results agree " +
      "to float32 rounding. Rows of a query must be contiguous (LightGBM's group). numpy only.",
    imports: ['import numpy as np'],
    body: [
      `SIGMOID = ${c.p('sigmoid')}`,
      `TRUNCATION_LEVEL = ${c.p('truncation_level')}`,
      `NORM = ${c.p('norm')}`,
      `LABEL_GAIN = np.array(${c.p('label_gain')}, dtype=np.float64)`,
      '',
      "# LightGBM's sigmoid table: 2^20 bins over [-25/SIGMOID, 25/SIGMOID], rho = 1 / (1 + exp(SIGMOID * ds)).",
      '_BINS = 1 << 20',
      '_LO = -50.0 / SIGMOID / 2',
      '_FACTOR = _BINS / (-2.0 * _LO)',
      '_TABLE = 1.0 / (1.0 + np.exp((np.arange(_BINS) / _FACTOR + _LO) * SIGMOID))',
      '',
      '',
      'def _rho(ds):',
      '    return _TABLE[np.clip(np.floor((ds - _LO) * _FACTOR), 0, _BINS - 1).astype(np.int64)]',
      '',
      '',
      'def _one_query(s, y):',
      '    n = len(s)',
      '    grad = np.zeros(n)',
      '    hess = np.zeros(n)',
      '    if n < 2:',
      '        return grad, hess',
      '    order = np.argsort(-s, kind="stable")  # ties keep row order',
      '    disc = 1.0 / np.log2(2.0 + np.arange(n))',
      '    ideal = np.sort(y)[::-1][:TRUNCATION_LEVEL]',
      '    max_dcg = np.sum(LABEL_GAIN[ideal] * disc[: len(ideal)])',
      '    if max_dcg <= 0:',
      '        return grad, hess',
      '    ss, yy = s[order], y[order]',
      '    i, j = np.triu_indices(n, 1)',
      '    keep = (i < TRUNCATION_LEVEL) & (yy[i] != yy[j])',
      '    i, j = i[keep], j[keep]',
      '    hr = np.where(yy[i] > yy[j], i, j)  # rank of the more relevant document',
      '    lr = np.where(yy[i] > yy[j], j, i)',
      '    ds = ss[hr] - ss[lr]',
      '    w = (LABEL_GAIN[yy[hr]] - LABEL_GAIN[yy[lr]]) * np.abs(disc[hr] - disc[lr]) * (1.0 / max_dcg)',
      '    if NORM and ss[0] != ss[-1]:',
      '        w = w / (float(np.float32(0.01)) + np.abs(ds))',
      '    rho = _rho(ds)',
      '    lam = rho * (-SIGMOID * w)',
      '    h = rho * (1.0 - rho) * (SIGMOID * SIGMOID * w)',
      '    np.add.at(grad, order[hr], lam)',
      '    np.add.at(grad, order[lr], -lam)',
      '    np.add.at(hess, order[hr], h)',
      '    np.add.at(hess, order[lr], h)',
      '    total = -2.0 * np.sum(lam)',
      '    if NORM and total > 0:',
      '        factor = np.log2(1.0 + total) / total',
      '        grad *= factor',
      '        hess *= factor',
      '    return grad, hess',
      '',
      '',
      'def objective(preds, train_data):',
      `    """Gradient and hessian of each row, as LightGBM's lambdarank objective gives them."""`,
      '    preds = np.asarray(preds, dtype=np.float64)',
      '    labels = np.asarray(train_data.get_label())',
      '    if np.any(labels != np.floor(labels)) or np.any(labels < 0) or np.any(labels >= len(LABEL_GAIN)):',
      '        raise ValueError("labels must be integers in [0, len(LABEL_GAIN))")',
      '    labels = labels.astype(np.int64)',
      '    sizes = train_data.get_group()',
      '    if sizes is None:',
      '        raise ValueError("Ranking tasks require query information")',
      '    grad = np.zeros(len(preds))',
      '    hess = np.zeros(len(preds))',
      '    start = 0',
      '    for size in np.asarray(sizes, dtype=np.int64):',
      '        rows = slice(start, start + size)',
      '        grad[rows], hess[rows] = _one_query(preds[rows], labels[rows])',
      '        start += size',
      '    weight = train_data.get_weight()',
      '    if weight is not None:',
      '        grad *= np.asarray(weight, dtype=np.float32)',
      '        hess *= np.asarray(weight, dtype=np.float32)',
      '    return grad.astype(np.float32), hess.astype(np.float32)',
    ].join('\n'),
    usage: 'booster = lightgbm.train({"objective": objective}, train_set)  # LightGBM >= 4; train_set = lightgbm.Dataset(X, label=relevance, group=query_sizes)',
  }),
};

const SIGMOID: NumberParam = {
  name: 'sigmoid',
  kind: 'number',
  default: 1.0,
  min: 0,
  max: Infinity,
  minExclusive: true,
  ui: { min: 0.1, max: 5, step: 0.1 },
  sweep: true,
  doc: 'σ of the pair probability ρ = 1 / (1 + exp(σ Δs)) (LightGBM `sigmoid`)',
};
const TRUNCATION: IntegerParam = {
  name: 'truncation_level',
  kind: 'integer',
  default: 30,
  min: 1,
  max: 1_000_000,
  doc: 'pairs are formed only with a document among the top truncation_level by score; also the k of maxDCG@k and of the NDCG reported (LightGBM `lambdarank_truncation_level`)',
};
const NORM: BooleanParam = {
  name: 'norm',
  kind: 'boolean',
  default: true,
  doc: 'divide ΔNDCG by 0.01 + |Δs| (when the query\'s scores are not all equal) and scale each query\'s lambdas by log2(1 + Σ)/Σ (LightGBM `lambdarank_norm`)',
};
const LABEL_GAIN: NumberListParam = {
  name: 'label_gain',
  kind: 'numberList',
  default: DEFAULT_LABEL_GAIN,
  min: 0,
  max: Infinity,
  doc: 'gain of each relevance grade 0, 1, 2, ...; the grades must be integers below its length (LightGBM `label_gain`, default 2^i − 1 for i = 0..30)',
};

/** Relevance as LightGBM's ranking objectives take it: an integer index into label_gain. */
const GRADE: RoleSpec = {
  ...RELEVANCE,
  domain: 'gainIndex',
  doc: 'the relevance grade of each document, an integer in [0, len(label_gain)) (0..30 with the default gains)',
};

/** Per-row weight, as LightGBM's: each document's gradient and hessian are multiplied by it after the query's computation. */
const ROW_WEIGHT: RoleSpec = {
  name: 'weight',
  columns: 'one',
  domain: 'nonnegative',
  differentiable: false,
  optional: true,
  aliases: ['weight', 'weights', 'w', 'sample_weight'],
  doc: 'a per-document weight (LightGBM\'s Dataset weight): multiplies that document\'s gradient and hessian; the value is unweighted',
};

export function lambdamartParams(p: ResolvedParams): LambdaMartParams {
  return { sigmoid: num(p, 'sigmoid'), truncationLevel: num(p, 'truncation_level'), norm: bool(p, 'norm'), labelGain: list(p, 'label_gain') ?? DEFAULT_LABEL_GAIN };
}

/** Each query of the batch (rows grouped by query id) through LightGBM's per-query computation. */
function eachQuery(b: Batch, params: ResolvedParams, visit: (a: number, rows: Int32Array, r: ReturnType<typeof queryLambdas>) => void): void {
  const query = b.host.query!;
  const groups = queryGroups(query);
  const p = lambdamartParams(params);
  for (let g = 0; g < groups.count; g++) {
    const a = groups.starts[g];
    const m = groups.starts[g + 1] - a;
    if (m > MAX_QUERY_ROWS) {
      throw new InputError(`lambdamart: query ${groups.ids[g]} has ${m} rows; LightGBM refuses more than ${MAX_QUERY_ROWS} ("Number of rows ${m} exceeds upper limit of ${MAX_QUERY_ROWS} for a query")`, 'query');
    }
    const rows = Int32Array.from({ length: m }, (_, t) => a + t);
    visit(a, rows, queryLambdas(b.host.score!, b.host.relevance!, b.host.weight ?? null, rows, p));
  }
}

/** LightGBM's `lambdarank` objective (LambdaMART's gradients), transcribed from LightGBM 4.6.0. */
export const lambdamart: LossSpec = {
  id: 'lambdamart',
  family: 'ranking',
  title: 'LambdaMART (LightGBM lambdarank)',
  doc:
    'The gradients (lambdas) and hessians LightGBM\'s `lambdarank` objective gives each document, as a ' +
    'gradient-boosted ranker (LambdaMART) is trained on them. They are computed in closed form, transcribed from ' +
    'LightGBM 4.6.0 (`LambdarankNDCG`), not by autodiff: with `norm` (the default) they are not the gradient of ' +
    'any reported value. The value is the LambdaRank cost of the pairs LightGBM visits, whose gradient the lambdas ' +
    'are when norm is off. NDCG@truncation_level is reported beside it. Use it to see which document gets which ' +
    'gradient and why, or to check a hand-written LightGBM objective.',
  formula:
    'per query, documents sorted by s descending (ties in row order), rank r = 0, 1, ...; pairs (i, j) with ' +
    'r_i < truncation_level, r_j > r_i, rel_i ≠ rel_j; h = the more relevant of the two, l = the other, Δs = s_h − s_l;  ' +
    'ΔNDCG = (G[rel_h] − G[rel_l]) · |D(r_h) − D(r_l)| / maxDCG@truncation_level, G = label_gain, D(r) = 1/log2(2 + r);  ' +
    'w = ΔNDCG / (0.01 + |Δs|) if norm and the scores are not all equal, else ΔNDCG;  ρ = 1/(1 + exp(sigmoid · Δs));  ' +
    'λ_h −= sigmoid·ρ·w, λ_l += sigmoid·ρ·w, h_h, h_l += sigmoid²·ρ(1 − ρ)·w;  ' +
    'if norm: λ, h ×= log2(1 + Σ) / Σ, Σ = Σ_pairs 2·sigmoid·ρ·w;  then × the row weight;  ' +
    'value per query: C = Σ_pairs ΔNDCG · log(1 + exp(−sigmoid · Δs));  sum: Σ_q C',
  tex: String.raw`\begin{aligned} \Delta_{hl} &= (G_{\mathrm{rel}_h} - G_{\mathrm{rel}_l}) \\ &\quad \cdot \lvert D(r_h) - D(r_l) \rvert \\ &\quad / \mathrm{maxDCG@}T \\ D(r) &= 1/\log_2(2 + r) \\ &\quad \text{pairs with } r_h \text{ or } r_l < T \\ w_{hl} &= \Delta_{hl} \\ &\quad / (0.01 + \lvert s_h - s_l \rvert) \ \text{(norm)} \\ \rho_{hl} &= 1/(1 + e^{\sigma (s_h - s_l)}) \\ \lambda_h &\mathrel{-}= \sigma \rho_{hl} w_{hl} \\ \lambda_l &\mathrel{+}= \sigma \rho_{hl} w_{hl} \\ h_h, h_l &\mathrel{+}= \sigma^2 \rho_{hl}(1 - \rho_{hl}) \\ &\quad \cdot w_{hl} \\ \lambda, h &\mathrel{\times}= \log_2(1 + \Sigma)/\Sigma \ \text{(norm)} \\ C_q &= \textstyle\sum_{hl} \Delta_{hl} \\ &\quad \cdot \log(1 + e^{-\sigma (s_h - s_l)}) \\ \sigma &= \text{sigmoid} \\ T &= \text{truncation\_level} \\ G &= \text{label\_gain} \end{aligned}`,
  reference:
    'LightGBM 4.6.0 LambdarankNDCG, transcribed (microsoft/LightGBM d02a01ac, src/objective/rank_objective.hpp, ' +
    'src/metric/dcg_calculator.cpp); golden values from a numpy transcription (test/fixtures/torch/lgb_lambdarank.py)',
  convention:
    'Gradients are LightGBM\'s, in closed form (not autodiff): the stable sort by score (equal scores keep row ' +
    'order), pairs bounded by truncation_level, ΔNDCG against maxDCG@truncation_level (0 for a query without a ' +
    'document of positive gain: its gradients are 0), the division by (0.01 + |Δs|) only when the query\'s scores are ' +
    'not all equal, the per-query factor log2(1 + Σ)/Σ, then each row\'s weight. ρ comes from LightGBM\'s lookup ' +
    'table (2^20 bins over |σΔs| < 25), which agrees with the exact 1/(1 + exp(σΔs)) to a relative 1e-4 (4.8e-5 at ' +
    'most). Lambdas and hessians are float32 sums as in LightGBM. The value is not weighted; with norm off its ' +
    'gradient is the unweighted lambda (the ΔNDCG weights held fixed); `sum` adds the queries, `none` gives one ' +
    'value per query. Reported beside it: NDCG@truncation_level with label_gain and LightGBM\'s discounts, ' +
    'averaged over queries with a relevant document (LightGBM\'s ndcg metric counts the others as 1), and MRR. ' +
    'Rows of a query need not be contiguous here; LightGBM takes each query\'s rows together (its group sizes), ' +
    'in file order within the query, which is the order ties are broken in.',
  roles: [QUERY, SCORE, GRADE, ROW_WEIGHT],
  params: [SIGMOID, TRUNCATION, NORM, LABEL_GAIN],
  reductions: ['sum', 'none'],
  defaultReduction: 'sum',
  unit: 'query',
  batching: 'group',
  gradientKind: 'closed-form',
  compute: (b, params) => {
    const costs: number[] = [];
    eachQuery(b, params, (_a, _rows, r) => costs.push(r.cost));
    return { values: tf.tensor1d(costs, 'float32') };
  },
  closedForm: (b, params): ClosedFormGrad => {
    const grad = new Float32Array(b.n);
    const hess = new Float32Array(b.n);
    eachQuery(b, params, (a, _rows, r) => {
      grad.set(r.grad, a);
      hess.set(r.hess, a);
    });
    return { grad, hess };
  },
  metrics: (inputs, params) => {
    const p = lambdamartParams(params);
    const score = inputs.score!.data;
    const rel = inputs.relevance!.data;
    const groups = queryRows(inputs.query!.data);
    let sum = 0;
    let used = 0;
    for (let q = 0; q < groups.count; q++) {
      const v = queryNdcgAt(score, rel, rowsOf(groups, q), p.truncationLevel, p.labelGain);
      if (v === null) continue;
      sum += v;
      used++;
    }
    const base = rankingMetrics(score, rel, inputs.query!.data, p.truncationLevel);
    return { ndcg: used ? sum / used : NaN, mrr: base.mrr, queries: used, queries_without_relevant: groups.count - used };
  },
  code: CODE,
};
