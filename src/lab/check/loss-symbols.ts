/**
 * Finding the loss-like definitions of a source file (for the "Check against Loss Lab" CodeLens).
 * Line-based and linear: top-level Python `def`/`class` and TS/JS `function`/`class`/`const x =
 * (...) =>`. Imports nothing heavy: the CodeLens runs in the extension's small entry bundle.
 */
import type { CheckLanguage } from './check-loss';

export interface LossSymbol {
  readonly name: string;
  /** 0-based line of the definition. */
  readonly line: number;
  readonly kind: 'function' | 'class';
  /** Parameter names as written on the definition line (best effort; a class's are its constructor's in the runner). */
  readonly params: readonly string[];
}

/** `*loss*`, `*Loss`, `criterion` (any case). */
export function isLossName(name: string): boolean {
  return /loss|criterion/i.test(name);
}

const PY = /^(?:async\s+)?(def|class)\s+([A-Za-z_]\w*)\s*(?:\(([^)]*)\)?)?/;
const JS = /^(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:(function)\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(([^)]*)\)?|(class)\s+([A-Za-z_$][\w$]*)|(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s+)?(?:function\s*)?\(([^)]*)\)?)/;

function names(list: string | undefined): string[] {
  if (!list) return [];
  return list.split(',').map((p) => p.trim().replace(/^[*{.\s]+/, '').split(/[:=\s]/)[0]).filter((p) => p && p !== 'self');
}

export function lossSymbols(text: string, language: CheckLanguage): LossSymbol[] {
  const out: LossSymbol[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (language === 'python') {
      const m = PY.exec(line); // top level only: no indentation
      if (m && isLossName(m[2])) out.push({ name: m[2], line: i, kind: m[1] === 'class' ? 'class' : 'function', params: names(m[3]) });
    } else {
      const m = JS.exec(line);
      if (!m) continue;
      const name = m[2] ?? m[5] ?? m[6];
      if (name && isLossName(name)) out.push({ name, line: i, kind: m[4] ? 'class' : 'function', params: names(m[3] ?? m[7]) });
    }
  }
  return out;
}
