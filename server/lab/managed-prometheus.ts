import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/env';
import type { PrometheusClient } from '../prometheus/client';
import { writePrometheusConfig } from '../prometheus/managed-config';
import { scrapeUrls, targetsFile } from '../routes/definitions';
import type { SupervisorLink } from '../supervisor/link';
import { LabError, poll } from './lab-error';
import type { RouteSpec, WorkerInfo } from './types';

export interface ManagedPrometheusOptions {
  config: Config;
  /** The file Prometheus reads: the lab renders it, and writes per-worker target files beside it. */
  configFile: string;
  client: PrometheusClient;
  supervisor: SupervisorLink | null;
  log: (line: string) => void;
}

/**
 * The files of a Prometheus the lab manages: its config, rendered from the route definitions, and the
 * file_sd targets of per-worker routes, rewritten as the app's workers (and their ports) change.
 */
export class ManagedPrometheus {
  /** Each per-worker route's targets as last written, to write only on change. */
  private readonly written = new Map<string, string>();

  constructor(private readonly options: ManagedPrometheusOptions) {}

  /** Written before Prometheus starts: the supervisor and compose start it once the lab is healthy. */
  writeConfig(scrapeIntervalSeconds: number): void {
    writePrometheusConfig(this.options.configFile, this.options.config, scrapeIntervalSeconds);
  }

  /**
   * The scrape interval is Prometheus' too: rewrite its config and have it re-read it. The supervisor
   * sends it SIGHUP; under compose it watches the file itself. Either way the change is confirmed from
   * Prometheus' own record of its last reload.
   */
  async reload(scrapeIntervalSeconds: number): Promise<void> {
    const { client, supervisor, log } = this.options;
    const askedAt = Date.now() / 1000;
    try {
      this.writeConfig(scrapeIntervalSeconds);
      if (supervisor) await supervisor.reload('prometheus');
      const reloaded = await poll(async () => {
        const last = await client.lastConfigReload().catch(() => null);
        if (last && !last.successful) throw new Error('it refused the new config file');
        return last !== null && last.atSeconds >= Math.floor(askedAt);
      }, 10_000);
      if (!reloaded) throw new Error('it did not re-read its config file within 10 s');
    } catch (err) {
      log(`lab: Prometheus reload failed: ${(err as Error).message}`);
      throw new LabError(`Prometheus did not take the new scrape interval: ${(err as Error).message}`, 502);
    }
  }

  /** One file_sd file per per-worker route, as service discovery would keep it. */
  writeTargets(routes: readonly { spec: RouteSpec; workers: readonly WorkerInfo[] | null }[]): void {
    for (const { spec, workers } of routes) {
      if (spec.topology.kind !== 'per-worker' || workers === null) continue;
      const targets = scrapeUrls(spec, workers).map((u) => new URL(u).host);
      const text = `${JSON.stringify([{ targets, labels: {} }], null, 2)}\n`;
      if (this.written.get(spec.id) === text) continue;
      const file = targetsFile(spec, path.dirname(this.options.configFile));
      // Written whole, then renamed: Prometheus must never read half a file.
      fs.writeFileSync(`${file}.partial`, text);
      fs.renameSync(`${file}.partial`, file);
      this.written.set(spec.id, text);
    }
  }
}
