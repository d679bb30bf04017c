/** The `lossLab.*` settings the panel uses, read with defaults and clamped to sane values. */
import * as vscode from 'vscode';
import { FRAMEWORK_IDS, type FrameworkId, type SettingsData } from '../shared/protocol';

export const SETTINGS_SECTION = 'lossLab';

export function readSettings(): SettingsData {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const fw = c.get<string>('defaultFramework', 'pytorch');
  const size = c.get<number>('chartSampleSize', 5000);
  const backend = c.get<string>('backend', 'wasm');
  return {
    defaultFramework: (FRAMEWORK_IDS as readonly string[]).includes(fw) ? (fw as FrameworkId) : 'pytorch',
    chartSampleSize: Number.isFinite(size) ? Math.min(100000, Math.max(100, Math.round(size))) : 5000,
    backend: backend === 'cpu' ? 'cpu' : 'wasm',
    liveReload: c.get<boolean>('liveReload', true),
  };
}
