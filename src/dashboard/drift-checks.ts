import { formatTime } from './format.js';
import type { DriftState } from './pages.js';

/** The header's line about drift checks. */
export function driftText(s: DriftState): string {
  return s.running ? 'drift check running' : s.lastAt ? `last drift check ${formatTime(s.lastAt)}${s.lastError ? ` (failed: ${s.lastError})` : ''}` : 'no drift check yet';
}

/**
 * The dashboard's drift check: a read-only plan of every host (the engine's, run by `check`), on demand
 * and every `intervalSeconds` (0: on demand only). One at a time: asking while one runs does nothing.
 */
export class DriftChecks {
  private running = false;
  private lastAt: string | undefined;
  private lastError: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly check: () => Promise<void>,
    private readonly intervalSeconds: number,
    private readonly onChange: (state: DriftState & { text: string }) => void,
  ) {}

  /** Starts the interval (when set) with a first check now. */
  start(): void {
    if (this.intervalSeconds <= 0) return;
    this.trigger();
    this.timer = setInterval(() => this.trigger(), this.intervalSeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  get state(): DriftState {
    return { running: this.running, intervalSeconds: this.intervalSeconds, ...(this.lastAt && { lastAt: this.lastAt }), ...(this.lastError && { lastError: this.lastError }) };
  }

  /** Starts a check unless one runs; false when one was already running. */
  trigger(): boolean {
    if (this.running) return false;
    this.running = true;
    this.changed();
    void this.check()
      .then(
        () => (this.lastError = undefined),
        (error: Error) => (this.lastError = error.message.split('\n')[0]),
      )
      .finally(() => {
        this.running = false;
        this.lastAt = new Date().toISOString();
        this.changed();
      });
    return true;
  }

  /** The state with the line the page's header shows. */
  get message(): DriftState & { text: string } {
    return { ...this.state, text: driftText(this.state) };
  }

  private changed(): void {
    this.onChange(this.message);
  }
}
