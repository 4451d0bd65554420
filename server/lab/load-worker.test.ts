import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadWorker } from './load-worker';
import { TruthLedger } from './truth-ledger';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` holds, for at most `ms`. */
async function eventually(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await sleep(20);
}

describe('LoadWorker', () => {
  let server: http.Server;
  let url: string;
  const logs: string[] = [];

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.setHeader('x-worker-id', '7');
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/work`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('loads from its own thread: counts in shared memory, answers in batches, its pace by report', async () => {
    const ledger = new TruthLedger();
    const load = new LoadWorker([{ id: 'app', url, ledger }], {
      ratePerSecond: 200,
      concurrency: 64,
      log: (l) => logs.push(l),
    });
    try {
      load.start();
      expect(load.running).toBe(true);
      await eventually(() => ledger.answeredCount >= 20);
      load.stop();
      await load.idle();
      const { sent, answered, failed, inFlight } = ledger.view();
      expect(answered).toBeGreaterThanOrEqual(20);
      expect({ sent, failed, inFlight }).toEqual({ sent: answered, failed: 0, inFlight: 0 });
      // Each answer's details follow the counts within a report.
      await eventually(() => ledger.view().byWorker['7'] === answered);
      expect(ledger.view().byStatus).toEqual({ '200': answered });
      expect(ledger.view().latencyP50Seconds).not.toBeNull();
      await eventually(() => load.view().sent === answered);
      expect(load.view()).toMatchObject({ apps: 1, sent: answered, ratePerSecond: 0, tickLag: null });

      await load.burst('app', 30);
      expect(ledger.view()).toMatchObject({ sent: answered + 30, answered: answered + 30 });
      await expect(load.burst('nowhere', 1)).rejects.toThrow(/no load target "nowhere"/);
    } finally {
      load.close();
    }
    await sleep(50);
    expect(logs).toEqual([]);
  });
});
