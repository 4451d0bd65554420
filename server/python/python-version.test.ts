import { describe, expect, it } from 'vitest';
import { atLeast, judgeProbe, parsePythonVersion, type PythonVersion } from './python-version';

const v = (major: number, minor: number, patch: number): PythonVersion => ({ major, minor, patch });

describe('parsePythonVersion', () => {
  it.each([
    { text: '3.11.7', want: v(3, 11, 7) },
    { text: 'Python 3.10.13\n', want: v(3, 10, 13) },
    { text: 'Python 3.13.0rc1', want: v(3, 13, 0) },
    { text: '3.12', want: null },
    { text: 'pyenv: python3.12: command not found', want: null },
    { text: '', want: null },
  ])('reads $text', ({ text, want }) => {
    expect(parsePythonVersion(text)).toEqual(want);
  });
});

describe('atLeast', () => {
  it.each([
    { version: v(3, 10, 0), want: true },
    { version: v(3, 9, 18), want: false },
    { version: v(3, 13, 0), want: true },
    { version: v(2, 7, 18), want: false },
    { version: v(4, 0, 0), want: true },
  ])('$version against 3.10.0 is $want', ({ version, want }) => {
    expect(atLeast(version, v(3, 10, 0))).toBe(want);
  });
});

describe('judgeProbe', () => {
  it.each([
    {
      name: 'a usable interpreter',
      output: { exitCode: 0, stdout: '3.11.7\n', stderr: '' },
      want: { ok: true, version: v(3, 11, 7) },
    },
    {
      name: 'a pyenv shim for an unselected version',
      output: {
        exitCode: 127,
        stdout: '',
        stderr:
          "pyenv: python3.12: command not found\n\nThe `python3.12' command exists in these Python versions:",
      },
      want: { ok: false, why: 'does not run: pyenv: python3.12: command not found' },
    },
    {
      name: 'nothing ran',
      output: { exitCode: null, stdout: '', stderr: '' },
      want: { ok: false, why: 'does not run' },
    },
    {
      name: 'too old',
      output: { exitCode: 0, stdout: '3.9.18\n', stderr: '' },
      want: { ok: false, why: 'is 3.9.18, older than 3.10.0' },
    },
    {
      name: 'too old and without venv: the age is the reason',
      output: { exitCode: 1, stdout: '3.8.18\n', stderr: "ModuleNotFoundError: No module named 'ensurepip'" },
      want: { ok: false, why: 'is 3.8.18, older than 3.10.0' },
    },
    {
      name: "Debian's python3 without python3-venv",
      output: { exitCode: 1, stdout: '3.11.2\n', stderr: "ModuleNotFoundError: No module named 'ensurepip'" },
      want: {
        ok: false,
        why: 'is 3.11.2 but has no venv/ensurepip module (Debian: apt-get install python3-venv)',
      },
    },
  ])('$name', ({ output, want }) => {
    expect(judgeProbe(output)).toEqual(want);
  });
});
