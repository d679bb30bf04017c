/** The Check view's payload (host → webview `check` message), validated like every message. */
import * as v from 'valibot';

/** A loss id as the protocol accepts it. */
export const LossIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

/** A number the check measured; null for a non-finite one (JSON has none). */
const CheckNumber = v.nullable(v.number());
const CheckText = v.pipe(v.string(), v.maxLength(4000));

/** "Check my loss" (issue #11): the result the Check view shows, from src/lab/check/check-view-data.ts. */
export const CheckViewSchema = v.strictObject({
  verdict: v.picklist(['match', 'mismatch']),
  loss: LossIdSchema,
  symbol: CheckText,
  fileName: CheckText,
  line: v.number(),
  language: v.picklist(['python', 'typescript', 'javascript']),
  params: v.record(v.string(), v.unknown()),
  /** Where each parameter came from (src/lab/check/param-sources.ts); absent from older hosts. */
  paramSources: v.optional(v.record(v.string(), v.picklist(['given', 'code default', 'keyword', 'panel', 'loss default']))),
  probes: v.pipe(v.array(v.strictObject({
    name: CheckText,
    about: CheckText,
    reference: CheckNumber,
    yours: CheckNumber,
    valueRelErr: CheckNumber,
    gradRelErr: v.record(v.string(), CheckNumber),
    ok: v.boolean(),
  })), v.maxLength(64)),
  diagnoses: v.pipe(v.array(v.strictObject({ id: CheckText, message: CheckText, evidence: CheckText, factor: v.optional(v.number()) })), v.maxLength(32)),
});
export type CheckViewData = v.InferOutput<typeof CheckViewSchema>;
