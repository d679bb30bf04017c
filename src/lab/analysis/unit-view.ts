/**
 * How one per-sample value (a unit: row, pair, query, triplet) relates to the CSV: its explanatory
 * variable for the scatter, the input row it points at (for the CSV line), and an optional group.
 * Lazy (by unit indices) because pair units can outnumber rows quadratically.
 */
export interface UnitView {
  /** x-axis label of the variable. */
  readonly label: string;
  /** The variable named in words, for the chart's title ("the probability of the true class p"). */
  readonly about: string;
  /** The variable of the given units (NaN where undefined). */
  variableOf(units: readonly number[]): number[];
  /** Input row of each given unit (the first row of a query, the more relevant row of a pair), -1 for none. */
  rowOf(units: readonly number[]): number[];
  readonly groups?: { readonly names: readonly string[]; of(units: readonly number[]): number[] };
  /** Name of one unit for tables ("row", "query 17", "pair"). */
  describe(unit: number): string;
}

/**
 * A view where unit i is input row i. `variable` may be a function of the row, computed only for
 * the rows asked for (the scatter's sample, the worst rows): a per-row array of it over 1e6 rows
 * cost more than the rest of the analysis (issue #10 §6).
 */
export function rowUnits(
  label: string,
  about: string,
  variable: ArrayLike<number> | ((row: number) => number),
  groups?: { names: readonly string[]; group: ArrayLike<number> },
): UnitView {
  const at = typeof variable === 'function' ? variable : (i: number) => variable[i];
  return {
    label,
    about,
    variableOf: (u) => u.map(at),
    rowOf: (u) => [...u],
    ...(groups ? { groups: { names: groups.names, of: (u: readonly number[]) => u.map((i) => groups.group[i]) } } : {}),
    describe: () => 'row',
  };
}
