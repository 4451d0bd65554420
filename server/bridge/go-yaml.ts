import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { parseGoDuration } from './go-duration';
import { parseGoFloat } from './go-float';

/**
 * YAML read the way statsd_exporter reads its mapping file (go.yaml.in/yaml/v2 into Go structs): a plain
 * scalar's type comes from yaml.v2's own resolution (`010` is octal 8, `1_000` is 1000, `yes` is true,
 * `1.0` stays the text "1.0" in a string field), a quoted one is always a string, null gives the field's
 * zero value, and each Go field type takes only what yaml.v2 would put in it. The document is parsed by
 * the `yaml` package; only scalar typing is done here.
 */

export type GoYamlNode =
  | { kind: 'scalar'; text: string; plain: boolean }
  | { kind: 'map'; entries: Map<string, GoYamlNode | null> }
  | { kind: 'seq'; items: Array<GoYamlNode | null> };

export class GoYamlError extends Error {
  override name = 'GoYamlError';
}

/** The document's root node (null for an empty document); throws GoYamlError when it is not YAML. */
export function parseGoYaml(text: string): GoYamlNode | null {
  // yaml.v2 lets a repeated key overwrite the earlier one; so does this.
  const doc = parseDocument(text, { uniqueKeys: false, merge: false });
  const problem = doc.errors[0];
  if (problem) throw new GoYamlError(`not valid YAML: ${problem.message}`);
  return convert(doc.contents, doc);
}

function convert(node: unknown, doc: Document): GoYamlNode | null {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return convert(node.resolve(doc), doc);
  if (isScalar(node)) {
    const text = node.source ?? String(node.value ?? '');
    const explicitString = node.tag === 'tag:yaml.org,2002:str';
    if (node.tag !== undefined && !explicitString) {
      throw new GoYamlError(
        `the YAML tag ${node.tag} on ${JSON.stringify(text)} is not supported; remove it`,
      );
    }
    const plain = node.type === 'PLAIN' && !explicitString;
    if (plain && NULLS.has(text)) return null;
    return { kind: 'scalar', text, plain };
  }
  if (isSeq(node)) return { kind: 'seq', items: node.items.map((item) => convert(item, doc)) };
  if (isMap(node)) {
    const entries = new Map<string, GoYamlNode | null>();
    const merged: Array<Map<string, GoYamlNode | null>> = [];
    for (const pair of node.items) {
      const key = convert(pair.key, doc);
      if (key?.kind !== 'scalar') throw new GoYamlError('a mapping key must be a plain value');
      const value = convert(pair.value, doc);
      if (key.plain && key.text === '<<') {
        // A merge key: its maps' entries fill in what the map itself does not set.
        const sources = value?.kind === 'seq' ? value.items : [value];
        for (const source of sources) {
          if (source?.kind !== 'map') throw new GoYamlError('a << merge key takes a map or a list of maps');
          merged.push(source.entries);
        }
        continue;
      }
      entries.set(key.text, value);
    }
    for (const source of merged) {
      for (const [key, value] of source) if (!entries.has(key)) entries.set(key, value);
    }
    return { kind: 'map', entries };
  }
  throw new GoYamlError(`unexpected YAML node ${(node as Node).constructor.name}`);
}

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const BOOLS = new Map<string, boolean>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((t) => [t, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map(
    (t) => [t, false] as const,
  ),
]);
const SPECIAL_FLOATS = new Map<string, number>([
  ...['.nan', '.NaN', '.NAN'].map((t) => [t, Number.NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((t) => [t, Number.POSITIVE_INFINITY] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((t) => [t, Number.NEGATIVE_INFINITY] as const),
]);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

type Resolved =
  | { type: 'bool'; value: boolean }
  | { type: 'int'; value: bigint }
  | { type: 'float'; value: number }
  | { type: 'string'; value: string };

/** yaml.v2's resolve() for a non-null scalar. */
function resolve(scalar: { text: string; plain: boolean }): Resolved {
  const text = scalar.text;
  if (!scalar.plain) return { type: 'string', value: text };
  const bool = BOOLS.get(text);
  if (bool !== undefined) return { type: 'bool', value: bool };
  const special = SPECIAL_FLOATS.get(text);
  if (special !== undefined) return { type: 'float', value: special };
  const first = text[0] ?? '';
  if (first === '.') {
    const parsed = parseGoFloat(text);
    if (parsed.error === null) return { type: 'float', value: parsed.value };
  } else if (first === '+' || first === '-' || (first >= '0' && first <= '9')) {
    const digits = text.replaceAll('_', '');
    const int = parseGoInt(digits);
    if (int !== null) return { type: 'int', value: int };
    if (YAML_STYLE_FLOAT.test(digits)) {
      const parsed = parseGoFloat(digits);
      if (parsed.error === null) return { type: 'float', value: parsed.value };
    }
  }
  return { type: 'string', value: text };
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(text, 0, 64), falling back to ParseUint: 0x, 0o, 0b and leading-0 octal; null if neither. */
function parseGoInt(text: string): bigint | null {
  let s = text;
  let negative = false;
  if (s[0] === '+' || s[0] === '-') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  let base = 10;
  if (s.length > 1 && s[0] === '0') {
    const prefix = s[1]?.toLowerCase();
    if (prefix === 'x' || prefix === 'o' || prefix === 'b') {
      base = prefix === 'x' ? 16 : prefix === 'o' ? 8 : 2;
      s = s.slice(2);
    } else {
      base = 8;
      s = s.slice(1);
    }
  }
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[
    base as 2 | 8 | 10 | 16
  ];
  if (!valid.test(s)) return null;
  let value = 0n;
  for (const c of s) value = value * BigInt(base) + BigInt(parseInt(c, base));
  // ParseInt takes a sign and ends at 2^63 - 1; the ParseUint fallback takes no sign and ends at 2^64 - 1.
  const signed = text[0] === '+' || text[0] === '-';
  if (negative) value = -value;
  if (signed ? value < INT64_MIN || value > INT64_MAX : value > UINT64_MAX) return null;
  return value;
}

/** One field's problems go to `issues` as "path: message"; each reader returns the Go zero value then. */
export class GoYamlReader {
  constructor(readonly issues: string[]) {}

  private fail(path: string, node: GoYamlNode, into: string): void {
    const shown = node.kind === 'scalar' ? `\`${node.text}\`` : node.kind === 'seq' ? 'a list' : 'a map';
    this.issues.push(`${path}: cannot read ${shown} as ${into}`);
  }

  string(node: GoYamlNode | null, path: string): string {
    if (node === null) return '';
    if (node.kind !== 'scalar') {
      this.fail(path, node, 'a string');
      return '';
    }
    return node.text;
  }

  float(node: GoYamlNode | null, path: string): number {
    if (node === null) return 0;
    if (node.kind === 'scalar') {
      const resolved = resolve(node);
      if (resolved.type === 'int') return Number(resolved.value);
      if (resolved.type === 'float') return resolved.value;
    }
    this.fail(path, node, 'a number');
    return 0;
  }

  uint32(node: GoYamlNode | null, path: string): number {
    if (node === null) return 0;
    if (node.kind === 'scalar') {
      const resolved = resolve(node);
      if (resolved.type === 'int' && resolved.value >= 0n && resolved.value < 2n ** 32n)
        return Number(resolved.value);
      if (resolved.type === 'float' && resolved.value >= 0 && resolved.value < 2 ** 32)
        return Math.trunc(resolved.value);
    }
    this.fail(path, node, 'a whole number from 0 to 4294967295');
    return 0;
  }

  bool(node: GoYamlNode | null, path: string): boolean {
    if (node === null) return false;
    if (node.kind === 'scalar') {
      const resolved = resolve(node);
      if (resolved.type === 'bool') return resolved.value;
    }
    this.fail(path, node, 'true or false');
    return false;
  }

  /** A time.Duration in nanoseconds: a Go duration string, or a bare number of nanoseconds. */
  durationNs(node: GoYamlNode | null, path: string): number {
    if (node === null) return 0;
    if (node.kind === 'scalar') {
      const resolved = resolve(node);
      if (resolved.type === 'int' && resolved.value >= INT64_MIN && resolved.value < 2n ** 63n) {
        return Number(resolved.value);
      }
      if (resolved.type === 'float' && Math.abs(resolved.value) < 2 ** 63) return Math.trunc(resolved.value);
      if (resolved.type === 'string') {
        try {
          return parseGoDuration(resolved.value);
        } catch {
          // Falls through to the same complaint as any other unreadable value.
        }
      }
    }
    this.fail(path, node, 'a duration such as 30s, 5m or 1h30m');
    return 0;
  }

  list(node: GoYamlNode | null, path: string): Array<GoYamlNode | null> {
    if (node === null) return [];
    if (node.kind !== 'seq') {
      this.fail(path, node, 'a list');
      return [];
    }
    return node.items;
  }

  /** A map's entries, or null for an absent or null node (a nil pointer in Go). */
  map(node: GoYamlNode | null, path: string): Map<string, GoYamlNode | null> | null {
    if (node === null) return null;
    if (node.kind !== 'map') {
      this.fail(path, node, 'a map');
      return null;
    }
    return node.entries;
  }
}
