import path from 'node:path';

/**
 * The Node programs `npm start` runs, written down once: the plan names them, the bundler builds exactly
 * these, and compose runs their bundles. Production runs each one's bundle from dist/, `npm run dev` its
 * TypeScript through tsx.
 */
export const NODE_ENTRIES = [
  'server/supervisor/main.ts',
  'server/bridge/main.ts',
  'demos/cluster/main.ts',
  'demos/django/runner.ts',
  'server/lab/main.ts',
  'server/web/main.ts',
] as const;

export type NodeEntry = (typeof NODE_ENTRIES)[number];

/** Bundled too, but run as a thread, not a process: the lab's load worker, so it does not load the whole lab. */
export const THREAD_ENTRIES = ['server/lab/load-worker.ts'] as const;

/** Everything the bundler builds. */
export const BUNDLE_ENTRIES = [...NODE_ENTRIES, ...THREAD_ENTRIES] as const;
export type BundleEntry = (typeof BUNDLE_ENTRIES)[number];

/** Where the bundles go, relative to the project root (git-ignored). */
export const DIST_DIR = 'dist';

/** `server/lab/main.ts` → `dist/server/lab/main.js`. */
export function bundleFile(entry: BundleEntry): string {
  return path.posix.join(DIST_DIR, entry.replace(/\.ts$/, '.js'));
}

/**
 * V8's lite mode (no optimising compiler, less memory per function) for the two processes whose JavaScript
 * is never hot: the supervisor starts, watches and stops children; the page server renders a page per visit
 * and pipes the lab's stream. It held 3 and 10 MB less RSS at start (50.4 → 47.4 MB, 82.8 → 72.8 MB). The
 * apps, their workers and the lab keep the optimising compiler: their CPU is what the lab shows. A
 * command-line flag, as NODE_OPTIONS refuses it (and a cluster's workers would inherit it from there).
 */
const LITE_MODE_ENTRIES: readonly NodeEntry[] = ['server/supervisor/main.ts', 'server/web/main.ts'];

/**
 * Node's arguments for an entry, relative to the project root: its bundle, or in dev its source through tsx.
 * Cluster workers re-run the same (argv[1], execArgv). No --enable-source-maps: Node's source-map support
 * held 26 MB of the stack's RSS (674 → 648 MB); the bundles keep their .map files, and
 * NODE_OPTIONS=--enable-source-maps maps every process's traces when wanted (README).
 */
export function nodeArgs(entry: NodeEntry, args: readonly string[], dev: boolean): string[] {
  if (dev) return ['--import', 'tsx', entry, ...args];
  return [...(LITE_MODE_ENTRIES.includes(entry) ? ['--lite-mode'] : []), bundleFile(entry), ...args];
}

/**
 * V8 options every production process runs with, given through NODE_OPTIONS so that cluster workers and the
 * lab's load thread inherit them and each command line stays the plain `node <bundle>` compose runs too.
 * Young-generation semi-spaces of at most 1 MB, not V8's 16 MB: a process serving tens of requests a second
 * otherwise grows each isolate's young generation to 32 MB (measured at 50 req/s: the lab, with its load
 * thread, held 143 MB after a minute with V8's default and 125 MB with this).
 */
export const PRODUCTION_NODE_OPTIONS = ['--max-semi-space-size=1'] as const;

/** A child's NODE_OPTIONS: its own options first, so any the user set (after them) win. */
export function mergeNodeOptions(own: readonly string[], inherited: string | undefined): string | undefined {
  const all = [...own, ...(inherited?.trim() ? [inherited.trim()] : [])];
  return all.length > 0 ? all.join(' ') : undefined;
}
