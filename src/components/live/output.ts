// What the output panel says about a run, as plain lines (no DOM): the client draws them, tests read them.

import { errorLine, formatElapsed } from './format.ts';
import type { RunEvent, RunOutcome } from './runner.ts';

type LineKind = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'result' | 'meta';

export interface OutputLine {
  kind: LineKind;
  text: string;
}

/** One event during a run -> a line, or null when it only changes the status. */
export function eventLine(event: RunEvent): OutputLine | null {
  switch (event.kind) {
    case 'log':
      return { kind: event.level, text: event.text };
    case 'late':
      return { kind: 'error', text: `${errorLine(event.error)} (after the run had finished)` };
    case 'started':
      return null;
  }
}

/** The lines that end a run: its value or error, then how long it took (or why it stopped). */
export function outcomeLines(outcome: RunOutcome, backend?: string): OutputLine[] {
  switch (outcome.status) {
    case 'done': {
      const lines: OutputLine[] = [];
      if (outcome.error) lines.push({ kind: 'error', text: errorLine(outcome.error) });
      else if (outcome.value !== undefined) lines.push({ kind: 'result', text: outcome.value });
      const on = backend ? ` on ${backend}` : '';
      const verb = outcome.error ? 'Failed after' : 'Finished in';
      lines.push({ kind: 'meta', text: outcome.error && outcome.elapsedMs === 0 ? 'Not run.' : `${verb} ${formatElapsed(outcome.elapsedMs)}${on}.` });
      return lines;
    }
    case 'timeout':
      return [
        {
          kind: 'error',
          text: `Stopped: the code ran longer than this block's limit of ${formatElapsed(outcome.limitMs)} (an endless loop?), so its worker was shut down. Change the code and press Run again.`,
        },
      ];
    case 'stopped':
      return [{ kind: 'meta', text: 'Stopped.' }];
    case 'crashed':
      return [{ kind: 'error', text: `${outcome.message} Press Run to try again.` }];
  }
}

/** Where a block keeps the reader's edits: one entry per page and example (and occurrence on the page). */
export function storageKey(pathname: string, example: string, occurrence = 0): string {
  const page = pathname.replace(/\/index\.html$/, '/').replace(/\/?$/, '/');
  return `next-token:live-code:${page}${example}${occurrence > 0 ? `#${occurrence + 1}` : ''}`;
}
