/**
 * Files the webview may name: workspace-relative paths resolved against the workspace folders,
 * through `vscode.workspace.fs` only (no `file:` assumption: remote and web workbenches). The
 * protocol already refused absolute paths, `..`, schemes and backslashes; here the path must also
 * land inside the folder, name an existing file, and not be a symbolic link (which could point out).
 */
import * as vscode from 'vscode';
import { relativePathProblem, relativePathSegments } from '../shared/relative-path';
import type { FileRef } from '../lab/data-session';
import { PanelError } from '../lab/panel-error';

function folderFor(folder: string | null | undefined): vscode.WorkspaceFolder {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new PanelError('forbidden_path', 'no workspace folder is open: open a folder to load its CSV files');
  if (folder === null || folder === undefined) return folders[0];
  const f = folders.find((x) => x.name === folder);
  if (!f) throw new PanelError('not_found', `no workspace folder named ${JSON.stringify(folder)}`);
  return f;
}

/** The Uri of a workspace-relative path, checked to be a regular file inside the folder. */
export async function resolveWorkspaceFile(path: string, folder?: string | null): Promise<vscode.Uri> {
  const problem = relativePathProblem(path);
  if (problem) throw new PanelError('forbidden_path', `path refused: ${problem}`);
  const root = folderFor(folder).uri;
  const uri = vscode.Uri.joinPath(root, ...relativePathSegments(path));
  const rootPath = root.path.endsWith('/') ? root.path : root.path + '/';
  if (uri.scheme !== root.scheme || uri.authority !== root.authority || !uri.path.startsWith(rootPath)) {
    throw new PanelError('forbidden_path', `path refused: ${path} is outside the workspace folder`);
  }
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    throw new PanelError('not_found', `no file ${path} in the workspace`);
  }
  if (stat.type & vscode.FileType.SymbolicLink) throw new PanelError('forbidden_path', `path refused: ${path} is a symbolic link`);
  if (!(stat.type & vscode.FileType.File)) throw new PanelError('forbidden_path', `path refused: ${path} is not a file`);
  return uri;
}

/** The workspace-relative reference of a Uri inside a workspace folder, or null. */
export function workspaceRefOf(uri: vscode.Uri): FileRef | null {
  const f = vscode.workspace.getWorkspaceFolder(uri);
  if (!f) return null;
  const rootPath = f.uri.path.endsWith('/') ? f.uri.path : f.uri.path + '/';
  if (!uri.path.startsWith(rootPath)) return null;
  const rel = uri.path.slice(rootPath.length);
  if (relativePathProblem(rel)) return null;
  const multi = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return { path: rel, folder: multi ? f.name : null };
}

export const CSV_GLOB = '**/*.csv';
const EXCLUDE = '**/{node_modules,.git,.vscode-test,dist,out}/**';

/** Quick pick over the workspace's CSV files; null when dismissed. */
export async function pickWorkspaceCsv(): Promise<FileRef | null> {
  const uris = await vscode.workspace.findFiles(CSV_GLOB, EXCLUDE, 5000);
  const items = uris
    .map((u) => ({ uri: u, ref: workspaceRefOf(u) }))
    .filter((x): x is { uri: vscode.Uri; ref: FileRef } => x.ref !== null)
    .sort((a, b) => a.ref.path.localeCompare(b.ref.path))
    .map((x) => ({ label: x.ref.path.split('/').pop()!, description: (x.ref.folder ? x.ref.folder + ': ' : '') + x.ref.path, ref: x.ref }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Loss Lab: no CSV files in the workspace.');
    return null;
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Pick a CSV file to evaluate the loss on', matchOnDescription: true });
  return picked?.ref ?? null;
}
