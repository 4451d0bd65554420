/**
 * The talk, told by the live system: one scene per step, as data. A scene says what it sets in the lab on
 * entry, which routes it shows, what it renders and what the speaker says. Nothing is restored on leaving:
 * the next scene sets what it needs, and every scene says on screen what it set.
 */
import type { LabSettings } from '../../server/lab/types';

/** The lab's Django routes, by what they show: a scene names them to offer its Django variant. */
export const DJANGO_ROUTES = {
  direct: 'django-direct',
  multiprocess: 'django-multiprocess',
  statsd: 'django-statsd',
} as const;

/** Walkthroughs the source helper knows by name (its `WALKTHROUGHS`). */
export type WalkthroughName =
  | 'direct'
  | 'statsd'
  | 'mapping'
  | 'django-settings'
  | 'sidecar-manifest'
  | 'daemonset-manifest'
  | 'daemonset-app';

/** What sits beside a scene's live charts. */
export type Aside =
  | { kind: 'architecture'; route: string }
  /** `marks` replaces the walkthrough's own marked lines, for a scene about a few of them. */
  | { kind: 'source'; walkthrough: WalkthroughName; marks?: string[] }
  | { kind: 'none' };

/** One of the talk's alternatives: explained, and live once the lab has a route for it. */
export interface Alternative {
  /** The lab route that would show it live. */
  route: string;
  title: string;
  /** How it works, in one sentence. */
  how: string;
  /** What it costs, a few short points. */
  costs: string[];
  /** Where the idea comes from. */
  reference: string;
  /** A line on where its live numbers come from, when that is not obvious. */
  note?: string;
}

/**
 * A timer whose StatsD name says milliseconds, which the bridge exports in seconds: what the talk's repo got
 * wrong, said on screen beside what the route's histogram holds.
 */
export interface TimerUnits {
  /** The StatsD name the app sends, e.g. `django.http.request_duration_ms`. */
  sent: string;
  /** The talk repo's name for the same timer, exported holding seconds. */
  talkName: string;
}

export type SceneView =
  /** Counter, gauge and histogram, each a small live example. */
  | { kind: 'basics'; route: string }
  /** The scraped counter against the truth: one marker per scrape, styled by the worker that answered. */
  | { kind: 'scraped-counter'; route: string; aside: Aside }
  /** What Prometheus makes of the scrapes: its rate() and total against the truth, under a connection policy. */
  | { kind: 'prometheus'; route: string; aside: Aside }
  | { kind: 'alternatives'; alternatives: Alternative[] }
  /** The bridge route under the same load, with the direct route's error beside it. */
  | { kind: 'bridge'; route: string; compareWith: string; aside: Aside; timerUnits?: TimerUnits }
  /** The drawing of both topologies, with the manifests deploy/kubernetes/ ships for them. */
  | { kind: 'deployment'; manifests: WalkthroughName[] }
  /** Kill the bridge: its counters restart from zero, with a gap while it is down. */
  | { kind: 'bridge-dies'; route: string; aside: Aside }
  /** A burst with hot-shots buffering on or off: how many increments UDP loses. */
  | { kind: 'udp-loss'; route: string; burstRequests: number; aside: Aside }
  /** An in-flight gauge sent as deltas against the same gauge sent with `set` by every worker. */
  | { kind: 'gauges'; route: string; aside: Aside }
  /** Every route in one table under the same load, with a button that crashes a worker of every app. */
  | { kind: 'scoreboard'; routes: string[] };

/**
 * The same scene told on the talk's Django app: offered only while the lab runs every route it names. The
 * scene's settings, entry and title stay; what it shows and says is this.
 */
export interface DjangoVariant {
  /** Replaces the scene's claim, for a scene whose numbers differ on the Django app. */
  claim?: string;
  routes: string[];
  view: SceneView;
  notes: string[];
}

export interface Scene {
  /** The URL segment under /scenes/, numbered in talk order. */
  id: string;
  title: string;
  /** The one sentence on screen under the title. */
  claim: string;
  /** The talk's section this scene tells. */
  talkSection: string;
  /** Lab settings applied on entry (only those that differ from the lab's current ones are sent). */
  settings: Partial<LabSettings>;
  /** Start every counter from zero on entry (workers and bridge restart): for scenes whose claim needs it. */
  resetOnEntry: boolean;
  /** Route ids the scene shows; the first is the one `k` crashes a worker of. */
  routes: string[];
  view: SceneView;
  /** Speaker notes, one point each. */
  notes: string[];
  django?: DjangoVariant;
}

/** hot-shots' buffer as the lab runs it by default (batching into 1400-byte datagrams). */
const BUFFERED = 1400;

const PORT_PER_WORKER: Alternative = {
  route: 'port-per-worker',
  title: 'One port per worker',
  how: 'Each worker serves /metrics on a port of its own (a base port + its slot) and Prometheus scrapes every one.',
  costs: [
    'Prometheus needs one target per worker: service discovery must know every port',
    'Sum in PromQL: sum(rate(...)) over the targets',
    'A worker that restarts on a new port is a new target',
  ],
  reference: 'django-prometheus PROMETHEUS_METRICS_EXPORT_PORT_RANGE',
};

const SHARED_OVER_IPC: Alternative = {
  route: 'shared-mode',
  title: 'Shared mode over IPC',
  how: 'At every scrape the cluster primary asks each worker for its registry over IPC and answers with the sum.',
  costs: [
    'Every scrape waits for every worker: slower as workers are added',
    'A dead worker’s counts leave the sum: Prometheus reads a reset',
    'Python does it with files, which pile up as workers restart',
  ],
  reference: 'prom-client AggregatorRegistry; prometheus_client PROMETHEUS_MULTIPROC_DIR',
};

const SHARED_FILES: Alternative = {
  route: DJANGO_ROUTES.multiprocess,
  title: 'Shared (multiprocess) mode',
  how: 'Every gunicorn worker writes its metrics to files in one folder; the worker that takes the scrape merges them all.',
  costs: [
    'A dead worker’s files stay, and its counts with them: the folder grows with every restart',
    'Every scrape opens and merges every file',
  ],
  reference: 'prometheus_client PROMETHEUS_MULTIPROC_DIR',
};

export const SCENES: readonly Scene[] = [
  {
    id: '1-monitoring-101',
    title: 'Monitoring 101',
    claim: 'Three kinds of metric, each fed live by the lab’s demo app.',
    talkSection: 'Monitoring 101: counter, gauge, histogram',
    settings: { workers: 1, ratePerSecond: 200, paused: false, statsdBufferSize: BUFFERED },
    resetOnEntry: false,
    routes: ['statsd'],
    view: { kind: 'basics', route: 'statsd' },
    notes: [
      'Why monitor: capacity planning, autoscaling, troubleshooting, and your business needs to stay running.',
      'Counter: only goes up during the life of a process. Here: requests answered.',
      'Gauge: goes up and down. Here: requests being handled right now.',
      'Histogram: tracks observations in buckets. Here: how long each request took; Prometheus computes p90 from the buckets.',
      'The numbers come from the bridge route, which is right whatever the worker count; we meet it in scene 6.',
    ],
  },
  {
    id: '2-one-worker',
    title: 'One worker',
    claim: 'One process, one registry: the scraped counter equals the truth.',
    talkSection: 'django application <- Prometheus',
    settings: {
      workers: 1,
      ratePerSecond: 100,
      paused: false,
      metricsKeepAlive: false,
      scrapeIntervalSeconds: 1,
    },
    resetOnEntry: true,
    routes: ['direct'],
    view: { kind: 'scraped-counter', route: 'direct', aside: { kind: 'architecture', route: 'direct' } },
    notes: [
      'The app exposes /metrics; Prometheus scrapes it, here every second.',
      'The black line is the truth: requests the load generator saw answered.',
      'Every marker is one scrape, in the style of the worker that answered it. One worker: one style, on the line.',
      'Error now should read about 0 %: whatever lag there is, is one scrape interval.',
    ],
  },
  {
    id: '3-four-workers',
    title: 'Four workers',
    claim: 'Each scrape is answered by whichever worker takes the connection: the counter braids.',
    talkSection: 'We have a problem, however',
    settings: {
      workers: 4,
      ratePerSecond: 100,
      paused: false,
      metricsKeepAlive: false,
      scrapeIntervalSeconds: 1,
    },
    resetOnEntry: true,
    routes: ['direct'],
    view: {
      kind: 'scraped-counter',
      route: 'direct',
      aside: {
        kind: 'source',
        walkthrough: 'direct',
        marks: ['const registry = new Registry()', 'series.requests.inc()', 'registry.metrics()'],
      },
    },
    notes: [
      'Same app, four worker processes (gunicorn --workers 4, or Node cluster).',
      'Each worker keeps its own registry in its own memory. /metrics reports only the worker that answers.',
      'Marker shape and colour say which worker answered: the scraped line jumps between four counters.',
      'Each worker holds only its own share of the truth: error now is large and negative, and it jumps.',
      'Press k to crash a worker: its replacement starts from zero.',
    ],
    django: {
      routes: [DJANGO_ROUTES.direct],
      view: {
        kind: 'scraped-counter',
        route: DJANGO_ROUTES.direct,
        aside: { kind: 'source', walkthrough: 'django-settings' },
      },
      notes: [
        'The talk’s Demo 1: django-prometheus in each of four gunicorn sync workers.',
        'Each worker keeps its own registry in its own memory; /metrics reports only the worker that answers.',
        'Sync workers close every connection after answering, so each scrape is accepted by whichever worker is free.',
        'Marker shape and colour say which worker answered: the scraped line jumps between four counters.',
        'Press k to crash a worker: gunicorn forks a replacement, which starts from zero.',
      ],
    },
  },
  {
    id: '4-what-prometheus-does',
    title: 'What Prometheus does with it',
    claim: 'Hopping between workers invents traffic in rate(); pinned to one, it silently undercounts.',
    talkSection: 'Inconsistent metric values: your metrics are not correct any more',
    settings: { workers: 4, ratePerSecond: 100, paused: false, metricsKeepAlive: false },
    // From zero on entry: the inflation grows with uptime (each false reset adds the whole counter back), so
    // the figure the audience sees depends on how long the counters have run, not on when the speaker came.
    resetOnEntry: true,
    routes: ['direct'],
    view: { kind: 'prometheus', route: 'direct', aside: { kind: 'none' } },
    notes: [
      'This is the real Prometheus the lab runs, scraping the same app; entering the scene started the counters from zero.',
      'Hopping (a new connection per scrape, like gunicorn sync workers): every drop looks like a counter reset, and rate() adds the whole counter back each time. Give it a minute: Prometheus ends up at several times the true rate.',
      'Switch to pinned (keep-alive): Prometheus stays on one worker. The line is smooth and believable, and shows only that worker’s share of the traffic.',
      'Neither failure is visible from Prometheus alone: only the truth beside it shows it.',
      'The table: Prometheus’ answers, then “lab’s own” (the same rate() and counter worked out by the lab from its own scrapes of the route, a second reading), then the truth from the load generator.',
    ],
  },
  {
    id: '5-alternatives',
    title: 'The alternatives the talk names',
    claim: 'One port per worker, or a shared mode: both make the numbers right, at a price.',
    talkSection: 'Alternatives',
    settings: { workers: 4, ratePerSecond: 100, paused: false },
    resetOnEntry: false,
    routes: ['port-per-worker', 'shared-mode'],
    view: { kind: 'alternatives', alternatives: [PORT_PER_WORKER, SHARED_OVER_IPC] },
    notes: [
      'django-prometheus documents both (documentation/exports.md).',
      'Port range: each worker binds the next free port; Prometheus must be told about every one.',
      'Shared mode here is prom-client’s AggregatorRegistry: the primary merges the workers’ registries at every scrape. Python’s prometheus_client does the same with mmap files per pid (press a for the Django app); slow scrapes and leftover files are the usual complaints.',
      'The talk’s verdict: “I personally think both of them are sub-optimal.”',
      'Both cards are live: the verdict, the error and Prometheus’ rate() come from the same workers and requests as the direct route.',
      'The price is on the card too: scrape targets, scrape time, the size of /metrics, and what the last worker crash did.',
    ],
    django: {
      routes: ['port-per-worker', DJANGO_ROUTES.multiprocess],
      view: {
        kind: 'alternatives',
        alternatives: [
          {
            ...PORT_PER_WORKER,
            note: 'Live from the Node app: the lab runs no Django app with a port per worker.',
          },
          SHARED_FILES,
        ],
      },
      notes: [
        'django-prometheus documents both (documentation/exports.md).',
        'Port range: each worker binds the next free port; Prometheus must be told about every one. The lab runs it on the Node app, so that card is live from there.',
        'Shared mode is prometheus_client’s multiprocess mode, the talk’s “files”: each gunicorn worker writes mmap files into one folder, and the worker that takes the scrape merges them all.',
        'The card counts the files each scrape merges. Crash one of its workers from the dashboard and the count grows: a dead worker’s files stay, and so do its counts.',
        'The talk’s verdict: “I personally think both of them are sub-optimal.”',
      ],
    },
  },
  {
    id: '6-statsd-bridge',
    title: 'The StatsD bridge',
    claim: 'Workers send every event to one bridge; under the same load its numbers match the truth.',
    talkSection: 'Alternative: statsd bridge/exporter',
    settings: { workers: 4, ratePerSecond: 100, paused: false, statsdBufferSize: BUFFERED },
    resetOnEntry: false,
    routes: ['statsd', 'direct'],
    view: {
      kind: 'bridge',
      route: 'statsd',
      compareWith: 'direct',
      aside: {
        kind: 'source',
        walkthrough: 'statsd',
        // Where the events go and the one that counts a request: a third marked line would not fit 720 p.
        marks: ['new StatsD({', 'statsd.increment('],
      },
    },
    notes: [
      'Same app, same four workers, same load as the direct route.',
      'Workers keep no totals: each request sends increments over UDP to one bridge (statsd_exporter).',
      'The bridge sums them in one registry; Prometheus scrapes only the bridge.',
      'One process answers every scrape, so the counter matches the truth and rate() is right.',
      'Coming back here after killing the bridge (scene 8)? Press Reset first: the restarted bridge is behind the truth.',
    ],
    django: {
      routes: [DJANGO_ROUTES.statsd, DJANGO_ROUTES.direct],
      view: {
        kind: 'bridge',
        route: DJANGO_ROUTES.statsd,
        compareWith: DJANGO_ROUTES.direct,
        aside: {
          kind: 'source',
          walkthrough: 'mapping',
          marks: [
            'match: django.http.requests\n',
            'name: django_http_requests_total',
            'match: django.http.request_duration_ms',
            'name: django_http_request_duration_seconds',
          ],
        },
        timerUnits: { sent: 'django.http.request_duration_ms', talkName: 'django_request_latency_ms' },
      },
      notes: [
        'The talk’s Demo 2: datadog’s DogStatsd(use_ms=True) in each gunicorn worker, sending to the same bridge.',
        'Workers keep no totals; the bridge sums their increments and Prometheus scrapes only the bridge.',
        'Beside it Demo 1 under the same load: every scrape a different worker’s counter.',
        'The talk’s repo got one thing wrong: statsd_exporter exports a timer in seconds, so its django_request_latency_ms held seconds under a name that says milliseconds.',
        'The mapping on the right gives the timer a name in its base unit: django_http_request_duration_seconds.',
      ],
    },
  },
  {
    id: '7-deployment',
    title: 'Deployment',
    claim: 'Run the bridge beside each app, or one per node as a Kubernetes DaemonSet.',
    talkSection: 'Deployment architecture',
    settings: {},
    resetOnEntry: false,
    routes: [],
    view: { kind: 'deployment', manifests: ['sidecar-manifest', 'daemonset-manifest', 'daemonset-app'] },
    notes: [
      'VM: the bridge as a side-car, a container or a systemd service next to the app (deploy/systemd/).',
      'Kubernetes side-car: the bridge in the app’s pod, on 127.0.0.1:9125; Prometheus scrapes the bridge only.',
      'Kubernetes: a DaemonSet, one bridge per node where the application runs; pods send to status.hostIP, the node’s bridge.',
      'Every manifest on screen is in deploy/kubernetes/, validated against the Kubernetes schemas in npm test.',
      'Either way UDP stays on the machine, where it does not get lost in the network.',
    ],
  },
  {
    id: '8-bridge-dies',
    title: 'When the bridge dies',
    claim: 'No persistent storage: a killed bridge comes back at zero, with a gap while it is down.',
    talkSection: 'Things to keep in mind: the bridge dies, one more component to run',
    settings: { workers: 4, ratePerSecond: 100, paused: false, statsdBufferSize: BUFFERED },
    resetOnEntry: false,
    routes: ['statsd'],
    view: { kind: 'bridge-dies', route: 'statsd', aside: { kind: 'architecture', route: 'statsd' } },
    notes: [
      'Press b to kill the bridge. Its supervisor starts it again, empty.',
      'Scrapes fail while it is down (red crosses): Prometheus has no data for that gap.',
      'The counter restarts from zero; Prometheus’ rate() treats that as a reset, which is right here.',
      'Increments sent while it was down are gone: UDP has nobody to tell.',
      'One more component to run, and to watch; but it is a single binary.',
    ],
  },
  {
    id: '9-udp-loss',
    title: 'UDP under a burst',
    claim:
      'StatsD is fire-and-forget: what the bridge’s socket cannot take is lost; only the kernel counts it.',
    talkSection: 'Things to keep in mind: UDP',
    settings: { workers: 4, ratePerSecond: 100, paused: false, statsdBufferSize: BUFFERED },
    resetOnEntry: true,
    routes: ['statsd'],
    view: {
      kind: 'udp-loss',
      route: 'statsd',
      // Over in about 8 s here (the app answers about 1,000 a second), so the claim shows within 20 s of entry.
      burstRequests: 8_000,
      aside: { kind: 'architecture', route: 'statsd' },
    },
    notes: [
      'Counters start from zero on entry, so an earlier killed bridge does not count as loss.',
      'hot-shots buffering packs about 23 lines into one 1400-byte datagram: each request sends two (its increment and its timing), so one datagram carries about 11 requests’ worth.',
      'Switch buffering off, then send a burst: one datagram per increment.',
      'Lost increments = truth − scraped, once the burst is over and the bridge has flushed.',
      'The bridge never sees what it lost; the kernel does: its UDP receive errors show beside the datagrams the bridge received (machine-wide, every UDP socket, not only the bridge’s).',
      'How much is lost depends on the machine: npm run bench measures it (bench/report.md).',
    ],
  },
  {
    id: '10-gauges',
    title: 'Gauges from four workers',
    claim: 'A gauge sent with set from every worker keeps the last writer’s value; deltas add up.',
    talkSection: 'Things to keep in mind: gauges',
    // Below the point where this machine starts queueing requests before the handler sees them: there
    // the load generator's in-flight count would run ahead of any gauge the app keeps.
    settings: { workers: 4, ratePerSecond: 300, paused: false, statsdBufferSize: BUFFERED },
    resetOnEntry: false,
    routes: ['statsd'],
    view: {
      kind: 'gauges',
      route: 'statsd',
      aside: {
        kind: 'source',
        walkthrough: 'statsd',
        marks: [
          "statsd.gaugeDelta('demo.http.requests_in_flight'",
          "statsd.gauge('demo.http.requests_in_flight_last_writer'",
        ],
      },
    },
    notes: [
      'Requests in flight, three ways: the load generator’s own count (truth), the gauge sent as deltas (each worker’s net change, every 100 ms), and the gauge each worker sets to its own count.',
      'With set, the bridge keeps whichever worker wrote last: about a quarter of the total.',
      'Deltas from all workers add up in the bridge, so that gauge follows the truth; it runs a little behind, since a delta waits up to 100 ms for its worker’s tick, and buffered up to a flush interval more.',
      'Watch the means, not single readings: over a minute, deltas sit near the truth and the last writer near a quarter of it.',
      'Rule: from many processes, send gauge deltas, or one gauge per process with a label.',
    ],
  },
  {
    id: '11-scoreboard',
    title: 'Scoreboard',
    claim:
      'Four ways to scrape many workers, under one load: how right each is, what it costs, what a crash does.',
    talkSection: 'Alternatives, compared',
    settings: {
      workers: 4,
      ratePerSecond: 100,
      paused: false,
      metricsKeepAlive: false,
      scrapeIntervalSeconds: 1,
      statsdBufferSize: BUFFERED,
    },
    resetOnEntry: true,
    routes: ['direct', 'port-per-worker', 'shared-mode', 'statsd'],
    view: { kind: 'scoreboard', routes: ['direct', 'port-per-worker', 'shared-mode', 'statsd'] },
    notes: [
      'Counters start from zero on entry, so every row starts clean.',
      'The three prom-client routes are one app: same workers, same requests, one truth. The StatsD app gets the same rate.',
      'Direct is braided; port per worker and shared mode are exact; the bridge is exact with one more process.',
      'The cost columns: scrape time, /metrics size, processes and the scrape targets Prometheus must know.',
      'Press a route’s name to open its live wiring diagram; Esc or Close puts the table back.',
      'Press “Crash one worker on every route”: one worker of each app dies at the same moment. Watch the crash column fill.',
      'Only the bridge keeps the dead worker’s counts: every in-process registry loses them.',
    ],
    django: {
      claim:
        'Three ways to scrape gunicorn’s workers, under one load: how right each is, what it costs, what a crash does.',
      routes: [DJANGO_ROUTES.direct, DJANGO_ROUTES.multiprocess, DJANGO_ROUTES.statsd],
      view: {
        kind: 'scoreboard',
        routes: [DJANGO_ROUTES.direct, DJANGO_ROUTES.multiprocess, DJANGO_ROUTES.statsd],
      },
      notes: [
        'Counters start from zero on entry, so every row starts clean.',
        'Three gunicorn apps, one per way of exposing metrics, each sent the same rate: each row has its own truth.',
        'Direct is braided; multiprocess mode and the bridge are exact.',
        'The cost columns: scrape time, /metrics size (and the files multiprocess mode merges), processes and targets.',
        'Press “Crash one worker on every route”: multiprocess mode keeps the dead worker’s counts in its files, and so does the bridge.',
        'The dashboard’s scoreboard page shows these beside the Node routes.',
      ],
    },
  },
];

/** What sits beside a scene's view; `none` for views that have no aside. */
export function sceneAside(view: SceneView): Aside {
  return 'aside' in view ? view.aside : { kind: 'none' };
}
