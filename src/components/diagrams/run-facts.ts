// Facts about the book's own training run, worded from its record (public/models/book-small/training.json) so
// that the chapters never type them by hand: <RunFact fact="steps" /> follows the file when the model is retrained.
import type { TrainingRecord } from '../../llm/training-record.ts';
import { formatCount } from '../../llm/params.ts';

export type RunFactName =
  | 'steps'
  | 'tokensSeen'
  | 'epochs'
  | 'duration'
  | 'snapshots'
  | 'averagedSteps'
  | 'averagingGain'
  | 'bitsPerChar'
  | 'wholeWordShare'
  | 'wordPrompts'
  | 'greedyRepetition'
  | 'sampledRepetition';

/** "2 hours and 17 minutes", "1 hour and 5 minutes", "58 minutes". */
export function spokenDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const mins = `${m} minute${m === 1 ? '' : 's'}`;
  if (h === 0) return mins;
  const hours = `${h} hour${h === 1 ? '' : 's'}`;
  return m === 0 ? hours : `${hours} and ${mins}`;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

/** Every fact as the page prints it; a fact whose part of the record is missing throws, naming the script that writes it. */
export function runFacts(run: TrainingRecord): Record<RunFactName, () => string> {
  const need = <T,>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`training.json has no ${what}.`);
    return value;
  };
  return {
    steps: () => formatCount(run.steps),
    tokensSeen: () => `${(run.tokensSeen / 1e6).toFixed(1)} million`,
    epochs: () => run.epochs.toFixed(1),
    duration: () => spokenDuration(run.wallSeconds),
    snapshots: () => formatCount(need(run.averagedSnapshots, 'averagedSnapshots (tail averaging)')),
    averagedSteps: () => formatCount(run.steps - need(run.recipe.average, 'recipe.average').from),
    averagingGain: () => (need(run.lastStepHeldOutLoss, 'lastStepHeldOutLoss') - run.finalHeldOutLoss).toFixed(3),
    bitsPerChar: () => need(need(run.heldOutScores, 'heldOutScores (scripts/baselines.ts --write)').sliding.bitsPerChar, 'bits per character (scripts/baselines.ts --write)').toFixed(2),
    wholeWordShare: () => percent(need(run.quality, 'quality (scripts/quality.ts --write)').wholeWords.share),
    wordPrompts: () => formatCount(need(run.quality, 'quality (scripts/quality.ts --write)').wholeWords.perPrompt.length),
    greedyRepetition: () => percent(need(run.quality, 'quality (scripts/quality.ts --write)').repetition.greedy),
    sampledRepetition: () => percent(need(run.quality, 'quality (scripts/quality.ts --write)').repetition.sampled),
  };
}
