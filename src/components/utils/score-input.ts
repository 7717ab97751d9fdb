// What the softmax explorer does with a typed score: read it without rewriting it, say what is wrong, and the
// temperature-0 limit of softmax (an even split among tied top scores). Pure functions, no DOM.

/** Scores beyond this make every probability 0% or 100% and overflow the bars' meaning; the box says so. */
export const SCORE_LIMIT = 100;

/** A finished decimal number: "-3.5", "3", "1.", ".5", "+2", "1e2". The minus sign may be "−" (U+2212). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** Text a reader is still typing towards a number: "", "-", ".", "-.", "1e", "1e-". */
const UNFINISHED = /^[+-]?(\.?|(\d+\.?\d*|\.\d+)e[+-]?)$/i;

export type ScoreReading =
  | { kind: 'ok'; value: number }
  /** Empty or half-typed: not wrong yet, so only said once the reader leaves the box. */
  | { kind: 'unfinished'; message: string }
  | { kind: 'invalid'; message: string };

/** Reads a score box's text as typed; `fallback` is the score still used while the text is not a number. */
export function readScore(text: string, fallback: number): ScoreReading {
  const trimmed = text.trim().replace(/\u2212/g, '-');
  const meanwhile = `still using ${formatScore(fallback)}`;
  if (NUMBER.test(trimmed)) {
    const value = Number(trimmed);
    if (Math.abs(value) <= SCORE_LIMIT) return { kind: 'ok', value: value === 0 ? 0 : value };
    return { kind: 'invalid', message: `Keep scores between −${SCORE_LIMIT} and ${SCORE_LIMIT}; ${meanwhile}.` };
  }
  if (trimmed === '') return { kind: 'unfinished', message: `Type a number; ${meanwhile}.` };
  if (UNFINISHED.test(trimmed)) return { kind: 'unfinished', message: `“${text.trim()}” is not a whole number yet; ${meanwhile}.` };
  return { kind: 'invalid', message: `“${text.trim()}” is not a number (use digits, a point and a minus sign); ${meanwhile}.` };
}

/** A score as the explorer writes it: a real minus sign, no trailing zeros. */
export function formatScore(value: number): string {
  return String(value).replace('-', '−');
}

/** Arrow keys step the score by `step`, from the last valid value, rounded to the step's grid. */
export function stepScore(value: number, direction: 1 | -1, step = 0.5): number {
  const next = Math.round((value + direction * step) / step) * step;
  // `+ 0` turns -0 into 0, which would otherwise be written "−0".
  return Math.max(-SCORE_LIMIT, Math.min(SCORE_LIMIT, next)) + 0;
}

/**
 * The limit of softmax(scores / T) as T -> 0: the largest score takes everything, and k tied largest scores take
 * 1/k each (each of them keeps exp(0) = 1 while every other term goes to 0).
 */
export function zeroTemperatureLimit(scores: readonly number[]): number[] {
  if (scores.length === 0) return [];
  const max = Math.max(...scores);
  const ties = scores.filter((s) => s === max).length;
  return scores.map((s) => (s === max ? 1 / ties : 0));
}
