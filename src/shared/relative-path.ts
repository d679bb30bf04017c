/**
 * Workspace-relative paths as the webview may send them. The webview is untrusted: a path it sends
 * must name a file inside a workspace folder, so anything that could climb out of one (absolute
 * paths, `..`, a URI scheme, a Windows drive or UNC prefix, backslashes, NUL) is refused here, at the
 * protocol boundary, before the host resolves it against a folder.
 */

/** Longest path accepted (characters). */
export const MAX_RELATIVE_PATH = 1024;

/** Returns why `p` is not an acceptable workspace-relative path, or null when it is. */
export function relativePathProblem(p: string): string | null {
  if (p.length === 0) return 'the path is empty';
  if (p.length > MAX_RELATIVE_PATH) return `the path is longer than ${MAX_RELATIVE_PATH} characters`;
  if (/[\u0000-\u001f]/.test(p)) return 'the path contains control characters';
  if (p.includes('\\')) return "the path contains '\\' (use '/')";
  if (p.startsWith('/')) return 'the path is absolute; give it relative to the workspace folder';
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(p)) return 'the path has a scheme or drive letter; give it relative to the workspace folder';
  if (p.startsWith('~')) return "the path starts with '~'; give it relative to the workspace folder";
  const segments = p.split('/');
  if (segments.some((s) => s === '..')) return "the path contains '..'";
  if (segments.some((s) => s === '')) return "the path contains an empty segment ('//' or a trailing '/')";
  return null;
}

/** The path's segments with `.` segments removed (call after `relativePathProblem` returned null). */
export function relativePathSegments(p: string): string[] {
  return p.split('/').filter((s) => s !== '.');
}
