/**
 * Webview entry: connects to the host, says `ready` with the persisted state, and builds the panel
 * from each `init` (a second init, e.g. after the host restarted, rebuilds it from scratch).
 * Until init arrives the page says what it is waiting for, rather than showing nothing.
 */
import { PROTOCOL_VERSION } from '../src/shared/protocol';
import { HostApi } from './api';
import { LabApp } from './app';
import { el, replaceChildren } from './dom';
import { vscodeApi } from './vscode-api';

function start(): void {
  const root = document.getElementById('app') ?? document.body.appendChild(el('div', { id: 'app' }));
  const vscode = vscodeApi();
  const api = new HostApi(vscode);
  let app: LabApp | null = null;
  replaceChildren(root, el('p', { class: 'waiting', 'data-testid': 'waiting' }, 'Loss Lab is starting…'));

  api.onEvent((e) => {
    if (e.type !== 'init') return;
    app?.dispose();
    api.abandonAll('the panel was re-initialised');
    if (e.protocolVersion !== PROTOCOL_VERSION) {
      replaceChildren(root, el('p', { class: 'notice error', role: 'alert', 'data-testid': 'protocol-mismatch' },
        `This panel speaks protocol ${PROTOCOL_VERSION} but the extension speaks ${e.protocolVersion}. Close the panel and open Loss Lab again.`));
      app = null;
      return;
    }
    try {
      app = new LabApp(api, vscode, e);
      replaceChildren(root, app.element);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      vscode.postMessage({ type: 'log', level: 'error', message: `webview failed to build the panel: ${message}`.slice(0, 4000) });
      replaceChildren(root, el('p', { class: 'notice error', role: 'alert' }, `Loss Lab could not start: ${message}`));
    }
  });
  api.listen(window);
  window.addEventListener('pagehide', () => app?.dispose());
  window.addEventListener('error', (e) => {
    vscode.postMessage({ type: 'log', level: 'error', message: `webview error: ${e.message}`.slice(0, 4000) });
  });
  vscode.postMessage({ type: 'ready', protocolVersion: PROTOCOL_VERSION, state: vscode.getState() ?? undefined });
}

start();
