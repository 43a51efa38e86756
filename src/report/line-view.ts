import type { RunEvent, RunListener } from '../engine/run-events.js';
import type { Colors } from './colors.js';

/**
 * Progress as plain lines, one per event, each prefixed by its host: for CI logs and pipes, where a live
 * redrawn view would be noise.
 */
export function lineView(write: (line: string) => void, c: Colors): RunListener {
  const stepCounts = new Map<string, number>();
  return (event: RunEvent) => {
    const host = c.bold(event.host);
    switch (event.type) {
      case 'host-phase':
        write(`${host} ${c.dim(event.phase)}`);
        break;
      case 'module-start':
        stepCounts.set(`${event.host}/${event.module}`, event.steps.length);
        write(`${host} ${event.module}: ${event.steps.length} step${event.steps.length === 1 ? '' : 's'} to run`);
        break;
      case 'step-start':
        write(`${host} ${event.module}: [${event.index + 1}/${stepCounts.get(`${event.host}/${event.module}`) ?? '?'}] ${event.title}`);
        break;
      case 'module-end': {
        const bad = event.status === 'failed' || event.status === 'refused' || event.status === 'interrupted';
        const text = `${event.module} ${event.status}${bad && event.error ? `: ${event.error.split('\n')[0]}` : ''}`;
        write(`${host} ${bad ? c.red(text) : event.status === 'converged' ? c.green(text) : text}`);
        break;
      }
      case 'host-end': {
        const { result } = event;
        const text = `${result.status}${result.error ? `: ${result.error.message}` : ''} (${(result.durationMs / 1000).toFixed(1)}s)`;
        write(`${host} ${result.status === 'ok' ? c.green(text) : c.red(text)}`);
        break;
      }
      default:
        break;
    }
  };
}
