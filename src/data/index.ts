/** The data layer: CSV bytes to engine inputs, with errors placed in the file. No vscode import. */
export { DataError, MappingError, formatPlace } from './data-error';
export { readCsv, headRows, CsvStreamReader, type CsvColumn, type CsvReadOptions, type CsvTable } from './csv-reader';
export type { Delimiter } from './csv-header';
export type { NonNumericCell } from './csv-scanner';
export { parseCellText } from './number-parse';
export { mapColumns, parseMapArgs, listColumns, type ColumnMapping, type HeaderInfo, type RoleMapping } from './column-mapping';
export { buildDataset, buildDatasetAsync, checkDataset, placeInputError, type BuildOptions, type Dataset, type SkipReason, type SkipReport } from './load-dataset';
export { loadCsv, type LoadCsvOptions, type LoadedCsv } from './load-csv';
