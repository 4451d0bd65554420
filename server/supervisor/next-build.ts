import fs from 'node:fs';
import path from 'node:path';

/** What the page is built from: a newer file here than the last build means `next build` must run again. */
const SOURCES = ['app', 'components', 'server', 'public', 'next.config.mjs', 'package-lock.json'];

/** True when there is no production build, or a source file is newer than it. */
export function needsBuild(root: string): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > builtAt);
}

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}
