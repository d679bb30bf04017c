/** The one lookup of a requested loss id: the registry's spec, or a `bad_request` naming the id. */
import { getLoss } from '../engine/registry';
import type { LossSpec } from '../engine/spec';
import { PanelError } from './panel-error';

export function lossOrThrow(id: string): LossSpec {
  const spec = getLoss(id);
  if (!spec) throw new PanelError('bad_request', `unknown loss ${JSON.stringify(id)}`);
  return spec;
}
