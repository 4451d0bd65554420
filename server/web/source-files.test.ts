import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ElementContent } from 'hast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commonIndent,
  breakAfterDots,
  dropIndent,
  excerptRanges,
  indentOf,
  GAP_CLASS,
  languageOf,
  markLines,
  MARKED_LINE_CLASS,
  readSourceExcerpt,
  resolveInside,
  WALKTHROUGHS,
  type LineRange,
} from './source-files';

const LINES = ['const a = 1;', '  a_b += 2;', 'return a;', '  inc(a);', 'a'];

describe('markLines', () => {
  it.each<{ name: string; marks: string[]; want: number[] }>([
    { name: 'one snippet, one line', marks: ['return a'], want: [3] },
    { name: 'a snippet on several lines marks them all', marks: [' a'], want: [1, 2, 3] },
    { name: 'several snippets, sorted, each line once', marks: ['inc(', 'const', 'inc(a)'], want: [1, 4] },
    { name: 'a trailing newline anchors to the end of a line', marks: ['a\n'], want: [5] },
    { name: 'a leading newline anchors to the start of a line', marks: ['\na'], want: [5] },
    { name: 'indentation is part of the line', marks: ['  a_b'], want: [2] },
  ])('$name', ({ marks, want }) => {
    expect(markLines('demo.ts', LINES, marks)).toEqual(want);
  });

  it.each([
    {
      name: 'a snippet matching no line',
      marks: ['return a', 'registry.metrics()'],
      error: /demo\.ts.*"registry\.metrics\(\)"/,
    },
    { name: 'a snippet spanning two lines', marks: ['1;\n  a_b'], error: /demo\.ts: no line contains/ },
    { name: 'an empty snippet', marks: [''], error: /demo\.ts: an empty mark/ },
    { name: 'a blank snippet', marks: ['  '], error: /demo\.ts: an empty mark/ },
  ])('fails on $name, naming the file and the snippet', ({ marks, error }) => {
    expect(() => markLines('demo.ts', LINES, marks)).toThrow(error);
  });
});

describe('excerptRanges', () => {
  it.each<{ name: string; marked: number[]; lineCount: number; context: number; want: LineRange[] }>([
    { name: 'context around one line', marked: [10], lineCount: 20, context: 2, want: [{ from: 8, to: 12 }] },
    { name: 'clamped at the start', marked: [1], lineCount: 20, context: 3, want: [{ from: 1, to: 4 }] },
    { name: 'clamped at the end', marked: [20], lineCount: 20, context: 3, want: [{ from: 17, to: 20 }] },
    {
      name: 'far apart stay apart',
      marked: [3, 15],
      lineCount: 20,
      context: 1,
      want: [
        { from: 2, to: 4 },
        { from: 14, to: 16 },
      ],
    },
    { name: 'overlapping merge', marked: [5, 8], lineCount: 20, context: 2, want: [{ from: 3, to: 10 }] },
    { name: 'touching merge', marked: [5, 8], lineCount: 20, context: 1, want: [{ from: 4, to: 9 }] },
    {
      name: 'a one-line gap is shown, not elided',
      marked: [5, 9],
      lineCount: 20,
      context: 1,
      want: [{ from: 4, to: 10 }],
    },
    {
      name: 'a two-line gap is elided',
      marked: [5, 10],
      lineCount: 20,
      context: 1,
      want: [
        { from: 4, to: 6 },
        { from: 9, to: 11 },
      ],
    },
    { name: 'unsorted input', marked: [9, 5], lineCount: 20, context: 1, want: [{ from: 4, to: 10 }] },
    {
      name: 'context 0: the marked lines alone',
      marked: [2, 3],
      lineCount: 5,
      context: 0,
      want: [{ from: 2, to: 3 }],
    },
    {
      name: 'Infinity: the whole file',
      marked: [2],
      lineCount: 5,
      context: Infinity,
      want: [{ from: 1, to: 5 }],
    },
    { name: 'an empty file', marked: [], lineCount: 0, context: 2, want: [] },
  ])('$name', ({ marked, lineCount, context, want }) => {
    expect(excerptRanges(marked, lineCount, context)).toEqual(want);
  });
});

describe('languageOf', () => {
  it.each([
    { file: 'demos/handler.ts', want: 'typescript' },
    { file: 'components/x.tsx', want: 'tsx' },
    { file: 'config/statsd-mapping.yml', want: 'yaml' },
    { file: 'docker-compose.YAML', want: 'yaml' },
    { file: 'demos/django/scrape_lab_django/settings.py', want: 'python' },
  ])('$file is $want', ({ file, want }) => {
    expect(languageOf(file)).toBe(want);
  });

  it.each(['README.md', 'Dockerfile'])('refuses %s, naming it', (file) => {
    expect(() => languageOf(file)).toThrow(file);
  });
});

describe('resolveInside', () => {
  const root = path.resolve('/repo');

  it.each([
    { file: 'demos/handler.ts', want: path.join(root, 'demos/handler.ts') },
    { file: './config/a.yml', want: path.join(root, 'config/a.yml') },
    { file: 'demos/../package.json', want: path.join(root, 'package.json') },
  ])('$file resolves inside', ({ file, want }) => {
    expect(resolveInside(root, file)).toBe(want);
  });

  it.each([
    { file: '../etc/passwd', error: /outside the repository/ },
    { file: 'demos/../../etc/passwd', error: /outside the repository/ },
    { file: '/etc/passwd', error: /relative to the repository root/ },
    { file: '.', error: /outside the repository/ },
    { file: '', error: /relative to the repository root/ },
  ])('refuses $file', ({ file, error }) => {
    expect(() => resolveInside(root, file)).toThrow(error);
  });
});

describe('indentOf', () => {
  it.each([
    { line: '', want: 0 },
    { line: 'const a = 1;', want: 0 },
    { line: '          statsd.timing(', want: 10 },
    { line: '\t\tx', want: 4 },
    { line: '  \t // comment', want: 5 },
    { line: '    ', want: 4 },
  ])('$line → $want', ({ line, want }) => {
    expect(indentOf(line)).toBe(want);
  });
});

describe('commonIndent', () => {
  it.each([
    { lines: [], want: 0 },
    { lines: ['    a', '      b', '    c'], want: 4 },
    // Blank lines, however indented, say nothing about the code's indentation.
    { lines: ['      a', '', '  ', '        b'], want: 6 },
    { lines: ['a', '  b'], want: 0 },
  ])('$lines → $want', ({ lines, want }) => {
    expect(commonIndent(lines)).toBe(want);
  });
});

describe('dropIndent', () => {
  const text = (value: string) => ({ type: 'text' as const, value });
  const span = (...children: ReturnType<typeof text>[]) => ({
    type: 'element' as const,
    tagName: 'span',
    properties: {},
    children,
  });
  const textOf = (node: ReturnType<typeof span>): string => node.children.map((c) => c.value).join('');

  it.each([
    {
      name: 'indentation in a token of its own',
      line: span(text('      '), text('const'), text(' a')),
      columns: 4,
      want: '  const a',
    },
    {
      name: 'indentation inside the first token',
      line: span(text('    if'), text(' (x)')),
      columns: 4,
      want: 'if (x)',
    },
    { name: 'never past the code', line: span(text('  x'), text('  y')), columns: 4, want: 'x  y' },
    { name: 'a tab counts two', line: span(text('\t\tx')), columns: 2, want: '\tx' },
    { name: 'nothing to drop', line: span(text('  x')), columns: 0, want: '  x' },
  ])('$name', ({ line, columns, want }) => {
    dropIndent(line, columns);
    expect(textOf(line)).toBe(want);
  });
});

describe('breakAfterDots', () => {
  type Node = ElementContent;
  const text = (value: string): Node => ({ type: 'text', value });
  const span = (...children: Node[]): Node & { type: 'element' } => ({
    type: 'element',
    tagName: 'span',
    properties: {},
    children,
  });
  // The line's text with each break opportunity written as |.
  const shown = (node: Node): string =>
    node.type === 'text'
      ? node.value
      : node.type === 'element'
        ? node.tagName === 'wbr'
          ? '|'
          : node.children.map(shown).join('')
        : '';

  it.each([
    {
      name: 'a dotted path in a string',
      line: span(text('    '), span(text('"django_prometheus.middleware.PrometheusBeforeMiddleware"'))),
      want: '    "django_prometheus.|middleware.|PrometheusBeforeMiddleware"',
    },
    { name: 'a metric name', line: span(text("'demo.http.requests'")), want: "'demo.|http.|requests'" },
    {
      name: 'a dot that ends a sentence',
      line: span(text('# so it ends. Then')),
      want: '# so it ends. Then',
    },
    { name: 'an ellipsis', line: span(text('wait...')), want: 'wait...' },
    { name: 'a number', line: span(text('x = 1.5')), want: 'x = 1.5' },
    { name: 'a dot token of its own', line: span(text('a'), text('.'), text('b')), want: 'a.b' },
    { name: 'no dot', line: span(text('const a = 1')), want: 'const a = 1' },
  ])('$name', ({ line, want }) => {
    breakAfterDots(line);
    expect(shown(line)).toBe(want);
  });
});

/** The text of each shown line, by line number, from the highlighted HTML. */
function shownLines(html: string): Map<number, { text: string; marked: boolean; indent: number }> {
  const lines = new Map<number, { text: string; marked: boolean; indent: number }>();
  for (const chunk of html.split('<span class="line').slice(1)) {
    const head = /^( source-line-marked)?" data-line="(\d+)" style="--indent:(\d+)ch">/.exec(chunk);
    if (!head) throw new Error(`unexpected line markup: ${chunk.slice(0, 80)}`);
    const body = chunk.slice(head[0].length).split(`<span class="${GAP_CLASS}"`)[0] ?? '';
    const text = body
      .replace(/<[^>]+>/g, '')
      .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/\n$/, '');
    lines.set(Number(head[2]), { text, marked: head[1] !== undefined, indent: Number(head[3]) });
  }
  return lines;
}

describe('readSourceExcerpt on the real walkthroughs', () => {
  it.each(Object.entries(WALKTHROUGHS))(
    '%s marks its snippets in the real file',
    async (_name, walkthrough) => {
      const excerpt = await readSourceExcerpt(walkthrough);
      const lines = shownLines(excerpt.html);
      const marked = [...lines].filter(([, l]) => l.marked).map(([n]) => n);

      expect(excerpt.file).toBe(walkthrough.file);
      expect(marked).toEqual(excerpt.markedLines);
      // Each line carries its own indentation, for the CSS to wrap it under its statement; the excerpt is
      // shifted left by the indentation its lines share.
      for (const line of lines.values()) expect(line.indent).toBe(indentOf(line.text));
      expect(commonIndent([...lines.values()].map((l) => l.text))).toBe(0);
      for (const mark of walkthrough.marks) {
        const anchored = (text: string) => `\n${text}\n`.includes(mark);
        expect(marked.some((n) => anchored(lines.get(n)?.text ?? ''))).toBe(true);
      }
      // Every shown line is there exactly as in the shown ranges, numbered as in the file.
      const expected = excerpt.shownRanges.flatMap((r) =>
        Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i),
      );
      expect([...lines.keys()]).toEqual(expected);
      // Fits a 720-px slide at the default size: shown lines plus one row per elided gap.
      const gaps = excerpt.html.split(`class="${GAP_CLASS}"`).length - 1;
      expect(expected.length + gaps).toBeLessThanOrEqual(20);
    },
  );

  it('keeps the real text of the direct demo, including the connection-close line', async () => {
    const excerpt = await readSourceExcerpt(WALKTHROUGHS.direct);
    const texts = [...shownLines(excerpt.html).values()].filter((l) => l.marked).map((l) => l.text.trim());
    expect(texts).toContain("if (!metricsKeepAlive) res.setHeader('connection', 'close');");
    expect(excerpt.lineCount).toBeGreaterThan(excerpt.markedLines.at(-1) ?? 0);
  });

  it('fails naming the file and the snippet when the code has drifted', async () => {
    await expect(
      readSourceExcerpt({
        file: 'demos/instrument-direct.ts',
        marks: ['series.requests.inc()', 'registry.collect()'],
      }),
    ).rejects.toThrow('demos/instrument-direct.ts: no line contains "registry.collect()"');
  });

  it.each([
    { file: '../package.json', error: /outside the repository/ },
    { file: '/etc/hostname', error: /relative to the repository root/ },
    { file: 'demos/missing.ts', error: /cannot read "demos\/missing\.ts"/ },
  ])('refuses $file', async ({ file, error }) => {
    await expect(readSourceExcerpt({ file, marks: ['x'] })).rejects.toThrow(error);
  });
});

describe('readSourceExcerpt in a scratch repository', () => {
  let root = '';
  let outside = '';

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'source-files-root-'));
    outside = await mkdtemp(path.join(os.tmpdir(), 'source-files-outside-'));
    await mkdir(path.join(root, 'src'));
    const body = Array.from({ length: 10 }, (_, i) => `const line${i + 1} = ${i + 1};`).join('\n');
    await writeFile(path.join(root, 'src/ten.ts'), `${body}\n`);
    await writeFile(path.join(outside, 'secret.ts'), 'const secret = 1;\n');
    await symlink(path.join(outside, 'secret.ts'), path.join(root, 'src/link.ts'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it.each<{ context: number; shown: number[]; gaps: number }>([
    { context: 1, shown: [4, 5, 6], gaps: 2 },
    { context: 0, shown: [5], gaps: 2 },
    { context: 4, shown: [1, 2, 3, 4, 5, 6, 7, 8, 9], gaps: 1 },
    { context: Infinity, shown: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], gaps: 0 },
  ])('context $context shows lines $shown with $gaps gaps', async ({ context, shown, gaps }) => {
    const excerpt = await readSourceExcerpt({ file: 'src/ten.ts', marks: ['line5 ='], context, root });
    expect(excerpt.lineCount).toBe(10);
    expect(excerpt.markedLines).toEqual([5]);
    expect([...shownLines(excerpt.html).keys()]).toEqual(shown);
    expect(excerpt.html.split(`class="${GAP_CLASS}"`).length - 1).toBe(gaps);
    expect(excerpt.html.split(MARKED_LINE_CLASS).length - 1).toBe(1);
  });

  it('refuses a symlink that leads out of the root', async () => {
    await expect(readSourceExcerpt({ file: 'src/link.ts', marks: ['secret'], root })).rejects.toThrow(
      /outside the repository/,
    );
  });
});
