/**
 * The architecture's fences (eslint-fences.mjs) fire: a probe file at a nested path of each part
 * imports what its part must not, and `npm run lint`'s own configuration reports it; the same probe
 * importing along an allowed arrow is clean. Lints text only: no probe file is written.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: ROOT });

/** The fence messages ESLint gives `code` as the file `file` (relative to the repo). */
async function fenceErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === 'fences/arrows').map((m) => m.message);
}

interface Probe {
  /** A file at a nested path of the part (none of these folders need exist). */
  file: string;
  /** Imports the part must not make. */
  refused: string[];
  /** Imports along its arrows. */
  allowed: string[];
}

const PROBES: Record<string, Probe> = {
  text: {
    file: 'src/text/deep/probe.ts',
    refused: ['../../engine/spec', '../../shared/protocol', '../../data/load-csv', '@tensorflow/tfjs-core', 'vscode'],
    allowed: ['../decimal-text'],
  },
  engine: {
    file: 'src/engine/losses/ranking/deep/probe.ts',
    refused: ['../../../../codegen/generate', '../../../../shared/protocol', '../../../../data/load-csv', '../../../../lab/router', '../../../../panel/lab-panel', '../../../../commands/open-lab', '../../../../cli/eval', '../../../../ids', 'vscode'],
    allowed: ['../../../spec', '../../../registry', '../../../../text/decimal-text', '@tensorflow/tfjs-core'],
  },
  data: {
    file: 'src/data/deep/er/probe.ts',
    refused: ['../../../lab/data-session', '../../../shared/protocol', '../../../codegen/generate', '../../../panel/html', 'vscode'],
    allowed: ['../../../engine/spec', '../../load-csv'],
  },
  codegen: {
    file: 'src/codegen/deep/probe.ts',
    refused: ['../../data/load-csv', '../../lab/router', '../../shared/protocol', '../../panel/html', 'vscode'],
    allowed: ['../../engine/registry', '../generate'],
  },
  shared: {
    file: 'src/shared/deep/probe.ts',
    refused: ['../../engine/spec', '../../data/load-csv', '../../lab/router', '../../panel/html', '@tensorflow/tfjs-core', 'vscode'],
    allowed: ['../protocol'],
  },
  lab: {
    file: 'src/lab/analysis/deep/probe.ts',
    refused: ['../../../panel/lab-panel', '../../../commands/open-lab', '../../../cli/eval', '../../../host', 'vscode'],
    allowed: ['../../../engine/evaluate', '../../../data/load-csv', '../../../shared/results', '../../../codegen/generate', '../../router'],
  },
  panel: {
    file: 'src/panel/deep/probe.ts',
    refused: ['../../commands/open-lab', '../../cli/eval', '../../host'],
    allowed: ['../../lab/router', '../../shared/protocol', '../../ids', 'vscode'],
  },
  cli: {
    file: 'src/cli/deep/probe.ts',
    refused: ['../../panel/lab-panel', '../../commands/open-lab', '../../shared/protocol', 'vscode'],
    allowed: ['../../engine/registry', '../../data/load-csv', '../../codegen/generate', '../../lab/summary'],
  },
  webview: {
    file: 'webview/views/deep/er/probe.ts',
    refused: ['../../../../src/engine/registry', '../../../../src/data/load-csv', '../../../../src/lab/router', '../../../../src/panel/html', '../../../../src/codegen/generate', '../../../../src/ids', '../../../../src/text/decimal-text', '@tensorflow/tfjs-core', 'vscode'],
    allowed: ['../../../../src/shared/protocol', '../../../../src/shared/decimal-text', '../../../dom'],
  },
};

describe('lint fences hold at any folder depth (a probe per part)', () => {
  for (const [part, probe] of Object.entries(PROBES)) {
    it(`${part}: a file at ${probe.file} importing ${probe.refused.length} forbidden modules gets one fence error each`, async () => {
      for (const spec of probe.refused) {
        for (const code of [`import { x } from '${spec}';\nexport const y = x;\n`, `export * from '${spec}';\n`, `export type T = import('${spec}').X;\n`]) {
          const errors = await fenceErrors(probe.file, code);
          assert.equal(errors.length, 1, `${probe.file}: ${code.trim()} -> ${JSON.stringify(errors)}`);
        }
      }
    });
    it(`${part}: the same file importing along its arrows is clean`, async () => {
      for (const spec of probe.allowed) {
        assert.deepEqual(await fenceErrors(probe.file, `import { x } from '${spec}';\nexport const y = x;\n`), [], `${probe.file} importing ${spec}`);
      }
    });
  }

  it('the message names the part, the import and what the part may import', async () => {
    const [message] = await fenceErrors('src/engine/a/b/probe.ts', "import { x } from '../../../codegen/generate';\nexport const y = x;\n");
    assert.equal(message, 'engine must not import codegen ("../../../codegen/generate"): engine may import text.');
  });
});
