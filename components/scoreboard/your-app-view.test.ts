import { describe, expect, it } from 'vitest';
import type { YourAppView } from '../../server/lab/types';
import { yourAppRow } from './your-app-view';

type Diagnosis = YourAppView['diagnosis'];

const spec: YourAppView['spec'] = {
  id: 'your-app',
  title: 'Your app',
  summary: '',
  metricsUrl: 'http://127.0.0.1:8000/metrics',
  loadUrl: null,
  loadRatePerSecond: 20,
};

function view(diagnosis: Partial<Diagnosis>, extra: Partial<YourAppView> = {}): YourAppView {
  return {
    spec,
    diagnosis: {
      verdict: 'consistent',
      summary: 'consistent',
      responders: { fresh: 1, keptAlive: 1, ids: ['a'] },
      signals: [],
      falseResets: [],
      suggestedFixes: [],
      scrapes: { fresh: 10, keptAlive: 10, failed: 0 },
      rateWindowSeconds: 4,
      notes: [],
      ...diagnosis,
    },
    window: { fresh: 10, keptAlive: 10, seconds: 9 },
    load: null,
    lastError: null,
    ...extra,
  };
}

const reset = (family: string, count: number, inventedRatePerSecond: number) => ({
  family,
  series: family,
  connection: 'fresh' as const,
  count,
  invented: inventedRatePerSecond * 60,
  inventedRatePerSecond,
  rounding: false,
});

describe('yourAppRow', () => {
  it.each([
    {
      name: 'braided',
      input: view({
        verdict: 'braided',
        summary: 'braided across 4 responders',
        responders: { fresh: 4, keptAlive: 1, ids: ['a', 'b', 'c', 'd'] },
        falseResets: [
          reset('http_requests_total', 5, 30),
          reset('http_requests_total', 2, 10),
          reset('x', 1, 2),
        ],
        signals: [
          { name: 'process_start_time_seconds', used: true, detail: '' },
          { name: '_created samples', used: false, detail: '' },
          { name: 'response headers', used: true, detail: '' },
          { name: 'a signal with no label', used: true, detail: '' },
          { name: 'another', used: true, detail: '' },
          { name: 'and one more', used: true, detail: '' },
        ],
        suggestedFixes: [
          { id: 'per-worker-ports', title: 'one port per worker', text: 'Give each worker a port.' },
        ],
      }),
      want: {
        target: '127.0.0.1:8000/metrics',
        responders: { value: '4 · 1', severity: 'bad' },
        resets: { value: '8', note: 'in 2 families; rate() invents 42/s', severity: 'bad' },
        // Three named, the rest counted: a projector row has room for no more.
        signals: { value: '5 signals', note: 'start time · headers · a signal with no label · 2 more' },
        fixes: [{ title: 'one port per worker', text: 'Give each worker a port.' }],
        verdict: { text: 'braided', severity: 'bad', why: 'braided across 4 responders' },
      },
    },
    {
      name: 'pinned',
      input: view({ verdict: 'pinned', summary: 'pinned to one responder (keep-alive)' }),
      want: { verdict: { text: 'pinned', severity: 'warn' }, resets: { value: '0', severity: 'good' } },
    },
    {
      name: 'consistent',
      input: view({}),
      want: {
        responders: { value: '1 · 1', severity: 'good' },
        resets: { note: 'no counter went down' },
        signals: { value: 'no signals', note: 'nothing told processes apart' },
        fixes: [],
        verdict: { text: 'consistent', severity: 'good' },
      },
    },
    {
      name: 'before the first scrape',
      input: view(
        { verdict: 'insufficient', summary: 'not enough scrapes yet' },
        {
          window: { fresh: 0, keptAlive: 0, seconds: 0 },
        },
      ),
      want: {
        responders: { value: '—', note: 'no scrape yet', severity: 'unknown' },
        resets: { severity: 'unknown' },
        verdict: { text: 'watching…', severity: 'unknown' },
      },
    },
    {
      name: 'a target that stopped answering',
      input: view({ verdict: 'braided' }, { lastError: 'connection refused' }),
      want: { verdict: { text: 'not answering', severity: 'bad', why: 'connection refused' } },
    },
  ])('$name', ({ input, want }) => {
    expect(yourAppRow(input)).toMatchObject(want);
  });
});
