/**
 * A config problem, `FILE:LINE: what was wrong; what to do`. `scope` says whom it stops: `config` when ssh
 * refuses the whole file (every host), `host` when only this host cannot be resolved the way ssh would.
 */
export class SshConfigError extends Error {
  override readonly name = 'SshConfigError';
  readonly file: string;
  readonly line: number;
  readonly scope: 'config' | 'host';

  constructor(file: string, line: number, message: string, scope: 'config' | 'host' = 'config') {
    super(`${file}:${line}: ${message}`);
    this.file = file;
    this.line = line;
    this.scope = scope;
  }
}
