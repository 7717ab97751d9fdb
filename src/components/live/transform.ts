// Reader code -> the body of an async function, ready for the worker to run. Three steps, none of
// which builds an AST:
//   1. transpile: TypeScript -> JavaScript with sucrase, which keeps every line where it was, so a
//      line number in the output is the same line in the reader's code;
//   2. capture: if the code ends with an expression statement, turn it into `return (expr)`, on the
//      same line, so the run's result is the value of that last expression (as a console shows it);
//   3. the worker wraps the body in an async function, so top-level await works.
//
// The last-expression rule: the last statement counts when it starts on its own line or after a
// `;` at the top level, does not start with a keyword (const, if, for ...) or `{`, and, if it starts a
// line, does not start with a character that would join it to the line above ( [ ` + - / . , ? : = ...
// (the places where JavaScript's automatic semicolons do not apply). Every candidate split is checked
// by compiling it (never running it), so a capture can never change what the code means.

import { transform } from 'sucrase';

/** A syntax error with its position in the reader's code (1-based line, 1-based column). */
export class LiveSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(message);
    this.name = 'SyntaxError';
    this.line = line;
    this.column = column;
  }
}

/** Compiles (does not run) a body as an async function; true when it is valid JavaScript. */
export type Compiles = (body: string) => boolean;

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as new (...args: string[]) => unknown;

/** The default syntax check: the JavaScript engine's own parser, in strict mode like the real run. */
const compiles: Compiles = (body) => {
  try {
    new AsyncFunction(`'use strict';${body}\n`);
    return true;
  } catch {
    return false;
  }
};

/** TypeScript (or JavaScript) -> JavaScript, line for line. Throws LiveSyntaxError with the line. */
export function transpile(source: string): string {
  const importLine = source.split('\n').findIndex((line) => /^\s*(import(\s*[{*'"]|\s+[\w$])|export\s)/.test(line));
  if (importLine >= 0) {
    throw new LiveSyntaxError('import and export are not available here: `tf` and `book` are already in scope.', importLine + 1, 1);
  }
  try {
    return transform(source, { transforms: ['typescript'], disableESTransforms: true }).code;
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const message = String((error as Error).message ?? error).replace(/\s*\(\d+:\d+\)\s*$/, '');
    if (loc) throw new LiveSyntaxError(message, loc.line, loc.column + 1);
    throw new LiveSyntaxError(message, 1, 1);
  }
}

interface Scan {
  /** Offsets where a new top-level statement may start: after a top-level `;` or at a line start at depth 0. */
  splits: { at: number; afterSemicolon: boolean }[];
  /** For every offset, whether it holds code (not whitespace, not a comment). */
  significant: boolean[];
}

const REGEX_AFTER = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);
const REGEX_AFTER_WORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/** A small lexer: enough of JavaScript to know strings, templates, comments, regexes and bracket depth. */
function scan(code: string): Scan {
  const splits: Scan['splits'] = [{ at: 0, afterSemicolon: false }];
  const significant = new Array<boolean>(code.length).fill(false);
  const braces: ('code' | 'template')[] = []; // what each open { belongs to: code, or a template's ${
  let depth = 0; // ( [ { nesting outside templates' text
  let prev = ''; // previous significant token (a char, or a word)
  let i = 0;
  const mark = (from: number, to: number) => {
    for (let k = from; k < to; k++) significant[k] = true;
  };
  const readTemplate = (): void => {
    // i is just after ` or after the } that closes a ${ ... }
    const start = i;
    while (i < code.length) {
      const ch = code[i];
      if (ch === '\\') i += 2;
      else if (ch === '`') {
        i++;
        mark(start, i);
        prev = '`';
        return;
      } else if (ch === '$' && code[i + 1] === '{') {
        i += 2;
        mark(start, i);
        braces.push('template');
        depth++;
        prev = '{';
        return;
      } else i++;
    }
    mark(start, i);
  };
  while (i < code.length) {
    const ch = code[i];
    const next = code[i + 1];
    if (ch === '\n') {
      i++;
      if (depth === 0) splits.push({ at: i, afterSemicolon: false });
    } else if (/\s/.test(ch)) i++;
    else if (ch === '/' && next === '/') {
      while (i < code.length && code[i] !== '\n') i++;
    } else if (ch === '/' && next === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? code.length : end + 2;
    } else if (ch === '"' || ch === "'") {
      const start = i++;
      while (i < code.length && code[i] !== ch && code[i] !== '\n') i += code[i] === '\\' ? 2 : 1;
      i++;
      mark(start, i);
      prev = 'string';
    } else if (ch === '`') {
      i++;
      significant[i - 1] = true;
      readTemplate();
    } else if (ch === '/' && (prev === '' || REGEX_AFTER.has(prev) || REGEX_AFTER_WORDS.has(prev))) {
      const start = i++;
      let inClass = false;
      while (i < code.length && code[i] !== '\n') {
        if (code[i] === '\\') i++;
        else if (code[i] === '[') inClass = true;
        else if (code[i] === ']') inClass = false;
        else if (code[i] === '/' && !inClass) break;
        i++;
      }
      i++;
      while (i < code.length && /[a-z]/i.test(code[i])) i++;
      mark(start, i);
      prev = 'regex';
    } else if (/[A-Za-z_$0-9\u0080-\uffff]/.test(ch)) {
      const start = i;
      while (i < code.length && /[A-Za-z_$0-9\u0080-\uffff]/.test(code[i])) i++;
      mark(start, i);
      prev = code.slice(start, i);
    } else {
      significant[i] = true;
      if (ch === '(' || ch === '[') depth++;
      else if (ch === '{') {
        depth++;
        braces.push('code');
      } else if (ch === ')' || ch === ']') depth = Math.max(0, depth - 1);
      else if (ch === '}') {
        depth = Math.max(0, depth - 1);
        if (braces.pop() === 'template') {
          i++;
          readTemplate();
          continue;
        }
      } else if (ch === ';' && depth === 0) splits.push({ at: i + 1, afterSemicolon: true });
      prev = ch;
      i++;
    }
  }
  return { splits, significant };
}

const STATEMENT_KEYWORDS =
  /^(var|let|const|function|class|if|for|while|do|switch|try|throw|return|break|continue|import|export|debugger|with|else|catch|finally|case|default|async\s+function|enum|interface|type\s+[A-Za-z_$])\b/;
// A line starting with one of these continues the previous line instead of starting a statement.
const CONTINUES_PREVIOUS_LINE = /^([([`+\-*/%,.?:=<>&|^]|!=|in\b|instanceof\b|as\b)/;

/**
 * Rewrites the last statement into `return (...)` when it is an expression.
 * Returns the new body and whether a value is captured.
 */
export function captureLastExpression(js: string, canCompile: Compiles = compiles): { code: string; captured: boolean } {
  const { splits, significant } = scan(js);
  for (let s = splits.length - 1; s >= 0; s--) {
    const { at, afterSemicolon } = splits[s];
    let first = at;
    while (first < js.length && !significant[first]) first++;
    if (first >= js.length) continue; // nothing after this split but blanks and comments
    let last = js.length - 1;
    while (last > first && !significant[last]) last--;
    const tail = js.slice(first, js[last] === ';' ? last : last + 1);
    if (tail.trim() === '' || tail.startsWith('{') || STATEMENT_KEYWORDS.test(tail)) return { code: js, captured: false };
    if (!afterSemicolon && CONTINUES_PREVIOUS_LINE.test(tail)) continue; // part of the statement above
    const head = js.slice(0, first);
    const rewritten = `${head}return (${tail}\n);`;
    if (canCompile(head) && canCompile(`return (${tail}\n);`) && canCompile(rewritten)) {
      return { code: rewritten, captured: true };
    }
    // This split cut a statement in two; an earlier split may hold the whole of it.
  }
  return { code: js, captured: false };
}

/**
 * When the engine rejects code that sucrase accepted (sucrase does not check everything, e.g. a
 * duplicate `let`), finds the first line at which the code stops being a valid start of a program.
 */
export function findSyntaxErrorLine(js: string, canCompile: Compiles = compiles): number {
  const lines = js.split('\n');
  // The last prefix of whole lines that compiles ends just before the broken statement. (A prefix
  // that ends inside a long statement fails too, so this points at the statement's first line.)
  let lastGood = 0;
  for (let n = 1; n <= lines.length; n++) {
    if (canCompile(lines.slice(0, n).join('\n'))) lastGood = n;
  }
  return Math.min(lines.length, lastGood + 1);
}

export interface Prepared {
  /** Body of the async function the worker runs (strict mode; same line numbers as the source). */
  body: string;
  /** Whether the body returns the value of the source's last expression. */
  captured: boolean;
}

/** The whole pipeline: transpile, check, capture. Throws LiveSyntaxError with the reader's line. */
export function prepare(source: string, canCompile: Compiles = compiles): Prepared {
  const js = transpile(source);
  if (!canCompile(js)) {
    const line = findSyntaxErrorLine(js, canCompile);
    throw new LiveSyntaxError(engineSyntaxMessage(js) ?? 'Invalid code', line, 1);
  }
  const { code, captured } = captureLastExpression(js, canCompile);
  return { body: `'use strict';${code}`, captured };
}

/** The engine's own message for a syntax error in a body, e.g. "Identifier 'x' has already been declared". */
function engineSyntaxMessage(js: string): string | undefined {
  try {
    new AsyncFunction(`'use strict';${js}\n`);
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}
