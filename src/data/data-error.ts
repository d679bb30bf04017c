/**
 * Errors about input data, placed in the file. Every message says what is wrong and what was
 * expected; the place is `file:line:column`, 1-based, where the column is the CSV field number
 * (so an editor or a human can jump to the cell).
 */
export class DataError extends Error {
  constructor(
    /** What is wrong and what was expected, without the place. */
    readonly detail: string,
    readonly file: string,
    /** 1-based file line (of the cell, or of the row's first line). */
    readonly line?: number,
    /** 1-based field number in the CSV row. */
    readonly column?: number,
  ) {
    super(formatPlace(detail, file, line, column));
    this.name = 'DataError';
  }

  /** `file:line:column` (or `file:line`, or `file`), the place part of the message. */
  get place(): string {
    return placeOf(this.file, this.line, this.column);
  }
}

function placeOf(file: string, line?: number, column?: number): string {
  if (line === undefined) return file;
  if (column === undefined) return `${file}:${line}`;
  return `${file}:${line}:${column}`;
}

/** `<detail> (<file>:<line>:<column>)`, the one format every data error is shown in. */
export function formatPlace(detail: string, file: string, line?: number, column?: number): string {
  return `${detail} (${placeOf(file, line, column)})`;
}

/**
 * A column mapping that cannot apply to the loss at all (unknown role, malformed `ROLE=COLUMNS`),
 * independent of any place in the file.
 */
export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}
