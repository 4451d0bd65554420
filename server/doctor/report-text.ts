import type { DoctorReport } from './doctor';

/** The doctor's report for a terminal: the verdict, the evidence as a short table, and the fixes. */

export interface TextOptions {
  /** ANSI colours and bold; only for a terminal. */
  color: boolean;
  /** False resets listed at most; --json lists every one. */
  maxResets?: number;
}

const VERDICT_COLOR = { braided: 31, pinned: 31, consistent: 32, insufficient: 33 } as const;

export function formatReport(report: DoctorReport, options: TextOptions): string {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const bold = (text: string) => paint(1, text);
  const { diagnosis: d } = report;
  const lines: string[] = [];
  const format = report.format ? ` (${report.format}: ${report.contentType || 'no Content-Type'})` : '';
  lines.push(`${bold('scrape doctor')}  ${report.target}${format}`);
  lines.push(`${bold('verdict')}  ${paint(VERDICT_COLOR[d.verdict], d.summary)}`);
  const s = d.scrapes;
  lines.push(
    `         ${s.fresh} scrapes on new connections reached ${d.responders.fresh}; ` +
      `${s.keptAlive} on one kept-alive connection reached ${d.responders.keptAlive}; ${s.failed} failed ` +
      `(${report.durationSeconds.toFixed(1)} s, every ${report.intervalSeconds} s)`,
  );
  if (d.responders.ids.length > 0) lines.push(`         responders: ${d.responders.ids.join(', ')}`);
  if (report.load) {
    const l = report.load;
    const statuses = Object.entries(l.byStatus)
      .map(([status, n]) => `${status}: ${n}`)
      .join(', ');
    lines.push(
      `${bold('load')}     ${l.sent} sent to ${l.url} at ${l.ratePerSecond}/s: ${l.answered} answered` +
        `${statuses ? ` (${statuses})` : ''}, ${l.failed} failed, ${l.skipped} skipped`,
    );
  }
  if (d.signals.length > 0) {
    lines.push('', bold('evidence'));
    lines.push(
      ...table(
        ['signal', 'used', 'what it showed'],
        d.signals.map((x) => [x.name, x.used ? 'yes' : 'no', x.detail]),
      ),
    );
  }
  // Rounding dips last: they do not make a braid, but Prometheus reads each as a reset all the same.
  const resets = [...d.falseResets.filter((r) => !r.rounding), ...d.falseResets.filter((r) => r.rounding)];
  if (resets.length > 0) {
    const max = options.maxResets ?? 8;
    lines.push(
      '',
      bold(
        `false resets: counters that went down, each read by Prometheus as a restart (rate() over ${d.rateWindowSeconds} s)`,
      ),
    );
    lines.push(
      ...table(
        ['connection', 'drops', 'invented/s', 'series'],
        resets
          .slice(0, max)
          .map((r) => [
            r.connection,
            String(r.count),
            r.inventedRatePerSecond.toFixed(2),
            r.rounding ? `${r.series}  (float rounding of a merged sum)` : r.series,
          ]),
        [false, true, true, false],
      ),
    );
    if (resets.length > max) lines.push(`  … and ${resets.length - max} more (--json lists them all)`);
  }
  if (d.notes.length > 0) lines.push('', bold('notes'), ...d.notes.map((n) => `  - ${n}`));
  if (d.suggestedFixes.length > 0) {
    lines.push('', bold('fixes'), ...d.suggestedFixes.map((f) => `  - ${f.id}: ${f.text}`));
  }
  if (report.errors.length > 0) {
    lines.push(
      '',
      bold('failed scrapes'),
      ...report.errors.map((e) => `  - ${e.connection}, ${e.problem} ×${e.count}: ${e.message}`),
    );
  }
  if (report.stoppedEarly) lines.push('', report.stoppedEarly);
  return `${lines.join('\n')}\n`;
}

/** Columns padded to their widest cell; the last column is left to run on. */
function table(head: string[], rows: string[][], right: boolean[] = []): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    '  ' +
    cells
      .map((c, i) => {
        if (i === cells.length - 1) return c;
        const width = widths[i] as number;
        return right[i] ? c.padStart(width) : c.padEnd(width);
      })
      .join('  ');
  return [line(head), ...rows.map(line)];
}
