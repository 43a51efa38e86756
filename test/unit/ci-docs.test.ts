import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXIT } from '../../src/cli/exit-codes.js';

/** docs/ci.md, and its GitHub Actions workflow (the first yaml block after its heading), parsed. */
const PAGE = readFileSync(new URL('../../docs/ci.md', import.meta.url), 'utf8');
const SECTION = PAGE.slice(PAGE.indexOf('## GitHub Actions'));
const WORKFLOW_TEXT = /```yaml\n([\s\S]*?)\n```/.exec(SECTION)![1]!;
/** The options main.ts declares, per the option names it registers. */
const CLI_OPTIONS = new Set([...readFileSync(new URL('../../src/cli/main.ts', import.meta.url), 'utf8').matchAll(/\.option\('([a-z-]+)'/g)].map((m) => m[1]!));

/**
 * The actions the page may use, with the inputs it may give them: each declared in the action's action.yml
 * (node-version since setup-node v1, name and path since upload-artifact v1; checkout needs none here).
 */
const ACTIONS: Record<string, readonly string[]> = {
  'actions/checkout@v4': [],
  'actions/setup-node@v4': ['node-version'],
  'actions/upload-artifact@v4': ['name', 'path'],
};

interface Step {
  name?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  if?: string;
  env?: Record<string, string>;
}
interface Job {
  if: string;
  steps: Step[];
  concurrency?: string;
  permissions?: Record<string, string>;
}
interface Workflow {
  on: { pull_request: unknown; push: { branches: string[] }; schedule: { cron: string }[] };
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

describe('docs/ci.md: the GitHub Actions workflow', () => {
  const workflow = parse(WORKFLOW_TEXT, { uniqueKeys: true, strict: true }) as Workflow;
  const job = (name: string) => workflow.jobs[name]!;
  /** The Phanes command lines of a job, with $TARGETS spelled out. */
  const phanesLines = (name: string) =>
    job(name)
      .steps.flatMap((s) => (s.run ?? '').split('\n'))
      .filter((line) => line.includes('$PHANES '))
      .map((line) => line.replace('$TARGETS', workflow.env.TARGETS!).replace(/\s+#.*$/, ''));

  it('is valid YAML with the three jobs, each on its own event: plan on pull requests, apply on main, drift on a schedule', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push', 'schedule']);
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.on.schedule[0]!.cron.split(' ')).toHaveLength(5);
    expect(Object.keys(workflow.jobs)).toEqual(['plan', 'apply', 'drift']);
    expect(job('plan').if).toBe("github.event_name == 'pull_request'");
    expect(job('apply').if).toBe("github.event_name == 'push'");
    expect(job('drift').if).toBe("github.event_name == 'schedule'");
  });

  it('runs plan --format markdown and comments with it, apply --yes, and the drift check with --detailed-exitcode', () => {
    expect(phanesLines('plan')).toEqual([expect.stringMatching(/^\s*\$PHANES plan .* --format markdown > plan\.md$/)]);
    expect(job('plan').steps.some((s) => /gh pr comment "\$PR" --body-file comment\.md --edit-last --create-if-none/.test(s.run ?? ''))).toBe(true);
    expect(job('plan').permissions).toMatchObject({ 'pull-requests': 'write' });
    expect(phanesLines('apply')).toEqual([expect.stringMatching(/^\$PHANES apply .* --yes --json > apply\.json$/)]);
    expect(phanesLines('drift')).toEqual([expect.stringMatching(/^\$PHANES plan .* --detailed-exitcode$/)]);
    // A drift check queued in the apply's group would cancel an apply waiting there.
    expect(job('apply').concurrency).toBe('servers');
    expect(job('drift').concurrency).not.toBe(job('apply').concurrency);
  });

  it("uses only Phanes' own options, and actions with inputs they have", () => {
    for (const name of Object.keys(workflow.jobs)) {
      for (const line of phanesLines(name)) {
        for (const option of line.matchAll(/\s--([a-z-]+)/g)) expect(CLI_OPTIONS, `${name}: --${option[1]}`).toContain(option[1]);
      }
      for (const step of job(name).steps.filter((s) => s.uses)) {
        expect(Object.keys(ACTIONS), step.uses).toContain(step.uses);
        for (const input of Object.keys(step.with ?? {})) expect(ACTIONS[step.uses!], `${step.uses} with ${input}`).toContain(input);
      }
    }
  });

  it("explains every exit code Phanes has, and only those, in the jobs' table", () => {
    const table = PAGE.slice(PAGE.indexOf('| code | plan on a pull request'));
    const codes = [...table.split('\n\n')[0]!.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(codes).toEqual(Object.values(EXIT).sort((a, b) => a - b));
  });
});
