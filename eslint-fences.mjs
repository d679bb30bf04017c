// The parts of Loss Lab and the arrows between them (README "Architecture"), checked on every
// import by resolving it to the file it names: a fence holds at any folder depth, whatever the
// relative path looks like. See test/unit/lint/fences.test.ts for a probe of each fence.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

/** What each part may import, besides itself and packages (vscode and tfjs are fenced below). */
export const ARROWS = {
  // Leaf text rules every part shares (the decimal-number grammar, short quotes of user text).
  text: [],
  engine: ['text'],
  data: ['engine', 'text'],
  codegen: ['engine', 'text'],
  // The webview reaches src/text only through shared (it imports nothing else).
  shared: ['text'],
  lab: ['engine', 'data', 'codegen', 'shared', 'text'],
  panel: ['lab', 'engine', 'data', 'codegen', 'shared', 'text', 'ids'],
  commands: ['panel', 'lab', 'engine', 'data', 'codegen', 'shared', 'text', 'ids'],
  cli: ['engine', 'data', 'codegen', 'lab', 'text'],
  ids: [],
  host: ['commands', 'panel', 'lab', 'ids'],
  // The activation entry: it requires dist/host.js lazily (a path esbuild does not follow) and types it.
  extension: ['ids', 'commands', 'host'],
  webview: ['shared'],
};
/** Parts that may import `vscode`. */
export const VSCODE_PARTS = ['panel', 'commands', 'host', 'extension'];
/** Parts that may import TensorFlow.js. */
export const TFJS_PARTS = ['engine', 'data', 'lab', 'cli', 'codegen'];

/** The part a file belongs to: src/<part>/..., src/<part>.ts, webview/...; null outside them. */
export function partOf(file) {
  const seg = relative(root, file).split(sep);
  if (seg[0] === 'webview') return 'webview';
  if (seg[0] !== 'src' || seg.length < 2) return null;
  return seg.length === 2 ? seg[1].replace(/\.ts$/, '') : seg[1];
}

const allowedFor = (from) => [from, ...ARROWS[from]];

function describeAllowed(from) {
  const parts = ARROWS[from];
  return parts.length ? parts.join(', ') : 'nothing outside itself';
}

/** ESLint rule `fences/arrows`: every import, export-from, dynamic import and require is checked. */
const arrows = {
  meta: {
    type: 'problem',
    docs: { description: 'Loss Lab parts import only along their arrows (README "Architecture")' },
    schema: [],
    messages: {
      part: '{{from}} must not import {{to}} ("{{spec}}"): {{from}} may import {{allowed}}.',
      vscode: '{{from}} must not import vscode: only {{parts}} talk to VS Code.',
      tfjs: '{{from}} must not import TensorFlow.js ("{{spec}}"): it runs where {{parts}} do not.',
    },
  },
  create(context) {
    const file = context.filename;
    const from = partOf(file);
    if (!from || !(from in ARROWS)) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.')) {
        const to = partOf(resolve(dirname(file), spec));
        if (to && !allowedFor(from).includes(to)) {
          context.report({ node, messageId: 'part', data: { from, to, spec, allowed: describeAllowed(from) } });
        }
      } else if (spec === 'vscode' && !VSCODE_PARTS.includes(from)) {
        context.report({ node, messageId: 'vscode', data: { from, parts: VSCODE_PARTS.join(', ') } });
      } else if (spec.startsWith('@tensorflow/') && !TFJS_PARTS.includes(from)) {
        context.report({ node, messageId: 'tfjs', data: { from, spec, parts: TFJS_PARTS.join(', ') } });
      }
    };
    const fromSource = (node) => node.source && check(node, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      TSImportType: (node) => {
        const arg = node.argument?.literal ?? node.argument;
        if (arg && arg.type === 'Literal') check(node, arg.value);
      },
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node, node.arguments[0].value);
      },
    };
  },
};

export const fencesPlugin = { rules: { arrows } };
