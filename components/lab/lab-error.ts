/** Turns a failed control call into the sentence shown to the presenter, preferring the lab's own words. */

/** The lab answers errors as `{ error }`; anything else is described by its status and first characters. */
export function labErrorMessage(status: number, body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
      const { error } = parsed as { error: unknown };
      if (typeof error === 'string' && error.trim() !== '') return error;
    }
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): fall through to the raw text.
  }
  const text = body.trim().replace(/\s+/g, ' ');
  if (text === '') return `HTTP ${status}`;
  return `HTTP ${status}: ${text.length > 120 ? `${text.slice(0, 120)}…` : text}`;
}
