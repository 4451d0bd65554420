import { createHash } from 'node:crypto';
import { isRecord, isString, parseJson } from '../config/shape-guards';

/**
 * The stamp a finished install leaves in the venv: the requirements file's hash and the interpreter that
 * built it. A venv whose stamp names other requirements, or that has none (an install cut short), is rebuilt.
 * Pure.
 */

export interface VenvStamp {
  requirementsSha256: string;
  python: string;
}

export function requirementsHash(requirements: string): string {
  return createHash('sha256').update(requirements).digest('hex');
}

export function formatStamp(requirements: string, pythonVersion: string): string {
  const stamp: VenvStamp = { requirementsSha256: requirementsHash(requirements), python: pythonVersion };
  return `${JSON.stringify(stamp)}\n`;
}

/** The stamp file's content read back; null when it is absent or not a stamp. */
export function parseStamp(text: string | null): VenvStamp | null {
  if (text === null) return null;
  const raw = parseJson(text);
  if (!isRecord(raw) || !isString(raw.requirementsSha256) || !isString(raw.python)) return null;
  return { requirementsSha256: raw.requirementsSha256, python: raw.python };
}

/** True when the venv was built from exactly these requirements. */
export function stampMatches(text: string | null, requirements: string): boolean {
  return parseStamp(text)?.requirementsSha256 === requirementsHash(requirements);
}
