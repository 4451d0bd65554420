/** The doctor's command line: one metrics URL and a few flags, every error naming the flag it is about. */

export interface CliOptions {
  url: string;
  load: string | null;
  rate: number;
  durationSeconds: number;
  intervalSeconds: number;
  /** Per-scrape timeout; null leaves it to the doctor (the interval, 2–10 s). */
  timeoutSeconds: number | null;
  json: boolean;
}

export type CliCommand = { kind: 'help' } | { kind: 'run'; options: CliOptions };

export class CliArgsError extends Error {
  override name = 'CliArgsError';
}

export const DOCTOR_USAGE =
  'usage: npm run doctor -- <metrics-url> [--load <url>] [--rate 20] [--duration 30] [--interval 1]\n' +
  '                         [--timeout <s>] [--json]';

export const DOCTOR_HELP = `${DOCTOR_USAGE}

Scrapes <metrics-url> every interval twice: once on a new connection, once over one kept-alive connection
(as Prometheus keeps one per target), while optionally sending load to --load. Then it says whether the
answers come from one registry or several processes in turn, which signals told them apart, which
counters went down (false resets) and what rate() would invent from them, and what to fix.

  <metrics-url>     http:// or https:// URL of the /metrics endpoint
  --load <url>      send GET requests here meanwhile, each on a new connection (http:// or https://)
  --rate <n>        load requests per second (default 20, at most 5000; needs --load)
  --duration <s>    seconds of scraping (default 30, at most 600)
  --interval <s>    seconds between scrapes of each kind (default 1, at least 0.1)
  --timeout <s>     per-scrape timeout (default: the interval, between 2 and 10 s)
  --json            print one JSON object instead of the report
  --help            this text

Exit status:
  0  consistent: every answer fits one registry
  1  braided across N responders, or pinned to one responder (keep-alive): pinned is a problem too, since
     Prometheus then counts one worker's share and lands on another whenever the connection is rebuilt
  2  the target is unreachable or not a metrics endpoint, too few scrapes succeeded, or bad arguments`;

const FLAGS = new Set(['load', 'rate', 'duration', 'interval', 'timeout', 'json', 'help']);

export function parseDoctorArgs(argv: readonly string[]): CliCommand {
  const values = new Map<string, string>();
  const positional: string[] = [];
  let json = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (!FLAGS.has(name)) throw new CliArgsError(`unknown flag --${name}`);
    if (name === 'json') {
      if (eq !== -1) throw new CliArgsError('--json: takes no value');
      json = true;
      continue;
    }
    let value = eq === -1 ? argv[i + 1] : arg.slice(eq + 1);
    if (eq === -1) i += 1;
    if (value === undefined || (eq === -1 && value.startsWith('--'))) {
      throw new CliArgsError(`--${name}: needs a value`);
    }
    value = value.trim();
    if (values.has(name)) throw new CliArgsError(`--${name}: given twice`);
    values.set(name, value);
  }
  if (positional.length === 0)
    throw new CliArgsError('a metrics URL is needed, e.g. http://127.0.0.1:8000/metrics');
  if (positional.length > 1) throw new CliArgsError(`one metrics URL only (got ${positional.join(', ')})`);

  const url = httpUrl(positional[0] as string, 'the metrics URL');
  const load = values.has('load') ? httpUrl(values.get('load') as string, '--load') : null;
  if (values.has('rate') && load === null)
    throw new CliArgsError('--rate: needs --load (where to send the load)');
  const rate = number(values.get('rate'), 'rate', 20, { above: 0, atMost: 5000 });
  const durationSeconds = number(values.get('duration'), 'duration', 30, { above: 0, atMost: 600 });
  const intervalSeconds = number(values.get('interval'), 'interval', 1, { atLeast: 0.1, atMost: 60 });
  const timeout = values.get('timeout');
  const timeoutSeconds =
    timeout === undefined ? null : number(timeout, 'timeout', 0, { above: 0, atMost: 60 });
  if (durationSeconds < 2 * intervalSeconds) {
    throw new CliArgsError(
      `--duration: must be at least twice --interval (${intervalSeconds} s), so that each connection is scraped more than once`,
    );
  }
  return {
    kind: 'run',
    options: { url, load, rate, durationSeconds, intervalSeconds, timeoutSeconds, json },
  };
}

function httpUrl(text: string, what: string): string {
  // "localhost:8000/metrics" would read as a URL of scheme "localhost:".
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new CliArgsError(`${what}: "${text}" needs http:// or https:// in front (e.g. http://${text})`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliArgsError(`${what}: "${text}" is not a URL (try http://127.0.0.1:8000/metrics)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliArgsError(`${what}: only http:// and https:// URLs (got ${url.protocol}//)`);
  }
  return url.href;
}

function number(
  text: string | undefined,
  flag: string,
  fallback: number,
  bounds: { above?: number; atLeast?: number; atMost: number },
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  const low =
    bounds.above !== undefined ? `above ${bounds.above}` : `at least ${bounds.atLeast ?? -Infinity}`;
  const must = `--${flag}: must be a number ${low} and at most ${bounds.atMost}`;
  if (text === '' || !Number.isFinite(value)) throw new CliArgsError(`${must} (got "${text}")`);
  if (bounds.above !== undefined && value <= bounds.above) throw new CliArgsError(`${must} (got ${text})`);
  if (bounds.atLeast !== undefined && value < bounds.atLeast) throw new CliArgsError(`${must} (got ${text})`);
  if (value > bounds.atMost) throw new CliArgsError(`${must} (got ${text})`);
  return value;
}
