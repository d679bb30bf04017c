/**
 * `eval --out DIR`: the per-sample values, their file lines, query ids and gradients written as
 * NumPy `.npy` files into DIR instead of JSON arrays (README "Output"), for results too large for
 * JSON. The directory is checked (and created) before the data is read, so a mistake costs
 * nothing; no output file may be the input file.
 */
import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EvalResult } from '../engine/evaluate';
import type { LossSpec } from '../engine/spec';
import { int64Of, writeNpy } from './npy-out';
import { UsageError } from './usage-error';

/** The arrays an evaluation outputs (what JSON would print as arrays). */
export interface OutArrays {
  readonly perSample?: Float32Array;
  readonly lines?: Int32Array;
  /** Original query ids, one per per-sample value of a query loss. */
  readonly queries?: ArrayLike<number>;
  readonly grad?: EvalResult['grad'];
  /** Hessians, for a loss with closed-form gradients (lambdamart). */
  readonly hess?: EvalResult['hess'];
}

/** File names in DIR. */
const NAMES = { perSample: 'per_sample.npy', lines: 'lines.npy', queries: 'queries.npy' } as const;
const gradName = (role: string): string => `grad_${role}.npy`;
const hessName = (role: string): string => `hess_${role}.npy`;

/**
 * Checks (creating it if missing) the output directory and that none of the files the loss may
 * write there is the input file; returns the directory as given.
 */
export function prepareOutDir(dir: string, spec: LossSpec, dataFile: string | null): string {
  if (dir === '') throw new UsageError('--out needs a directory');
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UsageError(`--out ${dir}: not a directory (--out names a directory for the .npy files)`);
  } else {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new UsageError(`--out ${dir}: cannot create the directory: ${(e as Error).message}`);
    }
  }
  if (dataFile !== null) {
    const input = realpathSync(dataFile);
    const names = [...Object.values(NAMES), ...spec.roles.filter((r) => r.differentiable).flatMap((r) => [gradName(r.name), hessName(r.name)])];
    for (const name of names) {
      const target = join(realpathSync(dir), name);
      const real = existsSync(target) ? realpathSync(target) : resolve(target);
      if (real === input) throw new UsageError(`--out ${dir}: ${name} there is the input file ${dataFile}; the input is never written, choose another directory`);
    }
  }
  return dir;
}

/** Writes the arrays; returns the `files` field of the JSON summary (the same keys, paths as values). */
export function writeOutFiles(dir: string, a: OutArrays): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  if (a.perSample) {
    writeNpy(join(dir, NAMES.perSample), a.perSample, [a.perSample.length]);
    files.perSample = join(dir, NAMES.perSample);
  }
  if (a.lines) {
    writeNpy(join(dir, NAMES.lines), a.lines, [a.lines.length]);
    files.lines = join(dir, NAMES.lines);
  }
  if (a.queries) {
    writeNpy(join(dir, NAMES.queries), int64Of(a.queries), [a.queries.length]);
    files.queries = join(dir, NAMES.queries);
  }
  if (a.grad) {
    const grad: Record<string, string> = {};
    for (const [role, g] of Object.entries(a.grad)) {
      if (!g) continue;
      const path = join(dir, gradName(role));
      writeNpy(path, g.data, g.cols === 1 ? [g.data.length] : [g.data.length / g.cols, g.cols]);
      grad[role] = path;
    }
    files.grad = grad;
  }
  if (a.hess) {
    const hess: Record<string, string> = {};
    for (const [role, h] of Object.entries(a.hess)) {
      if (!h) continue;
      const path = join(dir, hessName(role));
      writeNpy(path, h.data, h.cols === 1 ? [h.data.length] : [h.data.length / h.cols, h.cols]);
      hess[role] = path;
    }
    files.hess = hess;
  }
  return files;
}
