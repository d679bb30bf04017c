import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { formatSeconds, runStep } from '../../../scripts/run-step.mjs';

describe('a long set-up step of npm start / npm test', () => {
  const dir = mkdtempSync(join(tmpdir(), 'run-step-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('says what it does and how long it usually takes, says it is alive while it runs, and keeps the output in its log', async () => {
    const lines: string[] = [];
    const log = join(dir, 'ok.log');
    await runStep({ name: 'probe', what: 'sleeping', usual: 'about 1 s', cmd: 'sh', args: ['-c', 'echo hello; sleep 0.5'], log, retry: 'npm start', heartbeatMs: 100, say: (l) => lines.push(l) });
    assert.match(lines[0], /^probe: sleeping \(usually about 1 s; output in .*ok\.log\)$/);
    const beats = lines.filter((l) => /^probe: still running \(\d+ s; usually about 1 s\)$/.test(l));
    assert.ok(beats.length >= 2, lines.join('\n'));
    assert.match(lines.at(-1)!, /^probe: done in \d+ s$/);
    assert.equal(readFileSync(log, 'utf8'), 'hello\n');
  });

  it('a failed step names itself, its exit, its log with the last lines, and the command to retry', async () => {
    const log = join(dir, 'bad.log');
    await assert.rejects(
      runStep({ name: 'probe [2/2]', what: 'failing', usual: 'a moment', cmd: 'sh', args: ['-c', 'echo first; echo the reason >&2; exit 3'], log, retry: 'node scripts/x.mjs', say: () => {} }),
      (e: Error) => {
        assert.match(e.message, /^probe \[2\/2\] failed \(exit 3\) after \d+ s\./);
        assert.ok(e.message.includes(`Log: ${log}`), e.message);
        assert.ok(e.message.includes('first\nthe reason'), e.message);
        assert.ok(e.message.endsWith('Retry with: node scripts/x.mjs'), e.message);
        return true;
      },
    );
  });

  it('a command that does not exist is a failed step, not a crash', async () => {
    await assert.rejects(
      runStep({ name: 'probe', what: 'x', usual: 'x', cmd: '/nonexistent/cmd', args: [], log: join(dir, 'none.log'), retry: 'r', say: () => {} }),
      /probe failed \(could not run `\/nonexistent\/cmd`: .*ENOENT.*Retry with: r/s,
    );
  });

  it('prints durations as seconds, then minutes', () => {
    assert.equal(formatSeconds(4.4), '4 s');
    assert.equal(formatSeconds(60), '1 min');
    assert.equal(formatSeconds(245), '4 min 5 s');
  });
});
