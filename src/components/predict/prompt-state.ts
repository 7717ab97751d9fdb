// What the widget's prompt has been through: the text, the undo history of Append/Generate, and
// the generation in progress or just finished. A pure reducer, so each rule is unit-tested.
import type { Candidate, GeneratedBatch, GeneratedStep } from '../../worker/protocol.ts';

type GenerationPhase = 'running' | 'done' | 'stopped' | 'failed';

export interface Generation {
  phase: GenerationPhase;
  base: string; // the prompt it continues
  steps: GeneratedStep[];
  candidates: Candidate[] | null; // the distribution of the latest step
  decodeMs?: number; // the worker's time from the first to the last token (the engine's own rate)
}

export interface PromptState {
  prompt: string;
  history: string[]; // the prompt before each Append or Generate, newest last (Undo pops it)
  newFrom: number | undefined; // chips from this index on are new (appended)
  generation: Generation | null;
}

export type PromptAction =
  | { type: 'edit'; prompt: string } // the reader typed (or the URL was read)
  | { type: 'append'; base: string; text: string; newFrom?: number }
  | { type: 'generate-start'; base: string }
  | { type: 'generate-batch'; batch: GeneratedBatch }
  | { type: 'generate-end'; phase: Exclude<GenerationPhase, 'running'>; text: string; newFrom?: number; decodeMs?: number }
  | { type: 'undo' };

export function initialPromptState(prompt: string): PromptState {
  return { prompt, history: [], newFrom: undefined, generation: null };
}

const MAX_HISTORY = 50;

/** Appends to the prompt a call started from; if the reader has changed it since, the result is dropped. */
function appendTo(state: PromptState, base: string, text: string, newFrom?: number): PromptState {
  if (state.prompt !== base || text === '') return state;
  return { ...state, prompt: base + text, history: [...state.history, base].slice(-MAX_HISTORY), newFrom };
}

export function promptReducer(state: PromptState, action: PromptAction): PromptState {
  switch (action.type) {
    case 'edit':
      // A new prompt: what was generated for the old one no longer belongs on screen.
      return action.prompt === state.prompt ? state : { ...state, prompt: action.prompt, newFrom: undefined, generation: null };
    case 'append':
      return appendTo(state, action.base, action.text, action.newFrom);
    case 'generate-start':
      return { ...state, generation: { phase: 'running', base: action.base, steps: [], candidates: null } };
    case 'generate-batch': {
      const g = state.generation;
      if (!g || g.phase !== 'running') return state;
      return { ...state, generation: { ...g, steps: [...g.steps, ...action.batch.steps], candidates: action.batch.candidates } };
    }
    case 'generate-end': {
      const g = state.generation;
      if (!g || g.phase !== 'running') return state;
      const ended = { ...state, generation: { ...g, phase: action.phase, decodeMs: action.decodeMs } };
      return appendTo(ended, g.base, action.text, action.newFrom);
    }
    case 'undo': {
      if (state.history.length === 0 || state.generation?.phase === 'running') return state;
      return { prompt: state.history.at(-1)!, history: state.history.slice(0, -1), newFrom: undefined, generation: null };
    }
  }
}

/** The line above the generated chips: how many, and whether it finished, was stopped or failed. */
export function generationLine(g: Generation, maxNewTokens: number): string {
  const n = g.steps.length;
  const tokens = `${n} token${n === 1 ? '' : 's'}`;
  switch (g.phase) {
    case 'running':
      return `Generating… ${n} of ${maxNewTokens}`;
    case 'done':
      return `Generated ${tokens}, appended to the prompt.`;
    case 'stopped':
      return n === 0 ? 'Stopped before the first token.' : `Stopped after ${tokens}; ${n === 1 ? 'it was' : 'they were'} appended to the prompt.`;
    case 'failed':
      return n === 0 ? 'Generation failed before the first token.' : `Generation failed after ${tokens}; ${n === 1 ? 'it was' : 'they were'} appended to the prompt.`;
  }
}
