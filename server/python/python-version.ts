/**
 * Which Python interpreters may build the demos' venv: the names tried, and what a probe of one says. Pure.
 */

export interface PythonVersion {
  major: number;
  minor: number;
  patch: number;
}

/** Django 5.2 and gunicorn 27 need 3.10 or newer. */
export const MINIMUM_PYTHON: PythonVersion = { major: 3, minor: 10, patch: 0 };

/** Names looked up on PATH when no PYTHON path is given: the usual one first, then the versioned ones. */
export const PYTHON_NAMES = [
  'python3',
  'python3.14',
  'python3.13',
  'python3.12',
  'python3.11',
  'python3.10',
] as const;

/**
 * What a probe runs with `-c`: the version first, then the modules `python -m venv` needs. Debian's python3
 * has no ensurepip until python3-venv is installed, and its venv then fails half-way.
 */
export const PROBE_SCRIPT = "import sys; print('%d.%d.%d' % sys.version_info[:3]); import venv, ensurepip";

/** "3.11.7" (what PROBE_SCRIPT prints) or "Python 3.11.7" (what --version prints); null for anything else. */
export function parsePythonVersion(text: string): PythonVersion | null {
  const match = /^(?:Python )?(\d+)\.(\d+)\.(\d+)\S*$/.exec(text.trim());
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function formatVersion(v: PythonVersion): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

export function atLeast(v: PythonVersion, minimum: PythonVersion): boolean {
  if (v.major !== minimum.major) return v.major > minimum.major;
  if (v.minor !== minimum.minor) return v.minor > minimum.minor;
  return v.patch >= minimum.patch;
}

export interface ProbeOutput {
  /** null when it could not be run at all (not found, timed out, killed). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export type ProbeVerdict = { ok: true; version: PythonVersion } | { ok: false; why: string };

/** Reads the output of `<python> -c PROBE_SCRIPT`: usable, or why not, in a few words. */
export function judgeProbe(output: ProbeOutput, minimum: PythonVersion = MINIMUM_PYTHON): ProbeVerdict {
  const version = parsePythonVersion(output.stdout.split('\n')[0] ?? '');
  if (version === null) {
    // A pyenv shim for a version that is not selected runs, prints why on stderr and exits non-zero.
    const said = output.stderr.trim().split('\n')[0]?.trim();
    return { ok: false, why: said ? `does not run: ${said}` : 'does not run' };
  }
  if (!atLeast(version, minimum)) {
    return { ok: false, why: `is ${formatVersion(version)}, older than ${formatVersion(minimum)}` };
  }
  if (output.exitCode !== 0) {
    return {
      ok: false,
      why: `is ${formatVersion(version)} but has no venv/ensurepip module (Debian: apt-get install python3-venv)`,
    };
  }
  return { ok: true, version };
}
