/**
 * One call from CSV bytes to a checked dataset for a loss: read, map columns (given or inferred),
 * build the engine's inputs. What the CLI, the panel and the benchmark use.
 */
import type { LossSpec, ResolvedParams } from '../engine/spec';
import { mapColumns, type ColumnMapping } from './column-mapping';
import type { StoreLayout } from './column-store';
import { readCsv, type CsvReadOptions } from './csv-reader';
import { buildDataset, type Dataset } from './load-dataset';

export interface LoadCsvOptions extends CsvReadOptions {
  /** Explicit column mapping: role → `COL`, `COL1,COL2`, `prefix*` or `#N`; other roles are inferred. */
  readonly map?: Readonly<Record<string, string>>;
  /** Resolved by `resolveParams` (see BuildOptions.params). */
  readonly params?: ResolvedParams;
  readonly strict?: boolean;
}

export interface LoadedCsv extends Dataset {
  readonly delimiter: string;
  readonly bytes: number;
}

export async function loadCsv(spec: LossSpec, input: Uint8Array | AsyncIterable<Uint8Array>, opts: LoadCsvOptions): Promise<LoadedCsv> {
  let mapping: ColumnMapping | undefined;
  // Map as soon as the header is read, and store only the mapped columns, each multi-column role
  // row-major in one array: that array becomes the engine's input with no second copy.
  const table = await readCsv(input, {
    ...opts,
    layout: (header) => {
      mapping = mapColumns(spec, header, opts.map ?? {});
      return readLayout(mapping);
    },
  });
  if (!mapping) throw new Error('internal: the CSV header was read without a mapping');
  const ds = buildDataset(table, spec, mapping, { strict: opts.strict, params: opts.params, consumeTable: true });
  return { ...ds, delimiter: table.delimiter, bytes: table.bytes };
}

/**
 * Blocks for a mapping: one per role, holding its columns in role order. A column used twice (the
 * same column given to two roles) is stored once, alone; buildDataset then copies those roles.
 */
export function readLayout(mapping: ColumnMapping): StoreLayout {
  const uses = new Map<number, number>();
  for (const m of mapping.roles) for (const c of m.columns) uses.set(c, (uses.get(c) ?? 0) + 1);
  const blocks: number[][] = [];
  const alone = new Set<number>();
  for (const m of mapping.roles) {
    if (m.columns.every((c) => uses.get(c) === 1)) blocks.push([...m.columns]);
    else for (const c of m.columns) alone.add(c);
  }
  for (const c of alone) blocks.push([c]);
  return { blocks };
}
