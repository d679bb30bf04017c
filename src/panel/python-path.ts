/**
 * The Python interpreter a check runs the user's code with: the `lossLab.pythonPath` setting, else
 * the Python extension's active environment for the file (its public API, when installed), else
 * `python3` on PATH.
 */
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from './settings';

interface PythonEnvironmentApi {
  readonly environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { readonly path: string };
    resolveEnvironment(env: { readonly path: string } | string): Promise<{ readonly executable: { readonly uri?: vscode.Uri } } | undefined>;
  };
}

export async function pythonFor(resource: vscode.Uri): Promise<string> {
  const configured = vscode.workspace.getConfiguration(SETTINGS_SECTION, resource).get<string>('pythonPath', '').trim();
  if (configured) return configured;
  const ext = vscode.extensions.getExtension<PythonEnvironmentApi>('ms-python.python');
  if (ext) {
    try {
      const api = ext.isActive ? ext.exports : await ext.activate();
      const envs = api?.environments;
      if (envs) {
        const active = envs.getActiveEnvironmentPath(resource);
        const resolved = await envs.resolveEnvironment(active);
        const exe = resolved?.executable.uri?.fsPath;
        if (exe) return exe;
      }
    } catch {
      // The Python extension could not answer: fall back to python3.
    }
  }
  return 'python3';
}

/** The check's time limit, from `lossLab.check.timeoutSeconds` (default 60 s). */
export function checkTimeoutMs(): number {
  const s = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<number>('check.timeoutSeconds', 60);
  return (Number.isFinite(s) && s > 0 ? Math.min(s, 3600) : 60) * 1000;
}
