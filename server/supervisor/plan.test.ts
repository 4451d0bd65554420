import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/env';
import { bundleFile, NODE_ENTRIES, PRODUCTION_NODE_OPTIONS } from './node-entries';
import { findPrometheus, findStatsdExporter, MissingToolError, planChildren } from './plan';

/** Which binaries npm start picks: *_BIN, then the tools folder, then PATH; BRIDGE decides the bridge. */

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scrape-lab-plan-'));
const dirs = {
  tools: path.join(root, 'tools'),
  path: path.join(root, 'path'),
  empty: path.join(root, 'empty'),
};
for (const dir of Object.values(dirs)) fs.mkdirSync(dir);
for (const file of [
  `${dirs.tools}/statsd_exporter`,
  `${dirs.tools}/prometheus`,
  `${dirs.path}/statsd_exporter`,
  `${dirs.path}/prometheus`,
]) {
  fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
}
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('findStatsdExporter', () => {
  it.each([
    {
      name: 'auto prefers the tools folder to PATH',
      env: { TOOLS_BIN_DIR: dirs.tools, PATH: dirs.path },
      want: `${dirs.tools}/statsd_exporter`,
    },
    {
      name: 'auto falls back to PATH',
      env: { TOOLS_BIN_DIR: dirs.empty, PATH: dirs.path },
      want: `${dirs.path}/statsd_exporter`,
    },
    {
      name: 'auto with none found is the built-in bridge',
      env: { TOOLS_BIN_DIR: dirs.empty, PATH: dirs.empty },
      want: null,
    },
    {
      name: 'STATSD_EXPORTER_BIN wins',
      env: { TOOLS_BIN_DIR: dirs.tools, STATSD_EXPORTER_BIN: '/opt/se' },
      want: '/opt/se',
    },
    {
      name: 'builtin ignores every binary',
      env: { BRIDGE: 'builtin', TOOLS_BIN_DIR: dirs.tools, PATH: dirs.path },
      want: null,
    },
    {
      name: 'statsd_exporter takes the one found',
      env: { BRIDGE: 'statsd_exporter', TOOLS_BIN_DIR: dirs.tools },
      want: `${dirs.tools}/statsd_exporter`,
    },
  ])('$name', ({ env, want }) => {
    const config = loadConfig(env);
    expect(findStatsdExporter(config)).toBe(want);
  });

  it('refuses BRIDGE=statsd_exporter with none found, saying how to get one', () => {
    const config = loadConfig({ BRIDGE: 'statsd_exporter', TOOLS_BIN_DIR: dirs.empty, PATH: dirs.empty });
    expect(() => findStatsdExporter(config)).toThrow(MissingToolError);
    expect(() => findStatsdExporter(config)).toThrow(/npm run tools/);
  });

  it('runs the real exporter with the mapping file and no lifecycle API, or the built-in bridge', () => {
    const plan = (env: Record<string, string>) =>
      planChildren(loadConfig(env), {
        dev: false,
        web: false,
        searchPath: env.PATH ?? '',
        prometheus: null,
        python: null,
      }).find((c) => c.name === 'bridge');
    const real = plan({ TOOLS_BIN_DIR: dirs.tools, PATH: dirs.empty });
    expect(real?.command).toBe(`${dirs.tools}/statsd_exporter`);
    expect(real?.args).toContain('--statsd.mapping-config=config/statsd-mapping.yml');
    expect(real?.args.join(' ')).not.toContain('lifecycle');
    expect(real?.reloadsOnSighup).toBe(true);
    const builtin = plan({ BRIDGE: 'builtin', TOOLS_BIN_DIR: dirs.tools, PATH: dirs.empty });
    const bundle = bundleFile('server/bridge/main.ts');
    expect(builtin?.args).toContain(bundle);
    // One command line for both: the built-in bridge takes statsd_exporter's flags.
    expect(builtin?.args.slice(builtin.args.indexOf(bundle) + 1)).toEqual(real?.args);
    expect(builtin?.reloadsOnSighup).toBe(true);
  });
});

describe('findPrometheus', () => {
  it.each([
    {
      name: 'the tools folder first',
      env: { TOOLS_BIN_DIR: dirs.tools, PATH: dirs.path },
      want: `${dirs.tools}/prometheus`,
    },
    {
      name: 'then PATH',
      env: { TOOLS_BIN_DIR: dirs.empty, PATH: dirs.path },
      want: `${dirs.path}/prometheus`,
    },
    {
      name: 'PROMETHEUS_BIN wins',
      env: { TOOLS_BIN_DIR: dirs.tools, PROMETHEUS_BIN: '/opt/p' },
      want: '/opt/p',
    },
    {
      name: 'none with PROMETHEUS_MODE=off',
      env: { TOOLS_BIN_DIR: dirs.tools, PROMETHEUS_MODE: 'off' },
      want: null,
    },
    { name: 'none found', env: { TOOLS_BIN_DIR: dirs.empty, PATH: dirs.empty }, want: null },
  ])('$name', ({ env, want }) => {
    expect(findPrometheus(loadConfig(env))).toBe(want);
  });
});

describe('the Node children', () => {
  const nodeChildren = (dev: boolean) =>
    planChildren(loadConfig({ BRIDGE: 'builtin', PYTHON_DEMOS: 'on' }), {
      dev,
      web: true,
      searchPath: '',
      prometheus: null,
      python: '/venv/bin/python',
    }).filter((c) => c.command === process.execPath);

  it('run their bundles, not the TypeScript loader; in dev their source through tsx, with the same arguments', () => {
    const production = nodeChildren(false);
    const dev = nodeChildren(true);
    expect(production.map((c) => c.name)).toEqual(dev.map((c) => c.name));
    production.forEach((child, i) => {
      // The page server alone runs in V8's lite mode (node-entries.ts).
      const flags = child.name === 'web' ? ['--lite-mode'] : [];
      expect(child.args.slice(0, flags.length), child.name).toEqual(flags);
      const [bundle, ...args] = child.args.slice(flags.length);
      expect(bundle, child.name).toMatch(/^dist\/.+\.js$/);
      // The page's server alone takes a flag of its own in dev: --dev runs next dev.
      const devOnly = child.name === 'web' ? ['--dev'] : [];
      expect(dev[i]?.args, child.name).toEqual([
        '--import',
        'tsx',
        bundle?.replace(/^dist\/(.+)\.js$/, '$1.ts'),
        ...args,
        ...devOnly,
      ]);
    });
  });

  it('get the production options through NODE_OPTIONS, and none in dev', () => {
    for (const child of nodeChildren(false))
      expect(child.nodeOptions, child.name).toEqual(PRODUCTION_NODE_OPTIONS);
    for (const child of nodeChildren(true)) expect(child.nodeOptions, child.name).toEqual([]);
  });

  it('are the entries the bundler builds, with the supervisor that runs them', () => {
    const bundles = new Set(nodeChildren(false).map((c) => c.args.find((a) => a.endsWith('.js'))));
    expect([...bundles, bundleFile('server/supervisor/main.ts')].sort()).toEqual(
      NODE_ENTRIES.map(bundleFile).sort(),
    );
  });
});
