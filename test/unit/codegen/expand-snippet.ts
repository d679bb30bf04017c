/**
 * Expands VS Code snippet text the way the editor inserts it before any edit: `${n:default}` becomes
 * its default, `${n|a,b|}` its first choice, `$n` nothing, and `\$`, `\}`, `\\` (and `\,` `\|` in
 * choices) their characters. Anything else after `$` is a syntax error here, so a forgotten escape
 * (a literal `$` or `}` in the code) is caught.
 */
export function expandSnippet(text: string): string {
  let out = '';
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`snippet syntax: ${what} at offset ${i}: ${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))}`);
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      const n = text[i + 1];
      if (n === '$' || n === '}' || n === '\\') {
        out += n;
        i += 2;
      } else {
        out += c;
        i++;
      }
    } else if (c === '}') {
      fail('unescaped }');
    } else if (c === '$') {
      const m = /^\$(\d+)/.exec(text.slice(i));
      if (m) {
        i += m[0].length;
        continue;
      }
      const open = /^\$\{(\d+)([:|])/.exec(text.slice(i));
      if (!open) fail('unescaped $');
      i += open![0].length;
      let value = '';
      const choice = open![2] === '|';
      let first = true;
      for (;;) {
        if (i >= text.length) fail('unterminated placeholder');
        const d = text[i];
        if (d === '\\' && i + 1 < text.length) {
          if (first) value += text[i + 1];
          i += 2;
        } else if (choice && d === ',') {
          first = false;
          i++;
        } else if (choice && d === '|' && text[i + 1] === '}') {
          i += 2;
          break;
        } else if (!choice && d === '}') {
          i++;
          break;
        } else if (d === '$') {
          fail('nested placeholder');
        } else {
          if (first) value += d;
          i++;
        }
      }
      out += value;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
