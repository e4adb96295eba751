/**
 * Reads a configuration file's JSON text without losing what the user wrote,
 * where `JSON.parse` would:
 *
 * - a key written twice in one object is reported (JSON.parse keeps the last
 *   value without a word);
 * - a number a double cannot hold (`1e309`, `1e-400`, `9007199254740993`)
 *   becomes an `UnrepresentableNumber` that keeps its text, so the message
 *   shows it (JSON.parse gives `Infinity`, `0` or a rounded integer);
 * - a leading UTF-8 byte order mark, as some Windows editors write, is skipped;
 * - a key `__proto__` is an ordinary key.
 *
 * Syntax errors name the line and column.
 */
import { UnrepresentableNumber } from '../core/json-value';
import { Path } from '../core/origin';

/** A key written more than once in one object. */
export interface DuplicateKey {
  /** Path of the key, `['identities', 0, 'name']`. */
  readonly path: Path;
  /** Lines (1-based) where it is written, in order. */
  readonly lines: readonly number[];
}

export interface JsonText {
  readonly value: unknown;
  readonly duplicateKeys: readonly DuplicateKey[];
}

export class JsonSyntaxError extends Error {}

/** Parses `text` as one JSON value. Throws `JsonSyntaxError` naming line and column. */
export function parseJsonText(text: string): JsonText {
  return new Parser(text).document();
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class Parser {
  private position = 0;
  /** Line of `position`: JSON allows line breaks only in white space, where they are counted. */
  private line = 1;
  private readonly duplicates: DuplicateKey[] = [];

  constructor(private readonly text: string) {
    if (text.startsWith('\uFEFF')) this.position = 1;
  }

  document(): JsonText {
    const value = this.value([]);
    this.skipWhitespace();
    if (this.position < this.text.length) this.fail('unexpected text after the JSON value');
    return { value, duplicateKeys: this.duplicates };
  }

  private value(path: Path): unknown {
    this.skipWhitespace();
    const char = this.text[this.position];
    if (char === '{') return this.object(path);
    if (char === '[') return this.array(path);
    if (char === '"') return this.string();
    if (char === '-' || (char >= '0' && char <= '9')) return this.number();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.position)) {
        this.position += word.length;
        return value;
      }
    }
    return this.fail(
      char === undefined ? 'unexpected end of the file' : `unexpected ${show(char)}`,
    );
  }

  private object(path: Path): Record<string, unknown> {
    this.position += 1;
    const result: Record<string, unknown> = {};
    const lines = new Map<string, number[]>();
    this.skipWhitespace();
    if (this.take('}')) return result;
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.position] !== '"') this.fail('expected a key in double quotes');
      const line = this.line;
      const key = this.string();
      this.skipWhitespace();
      if (!this.take(':')) this.fail(`expected ':' after the key ${show(key)}`);
      const value = this.value([...path, key]);
      const seen = lines.get(key);
      if (seen === undefined) lines.set(key, [line]);
      else seen.push(line);
      // defineProperty: an assignment to `__proto__` would set the prototype instead.
      Object.defineProperty(result, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipWhitespace();
      if (this.take('}')) break;
      if (!this.take(',')) this.fail("expected ',' or '}' after a value in an object");
    }
    for (const [key, keyLines] of lines) {
      if (keyLines.length > 1) this.duplicates.push({ path: [...path, key], lines: keyLines });
    }
    return result;
  }

  private array(path: Path): unknown[] {
    this.position += 1;
    const result: unknown[] = [];
    this.skipWhitespace();
    if (this.take(']')) return result;
    for (;;) {
      result.push(this.value([...path, result.length]));
      this.skipWhitespace();
      if (this.take(']')) return result;
      if (!this.take(',')) this.fail("expected ',' or ']' after a value in an array");
    }
  }

  private string(): string {
    const start = this.position;
    this.position += 1;
    let result = '';
    for (;;) {
      const char = this.text[this.position];
      if (char === undefined) this.fail('unterminated string', start);
      if (char === '"') break;
      if (char < ' ') this.fail('a control character in a string: write it as an escape');
      if (char === '\\') {
        const escape = this.text[this.position + 1];
        if (escape === 'u') {
          const hex = this.text.slice(this.position + 2, this.position + 6);
          if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail('\\u must be followed by 4 hex digits');
          result += String.fromCharCode(parseInt(hex, 16));
          this.position += 6;
          continue;
        }
        const replacement = ESCAPES[escape];
        if (replacement === undefined) this.fail(`unknown escape \\${escape ?? ''}`);
        result += replacement;
        this.position += 2;
        continue;
      }
      result += char;
      this.position += 1;
    }
    this.position += 1;
    return result;
  }

  private number(): number | UnrepresentableNumber {
    NUMBER.lastIndex = this.position;
    const match = NUMBER.exec(this.text);
    if (match === null) return this.fail('a number must have digits after "-"');
    const written = match[0];
    this.position += written.length;
    const value = Number(written);
    if (!Number.isFinite(value)) {
      return new UnrepresentableNumber(
        written,
        `is a number too large for JSON (at most ${Number.MAX_VALUE})`,
      );
    }
    if (value === 0 && /[1-9]/.test(written.replace(/[eE].*$/, ''))) {
      return new UnrepresentableNumber(written, 'is a number too small for JSON (it reads as 0)');
    }
    if (/^-?\d+$/.test(written) && !Number.isSafeInteger(value)) {
      return new UnrepresentableNumber(
        written,
        `is an integer too large to read exactly (at most ${Number.MAX_SAFE_INTEGER})`,
      );
    }
    return value;
  }

  private skipWhitespace(): void {
    WHITESPACE.lastIndex = this.position;
    const skipped = WHITESPACE.exec(this.text)?.[0] ?? '';
    for (let i = skipped.indexOf('\n'); i !== -1; i = skipped.indexOf('\n', i + 1)) this.line += 1;
    this.position = WHITESPACE.lastIndex;
  }

  private take(char: string): boolean {
    if (this.text[this.position] !== char) return false;
    this.position += 1;
    return true;
  }

  private fail(message: string, at = this.position): never {
    const line = this.text.slice(0, at).split('\n').length;
    const column = at - this.text.lastIndexOf('\n', at - 1);
    throw new JsonSyntaxError(`${message} (line ${line}, column ${column})`);
  }
}

function show(text: string): string {
  return JSON.stringify(text);
}
