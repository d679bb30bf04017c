/** The value schemas every result shares (results.ts, results-data.ts). */
import * as v from 'valibot';
import { REDUCTION_IDS } from './catalog';

export const Str = v.string();
export const Int = v.pipe(v.number(), v.integer());
/** A number, or null where the value is not finite. */
export const NumSchema = v.nullable(v.number());
export type Num = number | null;
export const Reduction = v.picklist(REDUCTION_IDS);
