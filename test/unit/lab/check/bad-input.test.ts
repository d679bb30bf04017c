/**
 * Code that cannot be checked gets one clear message and nothing else (issue #11): a syntax error
 * with file:line, a symbol not found with the candidates, a module that does not import (which
 * interpreter, which module, the install command), the code raising (its last line in the user's
 * file), a wrong return type, a timeout, a cancellation (the process is killed), a missing
 * interpreter, an unsupported file. And what must NOT run of the user's file does not run.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getLoss } from '../../../../src/engine/registry';
import { CheckRunError } from '../../../../src/lab/check/check-error';
import { checkFile, type CheckFileOptions } from '../../../../src/lab/check/check-file';
import { GALLERY, PYTHON } from './gallery-paths';

const BAD = join(GALLERY, 'bad');

async function failure(opts: Partial<CheckFileOptions> & { file: string; symbol: string }): Promise<CheckRunError> {
  try {
    await checkFile({ spec: getLoss('mse')!, params: {}, python: PYTHON, ...opts });
  } catch (e) {
    assert.ok(e instanceof CheckRunError, `a CheckRunError, got ${String(e)}`);
    assert.ok(!e.message.includes('Traceback') && !e.message.includes('\n'), `one line, no traceback: ${e.message}`);
    return e;
  }
  assert.fail('expected the check to fail');
}

describe('check: bad input messages', () => {
  it('a Python syntax error names file:line and the message', async () => {
    const e = await failure({ file: join(BAD, 'syntax_error.py'), symbol: 'broken_loss' });
    assert.equal(e.kind, 'syntax');
    assert.match(e.message, /syntax_error\.py:5(:\d+)?: SyntaxError: '\(' was never closed/);
    assert.equal(e.details.line, 5);
  });

  it('a symbol not found lists the loss-like candidates', async () => {
    const e = await failure({ file: join(BAD, 'cases.py'), symbol: 'mse_loss' });
    assert.equal(e.kind, 'symbol');
    assert.equal(e.message, 'no function or class named mse_loss at the top level of cases.py (candidates: raising_loss, float_loss, dict_loss, slow_loss, chatty_loss)');
  });

  it('a module that does not import names the interpreter, the module and the install command', async () => {
    const e = await failure({ file: join(BAD, 'missing_module.py'), symbol: 'needs_helper_loss' });
    assert.equal(e.kind, 'import');
    assert.match(e.message, /^module loss_lab_no_such_module does not import in \/usr\/bin\/python3 \(.*missing_module\.py:2\); install it with: \/usr\/bin\/python3 -m pip install loss_lab_no_such_module$/);
  });

  it('code that raises gives the exception and its line in the user file', async () => {
    const e = await failure({ file: join(BAD, 'cases.py'), symbol: 'raising_loss' });
    assert.equal(e.kind, 'raised');
    assert.match(e.message, /^raising_loss raised RuntimeError: The size of tensor a \(3\) must match the size of tensor b \(8\).*\(.*cases\.py:7\)$/);
    assert.equal(e.details.line, 7);
  });

  it('a class body that raises while the file is defined is reported at its line', async () => {
    const e = await failure({ file: join(BAD, 'top_level_crash.py'), symbol: 'fine_loss' });
    assert.equal(e.kind, 'raised');
    assert.match(e.message, /^the code raised ZeroDivisionError: division by zero while defining the file's functions and classes \(.*top_level_crash\.py:7\)$/);
  });

  it('a Python float (.item(), float()) is compared by value and diagnosed no_gradient', async () => {
    const r = await checkFile({ spec: getLoss('mse')!, file: join(BAD, 'cases.py'), symbol: 'float_loss', params: {}, python: PYTHON });
    assert.equal(r.verdict, 'mismatch');
    assert.equal(r.diagnoses[0].id, 'no_gradient');
    assert.match(r.diagnoses[0].message, /^prediction gets no gradient/);
    assert.ok(r.comparisons.every((c) => c.valueRelErr < 1e-6), 'the value itself is right');
  });

  it('a dict is a wrong return type', async () => {
    const e = await failure({ file: join(BAD, 'cases.py'), symbol: 'dict_loss' });
    assert.equal(e.kind, 'type');
    assert.equal(e.message, 'dict_loss returned dict, expected a torch.Tensor');
  });

  it('a timeout stops the process with the setting named', async () => {
    const t0 = Date.now();
    const e = await failure({ file: join(BAD, 'cases.py'), symbol: 'slow_loss', timeoutMs: 4000 });
    assert.equal(e.kind, 'timeout');
    assert.equal(e.message, `${PYTHON} running slow_loss took longer than 4 s and was stopped (setting lossLab.check.timeoutSeconds)`);
    assert.ok(Date.now() - t0 < 25_000, 'killed, not waited for');
  });

  it('cancelling kills the process', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const e = await failure({ file: join(BAD, 'cases.py'), symbol: 'slow_loss', signal: ac.signal });
    assert.equal(e.kind, 'cancelled');
  });

  it('a missing interpreter says which and how to set another', async () => {
    const e = await failure({ file: join(BAD, 'cases.py'), symbol: 'raising_loss', python: '/nonexistent/python3' });
    assert.equal(e.kind, 'interpreter');
    assert.equal(e.message, 'cannot start /nonexistent/python3: not found (set lossLab.pythonPath or pass --python PATH)');
  });

  it('an unsupported file type is refused before anything runs', async () => {
    const e = await failure({ file: join(GALLERY, 'gallery.json'), symbol: 'x' });
    assert.equal(e.kind, 'language');
  });

  it('a TypeScript syntax error names file:line', async () => {
    const e = await failure({ file: join(BAD, 'syntax_error.ts'), symbol: 'brokenLoss' });
    assert.equal(e.kind, 'syntax');
    // the stray `;` of `tf.mean(tf.square(...)) ;` at column 51, as sucrase reports it
    assert.match(e.message, /syntax_error\.ts:3:51: Unexpected token, expected ","$/);
  });

  it('prints in the code (10 MB of them) go to stderr, capped, and do not break the answer', async () => {
    const r = await checkFile({ spec: getLoss('mse')!, file: join(BAD, 'cases.py'), symbol: 'chatty_loss', params: {}, python: PYTHON });
    assert.equal(r.verdict, 'match');
  });

  it('only imports, literal constants and definitions run: no top-level call, loop, try, computed assignment or main block', async () => {
    const r = await checkFile({ spec: getLoss('mse')!, file: join(BAD, 'side_effects.py'), symbol: 'mse_loss', params: {}, python: PYTHON });
    assert.equal(r.verdict, 'match');
    assert.equal(existsSync(join(BAD, 'side_effect_marker.txt')), false, 'no statement that writes the marker ran');
  });
});
