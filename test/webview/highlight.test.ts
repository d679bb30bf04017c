/**
 * The snippet highlighter's tokenizer (pure, no DOM): what it marks in Python and TypeScript, and
 * that tokens always reassemble to the exact source (nothing dropped, nothing invented).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenize, type Token } from '../../webview/highlight';

const kinds = (ts: Token[], kind: Token['kind']): string[] => ts.filter((t) => t.kind === kind).map((t) => t.text);

test('python: keywords, constants, calls, numbers, strings, comments and decorators', () => {
  const src = [
    '# focal loss, PyTorch convention',
    'import torch',
    '@torch.no_grad()',
    'def f(x, gamma=2.0, eps=1e-6):',
    '    s = f"γ={gamma}" + \'it\\\'s\'',
    '    return torch.exp(-x) ** gamma if x is not None else 0x1F  # tail',
  ].join('\n');
  const ts = tokenize(src, 'python');
  assert.equal(ts.map((t) => t.text).join(''), src);
  assert.deepEqual(kinds(ts, 'comment'), ['# focal loss, PyTorch convention', '# tail']);
  assert.deepEqual(kinds(ts, 'keyword'), ['import', 'def', 'return', 'if', 'is', 'not', 'else']);
  assert.deepEqual(kinds(ts, 'constant'), ['None']);
  assert.deepEqual(kinds(ts, 'call'), ['no_grad', 'f', 'exp']);
  assert.deepEqual(kinds(ts, 'number'), ['2.0', '1e-6', '0x1F']);
  assert.deepEqual(kinds(ts, 'string'), ['f"γ={gamma}"', "'it\\'s'"]);
  assert.deepEqual(kinds(ts, 'decorator'), ['@torch']);
});

test('python: a triple-quoted docstring is one string, even with quotes and # inside', () => {
  const src = 'def g():\n    """Say "hi" # not a comment\n    twice."""\n    return 1\n';
  const ts = tokenize(src, 'python');
  assert.deepEqual(kinds(ts, 'string'), ['"""Say "hi" # not a comment\n    twice."""']);
  assert.deepEqual(kinds(ts, 'comment'), []);
  assert.equal(ts.map((t) => t.text).join(''), src);
});

test('typescript: line and block comments, template strings, keywords', () => {
  const src = "/* tfjs */\nimport * as tf from '@tensorflow/tfjs';\nconst k = `a ${1}`; // end\nexport function criterion(p: tf.Tensor) { return tf.mean(p); }\n";
  const ts = tokenize(src, 'typescript');
  assert.equal(ts.map((t) => t.text).join(''), src);
  assert.deepEqual(kinds(ts, 'comment'), ['/* tfjs */', '// end']);
  assert.deepEqual(kinds(ts, 'string'), ["'@tensorflow/tfjs'", '`a ${1}`']);
  assert.deepEqual(kinds(ts, 'keyword'), ['import', 'as', 'from', 'const', 'export', 'function', 'return']);
  assert.deepEqual(kinds(ts, 'call'), ['criterion', 'mean']);
});

test('an unterminated string stops at the line end, so later lines still highlight', () => {
  const src = "x = 'oops\nimport torch\n";
  const ts = tokenize(src, 'python');
  assert.deepEqual(kinds(ts, 'string'), ["'oops"]);
  assert.deepEqual(kinds(ts, 'keyword'), ['import']);
  assert.equal(ts.map((t) => t.text).join(''), src);
});

test('markup in code stays text: tokens carry it verbatim', () => {
  const src = '# <img src=x onerror=alert(1)>\ns = "<script>"\n';
  const ts = tokenize(src, 'python');
  assert.equal(ts.map((t) => t.text).join(''), src);
  assert.deepEqual(kinds(ts, 'string'), ['"<script>"']);
});
