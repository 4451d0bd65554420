import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding this project's package.json, found from the running file: the same answer whether
 * that file is the TypeScript source (tsx, vitest) or a bundle under dist/ at another depth.
 */

const PACKAGE_NAME = 'scrape-lab';

/** The nearest folder from `start` upwards whose package.json is this project's; throws when there is none. */
export function findProjectRoot(start: string): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (packageName(path.join(dir, 'package.json')) === PACKAGE_NAME) return dir;
    if (path.dirname(dir) === dir) {
      throw new Error(`no package.json named "${PACKAGE_NAME}" in ${start} or any folder above it`);
    }
  }
}

function packageName(file: string): unknown {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}

export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
