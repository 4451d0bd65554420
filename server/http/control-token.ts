import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/env';
import { isLoopback } from './request-guard';

/**
 * The control token: needed on state-changing requests once a server binds beyond loopback, where the
 * Origin check alone would trust any client that is not a browser.
 */

export interface ControlToken {
  token: string | null;
  /** True when this process made it up: it must print it, or nobody can use the controls. */
  generated: boolean;
}

type TokenConfig = Pick<Config, 'BIND_HOST' | 'LAB_TOKEN' | 'LAB_TOKEN_FILE'>;

/** LAB_TOKEN when set; none on loopback; otherwise the shared file's (made on first use) or a new one. */
export function controlToken(config: TokenConfig): ControlToken {
  if (config.LAB_TOKEN) return { token: config.LAB_TOKEN, generated: false };
  if (isLoopback(config.BIND_HOST)) return { token: null, generated: false };
  if (config.LAB_TOKEN_FILE) return sharedToken(config.LAB_TOKEN_FILE);
  return { token: newToken(), generated: true };
}

export function newToken(): string {
  return randomBytes(16).toString('hex');
}

/**
 * Every process of a compose stack reads the same file; whichever starts first writes it. link() is
 * atomic and fails when the file exists, so two first starters cannot end up with different tokens.
 */
function sharedToken(file: string): ControlToken {
  const existing = readToken(file);
  if (existing) return { token: existing, generated: false };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const draft = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(draft, `${newToken()}\n`, { mode: 0o600 });
  try {
    fs.linkSync(draft, file);
    return { token: readToken(file) ?? '', generated: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { token: readToken(file) ?? '', generated: false };
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

function readToken(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8').trim() || null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
