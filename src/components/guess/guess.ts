// Pure logic of the "guess first" widget: the choices a model question offers, and what to say about the
// reader's guess once the answer is shown. No DOM, no model; shared by the island, the build and the tests.
import type { Prediction } from '../../worker/protocol.ts';
import { formatProbability, tokenFace } from '../predict/view.ts';

/** One candidate of a model question, as the build computed it (or the worker, live). */
export interface RankedToken {
  text: string;
  display: string;
  probability: number; // the model's own probability (temperature 1, nothing filtered)
}

/** The question's data: a plain multiple choice, a number to estimate, or a question to the model. */
export type GuessSpec =
  | { kind: 'choice'; choices: string[]; correct: number }
  | { kind: 'number'; answer: number; tolerance: number; digits: number; unit: string }
  | { kind: 'model'; model: string; prompt: string; ranked: RankedToken[] };

/** The model's top tokens, best first, as the widget lists them. */
export function rankedFromPrediction(prediction: Prediction, count: number): RankedToken[] {
  return prediction.candidates.slice(0, count).map((c) => ({ text: c.text, display: c.display, probability: c.modelProbability }));
}

/** A model question offers its top tokens in alphabetical order, so that the order gives nothing away. */
export function modelChoices(ranked: RankedToken[]): RankedToken[] {
  return [...ranked].sort((a, b) => a.text.trim().localeCompare(b.text.trim()) || a.text.localeCompare(b.text));
}

export function tokenLabel(token: RankedToken): string {
  return tokenFace(token.text, token.display);
}

/** "4.6", "27,938": the answer of a number question as the page prints it. */
export function formatAnswer(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A typed guess: "4.6", "-0.2", "27,938", " 1e3 " are numbers; "", "abc", "1..2" are not. */
export function parseGuess(raw: string): number | undefined {
  const cleaned = raw.trim().replace(/,/g, '').replace(/\u2212/g, '-');
  if (cleaned === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return undefined;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : undefined;
}

/** Is a number guess close enough? Within `tolerance` of the answer, relative (or absolute near zero). */
export function isClose(guess: number, answer: number, tolerance: number): boolean {
  return Math.abs(guess - answer) <= tolerance * Math.max(Math.abs(answer), 1e-9) || Math.abs(guess - answer) < 1e-9;
}

/** One sentence about the reader's guess, once the answer is known. */
export function verdict(spec: GuessSpec, guess: string | undefined, ranked?: RankedToken[]): string {
  if (guess === undefined || guess === '') return 'You did not commit to a guess this time; here is the answer.';
  if (spec.kind === 'choice') {
    const right = spec.choices[spec.correct];
    return guess === right ? `You picked “${guess}”: right.` : `You picked “${guess}”; the answer is “${right}”.`;
  }
  if (spec.kind === 'number') {
    const value = parseGuess(guess);
    if (value === undefined) return `“${guess}” is not a number, so there is nothing to compare; here is the answer.`;
    const answer = `${formatAnswer(spec.answer, spec.digits)}${spec.unit}`;
    const close = isClose(value, spec.answer, spec.tolerance);
    if (spec.tolerance === 0) return close ? `You guessed ${guess.trim()}: exactly right.` : `You guessed ${guess.trim()}; the answer is ${answer}.`;
    const within = `within ${Math.round(spec.tolerance * 100)}%`;
    return close ? `You guessed ${guess.trim()}; the answer is ${answer}: ${within}, close enough.` : `You guessed ${guess.trim()}; the answer is ${answer}, so not ${within}.`;
  }
  const list = ranked ?? spec.ranked;
  const place = list.findIndex((t) => tokenLabel(t) === guess);
  if (place === 0) return `You picked ${guess}: the model ranks it first.`;
  if (place > 0) return `You picked ${guess}: the model ranks it number ${place + 1} of these, with ${formatProbability(list[place].probability)}.`;
  return `You picked ${guess}, which is not among the model's top ${list.length} here.`;
}
