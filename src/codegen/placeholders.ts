/**
 * Tab stops without making templates aware of them. Templates and emitters put hyperparameter
 * literals into the text as markers (private-use characters that cannot occur in code); `render`
 * then writes either plain code or VS Code snippet syntax (`${1:0.25}`, `${2|mean,sum,none|}`) with
 * everything else escaped, so `$`, `}` and `\` in the code stay literal when inserted.
 */

const OPEN = '\uE000';
const CLOSE = '\uE001';
const REF_OPEN = '\uE002';
const REF_CLOSE = '\uE003';

interface Stop {
  /** Stops with the same key share one tab-stop number (VS Code mirrors them). */
  readonly key: string;
  readonly text: string;
  readonly choices?: readonly string[];
}

export class Placeholders {
  private readonly stops: Stop[] = [];

  /** A marker for an editable value. */
  stop(key: string, text: string): string {
    this.stops.push({ key, text });
    return `${OPEN}${this.stops.length - 1}${CLOSE}`;
  }

  /** A marker for a choice among fixed strings; `text` is the current one as it appears in code. */
  choice(key: string, text: string, choices: readonly string[], quote: (s: string) => string): string {
    this.stops.push({ key, text, choices: choices.map(quote) });
    return `${OPEN}${this.stops.length - 1}${CLOSE}`;
  }

  /** Plain code, or a snippet body when `snippet` is true. */
  render(marked: string, snippet: boolean): string {
    const numbers = new Map<string, number>();
    let out = '';
    let last = 0;
    const re = new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');
    for (let m = re.exec(marked); m; m = re.exec(marked)) {
      out += snippet ? escapeSnippet(marked.slice(last, m.index)) : marked.slice(last, m.index);
      last = m.index + m[0].length;
      const s = this.stops[Number(m[1])];
      if (!snippet) {
        out += s.text;
        continue;
      }
      let n = numbers.get(s.key);
      if (n === undefined) {
        n = numbers.size + 1;
        numbers.set(s.key, n);
      }
      if (s.choices) {
        // The current value first, so the inserted text is the generated code.
        const ordered = [s.text, ...s.choices.filter((c) => c !== s.text)];
        out += `\${${n}|${ordered.map(escapeChoice).join(',')}|}`;
      } else {
        out += `\${${n}:${escapeSnippet(s.text)}}`;
      }
    }
    out += snippet ? escapeSnippet(marked.slice(last)) : marked.slice(last);
    return out;
  }
}

/** A reference to hyperparameter `name`, resolved by the emitter (`self.name` or `name`). */
export function paramRef(name: string): string {
  return `${REF_OPEN}${name}${REF_CLOSE}`;
}

/** Resolves `paramRef` markers with `prefix` (`self.` inside classes, `` in functions). */
export function resolveRefs(text: string, prefix: string): string {
  return text.replace(new RegExp(`${REF_OPEN}(\\w+)${REF_CLOSE}`, 'g'), (_m, name: string) => prefix + name);
}

/** VS Code snippet syntax: `$`, `}` and `\` are special in snippet text. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, (c) => '\\' + c);
}

function escapeChoice(text: string): string {
  return text.replace(/[\\$},|]/g, (c) => '\\' + c);
}
