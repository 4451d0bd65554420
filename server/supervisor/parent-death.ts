import { spawnSync } from 'node:child_process';
import { findExecutable } from './plan';

export interface ParentDeathOptions {
  /** Where to look for setpriv. */
  searchPath: string;
  platform?: NodeJS.Platform;
}

/**
 * The words to put before each child's command so that the kernel sends it SIGTERM when the supervisor dies,
 * even by SIGKILL: `setpriv --pdeathsig TERM --` (util-linux). None where there is no such setpriv (macOS):
 * the pid file lets the next start clean up there instead.
 */
export function parentDeathLauncher({
  searchPath,
  platform = process.platform,
}: ParentDeathOptions): string[] {
  if (platform !== 'linux') return [];
  const setpriv = findExecutable('setpriv', searchPath);
  if (!setpriv) return [];
  // util-linux before 2.33 has a setpriv without --pdeathsig.
  const help = spawnSync(setpriv, ['--help'], { encoding: 'utf8' });
  if (!help.stdout?.includes('--pdeathsig')) return [];
  return [setpriv, '--pdeathsig', 'TERM', '--'];
}
