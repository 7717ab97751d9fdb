// The safetensors file format, read and written: 8 bytes (little-endian u64) of header length,
// a JSON header {name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?: {...}}, then the
// raw little-endian tensor bytes (offsets count from the end of the header).
// Reads F32, F16 and BF16 (always decoded to float32); writes F32 or F16.
// Knows nothing about GPT: checkpoint.ts maps names to weights.

type Dtype = 'F32' | 'F16' | 'BF16';
const BYTES: Record<Dtype, number> = { F32: 4, F16: 2, BF16: 2 };

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

export interface SafetensorsFile {
  header: Map<string, HeaderEntry>; // every tensor the file holds, in header order
  metadata: Record<string, string>;
  /** Decodes one tensor to float32; the error names the tensor and its byte range when anything is off. */
  read(name: string): Float32Array;
  byteLength: number;
}

export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

/** Parses the header and checks every entry against the file's length; tensors decode lazily. */
export function parseSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.byteLength < 8) {
    throw new SafetensorsError(`safetensors: file is ${bytes.byteLength} bytes, too short for the 8-byte header length (truncated?).`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.byteLength - 8) {
    throw new SafetensorsError(`safetensors: header claims ${headerLength} bytes but only ${bytes.byteLength - 8} follow offset 8 (truncated or not a safetensors file).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (err) {
    throw new SafetensorsError(`safetensors: bad header at bytes 8..${8 + headerLength}: not valid JSON (${(err as Error).message}).`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SafetensorsError('safetensors: bad header: expected a JSON object of tensors.');
  }
  const dataStart = 8 + headerLength;
  const dataLength = bytes.byteLength - dataStart;
  const header = new Map<string, HeaderEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = (raw ?? {}) as Record<string, string>;
      continue;
    }
    const e = raw as Partial<HeaderEntry> | null;
    const offsets = e?.data_offsets;
    if (
      !e || typeof e.dtype !== 'string' || !Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0) ||
      !Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0) || offsets[1] < offsets[0]
    ) {
      throw new SafetensorsError(`safetensors: bad header entry for tensor "${name}": ${JSON.stringify(raw)}.`);
    }
    if (offsets[1] > dataLength) {
      throw new SafetensorsError(
        `safetensors: tensor "${name}" needs data bytes ${offsets[0]}..${offsets[1]} (file offset ${dataStart + offsets[1]}) but the file ends at ${bytes.byteLength} (truncated).`,
      );
    }
    header.set(name, e as HeaderEntry);
  }

  const read = (name: string): Float32Array => {
    const e = header.get(name);
    if (!e) throw new SafetensorsError(`safetensors: no tensor named "${name}".`);
    const dtype = e.dtype as Dtype;
    if (!(dtype in BYTES)) throw new SafetensorsError(`safetensors: tensor "${name}" has dtype ${e.dtype}; only F32, F16 and BF16 are supported.`);
    const count = e.shape.reduce((a, b) => a * b, 1);
    const [begin, end] = e.data_offsets;
    if (end - begin !== count * BYTES[dtype]) {
      throw new SafetensorsError(
        `safetensors: tensor "${name}" (${dtype} ${JSON.stringify(e.shape)}) should take ${count * BYTES[dtype]} bytes but data_offsets ${begin}..${end} give ${end - begin}.`,
      );
    }
    return decode(bytes.subarray(dataStart + begin, dataStart + end), dtype, count);
  };
  return { header, metadata, read, byteLength: bytes.byteLength };
}

function decode(raw: Uint8Array, dtype: Dtype, count: number): Float32Array {
  // Copy into a fresh, aligned buffer first: tensor data need not start on a 4-byte boundary.
  const copy = raw.slice();
  if (dtype === 'F32') return new Float32Array(copy.buffer, 0, count);
  const halves = new Uint16Array(copy.buffer, 0, count);
  const out = new Float32Array(count);
  if (dtype === 'BF16') {
    // bfloat16 is the top half of a float32.
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) bits[i] = halves[i] << 16;
  } else {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(halves[i]);
  }
  return out;
}

export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24; // subnormal
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 -> IEEE half, rounding to nearest even; overflow becomes Infinity. */
export function floatToHalf(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00; // too large: Infinity
  if (e <= 0) {
    if (e < -10) return sign; // too small: signed zero
    mant |= 0x800000; // subnormal half: shift the implicit 1 in
    const shift = 14 - e;
    let half = mant >> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rest > mid || (rest === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++; // may carry into the exponent: still right
  return sign | half;
}

export interface TensorToWrite {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Serialises tensors (in the given order) as F32 or F16; the header is padded to 8 bytes. */
export function writeSafetensors(tensors: TensorToWrite[], dtype: 'F32' | 'F16' = 'F32', metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new SafetensorsError(`safetensors: "${t.name}" has ${t.data.length} values for shape ${JSON.stringify(t.shape)}.`);
    const size = count * BYTES[dtype];
    header[t.name] = { dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors) {
    if (dtype === 'F32') {
      out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
      at += t.data.byteLength;
    } else {
      const halves = new Uint16Array(t.data.length);
      for (let i = 0; i < t.data.length; i++) halves[i] = floatToHalf(t.data[i]);
      out.set(new Uint8Array(halves.buffer), at);
      at += halves.byteLength;
    }
  }
  return out;
}
