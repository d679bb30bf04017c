/**
 * Chart colours from the VS Code theme. Canvas drawing cannot use CSS variables, so the palette is
 * read from computed styles and re-read whenever VS Code switches theme: it changes the body class
 * (vscode-light / vscode-dark / vscode-high-contrast[-light]) and rewrites the `--vscode-*`
 * variables in the <html> element's style attribute.
 */

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Palette {
  readonly kind: ThemeKind;
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly background: string;
  /** Distinct series colours; the first is the current setting, the rest compare pins. */
  readonly series: readonly string[];
  /** Colour for reference marks (the contrastive margin, zero lines). */
  readonly marker: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  /** Thicker lines in high contrast themes. */
  readonly lineWidth: number;
}

// VS Code's `charts.*` theme colours, in the order the series use them. Fallbacks are VS Code's
// dark-theme defaults, used only when a variable is missing (outside VS Code).
const SERIES_VARS: ReadonlyArray<readonly [string, string]> = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-charts-yellow', '#cca700'],
  ['--vscode-terminal-ansiCyan', '#11a8cd'],
];

export function themeKind(body: HTMLElement = document.body): ThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  return 'dark';
}

export function readPalette(): Palette {
  const cs = getComputedStyle(document.documentElement);
  const bodyCs = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => {
    const value = cs.getPropertyValue(name).trim() || bodyCs.getPropertyValue(name).trim();
    return value || fallback;
  };
  const kind = themeKind();
  const hc = kind === 'high-contrast' || kind === 'high-contrast-light';
  const foreground = v('--vscode-charts-foreground', v('--vscode-foreground', '#cccccc'));
  const fontSize = parseFloat(v('--vscode-font-size', '13px')) || 13;
  return {
    kind,
    foreground,
    muted: v('--vscode-descriptionForeground', foreground),
    grid: v('--vscode-charts-lines', hc ? foreground : 'rgba(128,128,128,0.35)'),
    background: v('--vscode-editor-background', kind === 'light' ? '#ffffff' : '#1e1e1e'),
    series: SERIES_VARS.map(([name, fb]) => v(name, fb)),
    marker: v('--vscode-editorWarning-foreground', '#cca700'),
    fontFamily: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize,
    lineWidth: hc ? 3 : 2,
  };
}

/**
 * Calls `onChange` with a fresh palette after every theme switch. Returns a disposer. Several
 * attribute changes arrive together on a switch; they are coalesced into one callback per frame.
 */
export function watchTheme(onChange: (p: Palette) => void): () => void {
  let scheduled = false;
  const fire = (): void => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      onChange(readPalette());
    });
  };
  const obs = new MutationObserver(fire);
  obs.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => obs.disconnect();
}
