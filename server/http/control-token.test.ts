import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { controlToken } from './control-token';

describe('controlToken', () => {
  it.each([
    [{ BIND_HOST: '127.0.0.1' }, { token: null, generated: false }],
    [{ BIND_HOST: '::1' }, { token: null, generated: false }],
    [
      { BIND_HOST: '127.0.0.1', LAB_TOKEN: 'x'.repeat(16) },
      { token: 'x'.repeat(16), generated: false },
    ],
    [
      { BIND_HOST: '0.0.0.0', LAB_TOKEN: 'y'.repeat(16) },
      { token: 'y'.repeat(16), generated: false },
    ],
  ])('%j', (config, want) => {
    expect(controlToken(config)).toEqual(want);
  });

  it('makes one up beyond loopback, and says so', () => {
    const made = controlToken({ BIND_HOST: '0.0.0.0' });
    expect(made.generated).toBe(true);
    expect(made.token).toMatch(/^[0-9a-f]{32}$/);
    expect(controlToken({ BIND_HOST: '0.0.0.0' }).token).not.toBe(made.token);
  });

  it('shares one token through LAB_TOKEN_FILE: the first process writes it, the others read it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrape-lab-token-'));
    try {
      const file = path.join(dir, 'secret', 'token');
      const first = controlToken({ BIND_HOST: '0.0.0.0', LAB_TOKEN_FILE: file });
      const second = controlToken({ BIND_HOST: '0.0.0.0', LAB_TOKEN_FILE: file });
      expect(first.generated).toBe(true);
      expect(second).toEqual({ token: first.token, generated: false });
      expect(fs.readFileSync(file, 'utf8').trim()).toBe(first.token);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(path.dirname(file))).toEqual(['token']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
