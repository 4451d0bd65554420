import { describe, expect, it } from 'vitest';
import { parseExposition } from '../lab/exposition-parser';
import {
  MetricStore,
  addToCounter,
  counterValue,
  observe,
  type CounterSeries,
  type MetricKind,
  type Series,
} from './metric-store';
import { newLabels, type Labels } from './parser';

function labels(pairs: Record<string, string> = {}): Labels {
  return Object.assign(newLabels(), pairs);
}

type Step = [MetricKind, string, Record<string, string>];

/** Resolves each step in a fresh store; returns 'ok' or the refusal for each. */
function resolveAll(steps: Step[], reserved: Array<[string, MetricKind]> = []): string[] {
  const store = new MetricStore(() => 0);
  for (const [name, kind] of reserved) store.reserve(name, kind);
  return steps.map(([kind, name, pairs]) => {
    const series = store.resolve(kind, name, labels(pairs), { help: 'h', buckets: [1] }, 0);
    return typeof series === 'string' ? series : 'ok';
  });
}

describe('MetricStore: statsd_exporter registry rules', () => {
  it.each<[string, Step[], string[]]>([
    [
      'one name, several label sets',
      [
        ['counter', 'a', {}],
        ['counter', 'a', { x: '1' }],
        ['counter', 'a', { y: '1' }],
      ],
      ['ok', 'ok', 'ok'],
    ],
    [
      'one name, another type',
      [
        ['counter', 'a', {}],
        ['gauge', 'a', { x: '1' }],
      ],
      ['ok', 'conflict'],
    ],
    [
      'counter x_count after histogram x',
      [
        ['histogram', 'x', {}],
        ['counter', 'x_count', {}],
      ],
      ['ok', 'conflict'],
    ],
    [
      'histogram x after counter x_count',
      [
        ['counter', 'x_count', {}],
        ['histogram', 'x', {}],
      ],
      ['ok', 'conflict'],
    ],
    [
      'gauge x_sum after gauge x (the exporter checks counters only)',
      [
        ['gauge', 'x', {}],
        ['gauge', 'x_sum', {}],
      ],
      ['ok', 'conflict'],
    ],
    [
      'counter x_sum after counter x',
      [
        ['counter', 'x', {}],
        ['counter', 'x_sum', {}],
      ],
      ['ok', 'ok'],
    ],
    [
      'gauge x_bucket after summary x',
      [
        ['summary', 'x', {}],
        ['gauge', 'x_bucket', {}],
      ],
      ['ok', 'conflict'],
    ],
    [
      'a new series of counter x_count once gauge x exists',
      [
        ['counter', 'x_count', { a: '1' }],
        ['gauge', 'x', {}],
        ['counter', 'x_count', { a: '1' }],
        ['counter', 'x_count', { a: '2' }],
      ],
      ['ok', 'ok', 'ok', 'conflict'],
    ],
  ])('%s', (_why, steps, expected) => {
    expect(resolveAll(steps)).toEqual(expected);
  });
});

describe('MetricStore: what the exporter passes and then fails or crashes on', () => {
  it.each<[string, Step[], string[]]>([
    [
      'histogram x beside histogram x_count',
      [
        ['histogram', 'x', {}],
        ['histogram', 'x_count', {}],
      ],
      ['ok', 'conflict'],
    ],
    [
      'histogram x_bucket before histogram x',
      [
        ['histogram', 'x_bucket', {}],
        ['histogram', 'x', {}],
      ],
      ['ok', 'conflict'],
    ],
    [
      'summary x beside summary x_sum',
      [
        ['summary', 'x', {}],
        ['summary', 'x_sum', {}],
      ],
      ['ok', 'conflict'],
    ],
    [
      'summary x beside histogram x_bucket (no clash)',
      [
        ['summary', 'x', {}],
        ['histogram', 'x_bucket', {}],
      ],
      ['ok', 'ok'],
    ],
    ['le on a histogram', [['histogram', 'h', { le: '1' }]], ['reserved_label_name']],
    ['le on a summary (allowed)', [['summary', 's', { le: '1' }]], ['ok']],
    ['quantile on a summary', [['summary', 's', { quantile: '1' }]], ['reserved_label_name']],
    ['a __ label', [['counter', 'c', { __x: '1' }]], ['reserved_label_name']],
  ])('%s', (_why, steps, expected) => {
    expect(resolveAll(steps)).toEqual(expected);
  });

  it('refuses the bridge’s own names, and a second help text for one family', () => {
    expect(resolveAll([['counter', 'own_total', {}]], [['own_total', 'counter']])).toEqual(['conflict']);
    const store = new MetricStore(() => 0);
    expect(typeof store.resolve('counter', 'a', labels({ x: '1' }), { help: 'one' }, 0)).toBe('object');
    expect(store.resolve('counter', 'a', labels(), { help: 'two' }, 0)).toBe('conflict');
    // A new series of an existing vector takes the vector's help, whatever the event says.
    expect(typeof store.resolve('counter', 'a', labels({ x: '2' }), { help: 'two' }, 0)).toBe('object');
  });

  it('counts vectors (name and label names) as they are made', () => {
    const store = new MetricStore(() => 0);
    const made: MetricKind[] = [];
    store.onVectorCreated = (kind) => made.push(kind);
    for (const pairs of [{}, { a: '1' }, { a: '2' }, {}] as Array<Record<string, string>>)
      store.resolve('counter', 'c', labels(pairs), { help: 'h' }, 0);
    expect(made).toEqual(['counter', 'counter']);
  });
});

describe('MetricStore values', () => {
  it('adds counters as client_golang does: whole numbers in a wrapping uint64, the rest in a float', () => {
    const counter: CounterSeries = { kind: 'counter', whole: 0, fraction: 0 };
    addToCounter(counter, 1e19);
    addToCounter(counter, 1e19);
    expect(counterValue(counter)).toBe(Number((2n * 10n ** 19n) % 2n ** 64n));
    const mixed: CounterSeries = { kind: 'counter', whole: 0, fraction: 0 };
    for (const v of [0.1, 0.2, 1e17, 0.3]) addToCounter(mixed, v);
    expect(counterValue(mixed)).toBe(0.1 + 0.2 + 0.3 + 1e17);
    addToCounter(mixed, Number.NaN);
    expect(counterValue(mixed)).toBeNaN();
  });

  it('observes into the first bucket at or above the value; NaN and above-all reach only +Inf', () => {
    const store = new MetricStore(() => 0);
    const series = store.resolve(
      'histogram',
      'h',
      labels(),
      { help: 'h', buckets: [1, 2, Number.POSITIVE_INFINITY] },
      0,
    ) as Series;
    if (series.value.kind !== 'histogram') throw new Error('not a histogram');
    for (const [value, count] of [
      [1, 1],
      [1.5, 3],
      [Number.NaN, 1],
      [5, 2],
    ] as const)
      observe(series.value, value, count, 0);
    expect(store.exposition()).toBe(
      '# HELP h h\n# TYPE h histogram\n' +
        'h_bucket{le="1"} 1\nh_bucket{le="2"} 4\nh_bucket{le="+Inf"} 7\nh_sum NaN\nh_count 7\n',
    );
  });

  it('forgets a series its ttl has passed, and starts it again from zero', () => {
    let now = 0;
    const store = new MetricStore(() => now);
    const first = store.resolve('gauge', 'g', labels(), { help: 'h' }, 1000) as Series;
    if (first.value.kind === 'gauge') first.value.value = 5;
    now = 900;
    expect(store.resolve('gauge', 'g', labels(), { help: 'h' }, 1000)).toBe(first);
    // The lookup at 900 ms counted as a use: alive until 1,900 ms.
    now = 1800;
    expect(store.exposition()).toContain('g 5');
    now = 3000;
    expect(store.exposition()).toBe('');
    const again = store.resolve('gauge', 'g', labels(), { help: 'h' }, 1000) as Series;
    expect([again === first, first.live, again.value]).toEqual([false, false, { kind: 'gauge', value: 0 }]);
  });

  it('writes valid Prometheus text in client_golang’s order and number format', () => {
    const store = new MetricStore(() => 0);
    const add = (name: string, pairs: Record<string, string>, value: number): void => {
      const series = store.resolve(
        'counter',
        name,
        labels(pairs),
        { help: 'Help with \\ and\nnewline.' },
        0,
      ) as Series;
      if (series.value.kind === 'counter') addToCounter(series.value, value);
    };
    add('b', { z: 'q"uote', a: 'back\\slash\nline' }, 1234567);
    add('b', {}, 0.5);
    add('a', { k: 'v' }, 1e21);
    const text = store.exposition();
    expect(text).toBe(
      '# HELP a Help with \\\\ and\\nnewline.\n# TYPE a counter\na{k="v"} 1e+21\n' +
        '# HELP b Help with \\\\ and\\nnewline.\n# TYPE b counter\nb 0.5\n' +
        'b{a="back\\\\slash\\nline",z="q\\"uote"} 1.234567e+06\n',
    );
    expect(parseExposition(text).samples).toHaveLength(3);
  });
});
