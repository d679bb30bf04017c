/**
 * Answers a `frameworks` request (the panel's Frameworks view, issue #15): Loss Lab's value and
 * each framework row of the loss's spec for the current params, on the curve probe or on the
 * loaded file's dataset (the same inputs the data view evaluates). No vscode import: the webview
 * harness answers with this too.
 */
import { parity } from '../engine/parity';
import { resolveParams } from '../engine/params';
import type { EvalInputs } from '../engine/spec';
import type { FrameworksResult, Num, RequestOf } from '../shared/protocol';
import { lossOrThrow } from './loss-or-throw';
import { PanelError } from './panel-error';
import { probeInputs } from './parity-probe';

const num = (v: number | null): Num => (v !== null && Number.isFinite(v) ? v : null);

/** The loaded file's inputs for the loss (null: none loaded). */
export interface DataInputs {
  readonly inputs: EvalInputs;
  readonly fileName: string;
  readonly rows: number;
}

export async function frameworksFor(
  req: Omit<RequestOf<'frameworks'>, 'type' | 'requestId'>,
  data: ((signal?: AbortSignal) => Promise<DataInputs>) | null,
  signal?: AbortSignal,
): Promise<FrameworksResult> {
  const spec = lossOrThrow(req.loss);
  const params = resolveParams(spec, req.params);
  let inputs: EvalInputs;
  let about: FrameworksResult['inputs'];
  if (req.on === 'data') {
    if (!data) throw new PanelError('no_data', 'no CSV is loaded: load one in the Data view, or show the built-ins on the curve probe');
    const d = await data(signal);
    inputs = d.inputs;
    about = { kind: 'data', text: d.fileName, rows: d.rows };
  } else {
    const p = await probeInputs(spec, params, signal);
    inputs = p.inputs;
    about = { kind: 'probe', text: p.construction, rows: p.rows };
  }
  const report = await parity(spec, inputs, params, signal);
  return {
    seq: req.seq,
    loss: spec.id,
    value: num(report.value),
    inputs: about,
    rows: report.rows.map((r) => ({
      framework: r.framework,
      api: r.api,
      call: r.call,
      reduction: r.reduction,
      value: num(r.value),
      relation: r.relation,
      ...(r.relation === 'factor' && r.factor !== undefined ? { factor: r.factor } : {}),
      reason: r.reason,
      verified: r.verified,
      source: { ...r.source },
      overlay: r.relation !== 'unsupported',
    })),
  };
}
