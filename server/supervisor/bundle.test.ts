import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../config/project-root';
import { bundleNodeEntries, missingBundles } from './bundle';
import { BUNDLE_ENTRIES, bundleFile, DIST_DIR } from './node-entries';

const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'scrape-lab-bundle-'));
afterAll(() => fs.rmSync(empty, { recursive: true, force: true }));

/** Every file under dist/, relative to the project root. */
function distFiles(): string[] {
  return fs
    .readdirSync(path.join(PROJECT_ROOT, DIST_DIR), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(PROJECT_ROOT, path.join(e.parentPath, e.name)));
}

describe('bundleNodeEntries', () => {
  it('writes one strict CommonJS bundle and its map per entry, with import.meta replaced', async () => {
    const written = await bundleNodeEntries();
    const bundles = BUNDLE_ENTRIES.map(bundleFile);
    expect(written.sort()).toEqual([...bundles, ...bundles.map((b) => `${b}.map`)].sort());
    for (const bundle of bundles) {
      const text = fs.readFileSync(path.join(PROJECT_ROOT, bundle), 'utf8');
      expect(text.startsWith('"use strict";\n'), bundle).toBe(true);
      expect(text, bundle).not.toContain('import.meta');
      expect(text, bundle).toContain(`//# sourceMappingURL=${path.basename(bundle)}.map`);
    }
  });

  it('can run twice at once, as stacks started in parallel do, leaving no temporary file', async () => {
    const [first, second] = await Promise.all([bundleNodeEntries(), bundleNodeEntries()]);
    expect(second).toEqual(first);
    expect(distFiles().filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('missingBundles', () => {
  it('names every bundle under a root without them, and none once they are built', async () => {
    expect(missingBundles(empty)).toEqual(BUNDLE_ENTRIES.map(bundleFile));
    await bundleNodeEntries();
    expect(missingBundles()).toEqual([]);
  });
});
