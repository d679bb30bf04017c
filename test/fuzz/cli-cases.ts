/**
 * Generated command lines and CSV inputs for the CLI contract fuzz test (issue #13): malformed and
 * odd files and arguments for every loss family, as a hostile or unlucky user would give them.
 * Most files are shaped for the chosen loss (its roles' column names, values in its domains) and
 * then damaged here and there, so that both the error paths and the evaluation itself are reached.
 *
 * Sizes stay small (a case is at most a few hundred kB) so that a run is a few CLI starts per
 * second; the pathological long cells, names and values are 10^3 to 10^5 characters.
 */
import fc from 'fast-check';
import { LOSSES } from '../../src/engine/registry';
import type { LossSpec, RoleSpec } from '../../src/engine/spec';

export interface CliCase {
  /** Arguments after `node dist/cli.js`; `{DATA}` and `{OUT}` are replaced by paths when run. */
  readonly args: readonly string[];
  /** The CSV file's bytes (written to `{DATA}`), or null for no file. */
  readonly file: Uint8Array | null;
  /** Standard input (for `--data -`), empty when null. */
  readonly stdin: Uint8Array | null;
}

const enc = new TextEncoder();
const LONG = [1_000, 30_000, 100_000];

const long = (unit: string): fc.Arbitrary<string> => fc.constantFrom(...LONG).map((n) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n));

/** One cell's text, valid for `kind` most of the time. */
function cell(kind: 'float' | 'class' | 'binary' | 'rel' | 'id' | 'unit', noisy: boolean): fc.Arbitrary<string> {
  const good: Record<typeof kind, fc.Arbitrary<string>> = {
    float: fc.oneof(fc.double({ min: -20, max: 20, noNaN: true }).map(String), fc.integer({ min: -5, max: 5 }).map(String), fc.constantFrom('1e3', '-2.5E-4', '.5', '3.', '+1', '0', '-0')),
    class: fc.integer({ min: 0, max: 3 }).map(String),
    binary: fc.constantFrom('0', '1', '0.0', '1.0'),
    rel: fc.integer({ min: 0, max: 4 }).map(String),
    id: fc.oneof(fc.integer({ min: 0, max: 6 }).map(String), fc.constantFrom('16777217', '16777216', '99999999999', '-3')),
    unit: fc.double({ min: 0, max: 1, noNaN: true }).map(String),
  };
  const bad = fc.oneof(
    fc.constantFrom('', 'nan', 'NaN', 'inf', '-inf', 'Infinity', 'NA', 'null', 'None', 'n/a?', 'abc', '1,5', '1e', '1e+', '--1', '0x10', ' 7 ', '"3"', '"a""b"', '1e400', '-1e-400', '3.4e38', '1_000', '١', '\u0000', '\uFEFF1', '"', '""', '-100'),
    long('1').map((d) => d + 'x'),
    long('9'),
    long('12.').map((s) => s),
    fc.constantFrom('1e' + '7'.repeat(2000), '0'.repeat(5000) + '1', '.' + '3'.repeat(5000) + 'e-3'),
    fc.string({ maxLength: 8 }),
  );
  // a clean file holds only what the role accepts and the cells pandas reads as missing
  const missing = fc.constantFrom('', 'nan', 'NA', 'inf');
  return noisy ? fc.oneof({ weight: 30, arbitrary: good[kind] }, { weight: 1, arbitrary: bad }) : fc.oneof({ weight: 40, arbitrary: good[kind] }, { weight: 1, arbitrary: missing });
}

function kindOf(r: RoleSpec): 'float' | 'class' | 'binary' | 'rel' | 'id' | 'unit' {
  switch (r.domain) {
    case 'classIndex':
      return 'class';
    case 'binary':
      return 'binary';
    case 'unit':
      return 'unit';
    case 'integer':
      return 'id';
    case 'nonnegative':
      return r.name === 'relevance' ? 'rel' : 'unit';
    default:
      return 'float';
  }
}

/** Column names for a role: an alias (globs filled in), several for a multi-column role. */
function roleColumns(r: RoleSpec): fc.Arbitrary<Array<{ name: string; kind: ReturnType<typeof kindOf> }>> {
  const kind = kindOf(r);
  return fc.tuple(fc.constantFrom(...r.aliases), fc.integer({ min: 1, max: r.columns === 'many' ? 4 : 1 })).map(([alias, n]) =>
    alias.includes('*') ? Array.from({ length: n }, (_, i) => ({ name: alias.replace('*', String(i)), kind })) : [{ name: alias, kind }],
  );
}

const junkName = fc.oneof(
  fc.constantFrom('id', 'note', '', ' ', 'a,b', 'line\nbreak', 'quote"d', 'y_pred', 'logit_0', 'qid', '#1', '*', 'é', 'x'.repeat(300)),
  long('a'),
  fc.string({ maxLength: 6 }),
);

function quoteIfNeeded(s: string, delim: string, force: boolean): string {
  return force || s.includes(delim) || s.includes('"') || s.includes('\n') || s.includes('\r') ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV for `spec`: its roles' columns plus junk columns, rows in the domains, then damage. */
function csvFor(spec: LossSpec): fc.Arbitrary<Uint8Array> {
  const roles = fc.tuple(...spec.roles.map((r) => fc.tuple(fc.boolean(), roleColumns(r)))).map((xs) => xs.flatMap(([keep, cols], i) => (keep || !spec.roles[i].optional ? cols : [])));
  const junk = fc.array(junkName.map((name) => ({ name, kind: 'float' as const })), { maxLength: 2 });
  return fc
    .record({
      cols: fc.tuple(roles, junk, fc.integer({ min: 0, max: 7 })).chain(([a, b, drop]) => fc.shuffledSubarray([...a, ...b], { minLength: Math.max(0, a.length + b.length - (drop === 0 ? 1 : 0)) })),
      rows: fc.integer({ min: 0, max: 30 }),
      delim: fc.constantFrom(',', ',', ',', ';', '\t'),
      eol: fc.constantFrom('\n', '\n', '\r\n', '\r'),
      quoteAll: fc.boolean(),
      bom: fc.boolean(),
      blankLines: fc.boolean(),
      ragged: fc.integer({ min: 0, max: 15 }),
      noisy: fc.boolean(),
      damage: fc.oneof({ weight: 20, arbitrary: fc.constant('none') }, { weight: 1, arbitrary: fc.constantFrom('truncate', 'unterminated', 'binary', 'nul-header', 'empty', 'header-only', 'many-columns') }),
      seed: fc.integer(),
    })
    .chain((p) =>
      fc.tuple(fc.constant(p), fc.array(fc.tuple(...(p.cols.length ? p.cols.map((c) => cell(c.kind, p.noisy)) : [fc.constant('')])), { minLength: p.rows, maxLength: p.rows })),
    )
    .map(([p, rows]) => {
      const header = p.cols.map((c) => quoteIfNeeded(c.name, p.delim, p.quoteAll)).join(p.delim);
      const lines = rows.map((cells, i) => {
        let cs = cells.map((c) => quoteIfNeeded(c, p.delim, p.quoteAll && i % 2 === 0));
        if (p.ragged === 1 && i === rows.length - 1) cs = cs.slice(0, -1);
        if (p.ragged === 2 && i === 0) cs = [...cs, '9'];
        return cs.join(p.delim);
      });
      let text = (p.bom ? '\uFEFF' : '') + (p.blankLines ? p.eol : '') + [header, ...lines].join(p.eol) + (p.seed % 2 ? p.eol : '');
      if (p.blankLines) text = text.replace(p.eol + p.eol, p.eol + p.eol + p.eol);
      let bytes = enc.encode(text);
      switch (p.damage) {
        case 'truncate':
          bytes = bytes.subarray(0, Math.abs(p.seed) % (bytes.length + 1));
          break;
        case 'unterminated':
          bytes = enc.encode(text + p.delim + '"open');
          break;
        case 'binary':
          bytes = Uint8Array.from({ length: 2000 }, (_, i) => (i * 2654435761 + p.seed) >>> 24);
          break;
        case 'nul-header':
          bytes = new Uint8Array(1_200_000 + (Math.abs(p.seed) % 1000));
          break;
        case 'empty':
          bytes = new Uint8Array(0);
          break;
        case 'header-only':
          bytes = enc.encode(header + p.eol);
          break;
        case 'many-columns':
          bytes = enc.encode(Array.from({ length: 70_000 }, (_, i) => `c${i}`).join(',') + '\n1\n');
          break;
      }
      return bytes;
    });
}

/** A `--map ROLE=COLUMNS` value: a role of the loss (or not), and a name, list, glob or number. */
function mapArg(spec: LossSpec): fc.Arbitrary<string> {
  const role = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...spec.roles.map((r) => r.name)) }, { weight: 1, arbitrary: fc.constantFrom('logits', 'bogus', '') });
  const cols = fc.oneof(
    fc.constantFrom('', '#1', '#2', '#0', '#99', 'y_pred', 'logit_*', 'x1_*,x1_1', '*', '?', 'a,,b', ' target '),
    fc.integer({ min: 2, max: 12 }).map((k) => '*a'.repeat(k) + '*b'),
    long(' ').map((s) => `a${s}b*`),
    long('a'),
    long('a').map((a) => `*${a}b*`),
    long('a?').map((a) => `*${a}b*`),
    fc.integer({ min: 100, max: 3000 }).map((k) => Array.from({ length: k }, (_, i) => (i % 2 ? `c${i}*` : `#${i}`)).join(',')),
  );
  return fc.oneof({ weight: 10, arbitrary: fc.tuple(role, cols).map(([r, c]) => `${r}=${c}`) }, { weight: 1, arbitrary: fc.constantFrom('noequals', '=x', '') });
}

/** A `--param NAME=VALUE` value: a parameter of the loss (or not) and a value of any shape. */
function paramArg(spec: LossSpec): fc.Arbitrary<string> {
  const names = spec.params.map((p) => p.name);
  const name = names.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.constantFrom('beta', 'x', '') }) : fc.constantFrom('beta', 'gamma');
  const value = fc.oneof(
    fc.constantFrom('0', '1', '2.5', '-1', '0.5', '1e-3', 'none', 'true', 'false', 'inf', 'nan', '1,2,3', '1,,2', '[1,2]', 'all', 'batch_hard', '', ' 3 ', '1e309', '100000000', '0.25,0.75'),
    long('1').map((d) => d + 'x'),
    long('7'),
    fc.double().map(String),
  );
  return fc.oneof({ weight: 10, arbitrary: fc.tuple(name, value).map(([n, v]) => `${n}=${v}`) }, { weight: 1, arbitrary: fc.constantFrom('delta', '=1') });
}

/** Optional extras of an `eval` command line. */
function evalExtras(spec: LossSpec): fc.Arbitrary<string[]> {
  const item = fc.oneof(
    { weight: 4, arbitrary: mapArg(spec).map((m) => ['--map', m]) },
    { weight: 4, arbitrary: paramArg(spec).map((p) => ['--param', p]) },
    { weight: 2, arbitrary: fc.constantFrom('mean', 'sum', 'none', 'avg').map((r) => ['--reduction', r]) },
    { weight: 2, arbitrary: fc.constantFrom(['--per-sample'], ['--grad'], ['--strict'], ['--grad=1']) },
    { weight: 1, arbitrary: fc.constantFrom(['--backend', 'cpu'], ['--backend', 'wasm'], ['--backend', 'gpu']) },
    { weight: 1, arbitrary: fc.constantFrom(['--out', '{OUT}'], ['--out', '{DATA}'], ['--out', '']) },
    { weight: 1, arbitrary: fc.constantFrom(['--help'], ['--weights', '1'], ['stray'], ['--loss', 'mse'], ['--map'], ['-'], ['--']) },
  );
  const benign = fc.oneof(
    fc.constantFrom(['--per-sample'], ['--grad'], ['--per-sample', '--grad'], ['--reduction', 'sum'], ['--reduction', 'none'], ['--backend', 'cpu'], ['--out', '{OUT}', '--grad']),
    validParam(spec).map((p) => (p ? ['--param', p] : [])),
  );
  return fc.oneof({ weight: 3, arbitrary: fc.array(benign, { maxLength: 3 }) }, { weight: 2, arbitrary: fc.array(item, { maxLength: 4 }) }).map((xs) => xs.flat());
}

/** A value the parameter accepts (its default, a bound, a value inside), as text. */
function validParam(spec: LossSpec): fc.Arbitrary<string | null> {
  if (!spec.params.length) return fc.constant(null);
  return fc.constantFrom(...spec.params).chain((p) => {
    switch (p.kind) {
      case 'number':
        return fc.double({ min: p.min, max: Number.isFinite(p.max) ? p.max : p.min + 10, noNaN: true, minExcluded: !!p.minExclusive, maxExcluded: !!p.maxExclusive }).map((v) => `${p.name}=${v}`);
      case 'integer':
        return fc.integer({ min: Math.max(p.min, -5), max: Math.min(p.max, 50) }).map((v) => `${p.name}=${v}`);
      case 'boolean':
        return fc.constantFrom(`${p.name}=true`, `${p.name}=false`);
      case 'enum':
        return fc.constantFrom(...p.options.map((o) => `${p.name}=${o}`));
      case 'numberList':
        return fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: 1, maxLength: 4 }).map((xs) => `${p.name}=${xs.join(',')}`);
    }
  });
}

const lossIds = LOSSES.map((l) => l.id);

/** An `eval` case: a loss of any family, a file (or standard input) and extras. */
const evalCase: fc.Arbitrary<CliCase> = fc.constantFrom(...lossIds).chain((id) => {
  const spec = LOSSES.find((l) => l.id === id)!;
  return fc.tuple(csvFor(spec), evalExtras(spec), fc.integer({ min: 0, max: 39 })).map(([bytes, extras, how]) => {
    const stdin = how < 4;
    const args = ['eval', '--loss', id, '--data', stdin ? '-' : how === 4 ? 'missing.csv' : '{DATA}', ...extras];
    return { args, file: stdin ? null : bytes, stdin: stdin ? bytes : null };
  });
});

/** Other commands and command lines of no particular shape. */
const otherCase: fc.Arbitrary<CliCase> = fc
  .oneof(
    fc.constant(['list']),
    fc.constantFrom(['--help'], ['help'], [], ['eval'], ['eval', '--help'], ['snippet', '--help'], ['list', '--all'], ['nope']),
    fc.tuple(fc.constantFrom(...lossIds, 'bogus'), fc.constantFrom('pytorch', 'keras', 'jax', 'tfjs', 'cobol'), fc.array(fc.constantFrom('--weighted', '--javascript', '--reduction=sum', '--param=gamma=3', '--param=weight=1,2'), { maxLength: 2 })).map(([id, fw, more]) => ['snippet', '--loss', id, '--framework', fw, ...more]),
    fc.constantFrom(...lossIds).map((id) => ['eval', '--loss', id, '--help']),
    fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('--loss', '--data', '--map', 'eval', '--', '-h', '--param')), { maxLength: 6 }).map((xs) => ['eval', ...xs]),
  )
  .map((args) => ({ args, file: null, stdin: null }));

/** A case: mostly `eval` on a generated file. */
export const cliCase: fc.Arbitrary<CliCase> = fc.oneof({ weight: 9, arbitrary: evalCase }, { weight: 1, arbitrary: otherCase });
