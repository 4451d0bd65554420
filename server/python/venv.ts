import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../config/project-root';
import { findExecutable } from '../supervisor/plan';
import { isAlive } from '../supervisor/processes';
import {
  formatVersion,
  judgeProbe,
  MINIMUM_PYTHON,
  PROBE_SCRIPT,
  PYTHON_NAMES,
  type ProbeOutput,
  type PythonVersion,
} from './python-version';
import { formatStamp, stampMatches } from './venv-stamp';

/**
 * The Python venv the demos run in: built once in a git-ignored project folder from a requirements file,
 * reused while that file is unchanged, rebuilt when it changes.
 */

export const DEFAULT_VENV_DIR = path.join(PROJECT_ROOT, '.venv-demos');
export const DEFAULT_REQUIREMENTS = path.join(PROJECT_ROOT, 'demos/django/requirements.txt');

const STAMP_FILE = 'scrape-lab-stamp.json';
const PROBE_TIMEOUT_MS = 10_000;
/** Another process holding the lock is building the same venv; a first install takes a minute or two. */
const LOCK_WAIT_MS = 15 * 60_000;
const HOW_TO_GET =
  'install Python 3.10 or newer with its venv module (Debian/Ubuntu: apt-get install python3 python3-venv), ' +
  'or pass its path as the PYTHON option';

export interface VenvOptions {
  /** The interpreter to build the venv with (the PYTHON option); when unset, PYTHON_NAMES on searchPath. */
  python?: string;
  /** A PATH-style list searched for PYTHON_NAMES. */
  searchPath: string;
  venvDir?: string;
  requirementsFile?: string;
  log: (line: string) => void;
}

export type VenvResult =
  /** `installed`: this call built it; false when an earlier build was reused. */
  | { kind: 'ready'; python: string; installed: boolean }
  /** No usable interpreter: `message` says why and how to get one. */
  | { kind: 'absent'; message: string };

export class VenvError extends Error {
  override name = 'VenvError';
}

/** The venv's interpreter, building the venv first when it is missing or stale. */
export async function ensureVenv(options: VenvOptions): Promise<VenvResult> {
  const venvDir = options.venvDir ?? DEFAULT_VENV_DIR;
  const requirementsFile = options.requirementsFile ?? DEFAULT_REQUIREMENTS;
  const requirements = fs.readFileSync(requirementsFile, 'utf8');
  const venvPython = path.join(venvDir, 'bin', 'python');
  const fresh = async (): Promise<boolean> =>
    stampMatches(readText(path.join(venvDir, STAMP_FILE)), requirements) && (await probe(venvPython)).ok;

  if (await fresh()) return { kind: 'ready', python: venvPython, installed: false };
  const base = await findPython(options);
  if (!base.ok) return { kind: 'absent', message: base.message };

  // The supervisor may start several demo apps at once: one builds, the others wait for its result.
  return withLock(`${venvDir}.lock`, options.log, async () => {
    if (await fresh()) return { kind: 'ready', python: venvPython, installed: false };
    await build({ ...base, venvDir, requirementsFile, requirements, log: options.log });
    return { kind: 'ready', python: venvPython, installed: true };
  });
}

type Found = { ok: true; command: string; version: PythonVersion } | { ok: false; message: string };

/** PYTHON when given (it must do), else the first of PYTHON_NAMES on the search path that does. */
export async function findPython({
  python,
  searchPath,
}: Pick<VenvOptions, 'python' | 'searchPath'>): Promise<Found> {
  const candidates = python
    ? [python]
    : PYTHON_NAMES.flatMap((name) => findExecutable(name, searchPath) ?? []);
  const tried: string[] = [];
  for (const command of candidates) {
    const verdict = await probe(command);
    if (verdict.ok) return { ok: true, command, version: verdict.version };
    tried.push(`${command} ${verdict.why}`);
  }
  const why =
    tried.length > 0
      ? `no usable Python ${MINIMUM_PYTHON.major}.${MINIMUM_PYTHON.minor}+ (${tried.join('; ')})`
      : `no ${PYTHON_NAMES.join(', ')} on PATH`;
  return { ok: false, message: `absent: ${why}; ${HOW_TO_GET}` };
}

function probe(command: string): Promise<ReturnType<typeof judgeProbe>> {
  return new Promise((resolve) => {
    execFile(command, ['-c', PROBE_SCRIPT], { timeout: PROBE_TIMEOUT_MS }, (error, stdout, stderr) => {
      const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      const output: ProbeOutput = { exitCode, stdout, stderr: stderr || (error?.message ?? '') };
      resolve(judgeProbe(output));
    });
  });
}

interface BuildOptions {
  command: string;
  version: PythonVersion;
  venvDir: string;
  requirementsFile: string;
  requirements: string;
  log: (line: string) => void;
}

async function build({ command, version, venvDir, requirementsFile, requirements, log }: BuildOptions) {
  const started = Date.now();
  const shown = path.relative(PROJECT_ROOT, requirementsFile) || requirementsFile;
  removeStaleVenv(venvDir);
  log(`python: creating ${venvDir} with ${command} (Python ${formatVersion(version)})`);
  await run(command, ['-m', 'venv', venvDir], 'creating the venv');
  log(`python: installing ${shown} into ${venvDir}; the first time takes a minute or two…`);
  await run(
    path.join(venvDir, 'bin', 'python'),
    [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--no-input',
      '--progress-bar',
      'off',
      '-r',
      requirementsFile,
    ],
    `installing ${shown}`,
  );
  // Written last: a build cut short leaves no stamp, and the next start builds again.
  fs.writeFileSync(path.join(venvDir, STAMP_FILE), formatStamp(requirements, formatVersion(version)));
  log(`python: ${venvDir} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Deletes a venv left by an older requirements file; refuses a folder that is not a venv. */
function removeStaleVenv(venvDir: string): void {
  if (!fs.existsSync(venvDir)) return;
  const isVenv = fs.existsSync(path.join(venvDir, 'pyvenv.cfg'));
  if (!isVenv && fs.readdirSync(venvDir).length > 0) {
    throw new VenvError(`${venvDir} exists and is not a Python venv; move it away or choose another folder`);
  }
  fs.rmSync(venvDir, { recursive: true, force: true });
}

/** Runs a command to its end; on failure throws with the tail of what it printed. */
function run(command: string, args: string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    child.on('error', (error) => reject(new VenvError(`${what}: cannot run ${command}: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const tail = output.join('').trim().split('\n').slice(-15).join('\n');
      reject(new VenvError(`${what} failed (${signal ?? `exit code ${code}`}):\n${tail}`));
    });
  });
}

/** Runs `work` holding a lock folder; a lock whose holder has died is taken over. */
async function withLock<T>(lockDir: string, log: (line: string) => void, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let announced = false;
  while (!takeLock(lockDir)) {
    const holder = Number(readText(path.join(lockDir, 'pid')));
    if (Number.isInteger(holder) && holder > 0 && !isAlive(holder)) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new VenvError(`gave up waiting for ${lockDir}: another process has held it for 15 minutes`);
    }
    if (!announced) log(`python: waiting for another process to finish building the venv (${lockDir})`);
    announced = true;
    await sleep(250);
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** The lock folder appears with its holder's pid already inside: renaming a folder onto a taken name fails. */
function takeLock(lockDir: string): boolean {
  const draft = fs.mkdtempSync(`${lockDir}.${process.pid}.`);
  fs.writeFileSync(path.join(draft, 'pid'), String(process.pid));
  try {
    fs.renameSync(draft, lockDir);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
    return false;
  } finally {
    fs.rmSync(draft, { recursive: true, force: true });
  }
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
