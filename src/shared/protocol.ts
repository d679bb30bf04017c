/**
 * The one message protocol between the extension host and the Loss Lab webview.
 *
 * - Every message is `{type: <literal>, ...}`; payloads are valibot schemas, TS types inferred.
 * - Webview → host messages are untrusted: `parseToHost` validates each one (strict objects: an
 *   unknown field is refused, as is a path that could leave the workspace).
 * - Every request carries a `requestId` and gets exactly one `reply`, `ok: true` with its result or
 *   `ok: false` with `{code, message}` (errors are data; nothing hangs).
 * - Handshake: the webview sends `ready` (with its persisted state), the host answers `init`.
 * - Requests that redraw (curves, evaluateData, sweep) carry a `seq` the webview increments; the
 *   result echoes it so the webview drops anything older than what it shows. The host also answers a
 *   superseded request of the same type with error `superseded`.
 *
 * Compatibility: add message types and optional fields; never rename or remove (the webview of an
 * older build may still be open). See PROTOCOL-NOTES.md for who sends what, when.
 */
import * as v from 'valibot';
import { CatalogSchema, CODE_FRAMEWORK_IDS, FRAMEWORK_IDS, REDUCTION_IDS } from './catalog';
import { CheckViewSchema, LossIdSchema } from './check-view';
import { relativePathProblem } from './relative-path';
import { ResultSchemas, type DatasetInfo, type SettingsData } from './results';
import { MappingSchema, MAX_PINNED, ParamsSchema, PinnedSchema, describeIssues } from './state';

// The Check view's payload lives in check-view.ts.
export { CheckViewSchema, type CheckViewData } from './check-view';

export const PROTOCOL_VERSION = 1;

export * from './catalog';
export * from './results';
export * from './state';

const RequestId = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const Seq = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const LossId = LossIdSchema;
const Reduction = v.picklist(REDUCTION_IDS);
const Framework = v.picklist(FRAMEWORK_IDS);
/** A loss framework, or a training objective's (LightGBM) for a loss whose spec has one. */
const CodeFramework = v.picklist(CODE_FRAMEWORK_IDS);
const WorkspacePath = v.pipe(
  v.string(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = relativePathProblem(dataset.value as string);
    if (problem) addIssue({ message: `path refused: ${problem}` });
  }),
);
/** Largest PNG accepted from exportChart (base64 characters). */
export const MAX_DATA_URL = 32 * 1024 * 1024;
export const MAX_COPY_TEXT = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// webview → host

/** Requests: each gets one reply. */
export const RequestSchemas = {
  /** Loss and gradient curves of the current loss and the pinned ones → CurvesResult. */
  curves: v.strictObject({
    type: v.literal('curves'),
    requestId: RequestId,
    seq: Seq,
    loss: LossId,
    params: ParamsSchema,
    reduction: Reduction,
    compare: v.pipe(v.array(PinnedSchema), v.maxLength(MAX_PINNED)),
    /** A framework row's API (Frameworks view) whose per-unit curves are drawn over the current loss's. */
    overlay: v.optional(v.pipe(v.string(), v.maxLength(200))),
  }),
  /** Quick pick over the workspace's `**\/*.csv` → `{path, folder} | null` (null: dismissed). Does not load. */
  pickCsv: v.strictObject({ type: v.literal('pickCsv'), requestId: RequestId }),
  /** Loads a workspace-relative CSV and maps its columns for `loss` (mapping null = infer) → DatasetInfo. */
  loadCsv: v.strictObject({
    type: v.literal('loadCsv'),
    requestId: RequestId,
    path: WorkspacePath,
    folder: v.optional(v.pipe(v.string(), v.maxLength(500))),
    loss: LossId,
    mapping: v.optional(v.nullable(MappingSchema)),
  }),
  /** Re-maps the loaded file's columns for `loss` (mapping null = infer again) → DatasetInfo. */
  setMapping: v.strictObject({
    type: v.literal('setMapping'),
    requestId: RequestId,
    loss: LossId,
    mapping: v.nullable(MappingSchema),
  }),
  /** Evaluates the loss on the loaded data with the current mapping → DataResult. */
  evaluateData: v.strictObject({
    type: v.literal('evaluateData'),
    requestId: RequestId,
    seq: Seq,
    loss: LossId,
    params: ParamsSchema,
    reduction: Reduction,
  }),
  /** The loss on the loaded data as `param` sweeps its range (≈25 points) → SweepResult. Cancellable. */
  sweep: v.strictObject({
    type: v.literal('sweep'),
    requestId: RequestId,
    seq: Seq,
    loss: LossId,
    params: ParamsSchema,
    reduction: Reduction,
    param: v.pipe(v.string(), v.maxLength(64)),
    points: v.optional(v.pipe(v.number(), v.integer(), v.minValue(3), v.maxValue(101))),
  }),
  /**
   * lambdamart's figures (documents' λ and h, pairs) of any query of the last evaluation, by the
   * file's own query id → LambdaMartQuery. `seq`: the evaluation the webview shows; refused
   * (`bad_request`) when the host's last one is another, `not_found` when no query has the id.
   */
  lambdamartQuery: v.strictObject({
    type: v.literal('lambdamartQuery'),
    requestId: RequestId,
    seq: Seq,
    query: v.pipe(v.number(), v.finite()),
  }),
  /** Cancels a running request (sweep, evaluateData, loadCsv) → `{cancelled: boolean}`; the target replies `cancelled`. */
  cancel: v.strictObject({ type: v.literal('cancel'), requestId: RequestId, target: RequestId }),
  /** Opens the loaded CSV in an editor with `line` (1-based) selected and revealed → `{}`. */
  revealRow: v.strictObject({
    type: v.literal('revealRow'),
    requestId: RequestId,
    line: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  }),
  /** Saves a chart: a `data:image/png;base64,` URL, through the save dialog → `{saved: string | null}`. */
  exportChart: v.strictObject({
    type: v.literal('exportChart'),
    requestId: RequestId,
    dataUrl: v.pipe(v.string(), v.maxLength(MAX_DATA_URL), v.regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, 'expected a data:image/png;base64 URL')),
    suggestedName: v.pipe(v.string(), v.maxLength(200)),
  }),
  /**
   * Saves the last evaluateData's per-sample results as CSV through the save dialog → `{saved: string | null}`.
   * `seq`: the evaluation the webview shows; refused (`bad_request`) when the host's last one is another.
   */
  exportCsv: v.strictObject({
    type: v.literal('exportCsv'),
    requestId: RequestId,
    suggestedName: v.optional(v.pipe(v.string(), v.maxLength(200))),
    seq: v.optional(Seq),
  }),
  /** Copies text to the clipboard → `{}`. */
  copyText: v.strictObject({ type: v.literal('copyText'), requestId: RequestId, text: v.pipe(v.string(), v.maxLength(MAX_COPY_TEXT)) }),
  /** Code for the loss with these params in `framework` → CodeResult. */
  code: v.strictObject({
    type: v.literal('code'),
    requestId: RequestId,
    loss: LossId,
    params: ParamsSchema,
    framework: CodeFramework,
    /** Reduction written into the code (default: the loss's default). */
    reduction: v.optional(Reduction),
    /** `builtin`: the framework's own built-in with its defaults (default `loss-lab`: Loss Lab's convention). */
    convention: v.optional(v.picklist(['loss-lab', 'builtin'])),
  }),
  /**
   * What each framework's built-in gives for the loss with these params, on the curve probe or on
   * the loaded file (`on`), and why → FrameworksResult (issue #15).
   */
  frameworks: v.strictObject({
    type: v.literal('frameworks'),
    requestId: RequestId,
    seq: Seq,
    loss: LossId,
    params: ParamsSchema,
    on: v.picklist(['probe', 'data']),
  }),
  /** Generates the code (on the host, from loss + params) and inserts it at the active editor's cursor → `{inserted: string}`. */
  insertCode: v.strictObject({
    type: v.literal('insertCode'),
    requestId: RequestId,
    loss: LossId,
    params: ParamsSchema,
    framework: CodeFramework,
    reduction: v.optional(Reduction),
    convention: v.optional(v.picklist(['loss-lab', 'builtin'])),
  }),
  /**
   * Trains AdaRank on the loaded file (roles query, relevance, features; `mapping` null = infer)
   * with params rounds, metric, k → AdarankRunData. Cancellable; progress per feature and round.
   */
  adarankTrain: v.strictObject({
    type: v.literal('adarankTrain'),
    requestId: RequestId,
    params: ParamsSchema,
    mapping: v.optional(v.nullable(MappingSchema)),
  }),
  /**
   * Adds the combined score of the host's last AdaRank run (`runId`; refused when it is not the
   * last) to the loaded table as a new column and maps it as `score` for every ranking loss → `{column, losses, dataset}`.
   */
  adarankUseScore: v.strictObject({
    type: v.literal('adarankUseScore'),
    requestId: RequestId,
    runId: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
    /** The loss whose DatasetInfo the reply carries (the one the panel shows). */
    loss: LossId,
  }),
  /**
   * "Show on curves" from the Check view (issue #11): runs the last checked function (`symbol`,
   * checked against `loss`; refused when it is not the last check) along the loss's curves, in a
   * child process with the check's timeout, cancellable → CheckCurvesResult.
   */
  checkCurves: v.strictObject({
    type: v.literal('checkCurves'),
    requestId: RequestId,
    loss: LossId,
    symbol: v.pipe(v.string(), v.minLength(1), v.maxLength(4000)),
  }),
} as const;

export type RequestType = keyof typeof RequestSchemas;
export type RequestOf<T extends RequestType> = v.InferOutput<(typeof RequestSchemas)[T]>;
export type AnyRequest = { [T in RequestType]: RequestOf<T> }[RequestType];
export const REQUEST_TYPES = Object.keys(RequestSchemas) as RequestType[];

/** What a successful reply's `result` holds, per request type (inferred from `ResultSchemas` in results.ts). */
export type ResultMap = { [T in RequestType]: v.InferOutput<(typeof ResultSchemas)[T]> };
export type ResultOf<T extends RequestType> = ResultMap[T];

/** Notifications: no requestId, no reply. */
export const NotificationSchemas = {
  /** First message of a (re)loaded webview; `state` is what it persisted (validated separately by the host). */
  ready: v.strictObject({ type: v.literal('ready'), protocolVersion: v.number(), state: v.optional(v.unknown()) }),
  /** The webview persisted a new state (the host keeps the last one for restore and tests). */
  state: v.strictObject({ type: v.literal('state'), state: v.unknown() }),
  /** A webview-side problem worth the host's log. */
  log: v.strictObject({ type: v.literal('log'), level: v.picklist(['info', 'warn', 'error']), message: v.pipe(v.string(), v.maxLength(4000)) }),
} as const;
export type NotificationType = keyof typeof NotificationSchemas;
export type NotificationOf<T extends NotificationType> = v.InferOutput<(typeof NotificationSchemas)[T]>;

export const ToHostSchema = v.variant('type', [...Object.values(RequestSchemas), ...Object.values(NotificationSchemas)]);
export type ToHost = v.InferOutput<typeof ToHostSchema>;

// ---------------------------------------------------------------------------------------------
// host → webview

export const ERROR_CODES = [
  'bad_message', // failed validation (the message names what)
  'bad_request', // valid shape, but not possible (unknown loss, param not sweepable...)
  'forbidden_path', // outside the workspace, not a file, a symlink
  'not_found',
  'no_data', // a data request before any CSV is loaded
  'data_error', // the CSV is bad: see location
  'mapping_error', // columns do not fit the loss's roles
  'param_error', // a hyperparameter out of range
  'input_error', // the data does not fit the loss (label outside {0,1}, class index out of range)
  'cancelled',
  'superseded', // a newer request of the same type replaced this one
  'unavailable', // a capability this build or workbench lacks (e.g. code generation)
  'timeout', // set by the webview itself: the host did not answer in time
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorDataSchema = v.strictObject({
  code: v.picklist(ERROR_CODES),
  message: v.string(),
  /** Where in a file the problem is (1-based line and column), when it is about a file. */
  location: v.optional(v.strictObject({ file: v.string(), line: v.optional(v.number()), column: v.optional(v.number()) })),
  /** The hyperparameter a `param_error` is about (the webview shows the error at its control). */
  param: v.optional(v.pipe(v.string(), v.maxLength(64))),
});
export type ErrorData = v.InferOutput<typeof ErrorDataSchema>;

export const SettingsSchema = v.strictObject({
  defaultFramework: Framework,
  chartSampleSize: v.pipe(v.number(), v.integer(), v.minValue(100)),
  backend: v.picklist(['wasm', 'cpu']),
  liveReload: v.boolean(),
});

const Obj = <T>() => v.custom<T>((x) => typeof x === 'object' && x !== null, 'expected an object');

export const ToWebviewSchema = v.variant('type', [
  v.strictObject({
    type: v.literal('init'),
    protocolVersion: v.number(),
    catalog: CatalogSchema,
    settings: SettingsSchema,
    /** The state to restore (validated), or null for defaults. */
    state: v.nullable(v.unknown()),
    /** Why a persisted state was not restored (version, invalid), or null. */
    stateNote: v.nullable(v.string()),
    /** A file already loaded (panel opened by "Preview Loss on CSV", or restored), or null. */
    dataset: v.nullable(Obj<DatasetInfo>()),
    backend: v.strictObject({ name: v.string(), fallbackReason: v.nullable(v.string()) }),
    /** False until the code generator is present in this build. */
    codeAvailable: v.boolean(),
  }),
  v.variant('ok', [
    v.strictObject({ type: v.literal('reply'), requestId: RequestId, ok: v.literal(true), result: v.unknown() }),
    v.strictObject({ type: v.literal('reply'), requestId: RequestId, ok: v.literal(false), error: ErrorDataSchema }),
  ]),
  /**
   * The loaded data changed without the webview asking: `loaded` (Preview Loss on CSV while open),
   * `changed` (the file changed on disk and was re-read: re-request evaluateData), `deleted`, `error`
   * (the re-read failed: error says where).
   */
  v.strictObject({
    type: v.literal('dataChanged'),
    reason: v.picklist(['loaded', 'changed', 'deleted', 'error']),
    dataset: v.nullable(Obj<DatasetInfo>()),
    error: v.nullable(ErrorDataSchema),
  }),
  /** Progress of a running request (requestId) or host task (null); total 0 when unknown. */
  v.strictObject({
    type: v.literal('progress'),
    requestId: v.nullable(RequestId),
    message: v.string(),
    done: v.number(),
    total: v.number(),
  }),
  v.strictObject({ type: v.literal('settingsChanged'), settings: SettingsSchema }),
  /** A check of the user's loss finished (Loss Lab: Check Loss Implementation): show it in the Check view. */
  v.strictObject({ type: v.literal('check'), result: CheckViewSchema }),
]);
export type ToWebview = v.InferOutput<typeof ToWebviewSchema>;
export type InitMessage = Extract<ToWebview, { type: 'init' }>;
export type ReplyMessage = Extract<ToWebview, { type: 'reply' }>;
export type DataChangedMessage = Extract<ToWebview, { type: 'dataChanged' }>;
export type ProgressMessage = Extract<ToWebview, { type: 'progress' }>;
export type Settings = v.InferOutput<typeof SettingsSchema>;
/** Compile-time check that the schema and the SettingsData interface agree. */
export const settingsShapeAgrees: SettingsData extends Settings ? (Settings extends SettingsData ? true : false) : false = true;

// ---------------------------------------------------------------------------------------------
// parsing

export type Parsed<T> = { ok: true; msg: T } | { ok: false; error: ErrorData; requestId: number | null };

function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** The requestId of a message that failed validation, if it had a usable one (so the refusal can be a reply). */
function salvageRequestId(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { requestId?: unknown }).requestId;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

function refuse(raw: unknown, message: string): { ok: false; error: ErrorData; requestId: number | null } {
  return { ok: false, error: { code: 'bad_message', message }, requestId: salvageRequestId(raw) };
}

/** Validates a message from the webview. A refusal carries the requestId (when there was one) to reply to. */
export function parseToHost(raw: unknown): Parsed<ToHost> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return refuse(raw, 'message is not an object');
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string') return refuse(raw, 'message has no type');
  const schema = hasOwn(RequestSchemas, type)
    ? (RequestSchemas as Record<string, v.GenericSchema>)[type]
    : hasOwn(NotificationSchemas, type)
      ? (NotificationSchemas as Record<string, v.GenericSchema>)[type]
      : undefined;
  if (!schema) return refuse(raw, `unknown message type ${JSON.stringify(type.slice(0, 40))}`);
  const r = v.safeParse(schema, raw);
  if (!r.success) return refuse(raw, `${type}: ${describeIssues(r.issues)}`);
  return { ok: true, msg: r.output as ToHost };
}

/** Validates a message from the host (the webview trusts result payloads' shapes, not their envelope). */
export function parseToWebview(raw: unknown): Parsed<ToWebview> {
  const r = v.safeParse(ToWebviewSchema, raw);
  if (!r.success) return refuse(raw, describeIssues(r.issues));
  return { ok: true, msg: r.output };
}

export function isRequest(m: ToHost): m is AnyRequest {
  return hasOwn(RequestSchemas, m.type);
}

/** Builds replies (host side). */
export function okReply<T extends RequestType>(requestId: number, result: ResultOf<T>): ReplyMessage {
  return { type: 'reply', requestId, ok: true, result };
}
export function errorReply(requestId: number, error: ErrorData): ReplyMessage {
  return { type: 'reply', requestId, ok: false, error };
}

