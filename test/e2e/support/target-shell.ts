import { expect } from 'vitest';
import type { Target } from '../../targets/targets.js';

/** Runs a command as root on the target (not through Phanes); the test fails with its output when it fails. */
export async function shOutput(target: Target, command: string): Promise<string> {
  const result = await target.exec(command);
  expect(result.exitCode, result.output).toBe(0);
  return result.output;
}

/** The same, output trimmed. */
export async function shText(target: Target, command: string): Promise<string> {
  return (await shOutput(target, command)).trim();
}
