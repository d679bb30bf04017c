/** Test helpers: the sample CSVs as a naive reference parse (split on commas) and as a DataSession. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSession } from '../../../src/lab/data-session';

export const SAMPLES = join(__dirname, '..', '..', '..', 'samples');

export interface NaiveTable {
  readonly header: string[];
  /** Numeric rows, with their 1-based file line. */
  readonly rows: Array<{ line: number; values: number[] }>;
  col(name: string): number[];
}

export function naiveCsv(text: string): NaiveTable {
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(',');
  const rows = lines
    .slice(1)
    .map((l, i) => ({ line: i + 2, l }))
    .filter((r) => r.l.trim() !== '')
    .map((r) => ({ line: r.line, values: r.l.split(',').map(Number) }));
  return { header, rows, col: (name) => rows.map((r) => r.values[header.indexOf(name)]) };
}

export function sampleText(name: string): string {
  return readFileSync(join(SAMPLES, name), 'utf8');
}

export async function sessionOf(name: string, text?: string): Promise<DataSession> {
  const bytes = new TextEncoder().encode(text ?? sampleText(name));
  return DataSession.read(bytes, { path: `samples/${name}`, folder: null });
}
