import { afterEach, expect, it } from 'vitest';
import { raw } from '../../../src/shell/command.js';
import { connectLocal } from '../../../src/ssh/local-connection.js';

const saved = process.env.SSH_CONNECTION;
afterEach(() => {
  if (saved === undefined) delete process.env.SSH_CONNECTION;
  else process.env.SSH_CONNECTION = saved;
});

it("does not hand the operator's SSH_CONNECTION to local scripts (they are not an SSH session)", async () => {
  process.env.SSH_CONNECTION = '198.51.100.7 50022 10.0.0.2 22';
  const result = await connectLocal('local').run(raw('echo "${SSH_CONNECTION-unset}"'), { timeoutMs: 10_000 });
  expect(result).toMatchObject({ exitCode: 0, stdout: 'unset\n' });
});
