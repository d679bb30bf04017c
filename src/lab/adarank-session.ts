/**
 * AdaRank in the panel, without vscode: a training run on the loaded table (roles query,
 * relevance, features of the training spec, mapped as for any loss) and "use the combined score":
 * Σ weight · feature of every table row becomes a new column of the table, mapped as `score` for
 * every ranking loss, so RankNet, LambdaRank, ListNet... and the adarank loss itself can be
 * evaluated on the ranker AdaRank trained. The session keeps the last run; the webview names it
 * by `runId` when it asks for its score (no weights travel back from the webview).
 */
import { ADARANK_TRAINING, trainAdarank, type AdarankRun } from '../engine/losses/ranking/adarank-training';
import type { AdarankMetric } from '../engine/metrics/adarank-measure';
import { resolveParams } from '../engine/params';
import { LOSSES } from '../engine/registry';
import { ADARANK_SCORE_COLUMN } from '../engine/losses/ranking/roles';
import { num, optNum, str, type LossSpec } from '../engine/spec';
import type { AdarankRunData, MappingData, ParamsData } from '../shared/protocol';
import type { DataSession } from './data-session';
import { PanelError } from './panel-error';

/** The name the combined score's column gets (made unique by the session). */
export { ADARANK_SCORE_COLUMN } from '../engine/losses/ranking/roles';

interface LastRun {
  readonly runId: number;
  /** Table column of each feature, in weight order. */
  readonly columns: readonly number[];
  readonly weights: Float64Array;
}

let nextRunId = 1;
/** Each session's last run (a re-read file is a new session, so its runs are gone with it). */
const lastRuns = new WeakMap<DataSession, LastRun>();

export interface TrainOnSessionOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string, done: number, total: number) => void;
}

/** Trains on the session's table; `mapping` (null = infer) sets the training roles' columns. */
export async function trainOnSession(session: DataSession, params: ParamsData, mapping?: MappingData | null, opts: TrainOnSessionOptions = {}): Promise<AdarankRunData> {
  if (mapping !== undefined) session.setMapping(ADARANK_TRAINING, mapping);
  const resolved = resolveParams(ADARANK_TRAINING, params);
  const m = session.mapping(ADARANK_TRAINING);
  const ds = await session.dataset(ADARANK_TRAINING, resolved, m, opts.signal);
  const features = ds.mapping.roles.find((r) => r.role === 'features')!;
  const run: AdarankRun = await trainAdarank(
    { query: ds.inputs.query!.data, relevance: ds.inputs.relevance!.data, features: ds.inputs.features!.data, names: features.names },
    { rounds: num(resolved, 'rounds'), metric: str(resolved, 'metric') as AdarankMetric, k: optNum(resolved, 'k') },
    {
      ...(opts.signal ? { signal: opts.signal } : {}),
      // one scale for both phases: F feature rankings, then the rounds
      onProgress: (phase, done) =>
        opts.onProgress?.(phase === 'features' ? 'ranking by each feature' : 'boosting rounds', phase === 'features' ? done : features.names.length + done, features.names.length + num(resolved, 'rounds')),
    },
  );
  const runId = nextRunId++;
  lastRuns.set(session, { runId, columns: features.columns, weights: Float64Array.from(run.weights, (w) => w.weight) });
  return {
    runId,
    metric: run.metric,
    k: run.k,
    queries: run.queries,
    rows: run.rows,
    skippedRows: ds.skipped.count,
    features: [...features.names],
    rounds: run.rounds.map((r) => ({ round: r.round, feature: r.feature, alpha: r.alpha, measure: r.measure, loss: r.loss, weightedMeasure: r.weightedMeasure })),
    weights: run.weights.map((w) => ({ feature: w.feature, weight: w.weight })),
    stopped: run.stopped,
  };
}

/** Σ weight · feature of every table row (NaN where a feature cell is missing), float64 sums. */
export function combinedColumn(session: DataSession, columns: readonly number[], weights: ArrayLike<number>): Float32Array {
  const values = columns.map((c) => session.table.columns[c].values);
  const out = new Float32Array(session.table.rows);
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    for (let f = 0; f < values.length; f++) s += weights[f] * values[f][i];
    out[i] = s;
  }
  return out;
}

/** Ranking losses with a `score` role: where the combined score is mapped. */
export function scoreLosses(): LossSpec[] {
  return LOSSES.filter((l) => l.family === 'ranking' && l.roles.some((r) => r.name === 'score'));
}

/**
 * Adds the last run's combined score as a column and maps it as `score` for every ranking loss
 * (a session-wide default for the role; explicit mappings of the other roles are kept). Refused when `runId` is not the session's last run.
 */
export function useCombinedScore(session: DataSession, runId: number): { column: string; losses: string[] } {
  const last = lastRuns.get(session);
  if (!last || last.runId !== runId) {
    throw new PanelError('bad_request', `AdaRank run ${runId} is not the last run on the loaded file: train again, then use its score`);
  }
  const column = session.addColumn(ADARANK_SCORE_COLUMN, combinedColumn(session, last.columns, last.weights));
  // The default score for every loss with a score role (it outlives a loss switch, which re-infers
  // the mapping); an explicit score column of a loss is replaced too.
  session.setRoleDefault('score', column);
  for (const spec of scoreLosses()) {
    const given = session.givenMapping(spec);
    if (!given?.score) continue;
    try {
      session.setMapping(spec, { ...given, score: [column] });
    } catch {
      // its other explicit roles no longer fit: leave them to the user
    }
  }
  return { column, losses: scoreLosses().map((l) => l.id) };
}
