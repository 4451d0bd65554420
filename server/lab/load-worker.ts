import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { LedgerCounts } from './ledger-counts';
import { LoadGenerator, type LedgerSink } from './load-generator';
import { LoopDelay } from './loop-delay';
import type { AnswerDetail, TruthLedger } from './truth-ledger';
import type { LoadView } from './types';

/**
 * The lab's load, generated in a worker thread of its own, so the lab's event loop (snapshots, the stream,
 * scrapes) cannot hold it up or time its latencies. The counts come back through shared memory, exact the
 * instant the lab reads them; each answer's status, worker and latency come back in batches.
 */

const ROLE = 'scrape-lab-load-worker';
/** How often the worker sends its pace and the answers' details. */
const REPORT_MS = 50;
const IDLE_POLL_MS = 20;

interface WorkerSetup {
  role: typeof ROLE;
  targets: Array<{ id: string; url: string; counts: SharedArrayBuffer }>;
  ratePerSecond: number;
  concurrency: number;
}

type Command =
  | { kind: 'start' }
  | { kind: 'stop' }
  | { kind: 'rate'; ratePerSecond: number }
  | { kind: 'concurrency'; concurrency: number }
  | { kind: 'burst'; id: number; target: string; count: number };

type Report =
  | { kind: 'progress'; view: LoadView; answers: Record<string, AnswerDetail[]> }
  | { kind: 'burst-done'; id: number; error: string | null };

export interface LoadWorkerTarget {
  id: string;
  url: string;
  /** Its counts are shared with the worker; the worker's answers' details are absorbed into it. */
  ledger: TruthLedger;
}

export interface LoadWorkerOptions {
  ratePerSecond: number;
  concurrency: number;
  log: (line: string) => void;
}

/** The lab's side: the load generator's controls and pace, the load itself in the worker. */
export class LoadWorker {
  private readonly worker: Worker;
  private latest: LoadView;
  private isRunning = false;
  private closed = false;
  private nextBurst = 0;
  private readonly bursts = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();

  constructor(
    private readonly targets: LoadWorkerTarget[],
    options: LoadWorkerOptions,
  ) {
    const setup: WorkerSetup = {
      role: ROLE,
      targets: targets.map((t) => ({ id: t.id, url: t.url, counts: t.ledger.counts.buffer })),
      ratePerSecond: options.ratePerSecond,
      concurrency: options.concurrency,
    };
    this.latest = quietView(targets.length);
    this.worker = spawn(setup);
    // The load must never keep a stopping lab alive.
    this.worker.unref();
    this.worker.on('message', (report: Report) => this.receive(report));
    this.worker.on('error', (err) => options.log(`lab: the load worker failed: ${err.stack ?? err.message}`));
    this.worker.on('exit', (code) => {
      if (!this.closed) options.log(`lab: the load worker stopped (exit code ${code}); the load has stopped`);
      this.isRunning = false;
      this.latest = quietView(targets.length);
      for (const b of this.bursts.values()) b.reject(new Error('the load worker stopped'));
      this.bursts.clear();
    });
  }

  get running(): boolean {
    return this.isRunning;
  }

  start(): void {
    this.isRunning = true;
    this.send({ kind: 'start' });
  }

  stop(): void {
    this.isRunning = false;
    this.send({ kind: 'stop' });
  }

  setRate(ratePerSecond: number): void {
    this.send({ kind: 'rate', ratePerSecond });
  }

  setConcurrency(concurrency: number): void {
    this.send({ kind: 'concurrency', concurrency });
  }

  /** Resolves once no request is in flight, read from the shared counts. */
  async idle(): Promise<void> {
    while (this.targets.some((t) => t.ledger.inFlightCount > 0)) {
      await new Promise((r) => setTimeout(r, IDLE_POLL_MS));
    }
  }

  /** A burst at one target, closed loop (see LoadGenerator.burst); resolves when all have come back. */
  burst(targetId: string, count: number): Promise<void> {
    const id = (this.nextBurst += 1);
    return new Promise((resolve, reject) => {
      this.bursts.set(id, { resolve, reject });
      this.send({ kind: 'burst', id, target: targetId, count });
    });
  }

  /** The worker's pace as of its latest report (at most REPORT_MS old). */
  view(): LoadView {
    return this.latest;
  }

  /** Ends the worker: a reset gives the new ledgers a new one. */
  close(): void {
    this.closed = true;
    void this.worker.terminate();
  }

  private send(command: Command): void {
    this.worker.postMessage(command);
  }

  private receive(report: Report): void {
    if (report.kind === 'progress') {
      this.latest = report.view;
      for (const t of this.targets) {
        const answers = report.answers[t.id];
        if (answers && answers.length > 0) t.ledger.absorb(answers);
      }
      return;
    }
    const burst = this.bursts.get(report.id);
    this.bursts.delete(report.id);
    if (report.error === null) burst?.resolve();
    else burst?.reject(new Error(report.error));
  }
}

/** Before the worker's first report, and after it is gone: nothing sent. */
function quietView(apps: number): LoadView {
  return {
    ratePerSecond: 0,
    apps,
    requestedPerSecond: 0,
    sentPerSecond: 0,
    skippedPerSecond: 0,
    behind: 0,
    behindSeconds: 0,
    requested: 0,
    sent: 0,
    skipped: 0,
    missed: 0,
    tickLag: null,
  };
}

function spawn(setup: WorkerSetup): Worker {
  // From source (npm run dev, tests) this file is TypeScript, which a worker loads once tsx is registered
  // in it. From the lab's bundle it is this file's own small bundle beside it (node-entries.ts): the
  // thread then loads the load generator only, not the whole lab a second time.
  if (__filename.endsWith('.ts')) {
    const boot = `require('tsx/cjs'); require(${JSON.stringify(__filename)});`;
    return new Worker(boot, { eval: true, workerData: setup });
  }
  return new Worker(path.join(__dirname, 'load-worker.js'), { workerData: setup });
}

/** The worker's ledger for one target: counts into shared memory, each answer's details kept for the lab. */
class BatchedLedger implements LedgerSink {
  answers: AnswerDetail[] = [];

  constructor(private readonly counts: LedgerCounts) {}

  recordSent(): void {
    this.counts.sent();
  }

  recordAnswered(status: number, worker: string | null, seconds: number, delayed = false): void {
    this.counts.answered(delayed);
    this.answers.push({ status, worker, seconds, delayed });
  }

  recordFailed(): void {
    this.counts.failed();
  }

  recordSkipped(): void {
    this.counts.skipped();
  }

  drain(): AnswerDetail[] {
    const answers = this.answers;
    this.answers = [];
    return answers;
  }
}

/** The worker thread: the generator, its own loop's stalls to judge latencies by, and the reports. */
function runLoadWorker(setup: WorkerSetup, port: MessagePort): void {
  const loop = new LoopDelay();
  loop.start();
  const ledgers = new Map(setup.targets.map((t) => [t.id, new BatchedLedger(new LedgerCounts(t.counts))]));
  const generator = new LoadGenerator(
    setup.targets.map((t) => ({ id: t.id, url: t.url, ledger: ledgers.get(t.id) as BatchedLedger })),
    { ratePerSecond: setup.ratePerSecond, concurrency: setup.concurrency, delayedSince: loop.delayedSince },
  );
  const report = () => {
    const answers = Object.fromEntries([...ledgers].map(([id, ledger]) => [id, ledger.drain()]));
    port.postMessage({ kind: 'progress', view: generator.view(), answers } satisfies Report);
  };
  setInterval(report, REPORT_MS);
  port.on('message', (command: Command) => {
    switch (command.kind) {
      case 'start':
        return generator.start();
      case 'stop':
        return generator.stop();
      case 'rate':
        return generator.setRate(command.ratePerSecond);
      case 'concurrency':
        return generator.setConcurrency(command.concurrency);
      case 'burst':
        generator.burst(command.target, command.count).then(
          () => {
            report();
            port.postMessage({ kind: 'burst-done', id: command.id, error: null } satisfies Report);
          },
          (err: unknown) =>
            port.postMessage({
              kind: 'burst-done',
              id: command.id,
              error: (err as Error).message,
            } satisfies Report),
        );
    }
  });
}

function isSetup(data: unknown): data is WorkerSetup {
  return typeof data === 'object' && data !== null && (data as { role?: unknown }).role === ROLE;
}

// A worker thread started by LoadWorker runs this module (alone, or in the lab's bundle) with its setup.
if (!isMainThread && parentPort && isSetup(workerData)) runLoadWorker(workerData, parentPort);
