import { describe, expect, it } from 'vitest';
import type { Diagnosis } from './diagnose';
import type { DoctorReport } from './doctor';
import { formatReport } from './report-text';

const diagnosis: Diagnosis = {
  verdict: 'braided',
  summary: 'braided across 2 responders',
  responders: { fresh: 2, keptAlive: 2, ids: ['x-worker-id=1', 'x-worker-id=2'] },
  signals: [
    { name: 'process_start_time_seconds', used: true, detail: 'one value shared by 2 responders' },
    { name: '_created samples', used: false, detail: 'none' },
  ],
  falseResets: [
    {
      family: 'app_requests_total',
      series: 'app_requests_total{path="/"}',
      connection: 'kept-alive',
      count: 3,
      invented: 412.5,
      inventedRatePerSecond: 41.25,
      rounding: false,
    },
    {
      family: 'app_seconds',
      series: 'app_seconds_sum',
      connection: 'fresh',
      count: 12,
      invented: 1,
      inventedRatePerSecond: 0.1,
      rounding: false,
    },
    {
      family: 'app_seconds',
      series: 'app_seconds_count',
      connection: 'fresh',
      count: 1,
      invented: 0,
      inventedRatePerSecond: 0,
      rounding: true,
    },
  ],
  suggestedFixes: [{ id: 'per-worker-ports', title: 'one port per worker', text: 'One port per worker.' }],
  scrapes: { fresh: 8, keptAlive: 8, failed: 1 },
  rateWindowSeconds: 10,
  notes: [],
};

const report: DoctorReport = {
  target: 'http://127.0.0.1:8000/metrics',
  format: 'prometheus-text',
  contentType: 'text/plain; version=0.0.4',
  startedAt: 0,
  durationSeconds: 8.04,
  intervalSeconds: 1,
  load: {
    url: 'http://127.0.0.1:8000/',
    ratePerSecond: 20,
    sent: 160,
    answered: 159,
    failed: 1,
    skipped: 0,
    byStatus: { '200': 150, '500': 9 },
  },
  diagnosis,
  errors: [{ connection: 'fresh', problem: 'timeout', count: 1, message: 'no answer in time' }],
  fatal: null,
  stoppedEarly: null,
};

describe('formatReport', () => {
  it('prints the verdict, the evidence table, the false resets and the fixes, without colour off a terminal', () => {
    expect(formatReport(report, { color: false })).toBe(
      [
        'scrape doctor  http://127.0.0.1:8000/metrics (prometheus-text: text/plain; version=0.0.4)',
        'verdict  braided across 2 responders',
        '         8 scrapes on new connections reached 2; 8 on one kept-alive connection reached 2; 1 failed (8.0 s, every 1 s)',
        '         responders: x-worker-id=1, x-worker-id=2',
        'load     160 sent to http://127.0.0.1:8000/ at 20/s: 159 answered (200: 150, 500: 9), 1 failed, 0 skipped',
        '',
        'evidence',
        '  signal                      used  what it showed',
        '  process_start_time_seconds  yes   one value shared by 2 responders',
        '  _created samples            no    none',
        '',
        'false resets: counters that went down, each read by Prometheus as a restart (rate() over 10 s)',
        '  connection  drops  invented/s  series',
        '  kept-alive      3       41.25  app_requests_total{path="/"}',
        '  fresh          12        0.10  app_seconds_sum',
        '  fresh           1        0.00  app_seconds_count  (float rounding of a merged sum)',
        '',
        'fixes',
        '  - per-worker-ports: One port per worker.',
        '',
        'failed scrapes',
        '  - fresh, timeout ×1: no answer in time',
        '',
      ].join('\n'),
    );
  });

  it('colours the verdict and bolds the headings on a terminal', () => {
    const text = formatReport(report, { color: true });
    expect(text).toContain('\u001b[31mbraided across 2 responders\u001b[0m');
    expect(text).toContain('\u001b[1mevidence\u001b[0m');
  });

  it('cuts the false resets at maxResets and says where the rest are', () => {
    const text = formatReport(report, { color: false, maxResets: 1 });
    expect(text).toContain('  … and 2 more (--json lists them all)');
    expect(text).not.toContain('app_seconds_sum');
  });
});
