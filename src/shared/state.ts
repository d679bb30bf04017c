/**
 * The webview's persisted state (vscode.setState), versioned. The webview sends it in `ready`; the
 * panel serializer hands back whatever the webview last persisted after "Reload Window". A state of
 * another version, or one that does not validate, is dropped for defaults (never a refused
 * handshake): `parseState` says why so the host can log it.
 *
 * Adding a field: add it as `v.optional(...)` (old states stay valid) and keep STATE_VERSION; bump the
 * version only for a change old states cannot satisfy, and migrate in `parseState`.
 */
import * as v from 'valibot';
import { FRAMEWORK_IDS, REDUCTION_IDS } from './catalog';

export const STATE_VERSION = 1;

const Id = v.pipe(v.string(), v.maxLength(64));
/** One hyperparameter value as the panel holds it (checked against the loss's spec by the host). */
export const ParamValueSchema = v.union([
  v.number(),
  v.boolean(),
  v.pipe(v.string(), v.maxLength(200)),
  v.pipe(v.array(v.number()), v.maxLength(1000)),
  v.null(),
]);
export type ParamValueData = v.InferOutput<typeof ParamValueSchema>;
export const ParamsSchema = v.pipe(v.record(Id, ParamValueSchema), v.maxEntries(64));
export type ParamsData = v.InferOutput<typeof ParamsSchema>;

/** Role name → column names (one for `one` roles, several for `many` roles such as logits). */
export const MappingSchema = v.pipe(
  v.record(v.pipe(v.string(), v.maxLength(32)), v.pipe(v.array(v.pipe(v.string(), v.maxLength(500))), v.minLength(1), v.maxLength(4096))),
  v.maxEntries(16),
);
export type MappingData = v.InferOutput<typeof MappingSchema>;

export const MAX_PINNED = 6;
export const PinnedSchema = v.strictObject({
  loss: Id,
  params: ParamsSchema,
  label: v.optional(v.pipe(v.string(), v.maxLength(200))),
});
export type Pinned = v.InferOutput<typeof PinnedSchema>;

/** A loaded file: workspace-relative path, and the workspace folder's name when there are several. */
export const DatasetRefSchema = v.strictObject({
  path: v.pipe(v.string(), v.maxLength(1024)),
  folder: v.optional(v.pipe(v.string(), v.maxLength(500))),
});
export type DatasetRef = v.InferOutput<typeof DatasetRefSchema>;

export const PersistedStateSchema = v.strictObject({
  version: v.literal(STATE_VERSION),
  /** The selected loss id. */
  loss: Id,
  /** Hyperparameters per loss id, so switching losses keeps each one's settings. */
  params: v.pipe(v.record(Id, ParamsSchema), v.maxEntries(200)),
  reduction: v.picklist(REDUCTION_IDS),
  pinned: v.pipe(v.array(PinnedSchema), v.maxLength(MAX_PINNED)),
  /** Which view is shown (the webview's names, e.g. 'curves', 'data', 'code'). */
  view: v.pipe(v.string(), v.maxLength(32)),
  dataset: v.nullable(DatasetRefSchema),
  /** Column mapping of the loaded file for the selected loss; null = auto. */
  mapping: v.nullable(MappingSchema),
  framework: v.nullable(v.picklist(FRAMEWORK_IDS)),
  sweepParam: v.nullable(Id),
  /** Free-form UI details (open sections, chart scales); the host never reads them. */
  ui: v.optional(v.pipe(v.record(v.pipe(v.string(), v.maxLength(64)), v.union([v.string(), v.number(), v.boolean(), v.null()])), v.maxEntries(64))),
});
export type PersistedState = v.InferOutput<typeof PersistedStateSchema>;

export type StateParse = { ok: true; state: PersistedState } | { ok: false; reason: string };

/** Validates a persisted state of unknown origin; `null`/`undefined` (a fresh panel) is not ok, with reason 'none'. */
export function parseState(raw: unknown): StateParse {
  if (raw === null || raw === undefined) return { ok: false, reason: 'none' };
  if (typeof raw === 'object' && 'version' in raw && (raw as { version: unknown }).version !== STATE_VERSION) {
    return { ok: false, reason: `state version ${String((raw as { version: unknown }).version)} is not ${STATE_VERSION}` };
  }
  const r = v.safeParse(PersistedStateSchema, raw);
  if (r.success) return { ok: true, state: r.output };
  return { ok: false, reason: describeIssues(r.issues) };
}

/** One line naming the first few problems, with their paths (`params.focal.gamma: Invalid type`). */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((i) => {
      const path = v.getDotPath(i);
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}
