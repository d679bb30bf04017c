/**
 * TensorFlow.js set-up: tfjs-core with gradients registered, the SIMD `wasm` backend by default and
 * `cpu` as fallback. `tfjs-node` cannot install offline nor run in VS Code for the Web.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients ("gradient function not found for RealDiv").
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { shareWasmIdentity } from './wasm-identity';

export type BackendName = 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['wasm', 'cpu'];

export interface BackendOptions {
  readonly backend?: BackendName;
  /** Folder holding `tfjs-backend-wasm-simd.wasm` (and the plain one); defaults to the installed package. */
  readonly wasmDir?: string;
}

export interface BackendInfo {
  readonly name: BackendName;
  /** Set when the requested backend could not start and `cpu` was used instead. */
  readonly fallbackReason?: string;
}

let current: Promise<BackendInfo> | null = null;
let currentKey = '';

function defaultWasmDir(): string {
  // In the bundle the .wasm files are copied beside dist/*.js; from source, use the package's dist.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require('path') as typeof import('path');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('fs') as typeof import('fs');
  const besideBundle = path.join(__dirname, 'tfjs-backend-wasm-simd.wasm');
  if (fs.existsSync(besideBundle)) return __dirname;
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
}

const PROCESS_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/**
 * The wasm backend's Emscripten glue registers `process.on('uncaughtException')` and
 * `process.on('unhandledRejection')` handlers that rethrow. In a shared process (the VS Code
 * extension host) that turns any other extension's stray exception into a crash of the whole host
 * (seen: after starting wasm, a `setTimeout(() => { throw ... })` killed Node even with another
 * handler installed). So whatever handlers starting it adds are removed again.
 */
async function withoutNewProcessHandlers<T>(start: () => Promise<T>): Promise<T> {
  // Node's typings give each event its own listener type; only identity matters here.
  const listeners = (ev: (typeof PROCESS_EVENTS)[number]): Array<(...args: unknown[]) => void> => process.listeners(ev as 'uncaughtException') as never;
  const before = new Map(PROCESS_EVENTS.map((ev) => [ev, new Set(listeners(ev))]));
  try {
    return await start();
  } finally {
    for (const ev of PROCESS_EVENTS) for (const l of listeners(ev)) if (!before.get(ev)!.has(l)) process.removeListener(ev, l);
  }
}

/** Starts (once) the requested backend; safe to call many times. */
export function initBackend(opts: BackendOptions = {}): Promise<BackendInfo> {
  const name = opts.backend ?? 'wasm';
  const key = `${name}:${opts.wasmDir ?? ''}`;
  if (current && key === currentKey) return current;
  currentKey = key;
  current = (async (): Promise<BackendInfo> => {
    if (name === 'cpu') {
      await tf.setBackend('cpu');
      await tf.ready();
      return { name: 'cpu' };
    }
    try {
      const dir = opts.wasmDir ?? defaultWasmDir();
      setWasmPaths(dir.endsWith('/') ? dir : dir + '/');
      const ok = await withoutNewProcessHandlers(async () => {
        const started = await tf.setBackend('wasm');
        await tf.ready();
        return started;
      });
      if (!ok) throw new Error('the wasm backend did not initialise');
      // Gradient tapes clone saved tensors through Identity; share instead of copy (see the file).
      shareWasmIdentity();
      return { name: 'wasm' };
    } catch (e) {
      await tf.setBackend('cpu');
      await tf.ready();
      return { name: 'cpu', fallbackReason: e instanceof Error ? e.message : String(e) };
    }
  })();
  return current;
}

/** The backend already started, or the default one. */
export function ensureBackend(): Promise<BackendInfo> {
  return current ?? initBackend();
}

export { tf };
