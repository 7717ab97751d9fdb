import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { configJson, loadModelFromBytes, weightsToSafetensors } from '../../../src/llm/io/checkpoint.ts';
import { disposeModel, forward } from '../../../src/llm/gpt.ts';
import { loadModelFromDir } from '../../../src/llm/io/node-fs.ts';
import { floatToHalf, halfToFloat, parseSafetensors, writeSafetensors } from '../../../src/llm/io/safetensors.ts';
import { weightShapes } from '../../../src/llm/weights.ts';
import { referenceForward } from '../../reference/gpt-reference.ts';
import { randomIds, randomNamed, relativeError, tinyConfig, useBackend } from './helpers.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/llm');

beforeAll(() => useBackend('wasm'));

/** A safetensors file built by hand (any header, any dtype), independent of our writer. */
function rawFile(entries: { name: string; dtype: string; shape: number[]; bytes: Uint8Array }[]): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const e of entries) {
    header[e.name] = { dtype: e.dtype, shape: e.shape, data_offsets: [offset, offset + e.bytes.length] };
    offset += e.bytes.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const e of entries) {
    out.set(e.bytes, at);
    at += e.bytes.length;
  }
  return out;
}

function tensorsOf(config: ReturnType<typeof tinyConfig>, named: Map<string, Float32Array>) {
  return weightShapes(config).map(([name, shape]) => ({ name, shape, data: named.get(name)! }));
}

describe('the golden fixture model', () => {
  test('loads from its folder and gives the logits the float64 reference gave', async () => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, 'tiny-model-logits.json'), 'utf8')) as { ids: number[]; logits: number[][] };
    const model = loadModelFromDir(join(FIXTURES, 'tiny-model'));
    const { logits } = await forward(model, expected.ids);
    expect(relativeError(logits.data, expected.logits.flat())).toBeLessThan(1e-4);
    expect(model.info.dtypes).toEqual({ F32: 2 + 12 * 2 + 2 });
    disposeModel(model);
  });

  test('loadModelFromDir(path) reads a folder in Node', () => {
    const model = loadModelFromDir(join(FIXTURES, 'tiny-model'));
    expect(model.config.n_embd).toBe(8);
    disposeModel(model);
  });
});

describe('safetensors round trips', () => {
  const config = tinyConfig({ n_layer: 1 });
  const named = randomNamed(config, 21);
  const ids = randomIds(config, 7, 2);

  test('F32 written by the writer reloads to exactly the same logits', async () => {
    const model = loadModelFromBytes({ config: configJson(config), weights: writeSafetensors(tensorsOf(config, named)) });
    const again = loadModelFromBytes({ config: configJson(config), weights: await weightsToSafetensors(model.weights) });
    const a = (await forward(model, ids)).logits.data;
    const b = (await forward(again, ids)).logits.data;
    expect(Array.from(b)).toEqual(Array.from(a));
    const ref = referenceForward(config, named, ids).logits.flatMap((r) => Array.from(r));
    expect(relativeError(a, ref)).toBeLessThan(1e-4);
    disposeModel(model);
    disposeModel(again);
  });

  test('F16 files load as the half-rounded weights', async () => {
    const bytes = writeSafetensors(tensorsOf(config, named), 'F16');
    const file = parseSafetensors(bytes);
    expect(file.header.get('wte.weight')!.dtype).toBe('F16');
    const rounded = new Map([...named].map(([n, a]) => [n, Float32Array.from(a, (v) => halfToFloat(floatToHalf(v)))]));
    expect(Array.from(file.read('h.0.mlp.c_fc.weight'))).toEqual(Array.from(rounded.get('h.0.mlp.c_fc.weight')!));
    const model = loadModelFromBytes({ config: configJson(config), weights: bytes });
    const ref = referenceForward(config, rounded, ids).logits.flatMap((r) => Array.from(r));
    expect(relativeError((await forward(model, ids)).logits.data, ref)).toBeLessThan(1e-4);
    disposeModel(model);
  });

  test('BF16 files (built by hand) load as the top 16 bits of each float', async () => {
    const truncated = new Map<string, Float32Array>();
    const entries = weightShapes(config).map(([name, shape]) => {
      const bits = new Uint32Array(named.get(name)!.slice().buffer);
      const halves = Uint16Array.from(bits, (b) => b >>> 16);
      truncated.set(name, new Float32Array(Uint32Array.from(halves, (h) => h << 16).buffer));
      return { name, dtype: 'BF16', shape, bytes: new Uint8Array(halves.buffer) };
    });
    const model = loadModelFromBytes({ config: configJson(config), weights: rawFile(entries) });
    expect(model.info.dtypes).toEqual({ BF16: entries.length });
    const wte = await model.weights.wte.data();
    expect(Array.from(wte)).toEqual(Array.from(truncated.get('wte.weight')!));
    const ref = referenceForward(config, truncated, ids).logits.flatMap((r) => Array.from(r));
    expect(relativeError((await forward(model, ids)).logits.data, ref)).toBeLessThan(1e-4);
    disposeModel(model);
  });

  test('every finite half survives float -> half -> float -> half', () => {
    for (let h = 0; h < 0x10000; h++) {
      const f = halfToFloat(h);
      if (Number.isNaN(f)) continue;
      expect(floatToHalf(f)).toBe(h);
    }
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // a tie rounds to even
    expect(floatToHalf(70000)).toBe(0x7c00); // overflow -> Infinity
  });

  test('Hugging Face layout: transformer. prefix, attn.bias buffers and a tied lm_head are ignored', async () => {
    const f32 = (a: Float32Array) => new Uint8Array(a.buffer.slice(0));
    const entries = weightShapes(config).map(([name, shape]) => ({ name: `transformer.${name}`, dtype: 'F32', shape, bytes: f32(named.get(name)!) }));
    entries.push({ name: 'transformer.h.0.attn.bias', dtype: 'F32', shape: [1, 1, 16, 16], bytes: new Uint8Array(16 * 16 * 4) });
    entries.push({ name: 'transformer.h.0.attn.masked_bias', dtype: 'F32', shape: [], bytes: new Uint8Array(4) });
    entries.push({ name: 'lm_head.weight', dtype: 'F32', shape: [config.vocab_size, config.n_embd], bytes: f32(named.get('wte.weight')!) });
    const model = loadModelFromBytes({ config: configJson(config), weights: rawFile(entries) });
    expect(model.info.prefix).toBe('transformer.');
    expect(model.info.ignored.sort()).toEqual(['lm_head.weight', 'transformer.h.0.attn.bias', 'transformer.h.0.attn.masked_bias']);
    const ref = referenceForward(config, named, ids).logits.flatMap((r) => Array.from(r));
    expect(relativeError((await forward(model, ids)).logits.data, ref)).toBeLessThan(1e-4);
    disposeModel(model);
  });

  test('an untied lm_head.weight is used when the config unties it', async () => {
    const untied = tinyConfig({ n_layer: 1, tie_word_embeddings: false });
    const w = randomNamed(untied, 5);
    const model = loadModelFromBytes({ config: configJson(untied), weights: writeSafetensors(tensorsOf(untied, w)) });
    const ref = referenceForward(untied, w, ids).logits.flatMap((r) => Array.from(r));
    expect(relativeError((await forward(model, ids)).logits.data, ref)).toBeLessThan(1e-4);
    disposeModel(model);
    const noHead = tensorsOf(untied, w).filter((t) => t.name !== 'lm_head.weight');
    expect(() => loadModelFromBytes({ config: configJson(untied), weights: writeSafetensors(noHead) })).toThrow(/lm_head\.weight/);
  });
});

describe('broken checkpoints give errors that name the problem', () => {
  const config = tinyConfig({ n_layer: 2 });
  const tensors = tensorsOf(config, randomNamed(config, 3));
  const good = writeSafetensors(tensors);
  const load = (weights: Uint8Array, cfg: unknown = configJson(config)) => () => loadModelFromBytes({ config: cfg, weights });

  test('a missing tensor', () => {
    expect(load(writeSafetensors(tensors.filter((t) => t.name !== 'h.1.mlp.c_fc.bias')))).toThrow(/missing tensor "h\.1\.mlp\.c_fc\.bias"/);
  });
  test('a wrong shape', () => {
    const bad = tensors.map((t) => (t.name === 'h.0.attn.c_attn.weight' ? { ...t, shape: [3 * config.n_embd, config.n_embd] } : t));
    expect(load(writeSafetensors(bad))).toThrow(/"h\.0\.attn\.c_attn\.weight" has shape \[36,12\].*needs \[12,36\]/);
  });
  test('a truncated file names the first tensor that does not fit', () => {
    expect(load(good.subarray(0, good.length - 4))).toThrow(/tensor "ln_f\.bias" needs data bytes \d+\.\.\d+ .*truncated/);
    expect(load(good.subarray(0, good.length - 100))).toThrow(/tensor "h\.1\.mlp\.c_proj\.bias" .*truncated/);
  });
  test('a file cut inside the header', () => {
    expect(load(good.subarray(0, 40))).toThrow(/header claims \d+ bytes.*truncated/);
    expect(load(good.subarray(0, 5))).toThrow(/too short/);
  });
  test('a header that is not JSON', () => {
    const bad = good.slice();
    bad[9] = 0x7b; // '{' inside the JSON breaks it
    bad[10] = 0x7b;
    expect(load(bad)).toThrow(/bad header at bytes 8\.\./);
  });
  test('data offsets that disagree with the shape', () => {
    const entries = tensors.map((t) => ({ name: t.name, dtype: 'F32', shape: t.shape, bytes: new Uint8Array(t.data.buffer.slice(0)) }));
    entries[0] = { ...entries[0], bytes: entries[0].bytes.subarray(0, 40) };
    expect(load(rawFile(entries))).toThrow(/"wte\.weight" \(F32 \[37,12\]\) should take 1776 bytes but data_offsets 0\.\.40 give 40/);
  });
  test('an unsupported dtype', () => {
    const entries = tensors.map((t) => ({ name: t.name, dtype: t.name === 'wpe.weight' ? 'I64' : 'F32', shape: t.shape, bytes: new Uint8Array(t.data.buffer.slice(0)) }));
    expect(load(rawFile(entries))).toThrow(/"wpe\.weight" has dtype I64/);
  });
  test('a bad config.json', () => {
    expect(load(good, '{"vocab_size": 3')).toThrow(/config\.json is not valid JSON/);
    expect(load(good, { ...config, n_head: 5 })).toThrow(/divisible/);
  });
  test('failed loads leave no tensors behind', () => {
    const before = tf.memory().numTensors;
    expect(load(good.subarray(0, good.length - 1))).toThrow();
    expect(load(writeSafetensors(tensors.slice(0, -1)))).toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });
});
