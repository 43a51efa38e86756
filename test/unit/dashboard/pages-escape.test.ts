import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../../src/dashboard/html.js';
import { hostPage, hostsPage, runPage, runsPage, type DriftState } from '../../../src/dashboard/pages.js';
import type { HostRunRow, ModuleRunRow, RunRow } from '../../../src/dashboard/run-store.js';

const SCRIPT = '<script>window.pwned=1</script>';
const ATTRIBUTE = '"onerror=window.pwned=1 x="';
const IMG = "<img src=x onerror='window.pwned=1'>";
const drift: DriftState = { running: false, intervalSeconds: 0, lastError: SCRIPT, lastAt: '2026-01-01T00:00:00Z' };

const host: HostRunRow = {
  runId: `run-${SCRIPT}`,
  host: `web${SCRIPT}${ATTRIBUTE}`,
  mode: 'apply',
  startedAt: '2026-01-01T00:00:00Z',
  status: 'failed',
  durationMs: 10,
  error: IMG,
  os: { id: 'x', versionId: '1', codename: 'y', prettyName: IMG },
  vitals: { uptimeSeconds: 1, memoryTotalKiB: 1, memoryAvailableKiB: 1, diskTotalKiB: 1, diskUsedKiB: 1 },
};
const module: ModuleRunRow = {
  runId: host.runId,
  host: host.host,
  module: `files${ATTRIBUTE}`,
  status: 'failed',
  durationMs: 5,
  error: `step "x" failed (exit 1):\n${SCRIPT}${IMG}`,
  failedStep: 0,
  steps: [{ title: `Write ${SCRIPT}`, detail: IMG, diff: `+${SCRIPT}` }],
  health: [{ title: IMG, ok: false, hint: SCRIPT }],
  notes: [ATTRIBUTE],
};
const run: RunRow = { id: host.runId, mode: 'apply', trigger: 'cli', inventory: `/srv/${IMG}.yaml`, startedAt: host.startedAt, durationMs: 10, status: 'failed', hosts: 1, failedHosts: 1 };

/** Every page, filled with payloads in every field a user or a host controls. */
const pages = () => [
  hostsPage([{ name: host.host, reached: host, latest: { host, modules: [module] }, plan: { host: { ...host, mode: 'plan' }, modules: [{ ...module, status: 'pending' }] } }], drift, SCRIPT),
  hostPage({ name: host.host, reached: host, latest: { host, modules: [module] }, plan: { host, modules: [{ ...module, status: 'pending' }] } }, [run], drift),
  runsPage({ runs: [run], total: 1 }, { host: host.host, module: module.module, status: ATTRIBUTE }, { hosts: [host.host], modules: [module.module] }, 0, 50, drift),
  runPage({ run, hosts: [host], modules: [module] }, {}, drift),
];

describe('dashboard pages escape what they show', () => {
  it('escapes the five characters of markup, and backquotes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&\`</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
    expect(html`<p title="${'"x'}">${'<b>'}${html`<i>${'&'}</i>`}${['<', 1]}</p>`.text).toBe('<p title="&quot;x">&lt;b&gt;<i>&amp;</i>&lt;1</p>');
  });

  it('puts no payload into any page as markup: host names, settings, output, hints, diffs and filters are text', () => {
    for (const text of pages()) {
      expect(text).not.toContain('<script>window');
      expect(text).not.toContain('<img');
      expect(text).not.toMatch(/"onerror=/);
      expect(text).not.toMatch(/'window\.pwned/);
      // The payloads are there, as text.
      expect(text).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt;');
    }
  });

  it('has one script on every page, the served /app.js, and no inline style or handler', () => {
    for (const text of pages()) {
      expect(text.match(/<script/g)).toEqual(['<script']);
      expect(text).toContain('<script src="/app.js" defer></script>');
      // Inside any tag: no style or on* attribute (escaped payload text may spell them, outside tags).
      expect(text).not.toMatch(/<[a-z][^>]*\s(style|on[a-z]+)=/i);
    }
  });
});
