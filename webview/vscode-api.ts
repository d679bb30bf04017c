/**
 * The webview side of VS Code's messaging: `acquireVsCodeApi()` may be called once per page, so
 * this module calls it once and hands the same object to everyone.
 */

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | null = null;

export function vscodeApi(): VsCodeApi {
  if (api === null) {
    if (typeof acquireVsCodeApi !== 'function') throw new Error('Loss Lab: not running inside a VS Code webview (no acquireVsCodeApi)');
    api = acquireVsCodeApi();
  }
  return api;
}
