import { describe, expect, it } from 'vitest';
import { parseExposition } from '../lab/exposition-parser';
import { diagnose, type DoctorScrape } from './diagnose';
import { parseOpenMetrics } from './openmetrics-parser';

/** One process's registry as the text format writes it; fields left out are not exposed. */
interface Registry {
  start?: number;
  cpu?: number;
  rss?: number;
  requests?: number;
  histogram?: { count: number; sum: number };
  pid?: number;
}

function text(r: Registry): string {
  const lines: string[] = [];
  if (r.start !== undefined)
    lines.push('# TYPE process_start_time_seconds gauge', `process_start_time_seconds ${r.start}`);
  if (r.cpu !== undefined)
    lines.push('# TYPE process_cpu_seconds_total counter', `process_cpu_seconds_total ${r.cpu}`);
  if (r.rss !== undefined)
    lines.push('# TYPE process_resident_memory_bytes gauge', `process_resident_memory_bytes ${r.rss}`);
  const pid = r.pid === undefined ? '' : `,pid="${r.pid}"`;
  if (r.requests !== undefined) {
    lines.push('# TYPE app_requests_total counter', `app_requests_total{path="/work"${pid}} ${r.requests}`);
  }
  if (r.histogram) {
    lines.push(
      '# TYPE app_seconds histogram',
      `app_seconds_bucket{le="+Inf"} ${r.histogram.count}`,
      `app_seconds_sum ${r.histogram.sum}`,
      `app_seconds_count ${r.histogram.count}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** OpenMetrics with `_created`, as client_python writes it when Prometheus asks for it. */
function openMetrics(requests: number, created: number): string {
  return [
    '# TYPE app_requests counter',
    `app_requests_total ${requests}`,
    `app_requests_created ${created}`,
    '# EOF',
    '',
  ].join('\n');
}

const T0 = 1_700_000_000_000;

/** `reused`: the answer came over the kept-alive connection the server had kept open. */
function scrape(
  connection: DoctorScrape['connection'],
  second: number,
  body: string,
  headers: Record<string, string> = {},
  reused = false,
): DoctorScrape {
  const om = body.endsWith('# EOF\n');
  return {
    connection,
    fetch: {
      ok: true,
      // Kept-alive scrapes go out on the second, fresh ones half a second later, as the doctor sends them.
      at: T0 + second * 1000 + (connection === 'fresh' ? 500 : 0),
      durationMs: 5,
      status: 200,
      headers,
      contentType: om ? 'application/openmetrics-text; version=1.0.0' : 'text/plain; version=0.0.4',
      format: om ? 'openmetrics' : 'prometheus-text',
      bytes: body.length,
      truncated: false,
      exposition: om ? parseOpenMetrics(body) : parseExposition(body),
      url: 'http://127.0.0.1:1/metrics',
      connectionReused: reused,
    },
  };
}

const failed = (second: number): DoctorScrape => ({
  connection: 'fresh',
  fetch: { ok: false, at: T0 + second * 1000, durationMs: 1, problem: 'timeout', message: 'timed out' },
});

/** Worker `w` of two after `s` seconds: each counts its own share, so they differ and grow apart. */
const worker = (w: 0 | 1, s: number, extra: Registry = {}): Registry => ({
  start: 1_699_999_000 + w,
  cpu: 1 + w * 5 + s * 0.01,
  requests: (w === 0 ? 100 : 300) + s * 10,
  ...extra,
});

const seconds = [0, 1, 2, 3, 4, 5, 6, 7];
const alternate = (s: number): 0 | 1 => (s % 2 === 0 ? 0 : 1);

describe('diagnose', () => {
  it.each([
    {
      what: 'two workers answering in turn on both connections',
      scrapes: seconds.flatMap((s) => [
        scrape('kept-alive', s, text(worker(alternate(s), s))),
        scrape('fresh', s, text(worker(alternate(s + 1), s))),
      ]),
      verdict: 'braided',
      summary: 'braided across 2 responders',
      responders: { fresh: 2, keptAlive: 2 },
      resets: { 'kept-alive': 3, fresh: 4 },
    },
    {
      what: 'a kept-alive connection held by one worker, new connections reaching both',
      scrapes: seconds.flatMap((s) => [
        scrape('kept-alive', s, text(worker(0, s)), {}, s > 0),
        scrape('fresh', s, text(worker(alternate(s), s))),
      ]),
      verdict: 'pinned',
      summary: 'pinned to one responder (keep-alive)',
      responders: { fresh: 2, keptAlive: 1 },
      // Counters go down only on the new connections.
      resets: { fresh: 3 },
    },
    {
      what: 'a kept-alive connection that moved once from one live worker to another',
      scrapes: seconds.flatMap((s) => [
        // Down from worker 1's counts to worker 0's, on a new connection: Prometheus reads the hop as a reset.
        scrape('kept-alive', s, text(worker(s < 4 ? 1 : 0, s)), {}, s > 0 && s !== 4),
        scrape('fresh', s, text(worker(alternate(s), s))),
      ]),
      verdict: 'braided',
      summary: 'braided across 2 responders',
      responders: { fresh: 2, keptAlive: 2 },
      resets: { 'kept-alive': 1, fresh: 3 },
    },
    {
      what: 'one process',
      scrapes: seconds.flatMap((s) => [
        scrape('kept-alive', s, text(worker(0, s)), {}, s > 0),
        scrape('fresh', s, text(worker(0, s + 0.5))),
      ]),
      verdict: 'consistent',
      summary: 'consistent',
      responders: { fresh: 1, keptAlive: 1 },
      resets: {},
    },
    {
      what: 'workers forked in the same second, no header: the counters and CPU seconds tell them apart',
      scrapes: seconds.map((s) =>
        scrape('kept-alive', s, text({ ...worker(alternate(s), s), start: 1_699_999_000 })),
      ),
      verdict: 'braided',
      summary: 'braided across 2 responders',
      responders: { fresh: 0, keptAlive: 2 },
      resets: { 'kept-alive': 3 },
    },
    {
      what: "a histogram's _count and _sum going down, nothing else exposed",
      scrapes: seconds.map((s) =>
        scrape(
          'fresh',
          s,
          text({ histogram: { count: alternate(s) * 50 + s, sum: alternate(s) * 2 + s / 10 } }),
        ),
      ),
      verdict: 'braided',
      summary: 'braided across 2 responders',
      responders: { fresh: 2, keptAlive: 0 },
      resets: { fresh: 3 },
    },
    {
      what: 'OpenMetrics counters equal in value, told apart only by _created',
      scrapes: seconds.map((s) => scrape('kept-alive', s, openMetrics(7, 1_699_999_000.25 + alternate(s)))),
      verdict: 'braided',
      summary: 'braided across 2 responders',
      responders: { fresh: 0, keptAlive: 2 },
      resets: {},
    },
    {
      what: 'a pid label on every series',
      scrapes: seconds.map((s) => scrape('kept-alive', s, text({ requests: s, pid: 4000 + alternate(s) }))),
      verdict: 'braided',
      summary: 'braided across 2 responders',
      responders: { fresh: 0, keptAlive: 2 },
      resets: {},
    },
    {
      what: 'a merged view served by whichever worker (multiprocess mode): the header varies, the data agree',
      scrapes: seconds.map((s) =>
        scrape('kept-alive', s, text({ requests: 100 + s * 10 }), { 'x-worker-id': String(1 + (s % 4)) }),
      ),
      verdict: 'consistent',
      summary: 'consistent',
      responders: { fresh: 0, keptAlive: 1 },
      resets: {},
    },
    {
      what: "one process whose gauge series come and go (prom-client's per-type handle gauges)",
      scrapes: seconds.map((s) =>
        scrape(
          'kept-alive',
          s,
          text(worker(0, s)) + (s % 2 === 0 ? 'nodejs_active_handles{type="Timeout"} 2\n' : ''),
        ),
      ),
      verdict: 'consistent',
      summary: 'consistent',
      responders: { fresh: 0, keptAlive: 1 },
      resets: {},
    },
    {
      what: 'a counter series that leaves and comes back, nothing else to go by',
      scrapes: seconds.map((s) =>
        scrape(
          'kept-alive',
          s,
          `# TYPE app_errors_total counter\napp_errors_total{code="a"} 1\n${s % 2 === 0 ? 'app_errors_total{code="b"} 1\n' : ''}`,
        ),
      ),
      verdict: 'braided',
      summary: 'braided across 2 responders',
      responders: { fresh: 0, keptAlive: 2 },
      resets: {},
    },
    {
      what: 'one process restarted: the old one never answers again',
      scrapes: seconds.map((s) =>
        scrape('kept-alive', s, text(s < 4 ? worker(0, s) : { ...worker(1, s), requests: s })),
      ),
      verdict: 'consistent',
      summary: 'consistent',
      responders: { fresh: 0, keptAlive: 2 },
      resets: {},
    },
  ])('$what: $verdict', ({ scrapes, verdict, summary, responders, resets }) => {
    const diagnosis = diagnose(scrapes, { rateWindowSeconds: 4 });
    expect(diagnosis.verdict).toBe(verdict);
    expect(diagnosis.summary).toBe(summary);
    expect(diagnosis.responders).toMatchObject(responders);
    const drops: Record<string, number> = {};
    for (const r of diagnosis.falseResets) drops[r.connection] = Math.max(drops[r.connection] ?? 0, r.count);
    expect(drops).toEqual(resets);
    expect(diagnosis.suggestedFixes.length > 0).toBe(verdict !== 'consistent');
  });

  it('keeps each answer with its own worker when a low worker answers before the higher ones', () => {
    // Joining the first responder an answer fits would chain worker 0's first answer (3) to worker 1's (103)
    // and then call every later kept-alive answer a move to another worker.
    const three = (w: number, n: number) =>
      text({ start: 1_699_999_000, cpu: 1 + w + n / 100, requests: 100 * w + 3 * n });
    const scrapes = seconds.flatMap((s) => [
      scrape('kept-alive', s, three(0, s + 1), {}, s > 0),
      scrape('fresh', s, three((s % 3) + 1 === 3 ? 0 : (s % 3) + 1, s)),
    ]);
    const diagnosis = diagnose(scrapes);
    expect(diagnosis.summary).toBe('pinned to one responder (keep-alive)');
    expect(diagnosis.responders).toMatchObject({ fresh: 3, keptAlive: 1 });
    expect(diagnosis.notes.some((n) => n.includes('moved'))).toBe(false);
  });

  it('keeps a reused connection with one worker when round-robin keeps the workers’ counts alike', () => {
    // Node's cluster hands connections out in turn, so the workers' counts differ by one at most.
    const alike = (w: number, s: number) =>
      text({ start: 1_699_999_000, cpu: 1 + s / 10 + w / 20, requests: 10 * s + w, rss: 5e7 + w * 1e5 });
    const scrapes = seconds.flatMap((s) => [
      scrape('kept-alive', s, alike(0, s), {}, s > 0),
      scrape('fresh', s, alike(1 + (s % 3), s)),
    ]);
    const diagnosis = diagnose(scrapes);
    expect(diagnosis.summary).toBe('pinned to one responder (keep-alive)');
    expect(diagnosis.responders.keptAlive).toBe(1);
  });

  it('estimates what rate() invents from a braided counter: the values it adds back at the false drops', () => {
    const scrapes = seconds.map((s) => scrape('kept-alive', s, text(worker(alternate(s), s))));
    const reset = diagnose(scrapes, { rateWindowSeconds: 10 }).falseResets.find(
      (r) => r.series === 'app_requests_total{path="/work"}',
    );
    // The run (7 s) is shorter than the window: one window (0, 7 s] holds 310 120 330 140 350 160 370. Three
    // drops add back 310 + 330 + 350 = 990 to a growth of 60; extrapolating 6 s of samples to 7 s makes
    // increase() 1050 × 7/6 = 1225, of which 1225 × 990/1050 = 1155 invented: 165/s, 1650 over 10 s.
    expect(reset).toMatchObject({ family: 'app_requests_total', connection: 'kept-alive', count: 3 });
    expect(reset?.inventedRatePerSecond).toBeCloseTo(165, 9);
    expect(reset?.invented).toBeCloseTo(1650, 9);
  });

  it('lists counts of events before sums, whose units differ', () => {
    const scrapes = seconds.map((s) =>
      scrape('fresh', s, text({ histogram: { count: alternate(s) * 50 + s, sum: alternate(s) * 9000 + s } })),
    );
    expect(diagnose(scrapes).falseResets.map((r) => r.series)).toEqual([
      'app_seconds_count',
      'app_seconds_sum',
    ]);
  });

  it('names the signals it used and what they showed', () => {
    const shared = seconds.map((s) =>
      scrape('kept-alive', s, text({ ...worker(alternate(s), s), start: 1_699_999_000, rss: 5e7 }), {
        'x-worker-id': String(alternate(s) + 1),
      }),
    );
    const signals = Object.fromEntries(diagnose(shared).signals.map((s) => [s.name, s]));
    expect(signals['process_start_time_seconds']).toEqual({
      name: 'process_start_time_seconds',
      used: true,
      detail: 'one value shared by 2 responders: workers forked in the same second',
    });
    expect(signals['process_cpu_seconds_total']?.detail).toMatch(/^went down 3 times/);
    expect(signals['response headers']?.detail).toBe('x-worker-id: 2 values; they separate the responders');
    expect(signals['_created samples']?.used).toBe(false);
    expect(signals['kept-alive connection']?.detail).toMatch(
      /^the server closed it after every answer \(7 of 7 scrapes/,
    );
    expect(signals['counters going down']?.detail).toMatch(/^2 series in 2 families went down/);

    const merged = diagnose(
      seconds.map((s) => scrape('fresh', s, text({ requests: s }), { 'x-worker-id': String(s % 3) })),
    );
    expect(merged.signals.find((s) => s.name === 'response headers')?.detail).toMatch(
      /^x-worker-id: 3 values, but every answer fits one registry/,
    );
    expect(merged.signals.find((s) => s.name === 'process_start_time_seconds')?.used).toBe(false);
    expect(merged.notes).toContain('many workers answered, each with the same merged registry');
  });

  it('suggests the fixes of the runtime it saw', () => {
    const node = (s: number) => `${text(worker(alternate(s), s))}nodejs_version_info{version="v20.0.0"} 1\n`;
    const fixes = diagnose(seconds.map((s) => scrape('fresh', s, node(s)))).suggestedFixes.map((f) => f.id);
    expect(fixes).toEqual(['aggregator-registry', 'per-worker-ports', 'statsd-bridge']);
    const python = seconds.flatMap((s) => [
      scrape('kept-alive', s, text(worker(0, s)), { server: 'gunicorn' }),
      scrape('fresh', s, text(worker(alternate(s), s)), { server: 'gunicorn' }),
    ]);
    expect(diagnose(python).suggestedFixes.map((f) => f.id)).toEqual([
      'keep-alive-hides-it',
      'multiprocess-mode',
      'per-worker-ports',
      'statsd-bridge',
    ]);
  });

  it('does not call a dip of float rounding in a merged sum a braid, but lists it', () => {
    const sums = [0.30000000000000004, 0.3, 0.6, 0.6000000000000001, 0.6];
    const diagnosis = diagnose(
      sums.map((sum, s) => scrape('kept-alive', s, text({ histogram: { count: 3, sum } }))),
    );
    expect(diagnosis.verdict).toBe('consistent');
    expect(diagnosis.falseResets).toMatchObject([{ series: 'app_seconds_sum', count: 2, rounding: true }]);
  });

  it.each([
    { what: 'no scrapes', scrapes: [], summary: 'insufficient: 0 good of 0 scrapes (at least 3 needed)' },
    {
      what: 'two good scrapes and a failed one',
      scrapes: [scrape('fresh', 0, text(worker(0, 0))), failed(1), scrape('fresh', 2, text(worker(0, 2)))],
      summary: 'insufficient: 2 good of 3 scrapes (at least 3 needed)',
    },
  ])('is insufficient with $what', ({ scrapes, summary }) => {
    const diagnosis = diagnose(scrapes);
    expect(diagnosis.verdict).toBe('insufficient');
    expect(diagnosis.summary).toBe(summary);
    expect(diagnosis.scrapes.failed).toBe(scrapes.length === 0 ? 0 : 1);
  });

  it('counts good scrapes per connection and failed ones, and derives the rate window from the interval', () => {
    const diagnosis = diagnose([
      ...seconds.map((s) => scrape('kept-alive', s * 4, text(worker(0, s)))),
      failed(3),
      scrape('fresh', 1, text(worker(0, 1))),
    ]);
    expect(diagnosis.scrapes).toEqual({ fresh: 1, keptAlive: 8, failed: 1 });
    // Prometheus' advice for a 4 s interval: four intervals.
    expect(diagnosis.rateWindowSeconds).toBe(16);
  });
});
