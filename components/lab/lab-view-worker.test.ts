import { describe, expect, it } from 'vitest';
import { snapshotFixture } from '../../server/lab/snapshot-fixture';
import type { LabSnapshot, RouteSpec, ScrapePoint } from '../../server/lab/types';
import { INITIAL_STATUS, labStreamOptions, type LabStreamHandlers } from './lab-stream-connection';
import { serveLabView, type FromWorker, type WorkerScope } from './lab-view-worker';
import { applyViewPatch } from './view-patch';
import type { RouteSlots } from './worker-styles';

const spec: RouteSpec = {
  id: 'direct',
  title: 'Direct',
  summary: 'any worker answers',
  topology: { kind: 'direct' },
  appId: 'node',
  loadUrl: 'http://127.0.0.1:8081/work',
  metricsUrl: 'http://127.0.0.1:8081/metrics',
  answeredBy: { kind: 'header', header: 'x-worker-id' },
  counterMetric: 'c',
  gaugeMetric: 'g',
  histogramMetric: 'h',
};

const scrape = (answeredBy: string): ScrapePoint => ({
  t: 1,
  ok: true,
  durationMs: 1,
  answeredBy,
  counter: 1,
  inFlight: 0,
  lastWriterGauge: null,
  truthInFlight: 0,
  histogramCount: null,
  histogramSum: null,
  truth: 1,
  bytes: 10,
  targets: 1,
  targetsUp: 1,
  error: null,
});

function snapshot(epoch: number, answerers: string[]): LabSnapshot {
  const s = snapshotFixture([spec]);
  return { ...s, epoch, routes: s.routes.map((r) => ({ ...r, scrapes: answerers.map(scrape) })) };
}

/** A worker scope and a stream that the test drives by hand. */
function harness() {
  const posted: FromWorker[] = [];
  let listener: ((event: { data: unknown }) => void) | undefined;
  let handlers: LabStreamHandlers | undefined;
  const opened: unknown[] = [];
  const scope: WorkerScope = {
    postMessage: (m) => posted.push(m as FromWorker),
    addEventListener: (_type, l) => (listener = l),
  };
  const build = (s: LabSnapshot, params: { side: string }, slots: RouteSlots) =>
    `${s.epoch} ${params.side} ${JSON.stringify(slots)}`;
  serveLabView(build, scope, (options, h) => {
    opened.push(options);
    handlers = h;
    return () => undefined;
  });
  // The views the page would hold, applying each patch to the one before.
  const views = () => {
    let view: unknown = null;
    return posted.flatMap((m) => (m.type === 'view' ? [(view = applyViewPatch(view, m.patch))] : []));
  };
  return {
    posted,
    views,
    opened,
    send: (data: unknown) => listener?.({ data }),
    stream: () => handlers as LabStreamHandlers,
  };
}

describe('serveLabView', () => {
  const options = labStreamOptions('http://127.0.0.1/api/lab');

  it('opens the stream once, and builds a view per snapshot and per change of params', () => {
    const h = harness();
    h.send({ type: 'start', options, params: { side: 'left' } });
    h.send({ type: 'start', options, params: { side: 'left' } });
    expect(h.opened).toEqual([options]);
    expect(h.posted).toEqual([]);
    h.stream().onSnapshot(snapshot(1, ['worker 1']));
    h.send({ type: 'params', params: { side: 'right' } });
    h.send({ type: 'params', params: { side: 'right' } });
    expect(h.views()).toEqual([
      '1 left {"direct":{"worker 1":0}}',
      '1 right {"direct":{"worker 1":0}}',
      '1 right {"direct":{"worker 1":0}}',
    ]);
    // The same view again crosses as a patch that keeps everything.
    expect(h.posted.at(-1)).toEqual({ type: 'view', patch: { kept: true } });
  });

  it.each([
    {
      name: 'the same epoch keeps a worker’s slot',
      epoch: 1,
      want: '{"direct":{"worker 2":0,"worker 1":1}}',
    },
    { name: 'a new epoch starts the slots afresh', epoch: 2, want: '{"direct":{"worker 1":0,"worker 2":1}}' },
  ])('$name', ({ epoch, want }) => {
    const h = harness();
    h.send({ type: 'start', options, params: { side: 'left' } });
    h.stream().onSnapshot(snapshot(1, ['worker 2']));
    h.stream().onSnapshot(snapshot(epoch, ['worker 1', 'worker 2']));
    expect(h.views().at(-1)).toBe(`${epoch} left ${want}`);
  });

  it('posts the status only when it changes', () => {
    const h = harness();
    h.send({ type: 'start', options, params: { side: 'left' } });
    h.stream().onStatus((s) => s);
    h.stream().onStatus((s) => ({ ...s, connection: 'live' }));
    expect(h.posted).toEqual([{ type: 'status', status: { ...INITIAL_STATUS, connection: 'live' } }]);
  });
});
