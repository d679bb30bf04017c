/**
 * Starting tfjs-wasm inside the extension host must not leave the Emscripten glue's rethrowing
 * process handlers behind: with them, any other extension's stray exception kills the host.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initBackend } from '../../../src/engine/backend';

describe('engine backend in a shared process (the extension host)', () => {
  it('starts wasm without adding uncaughtException or unhandledRejection handlers', async () => {
    const before = [process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')];
    const info = await initBackend({ backend: 'wasm' });
    assert.equal(info.name, 'wasm', info.fallbackReason);
    assert.deepEqual([process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')], before);
  });
});
