/** The registered loss `id`, asserting that it is registered (the tests' one way to get a spec). */
import assert from 'node:assert/strict';
import { getLoss } from '../../src/engine/registry';
import type { LossSpec } from '../../src/engine/spec';

export function loss(id: string): LossSpec {
  const s = getLoss(id);
  assert.ok(s, `${id} is registered`);
  return s;
}
