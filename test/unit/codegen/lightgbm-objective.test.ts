/**
 * The LightGBM custom objective generated for lambdamart (`loss-lab snippet --loss lambdamart
 * --framework lightgbm`), executed with Debian's python3 + numpy on every lambdamart golden case
 * (the case's params; rows ordered by query for LightGBM's contiguous groups), gives the engine's
 * gradients and hessians. LightGBM itself is not needed: `train_data` is a stand-in with the three
 * Dataset methods the objective calls.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { generateObjective } from '../../../src/codegen';
import { initBackend } from '../../../src/engine/backend';
import { evaluate } from '../../../src/engine/evaluate';
import { getLoss } from '../../../src/engine/registry';
import { assertClose } from '../../helpers/close';
import { loadGolden, toInputs } from '../../helpers/golden';

const PYTHON = '/usr/bin/python3';

const RUNNER = `
import json, sys
import numpy as np
req = json.load(open(sys.argv[1]))
ns = {}
exec(compile(req["code"], "objective.py", "exec"), ns)
class TrainData:
    def __init__(self, label, group, weight):
        self.label, self.group, self.weight = label, group, weight
    def get_label(self): return self.label
    def get_group(self): return self.group
    def get_weight(self): return self.weight
w = None if req["weight"] is None else np.array(req["weight"], dtype=np.float32)
td = TrainData(np.array(req["label"], dtype=np.float32), np.array(req["group"]), w)
g, h = ns["objective"](np.array(req["preds"], dtype=np.float64), td)
json.dump({"grad": [float(x) for x in g], "hess": [float(x) for x in h]}, sys.stdout)
`;

describe('the generated LightGBM objective for lambdamart', () => {
  before(async () => {
    await initBackend({ backend: 'cpu' });
  });
  const spec = getLoss('lambdamart')!;
  for (const c of loadGolden('lambdamart')) {
    it(`reproduces the engine's gradients and hessians: ${c.name}`, async () => {
      const r = await evaluate(spec, toInputs(c), c.params, { grad: true });
      const q = c.inputs.query.data;
      // LightGBM wants each query's rows together: query id ascending, rows in file order.
      const order = q.map((_, i) => i).sort((a, b) => q[a] - q[b] || a - b);
      const group: number[] = [];
      order.forEach((i, t) => (t > 0 && q[i] === q[order[t - 1]] ? group[group.length - 1]++ : group.push(1)));
      const dir = mkdtempSync(join(tmpdir(), 'loss-lab-lgb-'));
      try {
        const req = join(dir, 'req.json');
        writeFileSync(
          req,
          JSON.stringify({
            code: generateObjective(spec, c.params, 'lightgbm'),
            preds: order.map((i) => c.inputs.score.data[i]),
            label: order.map((i) => c.inputs.relevance.data[i]),
            weight: c.inputs.weight ? order.map((i) => c.inputs.weight.data[i]) : null,
            group,
          }),
        );
        writeFileSync(join(dir, 'run.py'), RUNNER);
        const p = spawnSync(PYTHON, [join(dir, 'run.py'), req], { encoding: 'utf8', timeout: 120_000 });
        assert.equal(p.status, 0, `python failed: ${p.stderr}`);
        const out = JSON.parse(p.stdout) as { grad: number[]; hess: number[] };
        const grad = new Array<number>(order.length);
        const hess = new Array<number>(order.length);
        order.forEach((i, t) => {
          grad[i] = out.grad[t];
          hess[i] = out.hess[t];
        });
        // float64 pair sums in the snippet against LightGBM's float32 sums in the engine
        assertClose(grad, r.grad!.score!.data, 'grad', { rtol: 1e-5, atol: 1e-6 });
        assertClose(hess, r.hess!.score!.data, 'hess', { rtol: 1e-5, atol: 1e-6 });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
