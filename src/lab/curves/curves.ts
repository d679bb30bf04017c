/**
 * Loss and gradient curves for any loss of the catalog, against the variable that explains its
 * family (see kind.ts). Computed by the engine itself on a grid of synthetic inputs.
 */
import { resolveParams } from '../../engine/params';
import type { LossSpec } from '../../engine/spec';
import { binaryCurves } from './binary';
import { classificationCurves } from './classification';
import { contrastiveCurves } from './contrastive';
import { cosineCurves } from './cosine';
import { inBatchCurves } from './in-batch';
import { distillationCurves } from './distillation';
import { curveKindOf, isDistillation } from './kind';
import { overlapCurves } from './overlap';
import { rankingCurves } from './ranking';
import { regressionCurves } from './regression';
import { tripletCurves } from './triplet';
import type { CurveOptions, CurveSet } from './types';

/** Curves of `spec` with these params (unresolved values are resolved and checked: ParamError). */
export async function computeCurves(spec: LossSpec, givenParams: Readonly<Record<string, unknown>>, opts: CurveOptions = {}): Promise<CurveSet> {
  const params = resolveParams(spec, givenParams);
  const kind = curveKindOf(spec);
  switch (kind) {
    case 'regression':
      return regressionCurves(spec, params, opts);
    case 'classification':
      return isDistillation(spec) ? distillationCurves(spec, params, opts) : classificationCurves(spec, params, opts);
    case 'binary':
      return spec.unit === 'file' ? overlapCurves(spec, params, opts) : binaryCurves(spec, params, opts);
    case 'ranking':
      return rankingCurves(spec, params, opts);
    case 'contrastive':
      return contrastiveCurves(spec, params, opts);
    case 'triplet':
      return tripletCurves(spec, params, opts);
    case 'cosine':
      return cosineCurves(spec, params, opts);
    case 'in_batch':
      return inBatchCurves(spec, params, opts);
    case null:
      throw new Error(`${spec.id}: no curve view for its roles (${spec.roles.map((r) => r.name).join(', ')})`);
  }
}

export { curveKindOf, variableLabel, type CurveKind } from './kind';
export type { Curve, CurveOptions, CurveSet } from './types';
