/**
 * One call from CSV bytes to a checked dataset for a loss: read, map columns (given or inferred),
 * build the engine's inputs. What the CLI, the panel and the benchmark use.
 */
import type { LossSpec } from '../engine/spec';
import { mapColumns } from './column-mapping';
import { readCsv, type CsvReadOptions } from './csv-reader';
import { buildDataset, type Dataset } from './load-dataset';

export interface LoadCsvOptions extends CsvReadOptions {
  /** Explicit column mapping: role → `COL`, `COL1,COL2`, `prefix*` or `#N`; other roles are inferred. */
  readonly map?: Readonly<Record<string, string>>;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly strict?: boolean;
}

export interface LoadedCsv extends Dataset {
  readonly delimiter: string;
  readonly bytes: number;
}

export async function loadCsv(spec: LossSpec, input: Uint8Array | AsyncIterable<Uint8Array>, opts: LoadCsvOptions): Promise<LoadedCsv> {
  const table = await readCsv(input, opts);
  const mapping = mapColumns(spec, table, opts.map ?? {});
  const ds = buildDataset(table, spec, mapping, { strict: opts.strict, params: opts.params });
  return { ...ds, delimiter: table.delimiter, bytes: table.bytes };
}
