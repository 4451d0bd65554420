import { describe, expect, it } from 'vitest';
import { GlobFsm, GlobTemplate, type GlobMetricType } from './glob-fsm';

type Glob = [match: string, type: GlobMetricType | null];

function fsm(globs: Glob[], orderingDisabled = false): GlobFsm<string> {
  const machine = new GlobFsm<string>(orderingDisabled);
  globs.forEach(([match, type], i) => machine.add(match, type, `${i}:${match}`));
  return machine;
}

/** Which glob (index:match) a name gets, with its captures, or null. */
function lookup(
  machine: GlobFsm<string>,
  name: string,
  type: GlobMetricType = 'counter',
): [string, string[]] | null {
  const found = machine.lookup(name, type);
  return found === null ? null : [found.result, found.captures.filter((c) => c !== '')];
}

describe('GlobFsm with ordering (the default)', () => {
  it.each<[string, Glob[], string, GlobMetricType, [string, string[]] | null]>([
    ['exact segments', [['a.b.c', null]], 'a.b.c', 'counter', ['0:a.b.c', []]],
    ['a * takes one whole segment', [['a.*.c', null]], 'a.xyz.c', 'gauge', ['0:a.*.c', ['xyz']]],
    ['a * never spans two segments', [['a.*', null]], 'a.b.c', 'counter', null],
    ['a * matches an empty segment', [['a.*.c', null]], 'a..c', 'counter', ['0:a.*.c', []]],
    [
      'the earlier glob wins',
      [
        ['a.*', null],
        ['a.b', null],
      ],
      'a.b',
      'counter',
      ['0:a.*', ['b']],
    ],
    [
      'the exact one wins when earlier',
      [
        ['a.b', null],
        ['a.*', null],
      ],
      'a.b',
      'counter',
      ['0:a.b', []],
    ],
    [
      'backtracks to an earlier * path',
      [
        ['*.x.y', null],
        ['a.x.z', null],
      ],
      'a.x.y',
      'counter',
      ['0:*.x.y', ['a']],
    ],
    ['one type only', [['a.b', 'gauge']], 'a.b', 'counter', null],
    ['timer globs are observers', [['a.b', 'observer']], 'a.b', 'observer', ['0:a.b', []]],
    // A glob ending where an earlier, longer one passes through never gets a result in the exporter.
    [
      'a shorter glob after a longer one is dead',
      [
        ['q.a.b', null],
        ['q.a', null],
      ],
      'q.a',
      'counter',
      null,
    ],
    [
      'a shorter glob before a longer one works',
      [
        ['q.a', null],
        ['q.a.b', null],
      ],
      'q.a',
      'counter',
      ['0:q.a', []],
    ],
    // The same glob again keeps the first result but takes the later priority.
    [
      'a repeated glob keeps its first result',
      [
        ['d.x', null],
        ['d.x', null],
      ],
      'd.x',
      'counter',
      ['0:d.x', []],
    ],
    [
      'a repeated glob lends the first one its later priority',
      [
        ['d.x', null],
        ['d.*', null],
        ['d.x', null],
      ],
      'd.x',
      'counter',
      ['1:d.*', ['x']],
    ],
    [
      "a typed glob's state is shared with an untyped one of the same text",
      [
        ['t.x', 'counter'],
        ['t.x', null],
      ],
      't.x',
      'gauge',
      ['1:t.x', []],
    ],
    ['statsd names may contain a literal *', [['s.*.z', null]], 's.*.z', 'counter', ['0:s.*.z', []]],
  ])('%s', (_why, globs, name, type, expected) => {
    expect(lookup(fsm(globs), name, type)).toEqual(expected);
  });
});

describe('GlobFsm with glob_disable_ordering', () => {
  // The exporter's own test cases (pkg/mapper/mapper_test.go), plus the DFS order they imply.
  const backtrack: Glob[] = [
    ['backtrack.*.bbb', null],
    ['backtrack.justatest.aaa', null],
  ];
  const superset: Glob[] = [
    ['noorder.*.*', null],
    ['noorder.*.bbb', null],
    ['noorder.ccc.bbb', null],
  ];
  it.each<[string, Glob[], string, [string, string[]] | null]>([
    [
      'backtracking finds the * path',
      backtrack,
      'backtrack.justatest.bbb',
      ['0:backtrack.*.bbb', ['justatest']],
    ],
    [
      'no backtracking is needed for the exact path',
      backtrack,
      'backtrack.justatest.aaa',
      ['1:backtrack.justatest.aaa', []],
    ],
    ['exact segments before *', superset, 'noorder.ccc.bbb', ['2:noorder.ccc.bbb', []]],
    ['the more specific * glob', superset, 'noorder.good.bbb', ['1:noorder.*.bbb', ['good']]],
    ['the catch-all last', superset, 'noorder.x.y', ['0:noorder.*.*', ['x', 'y']]],
  ])('%s', (_why, globs, name, expected) => {
    expect(lookup(fsm(globs, true), name)).toEqual(expected);
  });

  it('gives up where the exporter does not backtrack', () => {
    // deep.a.c.x is taken exactly and leads nowhere; the heuristic finds no glob needing a second path.
    const globs: Glob[] = [
      ['deep.a.*.d', null],
      ['deep.*.c.d', null],
      ['deep.a.c.x', null],
    ];
    expect(lookup(fsm(globs, true), 'deep.a.b.d')).toEqual(['0:deep.a.*.d', ['b']]);
    expect(lookup(fsm(globs, true), 'deep.b.c.d')).toEqual(['1:deep.*.c.d', ['b']]);
  });
});

describe('GlobTemplate: the exporter’s TemplateFormatter', () => {
  it.each<[string, number, string[], string]>([
    ['plain_name', 0, [], 'plain_name'],
    ['x_$1', 1, ['a'], 'x_a'],
    ['x_${1}_y', 1, ['a'], 'x_a_y'],
    ['$1_suffix', 1, ['a'], ''],
    ['${2}', 1, ['a'], ''],
    ['$1.$1', 1, ['a'], 'a.a'],
    ['${1}-${2}', 2, ['a', 'b'], 'a-b'],
    ['$1$2', 2, ['a', 'b'], ''],
    ['$01', 1, ['a'], 'a'],
    ['$0', 1, ['a'], ''],
    ['$1 $1x $1', 1, ['a'], 'a ax %!s(MISSING)'],
    ['100 percent', 1, ['a'], '100 percent'],
  ])('%j with %d captures of %j → %j', (template, count, captures, expected) => {
    expect(new GlobTemplate(template, count).render(captures)).toBe(expected);
  });

  it('flags a % of its own beside capture references (Go fmt verbs)', () => {
    expect(new GlobTemplate('$1%', 1).hasFormatVerbs).toBe(true);
    expect(new GlobTemplate('100%', 1).hasFormatVerbs).toBe(false);
  });
});
