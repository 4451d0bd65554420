import { spawnSync } from 'node:child_process';
import { ConfigError, loadConfig } from '../config/env';
import { loadMappingFile, MappingConfigError } from '../bridge/mapper';
import { findStatsdExporter } from '../supervisor/plan';

/**
 * `npm run check-config`: the StatsD mapping file must load in both bridges, the built-in one and the real
 * statsd_exporter (`--check-config`), so either can run it. Without statsd_exporter only the built-in check
 * runs, and says so; under CI (CI=true) a missing statsd_exporter fails.
 */

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`check-config: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const file = config.STATSD_MAPPING;
  let failed = false;

  try {
    const mapping = await loadMappingFile(file);
    console.log(`check-config: built-in bridge: ${file} is valid (${mapping.mappings.length} mappings)`);
  } catch (err) {
    if (!(err instanceof MappingConfigError)) throw err;
    console.error(`check-config: built-in bridge: ${err.message}`);
    failed = true;
  }

  const binary = findStatsdExporter({ ...config, BRIDGE: 'auto' });
  if (!binary) {
    const why = `no statsd_exporter in STATSD_EXPORTER_BIN, ${config.TOOLS_BIN_DIR} or PATH (npm run tools builds it)`;
    if (config.CI) {
      console.error(`check-config: ${why}; CI needs it`);
      return 1;
    }
    console.log(`check-config: skipped statsd_exporter --check-config: ${why}`);
    return failed ? 1 : 0;
  }
  const run = spawnSync(binary, ['--check-config', `--statsd.mapping-config=${file}`], { encoding: 'utf8' });
  if (run.status === 0) {
    console.log(`check-config: statsd_exporter (${binary}): ${file} is valid`);
  } else {
    const output = `${run.stdout}${run.stderr}`.trim() || String(run.error ?? `exit ${run.status}`);
    console.error(`check-config: statsd_exporter (${binary}) refuses ${file}:\n${output}`);
    failed = true;
  }
  return failed ? 1 : 0;
}

void main().then((code) => process.exit(code));
