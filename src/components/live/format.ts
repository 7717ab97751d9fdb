// Values -> the text lines of the output panel. Runs in the worker (tensors cannot cross to the page),
// so it never throws: anything it cannot print becomes a short placeholder. Knows nothing about
// TF.js beyond duck typing: a tensor is an object with shape, dtype and dataSync().

export interface FormatOptions {
  /** Items shown per array / object before "… n more". */
  maxItems?: number;
  /** Tensor axes longer than this show their first and last `tensorEdge` entries only. */
  tensorThreshold?: number;
  tensorEdge?: number;
  /** Nesting depth shown before [Object] / [Array]. */
  maxDepth?: number;
  /** Longest text returned; longer text is cut with a note. */
  maxLength?: number;
}

const DEFAULTS: Required<FormatOptions> = { maxItems: 100, tensorThreshold: 12, tensorEdge: 3, maxDepth: 4, maxLength: 20_000 };
const LINE_WIDTH = 72;

interface TensorLike {
  shape: number[];
  dtype: string;
  size: number;
  isDisposed: boolean;
  dataSync(): ArrayLike<number | string | boolean> | string[];
}

function isTensorLike(value: unknown): value is TensorLike {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<TensorLike>;
  return Array.isArray(v.shape) && typeof v.dtype === 'string' && typeof v.dataSync === 'function';
}

/** A number as a person reads it: integers in full, others to 4 significant digits. */
export function formatNumber(x: number): string {
  if (Object.is(x, -0)) return '-0';
  if (!Number.isFinite(x) || Number.isInteger(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 1e6 || abs < 1e-4) return x.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(4)));
}

/** One tensor: a header line with dtype and shape, then its values (long axes abbreviated). */
export function formatTensor(t: TensorLike, options: FormatOptions = {}): string {
  const opts = { ...DEFAULTS, ...options };
  if (t.isDisposed) return `Tensor ${t.dtype} [${t.shape.join(', ')}] (disposed)`;
  const header = `Tensor ${t.dtype} [${t.shape.join(', ')}]`;
  const data = t.dataSync();
  const cell = (k: number): string => {
    const v = data[k];
    if (t.dtype === 'string') return quote(String(v));
    if (t.dtype === 'bool') return v ? 'true' : 'false';
    return formatNumber(Number(v));
  };
  if (t.shape.length === 0) return `${header} ${cell(0)}`;
  const strides = t.shape.map((_, axis) => t.shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  const shown = (n: number): (number | null)[] =>
    n > opts.tensorThreshold
      ? [...range(0, opts.tensorEdge), null, ...range(n - opts.tensorEdge, n)]
      : range(0, n);
  const render = (axis: number, offset: number, indent: string): string => {
    const n = t.shape[axis];
    if (axis === t.shape.length - 1) {
      return `[${shown(n).map((i) => (i === null ? '…' : cell(offset + i))).join(', ')}]`;
    }
    const rows = shown(n).map((i) => (i === null ? '…' : render(axis + 1, offset + i * strides[axis], `${indent} `)));
    const gap = axis === t.shape.length - 2 ? '\n' : '\n\n';
    return `[${rows.join(`,${gap}${indent} `)}]`;
  };
  return `${header}\n${render(0, 0, '')}`;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** A string in quotes, picking the quote that needs no escaping (as Node does): 'a', "it's", `"it's"`. */
function quote(s: string): string {
  const q = !s.includes("'") ? "'" : !s.includes('"') ? '"' : !s.includes('`') ? '`' : "'";
  const escaped = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replaceAll(q, `\\${q}`);
  return `${q}${escaped}${q}`;
}

/** Any value, as a console shows it: strings quoted, objects and arrays spread over lines when long. */
export function formatValue(value: unknown, options: FormatOptions = {}): string {
  const opts = { ...DEFAULTS, ...options };
  return cut(inspect(value, opts, 0, new Set(), ''), opts.maxLength);
}

/**
 * console.log's arguments: strings as they are, everything else formatted, separated by spaces; a value
 * that spans several lines (a tensor, a long object) starts on a line of its own.
 */
export function formatLogArgs(args: readonly unknown[], options: FormatOptions = {}): string {
  const opts = { ...DEFAULTS, ...options };
  const parts = args.map((a) => (typeof a === 'string' ? a : inspect(a, opts, 0, new Set(), '')));
  const text = parts.map((part, i) => (i === 0 ? part : `${part.includes('\n') && typeof args[i] !== 'string' ? '\n' : ' '}${part}`)).join('');
  return cut(text, opts.maxLength);
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

function inspect(value: unknown, opts: Required<FormatOptions>, depth: number, seen: Set<object>, indent: string): string {
  try {
    return inspectUnsafe(value, opts, depth, seen, indent);
  } catch {
    return '[unprintable value]';
  }
}

function inspectUnsafe(value: unknown, opts: Required<FormatOptions>, depth: number, seen: Set<object>, indent: string): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function': {
      const source = Function.prototype.toString.call(value);
      const kind = source.startsWith('class') ? 'class' : 'Function';
      return value.name ? `[${kind}: ${value.name}]` : `[${kind} (anonymous)]`;
    }
  }
  if (value === null) return 'null';
  const obj = value as object;
  if (isTensorLike(obj)) return formatTensor(obj, opts).replace(/\n/g, `\n${indent}`);
  if (seen.has(obj)) return '[Circular]';
  if (obj instanceof Error) return formatErrorText(obj);
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
  if (obj instanceof RegExp) return String(obj);
  if (obj instanceof Promise) return 'Promise { … } (add await to see its value)';
  if (depth >= opts.maxDepth) return Array.isArray(obj) ? '[Array]' : '[Object]';
  seen.add(obj);
  try {
    const inner = `${indent}  `;
    const item = (v: unknown) => inspect(v, opts, depth + 1, seen, inner);
    if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
      const arr = obj as unknown as ArrayLike<number | bigint>;
      const name = obj.constructor.name;
      return `${name}(${arr.length}) ${list(Array.from(limited(arr, opts.maxItems), (v) => (typeof v === 'bigint' ? `${v}n` : formatNumber(v))), arr.length, '[', ']', indent, opts.maxItems)}`;
    }
    if (Array.isArray(obj)) return list(limited(obj, opts.maxItems).map(item), obj.length, '[', ']', indent, opts.maxItems);
    if (obj instanceof Map) {
      const entries = [...obj].slice(0, opts.maxItems).map(([k, v]) => `${item(k)} => ${item(v)}`);
      return `Map(${obj.size}) ${list(entries, obj.size, '{', '}', indent, opts.maxItems)}`;
    }
    if (obj instanceof Set) {
      return `Set(${obj.size}) ${list([...obj].slice(0, opts.maxItems).map(item), obj.size, '{', '}', indent, opts.maxItems)}`;
    }
    const keys = Object.keys(obj);
    const entries = keys.slice(0, opts.maxItems).map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k)}: ${item((obj as Record<string, unknown>)[k])}`);
    const proto = Object.getPrototypeOf(obj);
    const name = proto && proto !== Object.prototype && proto.constructor?.name ? `${proto.constructor.name} ` : '';
    if (keys.length === 0) return `${name}{}`;
    return name + list(entries, keys.length, '{', '}', indent, opts.maxItems, true);
  } finally {
    seen.delete(obj);
  }
}

function limited<T>(arr: ArrayLike<T>, max: number): T[] {
  return Array.from({ length: Math.min(arr.length, max) }, (_, i) => arr[i]);
}

function list(items: string[], total: number, open: string, close: string, indent: string, max: number, spaced = false): string {
  const all = total > max ? [...items, `… ${total - max} more`] : items;
  const pad = spaced || open === '{' ? ' ' : '';
  const oneLine = `${open}${pad}${all.join(', ')}${pad}${close}`;
  if (oneLine.length + indent.length <= LINE_WIDTH && !oneLine.includes('\n')) return oneLine;
  if (open === '[' && all.every((s) => s.length <= 16 && !s.includes('\n'))) {
    // Many short items (a list of ids, say): several to a line instead of one per line.
    const rows: string[] = [];
    let row = '';
    for (const item of all) {
      if (row && indent.length + 2 + row.length + item.length + 2 > LINE_WIDTH) {
        rows.push(row);
        row = '';
      }
      row += row ? ` ${item},` : `${item},`;
    }
    rows.push(row.slice(0, -1));
    return `${open}\n${rows.map((r) => `${indent}  ${r}`).join('\n')}\n${indent}${close}`;
  }
  return `${open}\n${all.map((s) => `${indent}  ${s}`).join(',\n')}\n${indent}${close}`;
}

/** An Error's first line: "TypeError: x is not a function". */
function formatErrorText(error: Error): string {
  let name = 'Error';
  let message = '';
  try {
    name = String(error.name || 'Error');
    message = String(error.message ?? '');
  } catch {
    // a getter that throws: keep the defaults
  }
  return message ? `${name}: ${message}` : name;
}

/** What the output panel shows for something thrown, Error or not. */
export interface ErrorInfo {
  name: string; // 'TypeError', 'SyntaxError' ..., or 'Uncaught' for a thrown non-Error
  message: string;
  line?: number; // 1-based line in the reader's code, when known
  column?: number;
}

/** Anything thrown -> ErrorInfo. `lineOf` maps an Error to the reader's line (from its stack). */
export function describeThrown(thrown: unknown, lineOf?: (error: Error) => { line: number; column?: number } | undefined): ErrorInfo {
  if (thrown instanceof Error || (typeof thrown === 'object' && thrown !== null && 'message' in thrown && 'stack' in thrown)) {
    const error = thrown as Error;
    const text = formatErrorText(error);
    const colon = text.indexOf(': ');
    const info: ErrorInfo = colon < 0 ? { name: text, message: '' } : { name: text.slice(0, colon), message: text.slice(colon + 2) };
    const own = error as Error & { line?: unknown; column?: unknown };
    if (typeof own.line === 'number') {
      info.line = own.line;
      if (typeof own.column === 'number') info.column = own.column;
    } else {
      try {
        const where = lineOf?.(error);
        if (where) Object.assign(info, where);
      } catch {
        // no line then
      }
    }
    return info;
  }
  return { name: 'Uncaught', message: `${formatValue(thrown)} (a value was thrown that is not an Error)` };
}

/** One line for the panel: "TypeError on line 3: x is not a function". */
export function errorLine(info: ErrorInfo): string {
  const where = info.line ? ` on line ${info.line}` : '';
  return info.message ? `${info.name}${where}: ${info.message}` : `${info.name}${where}`;
}

/** Milliseconds as the panel shows them: "12 ms", "1.25 s". */
export function formatElapsed(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
