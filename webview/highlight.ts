/**
 * A tiny syntax highlighter for the generated snippets (Python and TypeScript/JavaScript). It only
 * needs to make generated code readable, so it knows comments, strings, numbers, keywords and
 * call names. It returns tokens (no DOM here, so it is unit-tested in Node); the code view turns them
 * into spans with `textContent`, so the code is never parsed as HTML whatever it contains.
 */

export type TokenKind = 'comment' | 'string' | 'number' | 'keyword' | 'constant' | 'call' | 'decorator' | 'text';
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}
export type CodeLanguage = 'python' | 'typescript';

const PY_KEYWORDS = new Set([
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not',
  'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);
const PY_CONSTANTS = new Set(['None', 'True', 'False', 'self']);
const TS_KEYWORDS = new Set([
  'as', 'async', 'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'default', 'do', 'else',
  'export', 'extends', 'finally', 'for', 'from', 'function', 'if', 'import', 'in', 'instanceof', 'interface',
  'let', 'new', 'of', 'return', 'switch', 'throw', 'try', 'type', 'typeof', 'var', 'while', 'yield',
]);
const TS_CONSTANTS = new Set(['null', 'undefined', 'true', 'false', 'this']);

// One sticky regex per token class, tried in order at the current position.
const NUMBER = /(?:0[xX][0-9a-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?n?j?)/y;
const IDENT = /[A-Za-z_$][\w$]*/y;
const SPACE = /\s+/y;

function matchAt(re: RegExp, src: string, pos: number): string | null {
  re.lastIndex = pos;
  const m = re.exec(src);
  return m ? m[0] : null;
}

/** Length of a string literal starting at `pos` (handles escapes and Python triple quotes). */
function stringLength(src: string, pos: number, lang: CodeLanguage): number {
  const q = src[pos]!;
  const triple = lang === 'python' && src.startsWith(q.repeat(3), pos);
  const close = triple ? q.repeat(3) : q;
  let i = pos + close.length;
  while (i < src.length) {
    if (src[i] === '\\') { i += 2; continue; }
    if (src.startsWith(close, i)) return i + close.length - pos;
    // An unterminated single-line string ends at the line break (keeps later lines highlighted).
    if (!triple && q !== '`' && src[i] === '\n') return i - pos;
    i += 1;
  }
  return src.length - pos;
}

export function tokenize(src: string, lang: CodeLanguage): Token[] {
  const out: Token[] = [];
  const keywords = lang === 'python' ? PY_KEYWORDS : TS_KEYWORDS;
  const constants = lang === 'python' ? PY_CONSTANTS : TS_CONSTANTS;
  const push = (kind: TokenKind, text: string): void => {
    const last = out[out.length - 1];
    if (last && last.kind === kind && kind === 'text') out[out.length - 1] = { kind, text: last.text + text };
    else out.push({ kind, text });
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    const lineComment = lang === 'python' ? c === '#' : src.startsWith('//', i);
    if (lineComment) {
      const end = src.indexOf('\n', i);
      const text = src.slice(i, end < 0 ? src.length : end);
      push('comment', text);
      i += text.length;
      continue;
    }
    if (lang === 'typescript' && src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      const text = src.slice(i, end < 0 ? src.length : end + 2);
      push('comment', text);
      i += text.length;
      continue;
    }
    // Python string prefixes (f'', r'', b'', rb'') stay with their string.
    const prefix = lang === 'python' ? /^[rRbBfFuU]{1,2}(?=['"])/.exec(src.slice(i, i + 3)) : null;
    const qpos = i + (prefix ? prefix[0].length : 0);
    const q = src[qpos];
    if (q === '"' || q === "'" || (q === '`' && lang === 'typescript')) {
      const len = qpos - i + stringLength(src, qpos, lang);
      push('string', src.slice(i, i + len));
      i += len;
      continue;
    }
    if (lang === 'python' && c === '@') {
      const name = matchAt(IDENT, src, i + 1);
      if (name) { push('decorator', '@' + name); i += 1 + name.length; continue; }
    }
    const space = matchAt(SPACE, src, i);
    if (space) { push('text', space); i += space.length; continue; }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const n = matchAt(NUMBER, src, i);
      if (n) { push('number', n); i += n.length; continue; }
    }
    const id = matchAt(IDENT, src, i);
    if (id) {
      const next = src.slice(i + id.length).match(/^\s*\(/);
      if (keywords.has(id)) push('keyword', id);
      else if (constants.has(id)) push('constant', id);
      else if (next) push('call', id);
      else push('text', id);
      i += id.length;
      continue;
    }
    push('text', c);
    i += 1;
  }
  return out;
}
