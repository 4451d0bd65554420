import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/project-root';
import { BUNDLE_ENTRIES, bundleFile, DIST_DIR } from './node-entries';

/**
 * Every Node entry as one JavaScript file under dist/, bundled by esbuild: a process then loads plain
 * JavaScript, not the TypeScript loader (tsx cost each of them tens of MB). node_modules stay external and
 * load as installed. CommonJS, as package.json has no "type": the same module system tsx runs the source in.
 */

/** Builds dist/ from the source under `root`; resolves with the files written, relative to `root`. */
export async function bundleNodeEntries(root: string = PROJECT_ROOT): Promise<string[]> {
  // Loaded when called: a build tool, kept out of the processes that only run bundles.
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [...BUNDLE_ENTRIES],
    outbase: '.',
    outdir: DIST_DIR,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: true,
    // CommonJS has no import.meta: its url is the bundle's own, as it would be in ESM. The banner keeps
    // "use strict" first, where it counts.
    define: { 'import.meta.url': 'import_meta_url' },
    banner: {
      js: '"use strict";\nconst import_meta_url = require("node:url").pathToFileURL(__filename).href;',
    },
    write: false,
    logLevel: 'silent',
  });
  // A warning here is a bundle that would misbehave at run time (an import.meta left undefined, say).
  if (result.warnings.length > 0) {
    const lines = result.warnings.map(
      (w) => `${w.location?.file ?? '?'}:${w.location?.line ?? '?'}: ${w.text}`,
    );
    throw new Error(`esbuild warned:\n${lines.join('\n')}`);
  }
  const outputs = [...result.outputFiles].sort(
    (a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')),
  );
  const files = outputs.map((o) => path.relative(root, o.path));
  const missing = BUNDLE_ENTRIES.map(bundleFile).filter((file) => !files.includes(file));
  if (missing.length > 0) throw new Error(`esbuild made no ${missing.join(', ')}`);
  // Each file replaced in one rename: stacks started in parallel bundle at once, and a cluster primary may
  // fork a worker from its bundle at any moment. Maps go first, so no bundle points at a missing one.
  for (const output of outputs) writeAtomically(output.path, output.contents);
  return files;
}

/** The entries' bundles not yet built under `root`: a stack that is not dev needs every one. */
export function missingBundles(root: string = PROJECT_ROOT): string[] {
  return BUNDLE_ENTRIES.map(bundleFile).filter((file) => !fs.existsSync(path.join(root, file)));
}

function writeAtomically(file: string, contents: Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temp, contents);
  fs.renameSync(temp, file);
}
