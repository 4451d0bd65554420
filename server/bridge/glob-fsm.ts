/**
 * Glob matching as statsd_exporter 0.30.0 does it (pkg/mapper/fsm): one trie of dot-separated segments per
 * StatsD metric type, `*` a segment of its own. With ordering on (the default) every path through the trie is
 * searched and the final state with the lowest priority wins, which is the earliest mapping in the file
 * except where the trie's quirks say otherwise; with `glob_disable_ordering` the first final state found
 * wins, exact segments tried before `*`, and alternatives are only revisited when the exporter's own
 * heuristic says backtracking is needed.
 *
 * The quirks are reproduced because they decide which mapping a name gets: a state gets its result only
 * when a mapping creates it, so a glob that ends where an earlier, longer glob passes through never
 * matches, and a later identical glob only lends the state its (later) priority.
 */

export type GlobMetricType = 'counter' | 'gauge' | 'observer';

const METRIC_TYPES: readonly GlobMetricType[] = ['counter', 'gauge', 'observer'];

interface State<T> {
  transitions: Map<string, State<T>>;
  minRemaining: number;
  maxRemaining: number;
  result: T | null;
  priority: number;
}

export interface GlobMatch<T> {
  result: T;
  /** What each `*` matched, in order (missing ones are ''). */
  captures: string[];
}

interface Backtrack<T> {
  state: State<T>;
  fieldIndex: number;
  captureIndex: number;
  capture: string;
}

export class GlobFsm<T> {
  private readonly roots = new Map<GlobMetricType, State<T>>();
  private readonly matches: string[] = [];
  private added = 0;
  /** Worked out on the first lookup, once every glob is in, as the exporter does after loading. */
  private backtrackingNeeded: boolean | null = null;

  constructor(private readonly orderingDisabled: boolean) {
    for (const type of METRIC_TYPES) this.roots.set(type, newState(0));
  }

  /** Adds one glob (already validated) for one metric type or all; returns how many `*` it has. */
  add(match: string, metricType: GlobMetricType | null, result: T): number {
    const fields = match.split('.');
    const roots = metricType === null ? METRIC_TYPES : [metricType];
    const finals: Array<State<T>> = [];
    for (const type of roots) {
      let state = this.roots.get(type) as State<T>;
      fields.forEach((field, i) => {
        const remaining = fields.length - i - 1;
        let next = state.transitions.get(field);
        if (next === undefined) {
          next = newState(remaining);
          if (i === fields.length - 1) next.result = result;
          state.transitions.set(field, next);
        } else {
          next.maxRemaining = Math.max(remaining, next.maxRemaining);
          next.minRemaining = Math.min(remaining, next.minRemaining);
        }
        state = next;
      });
      finals.push(state);
    }
    for (const state of finals) state.priority = this.added;
    this.added++;
    this.matches.push(match);
    this.backtrackingNeeded = null;
    return fields.filter((field) => field === '*').length;
  }

  lookup(name: string, type: GlobMetricType): GlobMatch<T> | null {
    this.backtrackingNeeded ??= !this.orderingDisabled || needsBacktracking(this.matches);
    const backtracking = this.backtrackingNeeded;
    const fields = name.split('.');
    const count = fields.length;
    let current = this.roots.get(type) as State<T>;
    const stack: Array<Backtrack<T>> = [];
    let resume = false;
    let best: State<T> | null = null;
    const captures: string[] = new Array<string>(count).fill('');
    let bestCaptures: string[] = captures;
    let captureIndex = 0;
    let i = 0;
    let state: State<T> = current;
    for (;;) {
      for (;;) {
        if (!resume) {
          if (current.transitions.size === 0) break;
          const field = fields[i] ?? '';
          const left = count - i - 1;
          const exact = current.transitions.get(field);
          if (exact === undefined || !fits(exact, left)) {
            const star = current.transitions.get('*');
            if (star === undefined || !fits(star, left)) break;
            state = star;
            captures[captureIndex++] = field;
          } else {
            state = exact;
            if (backtracking) {
              const star = current.transitions.get('*');
              if (star !== undefined && fits(star, left)) {
                stack.push({ state: star, fieldIndex: i, captureIndex, capture: field });
              }
            }
          }
        }
        if (state.result !== null && i === count - 1) {
          if (this.orderingDisabled) return { result: state.result, captures };
          if (best === null || best.priority > state.priority) {
            best = state;
            bestCaptures = captures.slice();
          }
          break;
        }
        i++;
        if (i >= count) break;
        resume = false;
        current = state;
      }
      const popped = stack.pop();
      if (popped === undefined) break;
      state = popped.state;
      current = state;
      i = popped.fieldIndex;
      captureIndex = popped.captureIndex + 1;
      captures[captureIndex - 1] = popped.capture;
      resume = true;
    }
    return best === null || best.result === null ? null : { result: best.result, captures: bestCaptures };
  }
}

function newState<T>(remaining: number): State<T> {
  return {
    transitions: new Map(),
    minRemaining: remaining,
    maxRemaining: remaining,
    result: null,
    priority: 0,
  };
}

function fits<T>(state: State<T>, left: number): boolean {
  return left <= state.maxRemaining && left >= state.minRemaining;
}

/**
 * The exporter's TestIfNeedBacktracking for glob_disable_ordering: a glob with `*` needs backtracking when
 * another glob of the same length shares the text before one of its `*`s, unless one of the two globs
 * covers the other.
 */
function needsBacktracking(matches: string[]): boolean {
  const byLength = new Map<number, string[]>();
  for (const match of matches) {
    const length = match.split('.').length;
    byLength.set(length, [...(byLength.get(length) ?? []), match]);
  }
  for (const rules of byLength.values()) {
    if (rules.length === 1) continue;
    const patterns = rules.map(
      (rule) => new RegExp(`^${rule.replaceAll('.', '\\.').replaceAll('*', '([^.]*)')}$`),
    );
    for (const [i1, r1] of rules.entries()) {
      if (!r1.includes('*')) continue;
      let needed = false;
      for (let index = 0; index < r1.length; index++) {
        if (r1[index] !== '*') continue;
        const prefix = new RegExp(`^${r1.slice(0, index).replaceAll('.', '\\.').replaceAll('*', '\\*')}`);
        if (rules.some((r2, i2) => i2 !== i1 && prefix.test(r2))) needed = true;
      }
      const pattern = patterns[i1] as RegExp;
      if (rules.some((r2, i2) => i2 !== i1 && pattern.test(r2))) needed = false;
      if (patterns.some((other, i2) => i2 !== i1 && other.test(r1))) needed = false;
      if (needed) return true;
    }
  }
  return false;
}

/**
 * A mapping's name or label template over glob captures, as the exporter's TemplateFormatter builds it:
 * every `$…`/`${…}` reference (the longest run of letters, digits, `_` and `$`) is replaced, one after
 * another and everywhere it occurs, by `%s` when it names a capture 1…n and by nothing otherwise, and the
 * result goes through fmt.Sprintf with the captures. So `$1_x` names no capture and renders as ''.
 */
export class GlobTemplate {
  private readonly format: string;
  private readonly indexes: number[] = [];
  /** A `%` of the template's own that fmt.Sprintf would read as a verb; the mapper refuses those. */
  readonly hasFormatVerbs: boolean;

  constructor(template: string, captureCount: number) {
    let format = template;
    for (const [reference, name = ''] of template.matchAll(/\$\{?([a-zA-Z0-9_$]+)\}?/g)) {
      const index = /^\d+$/.test(name) && name.length <= 18 ? Number(name) : Number.NaN;
      if (index >= 1 && index <= captureCount) {
        format = format.replaceAll(reference, '%s');
        this.indexes.push(index - 1);
      } else {
        format = format.replaceAll(reference, '');
      }
    }
    this.format = format;
    this.hasFormatVerbs = this.indexes.length > 0 && template.includes('%');
  }

  render(captures: string[]): string {
    if (this.indexes.length === 0) return this.format;
    // fmt.Sprintf over `%s` verbs only: a verb without an argument and an argument without a verb say so.
    const parts = this.format.split('%s');
    let out = parts[0] ?? '';
    for (let i = 1; i < parts.length; i++) {
      const index = this.indexes[i - 1];
      out += (index === undefined ? '%!s(MISSING)' : (captures[index] ?? '')) + (parts[i] ?? '');
    }
    const extra = this.indexes.slice(parts.length - 1).map((index) => `string=${captures[index] ?? ''}`);
    return extra.length > 0 ? `${out}%!(EXTRA ${extra.join(', ')})` : out;
  }
}
