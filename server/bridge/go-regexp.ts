/**
 * Go's regexp (RE2 syntax, Perl flags) for `match_type: regex` mappings, translated into an equivalent
 * JavaScript RegExp, plus Go's Regexp.ExpandString for `$1`, `${name}` in names and labels. Both engines
 * pick the leftmost-first match a backtracking engine would, so a faithful translation matches the same
 * text. Where JavaScript cannot say the same thing (Unicode classes like \pL, a case-insensitive flag on
 * part of a pattern, a capture inside a repeated group, which JavaScript clears on every repetition while
 * Go keeps its last match) the pattern is refused by name rather than approximated.
 */

export class RegexpError extends Error {
  override name = 'RegexpError';
}

export interface GoRegexp {
  pattern: string;
  regexp: RegExp;
  /** Group names by group number; index 0 (the whole match) and unnamed groups are ''. */
  groupNames: string[];
}

const MAX_CODE_POINT = 0x10ffff;

/** Sorted, merged, inclusive code point ranges: a character class as Go keeps it. */
type Ranges = Array<[number, number]>;

interface Flags {
  foldCase: boolean;
  multiLine: boolean;
  dotNL: boolean;
  nonGreedy: boolean;
}

interface Piece {
  source: string;
  /** True when the JavaScript source is one atom a quantifier can follow without a group. */
  atomic: boolean;
  captures: boolean;
  /** A capture that may sit out a match of this piece (in an alternative, or under ? or *). */
  optionalCaptures: boolean;
  /** The largest repeat count inside, for Go's nested-repeat limit. */
  repeats: RepeatNode[];
}

interface RepeatNode {
  max: number;
  min: number;
  inner: RepeatNode[];
}

const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
const SPACE: Ranges = [
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
];
const POSIX: Record<string, Ranges> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: DIGIT,
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: WORD,
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};

export function compileGoRegexp(pattern: string): GoRegexp {
  const parser = new Parser(pattern);
  const { source, ignoreCase } = parser.parse();
  return {
    pattern,
    regexp: new RegExp(source, ignoreCase ? 'iu' : 'u'),
    groupNames: parser.groupNames,
  };
}

class Parser {
  private readonly chars: string[];
  private pos = 0;
  readonly groupNames: string[] = [''];
  private flags: Flags = { foldCase: false, multiLine: false, dotNL: false, nonGreedy: false };
  /** A leading (?i) makes the whole pattern case-insensitive, which JavaScript can say. */
  private globalFoldCase = false;

  constructor(private readonly pattern: string) {
    this.chars = Array.from(pattern);
  }

  parse(): { source: string; ignoreCase: boolean } {
    this.readLeadingFlags();
    const piece = this.alternation(0);
    if (this.pos < this.chars.length) throw this.error('unexpected )');
    checkRepeatLimit(piece.repeats, 1000, this.pattern);
    return { source: piece.source, ignoreCase: this.globalFoldCase };
  }

  private error(message: string): RegexpError {
    return new RegexpError(`invalid regex ${JSON.stringify(this.pattern)}: ${message}`);
  }

  private unsupported(what: string): RegexpError {
    return new RegexpError(
      `regex ${JSON.stringify(this.pattern)} uses ${what}, which the built-in bridge cannot reproduce exactly`,
    );
  }

  private peek(offset = 0): string | undefined {
    return this.chars[this.pos + offset];
  }

  /** `(?i)`, alone or with other flags, as the very first thing: the whole pattern folds case. */
  private readLeadingFlags(): void {
    const match = /^\(\?([imsU]+)\)/.exec(this.pattern);
    if (match === null || !match[1]?.includes('i')) return;
    this.globalFoldCase = true;
    this.flags.foldCase = true;
  }

  private alternation(depth: number): Piece {
    const branches: Piece[] = [this.concat(depth)];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.concat(depth));
    }
    if (branches.length === 1) return branches[0] as Piece;
    return {
      source: branches.map((b) => b.source).join('|'),
      atomic: false,
      captures: branches.some((b) => b.captures),
      optionalCaptures: branches.some((b) => b.captures),
      repeats: branches.flatMap((b) => b.repeats),
    };
  }

  private concat(depth: number): Piece {
    const pieces: Piece[] = [];
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '|' || c === ')') break;
      if (c === '*' || c === '+' || c === '?')
        throw this.error(`missing argument to repetition operator: ${c}`);
      if (c === '{' && this.repeatAhead() !== null)
        throw this.error('missing argument to repetition operator');
      const atom = this.atom(depth);
      if (atom === null) continue;
      pieces.push(this.quantified(atom));
    }
    if (pieces.length === 1) return pieces[0] as Piece;
    return {
      source: pieces.map((p) => p.source).join(''),
      atomic: false,
      captures: pieces.some((p) => p.captures),
      optionalCaptures: pieces.some((p) => p.optionalCaptures),
      repeats: pieces.flatMap((p) => p.repeats),
    };
  }

  private quantified(atom: Piece): Piece {
    let result = atom;
    let repeated = false;
    for (;;) {
      const c = this.peek();
      let min: number;
      let max: number;
      let text: string;
      if (c === '*' || c === '+' || c === '?') {
        this.pos++;
        [min, max] = c === '*' ? [0, -1] : c === '+' ? [1, -1] : [0, 1];
        text = c;
      } else if (c === '{') {
        const repeat = this.repeatAhead();
        if (repeat === null) break;
        ({ min, max } = repeat);
        this.pos += repeat.length;
        if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max)) {
          throw this.error(`invalid repeat count ${repeat.text}`);
        }
        text = repeat.text;
      } else {
        break;
      }
      if (repeated) throw this.error(`invalid nested repetition operator ${text}`);
      repeated = true;
      let lazy = this.flags.nonGreedy;
      if (this.peek() === '?') {
        this.pos++;
        lazy = !lazy;
      }
      // JavaScript clears a repeated group's captures on each repetition, Go keeps their last match: the
      // same only while every capture inside takes part in every repetition.
      if ((max === -1 || max > 1) && result.optionalCaptures) {
        throw this.unsupported('a capturing group that can sit out a repetition of its repeated group');
      }
      const quantifier =
        max === -1 && min === 0
          ? '*'
          : max === -1 && min === 1
            ? '+'
            : min === 0 && max === 1
              ? '?'
              : max === -1
                ? `{${min},}`
                : min === max
                  ? `{${min}}`
                  : `{${min},${max}}`;
      const body = result.atomic ? result.source : `(?:${result.source})`;
      result = {
        source: `${body}${quantifier}${lazy ? '?' : ''}`,
        atomic: false,
        captures: result.captures,
        optionalCaptures: result.optionalCaptures || (min === 0 && result.captures),
        repeats: min >= 2 || max >= 2 ? [{ min, max, inner: result.repeats }] : result.repeats,
      };
    }
    return result;
  }

  /** `{n}`, `{n,}` or `{n,m}` at the cursor, else null (then `{` is a literal, as in Go). */
  private repeatAhead(): { min: number; max: number; length: number; text: string } | null {
    const rest = this.chars.slice(this.pos, this.pos + 24).join('');
    const match = /^\{(\d+)(,(\d*))?\}/.exec(rest);
    if (match === null) return null;
    const min = goRepeatInt(match[1] ?? '');
    const max = match[2] === undefined ? min : match[3] === '' ? -1 : goRepeatInt(match[3] ?? '');
    return { min: max === -2 ? -1 : min, max, length: match[0].length, text: match[0] };
  }

  private atom(depth: number): Piece | null {
    const c = this.peek() as string;
    switch (c) {
      case '(':
        return this.group(depth);
      case '[':
        return this.classPiece(this.charClass());
      case '.':
        this.pos++;
        return this.classPiece(
          this.flags.dotNL
            ? [[0, MAX_CODE_POINT]]
            : [
                [0, 9],
                [11, MAX_CODE_POINT],
              ],
        );
      case '^':
        this.pos++;
        return {
          source: this.flags.multiLine ? '(?:^|(?<=\\n))' : '^',
          atomic: false,
          captures: false,
          optionalCaptures: false,
          repeats: [],
        };
      case '$':
        this.pos++;
        return {
          source: this.flags.multiLine ? '(?:$|(?=\\n))' : '$',
          atomic: false,
          captures: false,
          optionalCaptures: false,
          repeats: [],
        };
      case '\\':
        return this.escapeAtom();
      default:
        this.pos++;
        return literal(c.codePointAt(0) ?? 0);
    }
  }

  /** A group; null for a bare `(?flags)`, whose flags then hold to the end of the enclosing group. */
  private group(depth: number): Piece | null {
    this.pos++;
    let capture = true;
    let name = '';
    const saved = { ...this.flags };
    if (this.peek() === '?') {
      const rest = this.chars.slice(this.pos).join('');
      if ((rest.startsWith('?P<') && rest.length > 3) || (rest.startsWith('?<') && rest.length > 2)) {
        const named = /^\?P?<([^>]*)>/.exec(rest);
        if (named === null || !/^[A-Za-z0-9_]+$/.test(named[1] ?? '')) {
          throw this.error(`invalid named capture (${named?.[0] ?? rest}`);
        }
        name = named[1] ?? '';
        this.pos += Array.from(named[0]).length;
      } else if (this.readFlags() === ')') {
        return null;
      } else {
        capture = false;
      }
    }
    if (depth >= 1000) throw this.error('expression nests too deeply');
    if (capture) this.groupNames.push(name);
    const inner = this.alternation(depth + 1);
    if (this.peek() !== ')') throw this.error('missing closing )');
    this.pos++;
    this.flags = saved;
    return {
      source: capture ? `(${inner.source})` : `(?:${inner.source})`,
      atomic: true,
      captures: capture || inner.captures,
      optionalCaptures: inner.optionalCaptures,
      repeats: inner.repeats,
    };
  }

  /** Reads `?flags)` or `?flags:` after a `(` (Go's parsePerlFlags); returns which one ended it. */
  private readFlags(): ')' | ':' {
    this.pos++;
    const flags = { ...this.flags };
    let negate = false;
    let sawFlag = false;
    for (;;) {
      const c = this.peek();
      this.pos++;
      switch (c) {
        case 'i':
          flags.foldCase = !negate;
          sawFlag = true;
          break;
        case 'm':
          flags.multiLine = !negate;
          sawFlag = true;
          break;
        case 's':
          flags.dotNL = !negate;
          sawFlag = true;
          break;
        case 'U':
          flags.nonGreedy = !negate;
          sawFlag = true;
          break;
        case '-':
          if (negate) throw this.error('invalid or unsupported Perl syntax (?-…-');
          negate = true;
          sawFlag = false;
          break;
        case ':':
        case ')':
          if (negate && !sawFlag) throw this.error('invalid or unsupported Perl syntax (?-)');
          // JavaScript (Node 20) has no inline modifiers: only a leading (?i) for the whole pattern maps.
          if (flags.foldCase !== this.globalFoldCase) {
            throw this.unsupported('a case-insensitive flag on part of the pattern');
          }
          this.flags = flags;
          return c;
        default:
          throw this.error(`invalid or unsupported Perl syntax (?${c ?? ''}`);
      }
    }
  }

  private escapeAtom(): Piece {
    const next = this.peek(1);
    switch (next) {
      case 'A':
        this.pos += 2;
        return { source: '^', atomic: false, captures: false, optionalCaptures: false, repeats: [] };
      case 'z':
        this.pos += 2;
        return { source: '$', atomic: false, captures: false, optionalCaptures: false, repeats: [] };
      case 'b':
      case 'B':
        this.pos += 2;
        if (this.globalFoldCase) throw this.unsupported('\\b or \\B with case folding');
        return { source: `\\${next}`, atomic: false, captures: false, optionalCaptures: false, repeats: [] };
      case 'C':
        throw this.error('invalid escape sequence \\C');
      case 'Q': {
        this.pos += 2;
        const rest = this.chars.slice(this.pos).join('');
        const end = rest.indexOf('\\E');
        const text = end < 0 ? rest : rest.slice(0, end);
        this.pos += Array.from(text).length + (end < 0 ? 0 : 2);
        const source = Array.from(text)
          .map((ch) => literal(ch.codePointAt(0) ?? 0).source)
          .join('');
        return {
          source: source === '' ? '(?:)' : `(?:${source})`,
          atomic: true,
          captures: false,
          optionalCaptures: false,
          repeats: [],
        };
      }
    }
    const perl = this.perlClass();
    if (perl !== null) return this.classPiece(perl);
    return literal(this.escapeChar());
  }

  /** \d \D \s \S \w \W, or \p… (refused); null when the escape is something else. */
  private perlClass(): Ranges | null {
    const next = this.peek(1);
    if (next === 'p' || next === 'P') throw this.unsupported(`the Unicode class escape \\${next}`);
    const base =
      next === 'd' || next === 'D'
        ? DIGIT
        : next === 's' || next === 'S'
          ? SPACE
          : next === 'w' || next === 'W'
            ? WORD
            : null;
    if (base === null) return null;
    this.pos += 2;
    return next === next?.toUpperCase() ? negate(base) : base;
  }

  /** Go's parseEscape: one escaped character (octal, hex, C escapes, escaped punctuation). */
  private escapeChar(): number {
    this.pos++;
    const c = this.peek();
    if (c === undefined) throw this.error('trailing backslash at end of expression');
    this.pos++;
    const code = c.codePointAt(0) ?? 0;
    if (code < 0x80 && !/[A-Za-z0-9]/.test(c)) return code;
    if (c >= '1' && c <= '7') {
      const following = this.peek();
      if (following === undefined || following < '0' || following > '7')
        throw this.error(`invalid escape sequence \\${c}`);
    }
    if (c >= '0' && c <= '7') {
      let value = code - 48;
      for (let i = 1; i < 3; i++) {
        const d = this.peek();
        if (d === undefined || d < '0' || d > '7') break;
        value = value * 8 + (d.charCodeAt(0) - 48);
        this.pos++;
      }
      return value;
    }
    const simple: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (Object.hasOwn(simple, c)) return simple[c] as number;
    if (c === 'x') {
      const first = this.peek();
      if (first === '{') {
        this.pos++;
        let value = 0;
        let digits = 0;
        for (;;) {
          const d = this.peek();
          this.pos++;
          if (d === undefined) throw this.error('invalid escape sequence \\x{');
          if (d === '}') break;
          if (!/^[0-9A-Fa-f]$/.test(d)) throw this.error('invalid escape sequence \\x{');
          value = value * 16 + parseInt(d, 16);
          if (value > MAX_CODE_POINT) throw this.error('invalid escape sequence \\x{');
          digits++;
        }
        if (digits === 0) throw this.error('invalid escape sequence \\x{}');
        return value;
      }
      const second = this.peek(1);
      if (first === undefined || second === undefined || !/^[0-9A-Fa-f]{2}$/.test(first + second)) {
        throw this.error('invalid escape sequence \\x');
      }
      this.pos += 2;
      return parseInt(first + second, 16);
    }
    throw this.error(`invalid escape sequence \\${c}`);
  }

  /** `[...]` as Go reads it: `]` and `-` literal where they cannot mean anything else, POSIX names. */
  private charClass(): Ranges {
    this.pos++;
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    let ranges: Ranges = [];
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw this.error('missing closing ]');
      if (c === ']' && !first) break;
      first = false;
      if (c === '[' && this.peek(1) === ':') {
        const rest = this.chars.slice(this.pos).join('');
        const end = rest.indexOf(':]', 2);
        if (end >= 0) {
          const name = rest.slice(2, end);
          const negatedName = name.startsWith('^');
          const group = POSIX[negatedName ? name.slice(1) : name];
          if (group === undefined) throw this.error(`invalid character class range [:${name}:]`);
          ranges = ranges.concat(negatedName ? negate(group) : group);
          this.pos += Array.from(rest.slice(0, end + 2)).length;
          continue;
        }
      }
      if (c === '\\') {
        const perl = this.perlClass();
        if (perl !== null) {
          ranges = ranges.concat(perl);
          continue;
        }
      }
      const lo = this.classChar();
      let hi = lo;
      if (this.peek() === '-' && this.peek(1) !== undefined && this.peek(1) !== ']') {
        this.pos++;
        hi = this.classChar();
        if (hi < lo) throw this.error('invalid character class range');
      }
      ranges.push([lo, hi]);
    }
    this.pos++;
    const clean = normalise(ranges);
    return negated ? negate(clean) : clean;
  }

  private classChar(): number {
    const c = this.peek();
    if (c === undefined) throw this.error('missing closing ]');
    if (c === '\\') return this.escapeChar();
    this.pos++;
    return c.codePointAt(0) ?? 0;
  }

  private classPiece(ranges: Ranges): Piece {
    return {
      source: classSource(ranges),
      atomic: true,
      captures: false,
      optionalCaptures: false,
      repeats: [],
    };
  }
}

/** Go's parseInt for repeat counts: digits without a leading zero; -2 when too large (over 1e8). */
function goRepeatInt(text: string): number {
  if (text.length > 1 && text[0] === '0') return -2;
  if (text.length >= 8) return -2;
  return Number(text);
}

function checkRepeatLimit(repeats: RepeatNode[], limit: number, pattern: string): void {
  for (const node of repeats) {
    let n = limit;
    const m = node.max === -1 ? node.min : node.max;
    if (m !== 0) {
      if (m > n) throw new RegexpError(`invalid regex ${JSON.stringify(pattern)}: invalid repeat count`);
      if (m > 0) n = Math.floor(n / m);
    }
    checkRepeatLimit(node.inner, n, pattern);
  }
}

function literal(code: number): Piece {
  return {
    source: escapeCodePoint(code),
    atomic: true,
    captures: false,
    optionalCaptures: false,
    repeats: [],
  };
}

function escapeCodePoint(code: number): string {
  if ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) {
    return String.fromCodePoint(code);
  }
  return `\\u{${code.toString(16)}}`;
}

function classSource(ranges: Ranges): string {
  const body = ranges
    .map(([lo, hi]) => (lo === hi ? escapeCodePoint(lo) : `${escapeCodePoint(lo)}-${escapeCodePoint(hi)}`))
    .join('');
  return `[${body}]`;
}

function normalise(ranges: Ranges): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function negate(ranges: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of normalise(ranges)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

/**
 * Go's Regexp.ExpandString: `$n`, `${n}`, `$name`, `${name}` (the longest run of letters, digits and _),
 * `$$` for a dollar; a reference to a group that did not take part, or does not exist, is empty; a `$`
 * that starts no reference stays as it is.
 */
export function goExpand(template: string, match: RegExpExecArray, groupNames: string[]): string {
  let out = '';
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar < 0) break;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest[0] === '$') {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const reference = /^(\{)?([\p{L}\p{Nd}_]+)/u.exec(rest);
    const braced = reference?.[1] === '{';
    const name = reference?.[2] ?? '';
    if (reference === null || (braced && rest[reference[0].length] !== '}')) {
      out += '$';
      continue;
    }
    rest = rest.slice(reference[0].length + (braced ? 1 : 0));
    const number =
      /^\d+$/.test(name) && !(name.length > 1 && name[0] === '0') && name.length <= 9 ? Number(name) : -1;
    if (number >= 0) {
      out += match[number] ?? '';
    } else {
      const index = groupNames.findIndex((groupName, i) => groupName === name && match[i] !== undefined);
      if (index > 0) out += match[index] ?? '';
    }
  }
  return out + rest;
}
