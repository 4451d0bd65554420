/**
 * Source excerpts for the talk's walkthroughs, read from the repository as it is built, with the lines
 * under discussion marked. A snippet that no longer matches any line fails the build, so a walkthrough
 * can never drift from the code it shows.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { createHighlighter, type Highlighter } from 'shiki';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import type { Element, ElementContent } from 'hast';

/** Class on every marked line's element; the page styles it globally. */
export const MARKED_LINE_CLASS = 'source-line-marked';
/** Class on the element standing in for lines left out between two shown ranges. */
export const GAP_CLASS = 'source-gap';
/** Shiki themes in the HTML, as CSS variables `--shiki-light` and `--shiki-dark` on every token. */
export const SOURCE_THEMES = {
  light: 'github-light-high-contrast',
  dark: 'github-dark-high-contrast',
} as const;

export interface LineRange {
  /** 1-based, inclusive. */
  from: number;
  to: number;
}

export interface SourceExcerpt {
  /** As asked for, relative to the repository root. */
  file: string;
  /** Highlighted `<pre>`: only the shown ranges, each line with `data-line`, marked lines with MARKED_LINE_CLASS. */
  html: string;
  /** 1-based numbers of the lines containing a mark, ascending. */
  markedLines: number[];
  /** Lines in the whole file. */
  lineCount: number;
  shownRanges: LineRange[];
}

export interface SourceExcerptOptions {
  /** Path relative to the repository root, e.g. `demos/instrument-direct.ts`. */
  file: string;
  /** Snippets; every line containing one is marked. Each must match at least one line. */
  marks: readonly string[];
  /** Lines shown around each marked line; Infinity shows the whole file. Default 3. */
  context?: number;
  /** The repository root; default the working directory (where `next build` and the tests run). */
  root?: string;
}

export interface Walkthrough {
  file: string;
  marks: readonly string[];
  /** Lines around each mark, chosen so the excerpt fits a 720-px slide beside a chart: the scenes show this. */
  context: number;
}

/** The talk's walkthroughs: the lines each one is about. */
export const WALKTHROUGHS = {
  direct: {
    file: 'demos/instrument-direct.ts',
    marks: [
      'const registry = new Registry()',
      'series.requests.inc()',
      "res.setHeader('connection', 'close')",
      'registry.metrics()',
    ],
    context: 1,
  },
  statsd: {
    file: 'demos/instrument-statsd.ts',
    marks: [
      'new StatsD({',
      'maxBufferSize,',
      'errorHandler:',
      'statsd.increment(',
      'statsd.timing(',
      "statsd.gaugeDelta('demo.http.requests_in_flight', delta)",
    ],
    context: 1,
  },
  mapping: {
    file: 'config/statsd-mapping.yml',
    // Anchored with \n: the last-writer gauge's mapping starts with the same words.
    marks: [
      'match: demo.http.requests.*',
      'name: demo_http_requests_total',
      'match: demo.http.request_duration',
      'name: demo_http_request_duration_seconds',
      'match: demo.http.requests_in_flight\n',
      'name: demo_http_requests_in_flight\n',
    ],
    context: 0,
  },
  // The talk's Demo 1: django-prometheus' middleware pair around the app's own, in the Django settings.
  'django-settings': {
    file: 'demos/django/scrape_lab_django/settings.py',
    marks: [
      '"django_prometheus.middleware.PrometheusBeforeMiddleware"',
      'request_metrics.RequestMetricsMiddleware"',
      '"django_prometheus.middleware.PrometheusAfterMiddleware"',
      '"INSTALLED_APPS": ["django_prometheus"]',
    ],
    // Only the marked lines: the settings' lines are long, and four marks with context overflow a 720-px slide.
    context: 0,
  },
  // Scene 7: the two Kubernetes topologies the talk names, as deploy/kubernetes/ ships them.
  'sidecar-manifest': {
    file: 'deploy/kubernetes/sidecar/app.yaml',
    marks: [
      'restartPolicy: Always',
      '--statsd.listen-udp=127.0.0.1:9125',
      "prometheus.io/scrape: 'true'",
      '- name: STATSD_HOST',
      'value: 127.0.0.1',
    ],
    context: 1,
  },
  'daemonset-manifest': {
    file: 'deploy/kubernetes/daemonset/statsd-exporter.yaml',
    marks: ['kind: DaemonSet', 'hostPort: 9125', '--statsd.listen-udp=:9125', "prometheus.io/scrape: 'true'"],
    context: 1,
  },
  'daemonset-app': {
    file: 'deploy/kubernetes/daemonset/app.yaml',
    marks: ['- name: STATSD_HOST', 'fieldPath: status.hostIP'],
    context: 1,
  },
  handler: {
    file: 'demos/handler.ts',
    marks: ["res.setHeader('x-worker-id'", 'options.instrumentation.serveMetrics(req, res)', 'done(status,'],
    context: 1,
  },
} as const satisfies Record<string, Walkthrough>;

/**
 * The 1-based numbers of the lines containing any of `marks`; throws naming the file and the snippet on a
 * miss. A leading or trailing `\n` in a snippet anchors it to the start or end of a line.
 */
export function markLines(file: string, lines: readonly string[], marks: readonly string[]): number[] {
  const marked = new Set<number>();
  for (const mark of marks) {
    if (mark.trim() === '')
      throw new Error(`source walkthrough ${file}: an empty mark would match every line`);
    const hits = lines.flatMap((line, i) => (`\n${line}\n`.includes(mark) ? [i + 1] : []));
    if (hits.length === 0)
      throw new Error(`source walkthrough ${file}: no line contains ${JSON.stringify(mark)}`);
    for (const n of hits) marked.add(n);
  }
  return [...marked].sort((a, b) => a - b);
}

/**
 * Line ranges around the marked lines, `context` lines either side, merged where they touch or where a
 * single line would be left out (showing it takes no more room than the gap mark would).
 */
export function excerptRanges(marked: readonly number[], lineCount: number, context: number): LineRange[] {
  if (lineCount <= 0) return [];
  if (!Number.isFinite(context)) return [{ from: 1, to: lineCount }];
  const ranges: LineRange[] = [];
  for (const line of [...marked].sort((a, b) => a - b)) {
    const from = Math.max(1, line - context);
    const to = Math.min(lineCount, line + context);
    const last = ranges[ranges.length - 1];
    if (last && from <= last.to + 2) last.to = Math.max(last.to, to);
    else ranges.push({ from, to });
  }
  return ranges;
}

export type SourceLanguage = 'typescript' | 'tsx' | 'yaml' | 'python';

export function languageOf(file: string): SourceLanguage {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return 'typescript';
  if (ext === '.tsx') return 'tsx';
  if (ext === '.yml' || ext === '.yaml') return 'yaml';
  if (ext === '.py') return 'python';
  throw new Error(`source walkthrough ${file}: no highlighting for "${ext || 'no extension'}" files`);
}

/** The absolute path of `file` under `root`; throws when it would leave the root. */
export function resolveInside(root: string, file: string): string {
  if (file.trim() === '' || path.isAbsolute(file)) {
    throw new Error(`source walkthrough: file must be a path relative to the repository root, got "${file}"`);
  }
  const absolute = path.resolve(root, file);
  const relative = path.relative(root, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new Error(`source walkthrough: "${file}" is outside the repository`);
  }
  return absolute;
}

let highlighter: Promise<Highlighter> | undefined;

/** One highlighter for the process: loading grammars is the slow part. JS regex engine: no WebAssembly to bundle. */
function getHighlighter(): Promise<Highlighter> {
  highlighter ??= createHighlighter({
    themes: Object.values(SOURCE_THEMES),
    langs: ['typescript', 'tsx', 'yaml', 'python'],
    engine: createJavaScriptRegexEngine(),
  });
  return highlighter;
}

export async function readSourceExcerpt(options: SourceExcerptOptions): Promise<SourceExcerpt> {
  const { file, marks, context = 3 } = options;
  // The comments keep Next.js from tracing the whole project into the build for these dynamic paths.
  const root = await realpath(/*turbopackIgnore: true*/ options.root ?? process.cwd());
  // Resolved twice: once as written, once through symlinks, so neither `..` nor a link can leave the root.
  const real = await realpath(/*turbopackIgnore: true*/ resolveInside(root, file)).catch((error: unknown) => {
    throw new Error(`source walkthrough: cannot read "${file}": ${(error as Error).message}`);
  });
  resolveInside(root, path.relative(root, real));
  const lang = languageOf(file);

  const text = (await readFile(real, 'utf8')).replace(/\r\n/g, '\n').replace(/\n$/, '');
  const lines = text.split('\n');
  const markedLines = markLines(file, lines, marks);
  const shownRanges = excerptRanges(markedLines, lines.length, context);
  const marked = new Set(markedLines);
  const dedent = commonIndent(shownRanges.flatMap((r) => lines.slice(r.from - 1, r.to)));

  const html = (await getHighlighter()).codeToHtml(text, {
    lang,
    themes: SOURCE_THEMES,
    defaultColor: false,
    transformers: [
      {
        name: 'scrape-lab:walkthrough',
        line(node, line) {
          node.properties['data-line'] = line;
          // The excerpt is shifted left by the indentation all its lines share: columns a slide lacks.
          dropIndent(node, dedent);
          breakAfterDots(node);
          // A line too long for the slide wraps under its own statement, not at the gutter (see the CSS).
          node.properties.style = `--indent:${Math.max(0, indentOf(lines[line - 1] ?? '') - dedent)}ch`;
          if (marked.has(line)) this.addClassToHast(node, MARKED_LINE_CLASS);
        },
        code(node) {
          node.children = keepRanges(this.lines, shownRanges);
        },
      },
    ],
  });
  return { file, html, markedLines, lineCount: lines.length, shownRanges };
}

/** Columns of leading whitespace, a tab counted as the two the walkthrough's tab-size shows. */
export function indentOf(line: string): number {
  let columns = 0;
  for (const char of line) {
    if (char === ' ') columns += 1;
    else if (char === '\t') columns += 2;
    else break;
  }
  return columns;
}

/** The indentation every non-blank line has, in columns. */
export function commonIndent(lines: readonly string[]): number {
  const indents = lines.filter((l) => l.trim() !== '').map(indentOf);
  return indents.length === 0 ? 0 : Math.min(...indents);
}

/**
 * Removes `columns` columns of leading whitespace from a highlighted line, from its text nodes in order (the
 * highlighter puts a line's indentation in its first token, or a token of its own).
 */
export function dropIndent(node: ElementContent, columns: number): number {
  let left = columns;
  if (node.type === 'text') {
    let cut = 0;
    for (const char of node.value) {
      const width = char === ' ' ? 1 : char === '\t' ? 2 : Infinity;
      if (width > left) break;
      left -= width;
      cut += 1;
    }
    node.value = node.value.slice(cut);
    // Stopped short of the end: a character that is not indentation, so nothing further is dropped.
    return node.value === '' ? left : -1;
  }
  if (node.type !== 'element') return left;
  for (const child of node.children) {
    if (left <= 0) break;
    left = dropIndent(child, left);
  }
  return left;
}

/**
 * A break opportunity (`<wbr>`) after every dot that joins two names in a highlighted line's text: a dotted
 * path longer than the slide's line (`django_prometheus.middleware.PrometheusBeforeMiddleware`) then wraps
 * between its parts, not inside a name. Copied text is unchanged: `<wbr>` holds no character.
 */
export function breakAfterDots(node: ElementContent): void {
  if (node.type !== 'element') return;
  node.children = node.children.flatMap((child): ElementContent[] => {
    if (child.type !== 'text') {
      breakAfterDots(child);
      return [child];
    }
    const parts = child.value.split(/(?<=[A-Za-z_]\w*\.)(?=[A-Za-z_])/);
    return parts.flatMap((value, i): ElementContent[] => {
      const text: ElementContent = { type: 'text', value };
      return i === 0 ? [text] : [{ type: 'element', tagName: 'wbr', properties: {}, children: [] }, text];
    });
  });
}

/** The shown lines, newline-separated, with a gap element wherever lines were left out. */
function keepRanges(lines: readonly Element[], ranges: readonly LineRange[]): ElementContent[] {
  const out: ElementContent[] = [];
  const gap = (): Element => ({
    type: 'element',
    tagName: 'span',
    properties: { class: GAP_CLASS, 'aria-label': 'lines left out' },
    children: [{ type: 'text', value: '⋯' }],
  });
  ranges.forEach((range, i) => {
    if (i > 0 || range.from > 1) out.push(gap(), { type: 'text', value: '\n' });
    for (let n = range.from; n <= range.to; n += 1) {
      const line = lines[n - 1];
      if (line) out.push(line, { type: 'text', value: '\n' });
    }
  });
  const last = ranges[ranges.length - 1];
  if (last && last.to < lines.length) out.push(gap());
  else out.pop();
  return out;
}
