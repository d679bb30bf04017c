/**
 * The panel's HTML (no vscode import: the Chromium harness in test/webview serves exactly this
 * markup under exactly this CSP). Strict CSP: nothing by default; scripts only with the per-load
 * crypto nonce (no 'unsafe-inline', no eval); styles, images and fonts only from the extension's
 * own resources (`cspSource`), images also as data: URLs (Chart.js exports canvases as PNG).
 */

export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** A fresh base64 nonce from a CSPRNG, per HTML load. */
  readonly nonce: string;
  /** `webview.asWebviewUri(dist/webview.js)`. */
  readonly scriptUri: string;
  /** Stylesheets (`webview.asWebviewUri(media/*.css)`). */
  readonly styleUri?: string;
  readonly styleUris?: readonly string[];
  readonly title?: string;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function panelHtml(o: PanelHtmlOptions): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(o.nonce)) throw new Error('internal: the nonce must be base64');
  const styles = [...(o.styleUri ? [o.styleUri] : []), ...(o.styleUris ?? [])];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles.map((s) => `<link rel="stylesheet" href="${escapeAttr(s)}">`).join('\n')}
<title>${escapeAttr(o.title ?? 'Loss Lab')}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${o.nonce}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}
