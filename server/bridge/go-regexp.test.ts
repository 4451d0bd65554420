import { describe, expect, it } from 'vitest';
import { compileGoRegexp, goExpand, RegexpError } from './go-regexp';

/**
 * [pattern, cases] with what Go 1.26's regexp gave: [input, template, ExpandString result] for a match,
 * [input, null] for none; null cases for a pattern regexp.Compile refuses.
 */
type Case = [string, null] | [string, string, string];

describe('compileGoRegexp and goExpand: Go regexp semantics', () => {
  it.each<[string, Case[] | null]>([
    [
      '^rx\\.([a-z]+)\\.(?P<verb>get|put)$',
      [
        [
          'rx.alpha.get',
          '$1|${verb}|$0|$9|$$x|$1x|${1}x|$verb|${2}',
          'alpha|get|rx.alpha.get||$x||alphax|get|get',
        ],
        ['rx.alpha.post', null],
        ['xrx.a.put', null],
      ],
    ],
    [
      '(\\d+)\\.(\\d+)',
      [
        ['v1.2', '[$1][$2][$10][${1}0][$01]', '[1][2][][10][]'],
        ['a12.345b', '[$1][$2][$10][${1}0][$01]', '[12][345][][120][]'],
        ['no', null],
      ],
    ],
    [
      '^a(b|c)?d',
      [
        ['ad', 'x${1}y', 'xy'],
        ['abd', 'x${1}y', 'xby'],
        ['acd', 'x${1}y', 'xcy'],
        ['abcd', null],
      ],
    ],
    [
      '(?i)^case\\.(.*)$',
      [
        ['CASE.Upper', '$1', 'Upper'],
        ['case.lower', '$1', 'lower'],
        ['Case.X', '$1', 'X'],
        ['ſase.x', null],
      ],
    ],
    [
      '^(?s)multi\\.(.)$',
      [
        ['multi.\n', '$1', '\n'],
        ['multi.\r', '$1', '\r'],
        ['multi.x', '$1', 'x'],
      ],
    ],
    [
      '^multi\\.(.)$',
      [
        ['multi.\n', null],
        ['multi.\r', '$1', '\r'],
        ['multi. ', '$1', ' '],
      ],
    ],
    [
      '^lazy\\.(.+?)(\\.end)?$',
      [
        ['lazy.a.b.end', '$1|$2', 'a.b|.end'],
        ['lazy.a.b', '$1|$2', 'a.b|'],
      ],
    ],
    [
      '^[[:upper:]][[:digit:]]+\\.\\x41\\Q.*\\E$',
      [
        ['Z9.A.*', '', ''],
        ['Z9.A.x', null],
        ['z9.A.*', null],
      ],
    ],
    [
      '^\\s*space\\S$',
      [
        [' space!', '', ''],
        ['space ', null],
        ['\u000bspace!', null],
        [' space!', null],
      ],
    ],
    ['^(?U)greedy(a+)(a*)$', [['greedyaaa', '$1|$2', 'a|aa']]],
    ['^(?U)greedy(a+?)(a*)$', [['greedyaaa', '$1|$2', 'aaa|']]],
    [
      '^(?m)line$',
      [
        ['line', '', ''],
        ['x\nline', null],
        ['line\nx', '', ''],
      ],
    ],
    [
      '(?m)^line$',
      [
        ['x\nline\ny', '', ''],
        ['x\rline', null],
      ],
    ],
    [
      '^x{2,3}$',
      [
        ['x', null],
        ['xx', '', ''],
        ['xxx', '', ''],
        ['xxxx', null],
      ],
    ],
    [
      '^x{2,}$',
      [
        ['x', null],
        ['xxxxx', '', ''],
      ],
    ],
    [
      '^x{,2}$',
      [
        ['x{,2}', '', ''],
        ['xx', null],
      ],
    ],
    ['^x{2}{3}$', null],
    ['^x**$', null],
    ['*x', null],
    [
      '^[^a-c]+\\b$',
      [
        ['zzz', '', ''],
        ['zz-', null],
        ['abc', null],
      ],
    ],
    [
      '^[]a]+$',
      [
        [']a]', '', ''],
        ['b', null],
      ],
    ],
    [
      '^[a-]+$',
      [
        ['a-a', '', ''],
        ['b', null],
      ],
    ],
    [
      '^[\\d\\-x]+$',
      [
        ['1-x', '', ''],
        ['y', null],
      ],
    ],
    [
      '^[^\\n]+$',
      [
        ['ab', '', ''],
        ['a\nb', null],
      ],
    ],
    [
      '^\\x{1F600}+$',
      [
        ['😀😀', '', ''],
        ['x', null],
      ],
    ],
    [
      '^\\101\\x42\\0103$',
      [
        ['AB\b3', '', ''],
        ['ABC', null],
      ],
    ],
    ['^\\_\\ \\-$', [['_ -', '', '']]],
    ['a\\b', []],
    ['\\8', null],
    ['(?=x)', null],
    ['(?P<n>a)(?P<n>b)', [['ab', '${n}', 'a']]],
    ['(?<name>a)', [['a', '${name}', 'a']]],
    ['(?P<1a>a)', [['a', '${1a}', 'a']]],
    ['^(a\\.)+(b)$', [['a.a.b', '$1|$2', 'a.|b']]],
    ['(a', null],
    ['a)', null],
    ['[a', null],
    ['[z-a]', null],
    ['x{1001}', null],
    ['(x{500}){3}', null],
    [
      '\\Qa.b',
      [
        ['a.b', '', ''],
        ['axb', null],
      ],
    ],
    [
      '^é+$',
      [
        ['éé', '$0', 'éé'],
        ['e', null],
      ],
    ],
    [
      '^.$',
      [
        ['😀', '', ''],
        ['ab', null],
      ],
    ],
    [
      '(?i)k',
      [
        ['K', '', ''],
        ['K', '', ''],
      ],
    ],
    [
      '^a|b$',
      [
        ['ax', '', ''],
        ['xb', '', ''],
        ['xax', null],
      ],
    ],
    ['^(?:)$', [['', '', '']]],
    [
      '^[[:^alpha:]]+$',
      [
        ['123', '', ''],
        ['a1', null],
      ],
    ],
    ['[[:foo:]]', null],
    ['[[:alpha:]', null],
  ])('%j', (pattern, cases) => {
    if (cases === null) {
      expect(() => compileGoRegexp(pattern)).toThrow(RegexpError);
      return;
    }
    const compiled = compileGoRegexp(pattern);
    for (const [input, template, expanded] of cases) {
      const match = compiled.regexp.exec(input);
      if (template === null) {
        expect([input, match]).toEqual([input, null]);
      } else {
        expect(match).not.toBeNull();
        expect([input, goExpand(template, match as RegExpExecArray, compiled.groupNames)]).toEqual([
          input,
          expanded,
        ]);
      }
    }
  });

  it.each<[string, string]>([
    ['^\\pL+$', 'the Unicode class escape \\p'],
    ['^\\P{Greek}$', 'the Unicode class escape \\P'],
    ['^a(?i)b$', 'a case-insensitive flag on part of the pattern'],
    ['^(?i:a)b$', 'a case-insensitive flag on part of the pattern'],
    ['(?i)a(?-i)b', 'a case-insensitive flag on part of the pattern'],
    ['^(?:(a)|b)+$', 'a capturing group that can sit out a repetition'],
    ['^(?:(a)?b)*$', 'a capturing group that can sit out a repetition'],
    ['(?i)\\bword', '\\b or \\B with case folding'],
  ])('refuses %j by name: %s', (pattern, what) => {
    expect(() => compileGoRegexp(pattern)).toThrow(`uses ${what}`);
  });

  it.each(['^(a\\.)+b$', '^(a)*$', '^(?:(a)b)+$', '(?i)^CASE(.*)$', '^(?s:.)$'])(
    'accepts %j, which means the same in both',
    (pattern) => {
      expect(() => compileGoRegexp(pattern)).not.toThrow();
    },
  );
});
