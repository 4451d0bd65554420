import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { StatsD } from 'hot-shots';
import { parseExposition } from '../server/lab/exposition-parser';

/**
 * How many StatsD increments survive UDP from hot-shots to the built-in bridge (its own process, as in the
 * lab), with hot-shots' buffering off (one datagram per increment) and on (1400-byte datagrams).
 * `npm run bench` prints a Markdown report and writes it to bench/report.md.
 */

const HOST = '127.0.0.1';
// In 30000-30999 with the other benches' ports, clear of bench/shared-mode.ts's (it runs right after).
const UDP_PORT = 30325;
const WEB_PORT = 30302;
const BURSTS = [1_000, 10_000, 50_000];
const RUNS = 3;
const BUFFERS = [0, 1400];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function counted(name: string): Promise<number> {
  const text = await (await fetch(`http://${HOST}:${WEB_PORT}/metrics`)).text();
  return parseExposition(text)
    .samples.filter((s) => s.name === name)
    .reduce((sum, s) => sum + s.value, 0);
}

/** Reads the counter until it stops moving, so late datagrams are not taken for lost ones. */
async function settled(name: string): Promise<number> {
  let last = -1;
  for (;;) {
    await sleep(300);
    const now = await counted(name);
    if (now === last) return now;
    last = now;
  }
}

async function burst(
  name: string,
  count: number,
  maxBufferSize: number,
): Promise<{ got: number; ms: number }> {
  const errors: string[] = [];
  const client = new StatsD({
    host: HOST,
    port: UDP_PORT,
    maxBufferSize,
    errorHandler: (e) => errors.push(e.message),
  });
  const started = performance.now();
  for (let i = 0; i < count; i += 1) client.increment(name);
  await new Promise<void>((resolve) => client.close(() => resolve()));
  const ms = performance.now() - started;
  if (errors.length > 0) console.error(`bench: ${errors.length} send errors, first: ${errors[0]}`);
  // Unmapped names are exported with dots turned into underscores, as statsd_exporter does.
  return { got: await settled(name.replaceAll('.', '_')), ms };
}

async function main(): Promise<void> {
  const bridge = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/bridge/main.ts',
      '--host',
      HOST,
      '--udp-port',
      String(UDP_PORT),
      '--web-port',
      String(WEB_PORT),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  try {
    for (let i = 0; i < 100; i += 1) {
      if (
        await fetch(`http://${HOST}:${WEB_PORT}/-/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await sleep(100);
    }
    const rows: string[] = [];
    let series = 0;
    for (const buffer of BUFFERS) {
      for (const count of BURSTS) {
        const lost: number[] = [];
        const times: number[] = [];
        for (let run = 0; run < RUNS; run += 1) {
          // A fresh counter per run, so each starts at zero on the bridge.
          const name = `bench.increments_${(series += 1)}`;
          const { got, ms } = await burst(name, count, buffer);
          lost.push(count - got);
          times.push(ms);
        }
        const pct = lost.map((l) => ((l / count) * 100).toFixed(2)).join(' / ');
        const ms = times.map((t) => t.toFixed(0)).join(' / ');
        rows.push(
          `| ${buffer === 0 ? 'off (0)' : `${buffer} B`} | ${count.toLocaleString('en')} | ${lost.join(' / ')} | ${pct} | ${ms} |`,
        );
        console.error(`bench: buffer ${buffer}, burst ${count}: lost ${lost.join(', ')}`);
      }
    }
    const report = [
      '# StatsD over UDP: increments lost between hot-shots and the bridge',
      '',
      // This file is rewritten on every run, so the pointer to the other bench's report is written with it.
      "See also [shared-mode-report.md](shared-mode-report.md): what prom-client's cluster aggregation costs a scrape.",
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} on this project's machine (${process.platform}, Node ${process.version}),`,
      `hot-shots sending one burst of increments as fast as it can; the built-in bridge in its own process. ${RUNS} runs each.`,
      '',
      '| hot-shots buffering | increments | lost per run | lost % per run | send time per run (ms) |',
      '| --- | ---: | --- | --- | --- |',
      ...rows,
      '',
      "Lost datagrams are dropped by the kernel when the bridge socket's receive buffer is full; nothing reports",
      'them to the sender. Buffering packs about 25 increments into one 1400-byte datagram, so far fewer datagrams',
      'compete for that buffer.',
      '',
    ].join('\n');
    fs.writeFileSync('bench/report.md', report);
    // Keep the written report in the project's Markdown style, as `npm run lint` checks it.
    spawnSync(process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--write', 'bench/report.md'], {
      stdio: 'ignore',
    });
    console.log(report);
  } finally {
    // Wait for the bridge to exit, so the next bench never starts beside it; one that hangs is killed.
    if (bridge.exitCode === null && bridge.signalCode === null) {
      const exited = once(bridge, 'exit');
      bridge.kill('SIGTERM');
      if (!(await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]))) {
        bridge.kill('SIGKILL');
        await exited;
      }
    }
  }
}

void main();
