import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskSecretKeys, openRunLog } from '../../../src/report/run-log.js';
import { MASK, Secret } from '../../../src/shell/secret.js';

describe('the run log', () => {
  it('masks secret keys at any depth and every secret value, and keeps the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phanes-log-'));
    const log = openRunLog(dir, 'run-1', [new Secret('hunter2', 'literal')]);
    log.logger.info({ event: { host: 'web', settings: { db: { users: [{ name: 'app', password: 'p4ss' }] }, token: 't0k' } } }, 'said hunter2 aloud');
    log.close();
    const line = JSON.parse(readFileSync(log.file, 'utf8').trim()) as Record<string, unknown>;
    expect(line).toMatchObject({
      msg: `said ${MASK} aloud`,
      event: { host: 'web', settings: { db: { users: [{ name: 'app', password: MASK }] }, token: MASK } },
    });
    expect(readFileSync(log.file, 'utf8')).not.toMatch(/p4ss|t0k|hunter2/);
  });

  it('masks secret keys of errors and class instances too, and survives cycles', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phanes-log-'));
    const log = openRunLog(dir, 'run-2', []);
    class Box {
      constructor(readonly token: string) {}
    }
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    log.logger.info({ err: Object.assign(new Error('boom'), { password: 'ERRPW' }), box: new Box('BOXTOK'), cyclic }, 'objects');
    log.close();
    const text = readFileSync(log.file, 'utf8');
    expect(text).not.toMatch(/ERRPW|BOXTOK/);
    const [first] = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({ err: { type: 'Error', message: 'boom', password: MASK }, box: { token: MASK }, cyclic: { name: 'loop', self: '[Circular]' } });
    expect((first!.err as { stack: string }).stack).toMatch(/^Error: boom\n/);
  });

  it('copies nothing when there is nothing to mask', () => {
    const event = { host: 'web', modules: [{ name: 'baseline', steps: ['a'] }] };
    expect(maskSecretKeys(event)).toBe(event);
    const masked = maskSecretKeys({ keep: event, sudo_password: 'x' });
    expect(masked.keep).toBe(event);
    expect(masked.sudo_password).toBe(MASK);
  });
});
