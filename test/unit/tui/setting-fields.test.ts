import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../../modules/catalog.js';
import { nextChoice, readInput, settingFields, showValue } from '../../../src/tui/setting-fields.js';

const redis = settingFields(builtInCatalog.modules.get('redis')!.schema);
const field = (key: string) => redis.find((f) => f.key === key)!;

describe('settings fields from a module schema', () => {
  it('has every setting with its kind, default and description', () => {
    expect(redis.map((f) => [f.key, f.kind])).toEqual([
      ['password', 'secret'],
      ['bind', 'list'],
      ['port', 'number'],
      ['maxmemory', 'string'],
      ['maxmemory_policy', 'enum'],
    ]);
    expect(field('port').default).toBe(6379);
    expect(field('password').required).toBe(true);
    expect(field('maxmemory').description).toMatch(/memory limit/);
  });

  it('reads typed input per kind', () => {
    expect(readInput(field('port'), '6380')).toEqual({ value: 6380 });
    expect(readInput(field('port'), 'x')).toHaveProperty('error');
    expect(readInput(field('bind'), '127.0.0.1, ::1')).toEqual({ value: ['127.0.0.1', '::1'] });
    expect(readInput(field('maxmemory_policy'), 'allkeys-lru')).toEqual({ value: 'allkeys-lru' });
    expect(readInput(field('maxmemory_policy'), 'lru')).toHaveProperty('error');
    expect(readInput(field('maxmemory'), '  ')).toEqual({ remove: true });
  });

  it('takes secrets only as references and never shows a value', () => {
    expect(readInput(field('password'), '${env:REDIS_PASSWORD}')).toEqual({ value: '${env:REDIS_PASSWORD}' });
    expect(readInput(field('password'), 'hunter2')).toHaveProperty('error');
    expect(showValue(field('password'), 'hunter2')).not.toContain('hunter2');
    expect(showValue(field('password'), '${file:redis.pw}')).toBe('${file:redis.pw}');
  });

  it('cycles choices', () => {
    expect(nextChoice(field('maxmemory_policy'), undefined)).toBe('allkeys-lru');
    expect(nextChoice(field('maxmemory_policy'), 'volatile-ttl')).toBe('noeviction');
  });
});
