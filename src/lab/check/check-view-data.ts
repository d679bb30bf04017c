/** A check report as the panel's Check view receives it (src/shared/protocol.ts CheckViewSchema). */
import { basename } from 'node:path';
import type { CheckViewData } from '../../shared/protocol';
import { finiteOrNull, type CheckReport } from './check-loss';

export function checkViewData(r: CheckReport): CheckViewData {
  return {
    verdict: r.verdict,
    loss: r.loss,
    symbol: r.symbol,
    fileName: basename(r.file),
    line: r.line,
    language: r.language,
    params: { ...r.params },
    paramSources: { ...r.paramSources },
    probes: r.comparisons.map((c) => ({
      name: c.probe.name,
      about: c.probe.about,
      reference: finiteOrNull(c.refValue),
      yours: finiteOrNull(c.yourValue),
      valueRelErr: finiteOrNull(c.valueRelErr),
      gradRelErr: Object.fromEntries(Object.entries(c.gradRelErr).map(([k, e]) => [k, finiteOrNull(e)])),
      ok: c.ok,
    })),
    diagnoses: r.diagnoses.map((d) => ({ id: d.id, message: d.message, evidence: d.evidence, ...(d.factor !== undefined ? { factor: d.factor } : {}) })),
  };
}
