// The widget's prompt reducer: appends only onto the prompt they were made for, undo, and what the
// generated chips say after a new prompt, a stop or a failure (issue 18, bug 4).
import { describe, expect, test } from 'vitest';
import type { GeneratedBatch } from '../../../src/worker/protocol.ts';
import { generationLine, initialPromptState, promptReducer, type PromptAction, type PromptState } from '../../../src/components/predict/prompt-state.ts';

const batch = (...ids: number[]): GeneratedBatch => ({
  steps: ids.map((id) => ({ token: { id, text: `t${id}`, display: `t${id}` }, probability: 0.5 })),
  textSoFar: ids.map((id) => `t${id}`).join(''),
  candidates: [],
  backend: 'wasm',
});

const run = (actions: PromptAction[], from = initialPromptState('The')): PromptState => actions.reduce(promptReducer, from);

describe('prompt state', () => {
  test('a new prompt clears the chips generated for the old one', () => {
    const after = run([{ type: 'generate-start', base: 'The' }, { type: 'generate-batch', batch: batch(1, 2) }, { type: 'generate-end', phase: 'done', text: 't1t2' }]);
    expect(after.prompt).toBe('Thet1t2');
    expect(after.generation?.steps).toHaveLength(2);
    const edited = promptReducer(after, { type: 'edit', prompt: 'Something else' });
    expect(edited.generation).toBeNull();
  });

  test('an append made for an older prompt is dropped', () => {
    const s = run([{ type: 'edit', prompt: 'New' }, { type: 'append', base: 'The', text: ' cat' }]);
    expect(s.prompt).toBe('New');
    expect(s.history).toEqual([]);
  });

  test('undo takes back Append and Generate, one at a time, and never while generating', () => {
    const s = run([
      { type: 'append', base: 'The', text: ' cat' },
      { type: 'generate-start', base: 'The cat' },
      { type: 'generate-batch', batch: batch(5) },
    ]);
    expect(promptReducer(s, { type: 'undo' })).toBe(s); // running: nothing to undo yet
    const done = promptReducer(s, { type: 'generate-end', phase: 'done', text: ' sat' });
    expect(done.prompt).toBe('The cat sat');
    const once = promptReducer(done, { type: 'undo' });
    expect(once.prompt).toBe('The cat');
    expect(once.generation).toBeNull();
    expect(promptReducer(once, { type: 'undo' }).prompt).toBe('The');
  });

  test('after Stop the line says stopped, with the count of tokens kept', () => {
    const s = run([{ type: 'generate-start', base: 'The' }, { type: 'generate-batch', batch: batch(1, 2, 3, 4) }, { type: 'generate-end', phase: 'stopped', text: 't1t2t3t4' }]);
    expect(s.generation?.phase).toBe('stopped');
    expect(generationLine(s.generation!, 20)).toBe('Stopped after 4 tokens; they were appended to the prompt.');
    expect(generationLine({ ...s.generation!, phase: 'done' }, 20)).toBe('Generated 4 tokens, appended to the prompt.');
    expect(generationLine({ ...s.generation!, phase: 'running' }, 20)).toBe('Generating… 4 of 20');
  });
});
