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

  it('copies nothing when there is nothing to mask', () => {
    const event = { host: 'web', modules: [{ name: 'baseline', steps: ['a'] }] };
    expect(maskSecretKeys(event)).toBe(event);
    const masked = maskSecretKeys({ keep: event, sudo_password: 'x' });
    expect(masked.keep).toBe(event);
    expect(masked.sudo_password).toBe(MASK);
  });
});
