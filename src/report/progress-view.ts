import type { RunSummary } from '../engine/results.js';
import type { RunDescription, RunEvent, RunListener } from '../engine/run-events.js';
import { colorsFor } from './colors.js';
import { layoutFleet } from './fleet-layout.js';
import { applyRunEvent, finishFleet, fleetProgress } from './fleet-progress.js';
import { openLiveRegion, type TerminalStream } from './live-region.js';

/** At most ten frames a second: fast enough to follow steps, cheap over a slow SSH session. */
const FRAME_MS = 100;

export interface ProgressView {
  readonly listener: RunListener;
  /** Ends every host from the final results (hosts never started included) and leaves the last frame. */
  finish(summary: RunSummary): Promise<void>;
}

/**
 * Live progress on a terminal: the run's events fold into the fleet's progress, drawn in place at most
 * every FRAME_MS. (CI logs and pipes get line-view.ts instead.)
 */
export function startProgressView(run: RunDescription, stream: TerminalStream & { isTTY?: boolean } = process.stderr): ProgressView {
  const fleet = fleetProgress(run, Date.now());
  const colors = colorsFor(stream);
  const region = openLiveRegion(stream, (width, height) => layoutFleet(fleet, { width, height, now: Date.now(), colors }));
  region.draw();
  const timer = setInterval(() => region.draw(), FRAME_MS);
  timer.unref();
  return {
    listener: (event: RunEvent) => applyRunEvent(fleet, event, Date.now()),
    finish: async (summary) => {
      clearInterval(timer);
      finishFleet(fleet, summary, Date.now());
      region.close();
    },
  };
}
