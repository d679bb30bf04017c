/**
 * The extension host's part, played in the test process: every message the webview posts is
 * validated with the protocol's own `parseToHost` (a webview that sends an invalid message fails
 * the test) and answered with realistic data: the catalog from the real registry
 * (`catalogData`), curves computed by the real engine (`curvesFor`, the host's own function), and
 * and data answers either computed here from a small fixed CSV (regression and classification,
 * fast and fully known) or, with `realData`, by the host's own DataSession on real CSV files (the
 * same code the extension runs, without vscode). Tests can hold replies of a type and release them
 * in any order, or override a handler.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../../src/engine/backend';
import { getLoss } from '../../src/engine/registry';
import { catalogData } from '../../src/lab/catalog-data';
import { codeFor } from '../../src/lab/code-request';
import { trainOnSession, useCombinedScore } from '../../src/lab/adarank-session';
import { frameworksFor } from '../../src/lab/frameworks-request';
import { curvesFor } from '../../src/lab/curves-request';
import { DataSession, type Evaluation } from '../../src/lab/data-session';
import { lambdaMartQueryOf } from '../../src/lab/lambdamart-query';
import { errorData } from '../../src/lab/error-data';
import { PanelError } from '../../src/lab/panel-error';
import {
  parseState,
  parseToHost,
  PROTOCOL_VERSION,
  type AnyRequest,
  type Catalog,
  type DataResult,
  type ErrorData,
  type RequestType,
  type ToHost,
  type ToWebview,
} from '../../src/shared/protocol';
import { dataResultFor, datasetInfoFor } from './fake-data';

export type Answer = { ok: true; result: unknown } | { ok: false; error: ErrorData };
export type Override = (req: AnyRequest) => Promise<Answer> | Answer;

export interface HeldRequest {
  readonly req: AnyRequest;
  release(answer?: Answer): Promise<void>;
}

export class ScriptedHost {
  readonly catalog: Catalog = catalogData();
  /** Every valid message the webview posted, in order. */
  readonly received: ToHost[] = [];
  /** Messages that failed `parseToHost` (a webview bug), with the reason. */
  readonly invalid: string[] = [];
  /** States the webview persisted through setState (the fake VS Code API). */
  readonly states: unknown[] = [];
  readonly held: HeldRequest[] = [];
  readonly hold = new Set<RequestType>();
  readonly overrides = new Map<RequestType, Override>();
  /** What the scripted host answers `codeAvailable` in init. */
  codeAvailable = true;
  /** A file the host reports as already loaded in init. */
  initialDataset: unknown = null;
  private send: (msg: unknown) => Promise<void> = async () => {};
  private waiters: Array<() => void> = [];
  /** A folder of CSVs: data requests then go through the host's real DataSession. */
  realData: string | null = null;
  /** What pickCsv answers (a path under `realData`, or the fixed file). */
  pickFile = 'data/preds.csv';
  private session: DataSession | null = null;
  /** The last DataResult the real DataSession produced (what the panel must show). */
  lastData: DataResult | null = null;
  /** The last evaluation of the host's DataSession (realData), for lambdamartQuery. */
  lastEvaluation: Evaluation | null = null;
  private datasetLoss: string | null = null;
  private mappingOverride: Record<string, string[]> | null = null;

  connect(send: (msg: unknown) => Promise<void>): void {
    this.send = send;
  }

  /** Sends anything to the webview, as the host would (tests use it for hostile messages too). */
  post(msg: ToWebview | unknown): Promise<void> {
    return this.send(msg);
  }

  /** Loads the fixed CSV host-side and tells the webview, as "Preview Loss on CSV" does. */
  async previewFile(loss: string): Promise<void> {
    this.datasetLoss = loss;
    this.mappingOverride = null;
    await this.post({ type: 'dataChanged', reason: 'loaded', dataset: datasetInfoFor(loss, null), error: null });
  }

  requests<T extends RequestType>(type: T): Extract<AnyRequest, { type: T }>[] {
    return this.received.filter((m): m is Extract<AnyRequest, { type: T }> => m.type === type);
  }

  /** Waits until `pred` holds (checked after every message), or fails after `ms`. */
  async waitFor(what: string, pred: () => boolean, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pred()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async receive(raw: unknown): Promise<void> {
    const parsed = parseToHost(raw);
    if (!parsed.ok) {
      this.invalid.push(parsed.error.message);
      this.wake();
      return;
    }
    const msg = parsed.msg;
    this.received.push(msg);
    this.wake();
    if (msg.type === 'ready') return this.answerReady(msg.state);
    if (msg.type === 'state' || msg.type === 'log') return;
    const req = msg as AnyRequest;
    if (this.hold.has(req.type)) {
      this.held.push({ req, release: (answer) => this.reply(req, answer) });
      this.wake();
      return;
    }
    await this.reply(req);
  }

  recordState(state: unknown): void {
    this.states.push(state);
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private async answerReady(state: unknown): Promise<void> {
    const parsed = parseState(state);
    await this.send({
      type: 'init',
      protocolVersion: PROTOCOL_VERSION,
      catalog: this.catalog,
      settings: { defaultFramework: 'pytorch', chartSampleSize: 5000, backend: 'cpu', liveReload: true },
      state: parsed.ok ? parsed.state : null,
      stateNote: parsed.ok || parsed.reason === 'none' ? null : parsed.reason,
      dataset: this.initialDataset,
      backend: { name: 'cpu', fallbackReason: null },
      codeAvailable: this.codeAvailable,
    });
    // Like the extension, nothing is restored by the host: the webview asks for the file its
    // state names (loadCsv with the saved mapping).
  }

  private async reply(req: AnyRequest, answer?: Answer): Promise<void> {
    let a: Answer;
    try {
      a = answer ?? (await (this.overrides.get(req.type) ?? ((r: AnyRequest) => this.answer(r)))(req));
    } catch (e) {
      a = { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
    }
    await this.send(a.ok ? { type: 'reply', requestId: req.requestId, ok: true, result: a.result } : { type: 'reply', requestId: req.requestId, ok: false, error: a.error });
  }

  /** The default, realistic answers. */
  private async answer(req: AnyRequest): Promise<Answer> {
    if (this.realData !== null) {
      try {
        const real = await this.answerFromSession(req, this.realData);
        if (real) return real;
      } catch (e) {
        return { ok: false, error: errorData(e) };
      }
    }
    switch (req.type) {
      case 'curves': {
        await initBackend({ backend: 'cpu' });
        return { ok: true, result: await curvesFor(req) };
      }
      case 'frameworks': {
        await initBackend({ backend: 'cpu' });
        return { ok: true, result: await frameworksFor(req, null) };
      }
      case 'code':
        // an objective (LightGBM) is the real codegen's text: its option exists only for losses that have one
        return { ok: true, result: req.framework === 'lightgbm' ? codeFor(getLoss(req.loss)!, req) : cannedCode(req.loss, req.framework) };
      case 'insertCode':
        return { ok: true, result: { inserted: `${req.framework} code for ${req.loss} into train.py` } };
      case 'copyText':
      case 'revealRow':
        return { ok: true, result: {} };
      case 'exportChart':
        return { ok: true, result: { saved: `/work/${req.suggestedName}` } };
      case 'exportCsv':
        return { ok: true, result: { saved: '/work/per-sample.csv' } };
      case 'pickCsv':
        return { ok: true, result: { path: this.pickFile, folder: null } };
      case 'loadCsv':
        this.datasetLoss = req.loss;
        this.mappingOverride = req.mapping ?? null;
        return { ok: true, result: datasetInfoFor(req.loss, this.mappingOverride) };
      case 'setMapping':
        if (this.datasetLoss === null) return { ok: false, error: { code: 'no_data', message: 'no CSV is loaded' } };
        this.datasetLoss = req.loss;
        this.mappingOverride = req.mapping;
        return { ok: true, result: datasetInfoFor(req.loss, this.mappingOverride) };
      case 'evaluateData':
        if (this.datasetLoss === null) return { ok: false, error: { code: 'no_data', message: 'no CSV is loaded' } };
        return { ok: true, result: dataResultFor(req, this.mappingOverride) };
      case 'sweep': {
        const x = Array.from({ length: 25 }, (_, i) => i * 0.2);
        return { ok: true, result: { seq: req.seq, loss: req.loss, param: req.param, x, value: x.map((v) => 1 / (1 + v)), current: typeof req.params[req.param] === 'number' ? req.params[req.param] : null, reduction: req.reduction } };
      }
      case 'cancel':
        return { ok: true, result: { cancelled: false } };
      case 'adarankTrain':
      case 'adarankUseScore':
        return { ok: false, error: { code: 'no_data', message: 'no CSV is loaded (the scripted host trains AdaRank with realData only)' } };
      case 'lambdamartQuery':
        return { ok: false, error: { code: 'no_data', message: 'no lambdamart evaluation (the scripted host answers it with realData only)' } };
      case 'checkCurves':
        return { ok: false, error: { code: 'bad_request', message: `${req.symbol} against ${req.loss} is not the last check (the scripted host runs no checks)` } };
    }
  }
  /** Data requests answered by the host's DataSession on a real file under `dir` (null: not a data request). */
  private async answerFromSession(req: AnyRequest, dir: string): Promise<Answer | null> {
    const spec = (id: string) => {
      const l = getLoss(id);
      if (!l) throw new Error(`unknown loss ${id}`);
      return l;
    };
    const session = (): DataSession => {
      if (!this.session) throw new PanelError('no_data', 'no CSV is loaded: pick one first');
      return this.session;
    };
    switch (req.type) {
      case 'loadCsv': {
        await initBackend({ backend: 'cpu' });
        const bytes = readFileSync(join(dir, req.path));
        this.session = await DataSession.read(bytes, { path: req.path, folder: null });
        if (req.mapping) this.session.setMapping(spec(req.loss), req.mapping);
        return { ok: true, result: this.session.info(spec(req.loss)) };
      }
      case 'setMapping': {
        const s = session();
        s.setMapping(spec(req.loss), req.mapping);
        return { ok: true, result: s.info(spec(req.loss)) };
      }
      case 'evaluateData': {
        await initBackend({ backend: 'cpu' });
        const ev = await session().evaluate(spec(req.loss), req.params, req.reduction, { seq: req.seq, sampleSize: 5000 });
        this.lastData = ev.result;
        this.lastEvaluation = ev;
        return { ok: true, result: ev.result };
      }
      case 'sweep':
        await initBackend({ backend: 'cpu' });
        return { ok: true, result: await session().sweep(spec(req.loss), req.params, req.reduction, req.param, { seq: req.seq }) };
      case 'lambdamartQuery': {
        const ev = this.lastEvaluation;
        if (!ev) throw new PanelError('no_data', 'nothing evaluated yet');
        if (ev.result.seq !== req.seq) throw new PanelError('bad_request', `evaluation ${req.seq} is not the last (${ev.result.seq})`);
        return { ok: true, result: lambdaMartQueryOf(ev, req.query) };
      }
      case 'adarankTrain':
        return { ok: true, result: await trainOnSession(session(), req.params, req.mapping) };
      case 'adarankUseScore': {
        const s = session();
        return { ok: true, result: { ...useCombinedScore(s, req.runId), dataset: s.info(spec(req.loss)) } };
      }
      default:
        return null;
    }
  }

}

/** A short, realistic snippet per framework (the codegen's own tests check real output). */
function cannedCode(loss: string, framework: string): { framework: string; language: string; code: string } {
  if (framework === 'tfjs') {
    return {
      framework,
      language: 'typescript',
      code: `// ${loss} for TensorFlow.js\nimport * as tf from '@tensorflow/tfjs';\n\nexport function criterion(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {\n  return tf.mean(tf.squaredDifference(pred, target)) as tf.Scalar; // mean over N\n}\n`,
    };
  }
  return {
    framework,
    language: 'python',
    code: `# ${loss} (PyTorch convention: mean divides by N)\nimport torch\nfrom torch import nn\n\n\nclass FocalLoss(nn.Module):\n    def __init__(self, gamma: float = 2.0):\n        super().__init__()\n        self.gamma = gamma\n\n    def forward(self, logits, target):\n        ce = nn.functional.cross_entropy(logits, target, reduction="none")\n        return ((1 - torch.exp(-ce)) ** self.gamma * ce).mean()\n\n\ncriterion = FocalLoss(gamma=2.0)\n`,
  };
}
