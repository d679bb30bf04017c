/**
 * The TF.js check runner's child process (dist/check-tfjs.js): loads the user's TypeScript or
 * JavaScript file (and the local files it imports) through sucrase, bundled here, with every
 * `@tensorflow/tfjs*` import bound to Loss Lab's own tfjs-core (cpu backend), runs the module and
 * calls the named function or class on the probes. Nothing is needed from the user's project
 * beyond the packages their file imports; an installed .vsix has no esbuild or TypeScript.
 * Same JSON-lines protocol as check-runner.py (see runner-protocol.ts). The whole module runs (it
 * is JavaScript: there is no statement-by-statement filter as for Python); only on an explicit
 * action, in this child process with the parent's timeout.
 */
import Module from 'node:module';
import { createInterface } from 'node:readline';
import { basename, dirname, sep } from 'node:path';
import { readFileSync } from 'node:fs';
import { transform } from 'sucrase';
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

/** The `@tensorflow/tfjs*` packages a user's file may import: all bound to Loss Lab's own tfjs. */
const TFJS_IMPORT = /^@tensorflow\/tfjs(-core|-node|-backend-cpu|-backend-wasm)?(\/.*)?$/;
/** TypeScript sources; other files of the user's folder are JavaScript (CommonJS or ES modules). */
const TS_FILE = /\.(tsx?|[mc]ts)$/;

interface NodeModule {
  exports: unknown;
  filename: string;
  paths: string[];
  _compile(code: string, filename: string): void;
}
type ModuleApi = {
  new (id: string, parent: unknown): NodeModule;
  _extensions: Record<string, (m: NodeModule, filename: string) => void>;
  _nodeModulePaths(dir: string): string[];
  prototype: { require(id: string): unknown };
};

/** The user's source as CommonJS (types stripped, `import`/`export` turned into require/exports). */
function transpile(source: string, file: string): string {
  return transform(source, { transforms: TS_FILE.test(file) ? ['typescript', 'imports'] : ['imports'], filePath: file, disableESTransforms: true, production: true }).code;
}

let hooked = false;
/**
 * Teaches this process's `require` the user's files: TypeScript and ES-module JavaScript outside
 * node_modules are transpiled by sucrase (bundled with Loss Lab, so an installed extension needs
 * nothing from the user's project), and every tfjs import is Loss Lab's tfjs.
 */
function hookRequire(root: string): void {
  if (hooked) return;
  hooked = true;
  const M = Module as unknown as ModuleApi;
  const load = (m: NodeModule, filename: string): void => m._compile(transpile(readFileSync(filename, 'utf8'), filename), filename);
  for (const ext of ['.ts', '.mts', '.cts', '.tsx']) M._extensions[ext] = load;
  const js = M._extensions['.js'];
  M._extensions['.js'] = (m, filename) => (filename.startsWith(root) && !filename.includes(`${sep}node_modules${sep}`) ? load(m, filename) : js(m, filename));
  const req = M.prototype.require;
  M.prototype.require = function (this: unknown, id: string) {
    return TFJS_IMPORT.test(id) ? tf : req.call(this, id);
  };
}

/** The line of a file where `module` is imported (1 when not found). */
function importLine(source: string, module: string): number {
  const i = source.search(new RegExp(`['"]${module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}['"]`));
  return i < 0 ? 1 : source.slice(0, i).split('\n').length;
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
  hookRequire(dirname(file));
  // The symbol is read in the module's own scope, so it need not be exported.
  const entry = `${source}\n;globalThis.__lossLabSymbol = typeof ${symbol} === 'undefined' ? undefined : ${symbol};\n`;
  let code: string;
  try {
    code = transpile(entry, file);
  } catch (e) {
    // sucrase: "Unexpected token, expected \";\" (3:12)"
    const m = /\((\d+):(\d+)\)\s*$/.exec((e as Error).message);
    emit({ type: 'error', kind: 'syntax', message: (e as Error).message.replace(/^Error transforming [^:]*: /, '').replace(/\s*\(\d+:\d+\)\s*$/, ''), file, line: m ? Number(m[1]) : 0, column: m ? Number(m[2]) + 1 : 0 });
    return null;
  }
  try {
    const M = Module as unknown as ModuleApi;
    const m = new M(file, null);
    m.filename = file;
    m.paths = M._nodeModulePaths(dirname(file));
    m._compile(code, file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const missing = err.code === 'MODULE_NOT_FOUND' ? /Cannot find module '([^']+)'/.exec(err.message)?.[1] : undefined;
    if (missing) {
      const mod = missing.startsWith('.') || missing.startsWith('/') ? missing : missing.split('/').slice(0, missing.startsWith('@') ? 2 : 1).join('/');
      emit({ type: 'error', kind: 'import', message: `module ${mod} does not resolve from ${basename(file)}`, module: mod, interpreter: 'node', install: `npm install ${mod}`, file, line: importLine(source, missing) });
    } else emit({ type: 'error', kind: 'raised', message: `${err.name}: ${err.message}`, file });
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
