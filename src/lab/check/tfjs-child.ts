/**
 * The TF.js check runner's child process (dist/check-tfjs.js): bundles the user's TypeScript or
 * JavaScript file with esbuild, with every `@tensorflow/tfjs*` import bound to Loss Lab's own
 * tfjs-core (cpu backend), runs the module and calls the named function or class on the probes.
 * Same JSON-lines protocol as check-runner.py (see runner-protocol.ts). The whole module runs (it
 * is JavaScript: there is no statement-by-statement filter as for Python); only on an explicit
 * action, in this child process with the parent's timeout.
 */
import { createInterface } from 'node:readline';
import { basename, dirname, join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { tf } from '../../engine/backend';

type Json = Record<string, unknown>;

function finite(x: unknown): unknown {
  if (typeof x === 'number' && !Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
  if (Array.isArray(x)) return x.map(finite);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, finite(v)]));
  return x;
}
function emit(o: Json): void {
  process.stdout.write(JSON.stringify(finite(o)) + '\n');
}

interface Param { name: string; hasDefault: boolean; default: unknown }

/** Splits a parameter list at top-level commas. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if ('([{'.includes(ch)) depth++;
    if (')]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out;
}

function literal(s: string | undefined): { ok: boolean; v: unknown } {
  if (s === undefined) return { ok: false, v: undefined };
  try {
    return { ok: true, v: JSON.parse(s.trim()) };
  } catch {
    return { ok: true, v: s.trim() };
  }
}

/**
 * The parameters of a compiled function's source: plain names (with JSON-literal defaults) and the
 * keys of one destructured options object (`{ gamma = 2, alpha = 0.25 } = {}`), marked `options`.
 */
function paramsOf(src: string): { positional: Param[]; options: Param[] | null; optionsIndex: number } {
  const open = src.indexOf('(');
  let depth = 0;
  let close = -1;
  for (let i = open; i < src.length; i++) {
    if (src[i] === '(') depth++;
    else if (src[i] === ')' && --depth === 0) {
      close = i;
      break;
    }
  }
  const list = open >= 0 && close > open ? splitTop(src.slice(open + 1, close)) : [];
  const positional: Param[] = [];
  let options: Param[] | null = null;
  let optionsIndex = -1;
  list.forEach((p, i) => {
    const t = p.trim();
    if (t.startsWith('{')) {
      const end = t.lastIndexOf('}');
      options = splitTop(t.slice(1, end)).map((kv) => {
        const [k, d] = kv.split(/=(.*)/s);
        const lit = literal(d);
        return { name: k.split(':')[0].trim(), hasDefault: lit.ok, default: lit.v };
      });
      optionsIndex = i;
      return;
    }
    const [k, d] = t.split(/=(.*)/s);
    const lit = literal(d);
    positional.push({ name: k.replace(/^\.\.\./, '').trim(), hasDefault: lit.ok, default: lit.v });
  });
  return { positional, options, optionsIndex };
}

async function bundle(file: string, symbol: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const source = readFileSync(file, 'utf8');
  const loader = /\.tsx?$|\.[mc]ts$/.test(file) ? 'ts' : 'js';
  const result = await esbuild.build({
    stdin: {
      // The symbol is read in the module's own scope, so it need not be exported.
      contents: `${source}\n;globalThis.__lossLabSymbol = typeof ${symbol} === 'undefined' ? undefined : ${symbol};\n`,
      resolveDir: dirname(file),
      sourcefile: basename(file),
      loader,
    },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    logLevel: 'silent',
    plugins: [{
      name: 'loss-lab-tfjs',
      setup(b) {
        b.onResolve({ filter: /^@tensorflow\/tfjs(-core|-node|-backend-cpu|-backend-wasm)?(\/.*)?$/ }, (a) => ({ path: a.path, namespace: 'loss-lab-tf' }));
        b.onLoad({ filter: /.*/, namespace: 'loss-lab-tf' }, () => ({ contents: 'module.exports = globalThis.__lossLabTf;', loader: 'js' }));
      },
    }],
  });
  return result.outputFiles[0].text;
}

interface Loaded { fn: unknown; isClass: boolean; line: number }

async function load(file: string, symbol: string): Promise<Loaded | null> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    emit({ type: 'error', kind: 'file', message: `cannot read ${file}: ${(e as Error).message}`, file });
    return null;
  }
  const declared = [...source.matchAll(/^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\s*\*?\s*|class\s+|const\s+|let\s+|var\s+)([A-Za-z_$][\w$]*)/gm)];
  const names = declared.map((m) => m[1]);
  if (!names.includes(symbol)) {
    const lossy = names.filter((n) => /loss|criterion/i.test(n));
    emit({ type: 'error', kind: 'symbol', message: `no function or class named ${symbol} at the top level of ${basename(file)}`, file, candidates: lossy.length ? lossy : names });
    return null;
  }
  const line = source.slice(0, declared.find((m) => m[1] === symbol)!.index).split('\n').length + (/^\s*\n/.test(declared.find((m) => m[1] === symbol)![0]) ? 1 : 0);
  let code: string;
  try {
    code = await bundle(file, symbol);
  } catch (e) {
    const err = (e as { errors?: Array<{ text: string; location?: { line: number; column: number } | null }> }).errors?.[0];
    if (err && /Could not resolve/.test(err.text)) {
      const mod = /"([^"]+)"/.exec(err.text)?.[1] ?? err.text;
      emit({ type: 'error', kind: 'import', message: `module ${mod} does not resolve from ${basename(file)}`, module: mod, interpreter: 'esbuild', install: `npm install ${mod}`, file, line: err.location?.line });
    } else {
      emit({ type: 'error', kind: 'syntax', message: err?.text ?? String(e), file, line: err?.location?.line ?? 0, column: (err?.location?.column ?? 0) + 1 });
    }
    return null;
  }
  (globalThis as Json).__lossLabTf = tf;
  try {
    // Loaded as a module file (no eval): a private temporary folder, removed right after.
    const dir = mkdtempSync(join(tmpdir(), 'loss-lab-check-'));
    const out = join(dir, 'checked.cjs');
    writeFileSync(out, code);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } catch (e) {
    emit({ type: 'error', kind: 'raised', message: `${(e as Error).name}: ${(e as Error).message}`, file });
    return null;
  }
  const fn = (globalThis as Json).__lossLabSymbol;
  if (typeof fn !== 'function') {
    emit({ type: 'error', kind: 'symbol', message: `${symbol} is neither a function nor a class`, file, line });
    return null;
  }
  return { fn, isClass: /^class[\s{]/.test(Function.prototype.toString.call(fn)), line };
}

function describeSymbol(l: Loaded): Json {
  const src = Function.prototype.toString.call(l.fn);
  if (l.isClass) {
    const ctor = /constructor\s*\(/.exec(src);
    const call = /\b(?:call|forward|apply|compute)\s*\(/.exec(src);
    const c = ctor ? paramsOf(src.slice(ctor.index)) : { positional: [], options: null };
    const f = call ? paramsOf(src.slice(call.index)) : { positional: [], options: null };
    return { type: 'symbol', kind: 'class', line: l.line, params: [...c.positional, ...(c.options ?? [])], callParams: [...f.positional, ...(f.options ?? [])] };
  }
  const p = paramsOf(src);
  return { type: 'symbol', kind: 'function', line: l.line, params: [], callParams: [...p.positional, ...(p.options ?? [])] };
}

interface Arg { role: string; data: number[] | number[][]; dtype: 'float' | 'long'; grad: boolean }
interface Call { name: string; args: Arg[]; ctor: Json; kwargs: Json }

function toTensor(v: unknown, dtype: 'float32' | 'int32'): tf.Tensor {
  return tf.tensor(v as number[], undefined, dtype);
}

/** How a JS function takes hyperparameters: one options object after the role arguments. */
function runCall(l: Loaded, c: Call): Json {
  const src = Function.prototype.toString.call(l.fn);
  const roles = c.args.map((a) => toTensor(a.data, a.dtype === 'long' ? 'int32' : 'float32'));
  const opts: Json = {};
  for (const [k, v] of Object.entries(c.kwargs)) opts[k] = Array.isArray(v) ? tf.tensor1d(v as number[]) : v;
  const ctorOpts: Json = { ...c.ctor };
  let callable: (...xs: tf.Tensor[]) => unknown;
  if (l.isClass) {
    const Cls = l.fn as new (o: Json) => Record<string, (...a: unknown[]) => unknown>;
    const inst = new Cls(ctorOpts);
    const m = ['call', 'forward', 'apply', 'compute'].find((k) => typeof inst[k] === 'function');
    if (!m) throw new Error('the class has no call/forward/apply/compute method');
    callable = (...xs) => inst[m](...xs, ...(Object.keys(opts).length ? [opts] : []));
  } else {
    const p = paramsOf(src);
    const all = { ...ctorOpts, ...opts };
    const extra = p.options !== null || p.positional.length > roles.length ? [all] : [];
    callable = (...xs) => (l.fn as (...a: unknown[]) => unknown)(...xs, ...extra);
  }
  const diffIdx = c.args.map((a, i) => (a.grad ? i : -1)).filter((i) => i >= 0);
  const withRoles = (diff: tf.Tensor[]): unknown => callable(...roles.map((t, i) => (diffIdx.includes(i) ? diff[diffIdx.indexOf(i)] : t)));
  const out = withRoles(diffIdx.map((i) => roles[i]));
  if (typeof out === 'number') return { value: out, error: { kind: 'type', message: `returned a number (${out}), not a tensor: the value carries no gradient (dataSync()/arraySync() on the loss?)` } };
  if (!(out instanceof tf.Tensor)) return { error: { kind: 'type', message: `returned ${out === null ? 'null' : typeof out}, expected a tf.Tensor` } };
  const res: Json = { shape: out.shape };
  const vals = Array.from(out.dataSync());
  if (out.rank === 0) res.value = vals[0];
  else res.perSample = vals;
  const grads: Json = {};
  try {
    const g = tf.grads((...xs: tf.Tensor[]) => {
      const o = withRoles(xs) as tf.Tensor;
      return o.rank === 0 ? (o as tf.Scalar) : tf.sum(o);
    })(diffIdx.map((i) => roles[i]));
    diffIdx.forEach((i, k) => {
      grads[c.args[i].role] = Array.from(g[k].dataSync());
    });
  } catch {
    for (const i of diffIdx) grads[c.args[i].role] = null;
  }
  res.grads = grads;
  return res;
}

async function main(): Promise<void> {
  // The protocol owns stdout: the user's console output goes to stderr (never parsed).
  const toStderr = (...a: unknown[]): void => void process.stderr.write(a.map(String).join(' ') + '\n');
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  await tf.setBackend('cpu');
  tf.env().set('PROD', true);
  const rl = createInterface({ input: process.stdin });
  const lines = rl[Symbol.asyncIterator]();
  const first = (await lines.next()).value as string | undefined;
  if (!first) return;
  const req = JSON.parse(first) as { file: string; symbol: string };
  const l = await load(req.file, req.symbol);
  if (!l) return process.exit(0);
  emit(describeSymbol(l));
  const second = (await lines.next()).value as string | undefined;
  if (!second) return process.exit(0);
  const { probes } = JSON.parse(second) as { probes: Call[] };
  const results = probes.map((c) => {
    try {
      let r: Json = {};
      tf.tidy(() => {
        r = runCall(l, c);
      });
      return r;
    } catch (e) {
      return { error: { kind: 'raised', message: `${(e as Error).name}: ${(e as Error).message}` } };
    }
  });
  emit({ type: 'results', results });
  process.exit(0);
}

main().catch((e: unknown) => {
  emit({ type: 'error', kind: 'crashed', message: String(e) });
  process.exit(0);
});
