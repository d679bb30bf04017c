/**
 * Starting the tfjs backend inside the extension host.
 *
 * The wasm backend's Emscripten glue registers `process.on('uncaughtException')` and
 * `process.on('unhandledRejection')` handlers that rethrow. Inside a shared process that turns
 * any other extension's stray exception or unhandled rejection into a crash of the whole extension
 * host (measured: after initBackend('wasm'), a `setTimeout(() => { throw ... })` kills Node even
 * with another uncaughtException handler installed). So the handlers it adds are removed again.
 */
import { initBackend, type BackendInfo, type BackendName } from '../engine/backend';

const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

export async function startBackend(backend: BackendName): Promise<BackendInfo> {
  // Node's typings give each event its own listener type; only identity matters here.
  const listeners = (ev: (typeof EVENTS)[number]): Array<(...args: unknown[]) => void> => process.listeners(ev as 'uncaughtException') as never;
  const before = new Map(EVENTS.map((ev) => [ev, new Set(listeners(ev))]));
  try {
    return await initBackend({ backend });
  } finally {
    for (const ev of EVENTS) {
      for (const l of listeners(ev)) {
        if (!before.get(ev)!.has(l)) process.removeListener(ev, l);
      }
    }
  }
}
