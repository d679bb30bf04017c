/**
 * Thrown errors → the protocol's error data. Bad data says file, line and column (as `location`,
 * and in the message, "file:line:column"); nothing reaches the webview as a stack trace.
 */
import { DataError, MappingError } from '../data';
import { InputError } from '../engine/inputs';
import { ParamError } from '../engine/params';
import type { ErrorData } from '../shared/protocol';
import { shortMessage } from '../text/short-text';
import { PanelError } from './panel-error';

/** The error as data; its message at most about 4000 characters (it may quote a huge column name or cell). */
export function errorData(e: unknown): ErrorData {
  const d = describe(e);
  return d.message.length > 4000 ? { ...d, message: shortMessage(d.message) } : d;
}

function describe(e: unknown): ErrorData {
  if (e instanceof PanelError) return { code: e.code, message: e.message, ...(e.location ? { location: e.location } : {}) };
  if (e instanceof DataError) {
    return {
      code: 'data_error',
      message: e.message,
      location: { file: e.file, ...(e.line !== undefined ? { line: e.line } : {}), ...(e.column !== undefined ? { column: e.column } : {}) },
    };
  }
  if (e instanceof MappingError) return { code: 'mapping_error', message: e.message };
  if (e instanceof ParamError) return { code: 'param_error', message: e.message, ...(e.param ? { param: e.param } : {}) };
  if (e instanceof InputError) return { code: 'input_error', message: e.message, ...(e.param ? { param: e.param } : {}) };
  if (e instanceof Error) {
    if (e.name === 'CancelledError' || e.name === 'AbortError') return { code: 'cancelled', message: 'cancelled' };
    if (e.name === 'CodegenError') return { code: /no code templates/.test(e.message) ? 'unavailable' : 'bad_request', message: e.message };
    return { code: 'internal', message: e.message };
  }
  return { code: 'internal', message: String(e) };
}
