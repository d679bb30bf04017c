/**
 * Shape checks for reply results. `parseToWebview` validates every message's envelope, but a
 * reply's `result` is typed per request and arrives as `unknown`; these checks make sure a result
 * has the fields the views read (arrays where arrays are drawn, numbers where numbers are
 * formatted) before it reaches a chart, so a malformed or hostile reply becomes an error message
 * instead of a broken panel. They check what is read, not every field.
 */
import type { CodeResult, CurvesResult, DataResult, DatasetInfo, SweepResult } from '../src/shared/protocol';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
const isNum = (x: unknown): x is number => typeof x === 'number';
const isNumOrNull = (x: unknown): boolean => x === null || typeof x === 'number';
const numArray = (x: unknown, nullable = false): x is number[] =>
  Array.isArray(x) && x.every((v) => (nullable ? isNumOrNull(v) : isNum(v)));
const strArray = (x: unknown): x is string[] => Array.isArray(x) && x.every(isStr);

export type Guard<T> = (x: unknown) => x is T;

function histogramOk(h: unknown): boolean {
  return isObj(h) && numArray(h['edges']) && numArray(h['counts']) && h['edges'].length === h['counts'].length + 1;
}

export const isCurvesResult: Guard<CurvesResult> = (x): x is CurvesResult =>
  isObj(x) &&
  isNum(x['seq']) &&
  isStr(x['variable']) &&
  isStr(x['gradientLabel']) &&
  Array.isArray(x['series']) &&
  x['series'].every(
    (s) =>
      isObj(s) &&
      isStr(s['label']) &&
      numArray(s['x']) &&
      numArray(s['values'], true) &&
      numArray(s['grad'], true) &&
      s['values'].length === s['x'].length &&
      s['grad'].length === s['x'].length &&
      (s['pinIndex'] === null || isNum(s['pinIndex'])),
  ) &&
  Array.isArray(x['markers']) &&
  x['markers'].every((m) => isObj(m) && isNum(m['x']) && isStr(m['label'])) &&
  (x['skipped'] === undefined || Array.isArray(x['skipped']));

export const isDatasetInfo: Guard<DatasetInfo> = (x): x is DatasetInfo =>
  isObj(x) &&
  isStr(x['path']) &&
  isStr(x['fileName']) &&
  isNum(x['rows']) &&
  strArray(x['columns']) &&
  isStr(x['loss']) &&
  (x['mapping'] === null || isObj(x['mapping'])) &&
  strArray(x['mappingNotes']) &&
  (x['mappingError'] === null || isStr(x['mappingError']));

export const isDataResult: Guard<DataResult> = (x): x is DataResult =>
  isObj(x) &&
  isNum(x['seq']) &&
  isDatasetInfo(x['dataset']) &&
  isNumOrNull(x['value']) &&
  isNum(x['n']) &&
  isNum(x['count']) &&
  isObj(x['skipped']) &&
  isNum(x['skipped']['count']) &&
  Array.isArray(x['skipped']['reasons']) &&
  histogramOk(x['histogram']) &&
  (x['scatter'] === null ||
    (isObj(x['scatter']) && isStr(x['scatter']['title']) && numArray(x['scatter']['x']) && numArray(x['scatter']['y']) &&
      x['scatter']['x'].length === x['scatter']['y'].length)) &&
  (x['gradient'] === null || (isObj(x['gradient']) && histogramOk(x['gradient']['histogram']) && isStr(x['gradient']['label']) && isStr(x['gradient']['note']))) &&
  Array.isArray(x['worst']) &&
  x['worst'].every((w) => isObj(w) && isNum(w['loss']) && isObj(w['cells'])) &&
  (x['analysis'] === null || (isObj(x['analysis']) && isStr(x['analysis']['kind']))) &&
  Array.isArray(x['suggestions']) &&
  isStr(x['summary']);

export const isSweepResult: Guard<SweepResult> = (x): x is SweepResult =>
  isObj(x) && isNum(x['seq']) && isStr(x['param']) && numArray(x['x']) && numArray(x['value'], true) &&
  x['x'].length === x['value'].length;

export const isCodeResult: Guard<CodeResult> = (x): x is CodeResult =>
  isObj(x) && isStr(x['framework']) && isStr(x['language']) && isStr(x['code']);
