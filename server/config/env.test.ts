import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './env';

describe('loadConfig', () => {
  it('lists every variable it reads in .env.example, with the default it has', () => {
    const example = fs.readFileSync('.env.example', 'utf8');
    const listed = new Map(
      [...example.matchAll(/^([A-Z_]+)=(.*)$/gm)].map((m) => [m[1] ?? '', m[2] ?? ''] as const),
    );
    // PATH is the shell's own, only read to find binaries.
    const missing = CONFIG_VARIABLES.filter((v) => v !== 'PATH' && !listed.has(v));
    expect(missing).toEqual([]);
    expect(loadConfig(Object.fromEntries(listed))).toEqual(loadConfig({ PATH: '' }));
  });

  it.each([
    [{ ALLOWED_HOSTS: ' laptop.local, 10.0.0.5 ,' }, { ALLOWED_HOSTS: ['laptop.local', '10.0.0.5'] }],
    [{ LAB_TOKEN: 'x'.repeat(16) }, { LAB_TOKEN: 'x'.repeat(16) }],
    [
      { DOCTOR_TARGET: 'http://127.0.0.1:8000/metrics', DOCTOR_LOAD: 'https://localhost/' },
      {
        DOCTOR_TARGET: 'http://127.0.0.1:8000/metrics',
        DOCTOR_LOAD: 'https://localhost/',
        DOCTOR_LOAD_RATE: 20,
      },
    ],
  ])('reads %j', (env, want) => {
    expect(loadConfig(env)).toMatchObject(want);
  });

  it.each([
    [{ LAB_TOKEN: 'short' }, /LAB_TOKEN: must be at least 16 characters/],
    [{ LAB_PORT: 'x', WORKERS: '99' }, /WORKERS: [\s\S]*LAB_PORT: /],
    [{ DOCTOR_TARGET: '127.0.0.1:8000/metrics' }, /DOCTOR_TARGET: must be an http/],
    [{ DOCTOR_TARGET: 'file:///etc/passwd' }, /DOCTOR_TARGET: must be an http:\/\/ or https:\/\/ URL/],
    [{ DOCTOR_LOAD: 'ftp://127.0.0.1/' }, /DOCTOR_LOAD: must be an http:\/\/ or https:\/\/ URL/],
    [{ DOCTOR_LOAD_RATE: '9000' }, /DOCTOR_LOAD_RATE: /],
  ])('refuses %j naming each bad variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
