import { describe, expect, it } from 'vitest';
import { createDirectInstrumentation } from './instrument-direct';

const settings = { metricsKeepAlive: true, statsdBufferSize: 0 };

/** One sample's value from the registry's text output, or undefined when the series is absent. */
async function sample(
  registry: ReturnType<typeof createDirectInstrumentation>['registry'],
  series: string,
): Promise<number | undefined> {
  const text = await registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const get = { method: 'GET', route: '/work' };

describe('createDirectInstrumentation', () => {
  it('starts every status the app answers at 0', async () => {
    const { registry } = createDirectInstrumentation(settings);
    for (const status of ['200', '500']) {
      const series = `demo_http_requests_total{method="GET",route="/work",status="${status}"}`;
      expect(await sample(registry, series)).toBe(0);
    }
  });

  it.each([
    { statuses: [200], ok: 1, failed: 0 },
    { statuses: [200, 200, 500], ok: 2, failed: 1 },
    { statuses: [500, 500, 500, 200], ok: 1, failed: 3 },
  ])('counts and times each request under its status: $statuses', async ({ statuses, ok, failed }) => {
    const instrumentation = createDirectInstrumentation(settings);
    for (const status of statuses) instrumentation.onStart(get)(status, 0.02);
    const { registry } = instrumentation;
    const count = (status: number, name: string): Promise<number | undefined> =>
      sample(registry, `${name}{method="GET",route="/work",status="${status}"}`);
    expect(await count(200, 'demo_http_requests_total')).toBe(ok);
    expect(await count(500, 'demo_http_requests_total')).toBe(failed);
    expect(await count(200, 'demo_http_request_duration_seconds_count')).toBe(ok);
    // A histogram series appears at its first observation: no 500 yet, no series.
    expect(await count(500, 'demo_http_request_duration_seconds_count')).toBe(
      failed === 0 ? undefined : failed,
    );
    // 0.02 s falls in the 0.025 s bucket and every one above it, never in 0.01 s.
    const bucket = (le: string): Promise<number | undefined> =>
      sample(
        registry,
        `demo_http_request_duration_seconds_bucket{le="${le}",method="GET",route="/work",status="200"}`,
      );
    expect(await bucket('0.01')).toBe(0);
    expect(await bucket('0.025')).toBe(ok);
  });

  it('reads the in-flight gauge when a scrape collects, not as requests come and go', async () => {
    const { registry, onStart } = createDirectInstrumentation(settings);
    const first = onStart(get);
    const second = onStart(get);
    expect(await sample(registry, 'demo_http_requests_in_flight')).toBe(2);
    first(200, 0.001);
    expect(await sample(registry, 'demo_http_requests_in_flight')).toBe(1);
    second(500, 0.001);
    expect(await sample(registry, 'demo_http_requests_in_flight')).toBe(0);
  });

  it('keeps the series of other routes and methods apart', async () => {
    const { registry, onStart } = createDirectInstrumentation(settings);
    onStart({ method: 'POST', route: '/work' })(200, 0.001);
    onStart({ method: 'GET', route: '/other' })(200, 0.001);
    onStart(get)(200, 0.001);
    expect(await sample(registry, 'demo_http_requests_total{method="POST",route="/work",status="200"}')).toBe(
      1,
    );
    expect(await sample(registry, 'demo_http_requests_total{method="GET",route="/other",status="200"}')).toBe(
      1,
    );
    expect(await sample(registry, 'demo_http_requests_total{method="GET",route="/work",status="200"}')).toBe(
      1,
    );
  });
});
