import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import { beforeAll, describe, expect, test } from 'vitest';
import { execute, MAX_LOG_LINES, readerLine, type RunScope } from '../../../src/components/live/execute.ts';
import type { FromWorker } from '../../../src/components/live/protocol.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function tfScope(): RunScope {
  return { globals: { tf }, backend: 'cpu', begin: () => tf.engine().startScope(), end: () => tf.engine().endScope() };
}

async function runCode(source: string, scope: RunScope | (() => Promise<RunScope>) = tfScope()): Promise<FromWorker[]> {
  const messages: FromWorker[] = [];
  await execute(1, source, scope, (m) => messages.push(m));
  return messages;
}

function done(messages: FromWorker[]) {
  const last = messages.at(-1)!;
  if (last.type !== 'done') throw new Error(`last message is ${last.type}`);
  return last;
}

describe('execute', () => {
  test('posts started, the console lines in order, then done with the last value', async () => {
    const messages = await runCode("console.log('a', 1);\nconsole.warn({ b: 2 });\n6 * 7");
    expect(messages.map((m) => m.type)).toEqual(['started', 'log', 'log', 'done']);
    expect(messages[1]).toMatchObject({ level: 'log', text: 'a 1' });
    expect(messages[2]).toMatchObject({ level: 'warn', text: '{ b: 2 }' });
    expect(done(messages).value).toBe('42');
    expect(done(messages).elapsedMs).toBeGreaterThanOrEqual(0);
  });

  test('tf is in scope, TypeScript is accepted, and a tensor result prints its values', async () => {
    const source = 'const a: tf.Tensor2D = tf.tensor2d([[1, 2], [3, 4]]);\nconst b = a.matMul(a.transpose());\nb';
    expect(done(await runCode(source)).value).toBe('Tensor float32 [2, 2]\n[[5, 11],\n [11, 25]]');
  });

  test('every tensor the run created is freed when it ends', async () => {
    const before = tf.memory().numTensors;
    await runCode('const xs = [1, 2, 3].map((v) => tf.scalar(v));\nconst s = tf.addN(xs);\nawait s.data();\ns');
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a runtime error names the line in the reader’s code', async () => {
    const source = 'const a = 1;\n\ninterface Unused { x: number }\nconst b = (null as any).field;\n';
    expect(done(await runCode(source)).error).toEqual({ name: 'TypeError', message: expect.stringMatching(/null/), line: 4, column: expect.any(Number) });
  });

  test('an error thrown inside tf is reported at the reader’s line that called it', async () => {
    const source = 'const a = tf.ones([2, 3]);\nconst b = tf.ones([2, 3]);\n\ntf.matMul(a, b)';
    const { error } = done(await runCode(source));
    expect(error?.line).toBe(4);
    expect(error?.message).toMatch(/inner shapes|must match/i);
  });

  test('an error after an await still has its line', async () => {
    expect(done(await runCode('await null;\nawait Promise.resolve();\nthrow new RangeError("late")')).error).toMatchObject({ name: 'RangeError', line: 3 });
  });

  test('a syntax error is reported before TF.js would load, with its line', async () => {
    let booted = false;
    const messages = await runCode('const a = 1;\nconst b = ;\n', async () => {
      booted = true;
      return tfScope();
    });
    expect(booted).toBe(false);
    expect(messages).toHaveLength(1);
    expect(done(messages).error).toMatchObject({ name: 'SyntaxError', line: 2 });
  });

  test('thrown non-Errors end as a readable message', async () => {
    for (const [thrown, text] of [['42', '42'], ['"oops"', "'oops'"], ['{ code: 7 }', '{ code: 7 }'], ['undefined', 'undefined'], ['null', 'null']]) {
      const { error } = done(await runCode(`throw ${thrown}`));
      expect(error).toEqual({ name: 'Uncaught', message: `${text} (a value was thrown that is not an Error)` });
    }
  });

  test('a rejected promise that is awaited is an error of the run', async () => {
    expect(done(await runCode('await Promise.reject(new Error("no model"))')).error).toMatchObject({ message: 'no model', line: 1 });
  });

  test('a failed start is reported as an error, not thrown', async () => {
    const messages = await runCode('1', async () => {
      throw new Error('wasm missing');
    });
    expect(done(messages).error?.message).toBe('Could not start TF.js: wasm missing');
  });

  test(`console output stops after ${MAX_LOG_LINES} lines, with a note`, async () => {
    const messages = await runCode('for (let i = 0; i < 10000; i++) console.log(i)');
    const logs = messages.filter((m) => m.type === 'log');
    expect(logs).toHaveLength(MAX_LOG_LINES + 1);
    expect(logs.at(-1)).toMatchObject({ level: 'warn', text: expect.stringMatching(/more than 500 lines/) });
  });

  test('a last expression with value undefined shows nothing', async () => {
    expect(done(await runCode('console.log("x")')).value).toBeUndefined();
  });
});

describe('readerLine', () => {
  test('finds nothing in an error that did not come from reader code', () => {
    expect(readerLine(new Error('elsewhere'))).toBeUndefined();
  });
});
