import {
  describeRequestError,
  requestTextAnswer,
  type TextAnswer,
  type TextRequest,
} from '../lab/http-request';

/** Why a question to Prometheus got no number: said on the page as such, never shown as zero. */
export type PrometheusFailure = 'unreachable' | 'bad_query' | 'http' | 'empty';

export class PrometheusError extends Error {
  override name = 'PrometheusError';
  constructor(
    readonly kind: PrometheusFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface Sample {
  /** Unix time in milliseconds. */
  t: number;
  v: number;
}

export interface Series {
  metric: Record<string, string>;
  samples: Sample[];
}

interface ApiAnswer {
  status: 'success' | 'error';
  data?: { resultType: string; result: unknown };
  errorType?: string;
  error?: string;
}

type RawValue = [number, string];

/** A small client for Prometheus' HTTP API (`/api/v1/query`, `/api/v1/query_range`, lifecycle endpoints). */
export class PrometheusClient {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 3000,
  ) {}

  /** An instant query that must give one number (e.g. a `sum(...)`); no series is a PrometheusError('empty'). */
  async value(expr: string, timeMs?: number): Promise<number> {
    const data = await this.call('/api/v1/query', {
      query: expr,
      ...(timeMs === undefined ? {} : { time: seconds(timeMs) }),
    });
    if (data.resultType === 'scalar') return Number((data.result as RawValue)[1]);
    const vector = data.result as Array<{ value: RawValue }>;
    const first = vector[0];
    if (!first) throw new PrometheusError('empty', `no data: ${expr} returned no series`);
    return Number(first.value[1]);
  }

  /** The raw samples a range selector such as `metric[30s]` sees at `timeMs`. */
  async rangeSelector(expr: string, timeMs: number): Promise<Series[]> {
    const data = await this.call('/api/v1/query', { query: expr, time: seconds(timeMs) });
    if (data.resultType !== 'matrix')
      throw new PrometheusError('bad_query', `${expr} is not a range selector`);
    return toSeries(data.result);
  }

  async queryRange(expr: string, startMs: number, endMs: number, stepSeconds: number): Promise<Series[]> {
    const data = await this.call('/api/v1/query_range', {
      query: expr,
      start: seconds(startMs),
      end: seconds(endMs),
      step: String(stepSeconds),
    });
    return toSeries(data.result);
  }

  /** Re-reads the config file (needs `--web.enable-lifecycle`). */
  async reload(): Promise<void> {
    await this.fetch('/-/reload', { method: 'POST' });
  }

  /**
   * When Prometheus last loaded its config file, from its own /metrics (Unix seconds, whole), and whether
   * that load succeeded: how a reload by SIGHUP or by file watching is confirmed.
   */
  async lastConfigReload(): Promise<{ atSeconds: number; successful: boolean }> {
    const text = await this.fetch('/metrics', {});
    const read = (name: string): number => {
      const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
      if (!match?.[1]) throw new PrometheusError('http', `/metrics has no ${name}`);
      return Number(match[1]);
    };
    return {
      atSeconds: read('prometheus_config_last_reload_success_timestamp_seconds'),
      successful: read('prometheus_config_last_reload_successful') === 1,
    };
  }

  /** The version Prometheus says it is (`/api/v1/status/buildinfo`), e.g. "3.16.0": how its PromQL dialect is known. */
  async version(): Promise<string> {
    const text = await this.fetch('/api/v1/status/buildinfo', {});
    let version: unknown;
    try {
      version = (JSON.parse(text) as { data?: { version?: unknown } }).data?.version;
    } catch {
      throw new PrometheusError('http', '/api/v1/status/buildinfo: the answer is not JSON');
    }
    if (typeof version !== 'string') {
      throw new PrometheusError('http', '/api/v1/status/buildinfo: the answer has no data.version');
    }
    return version;
  }

  async isReady(): Promise<boolean> {
    try {
      await this.fetch('/-/ready', {});
      return true;
    } catch {
      return false;
    }
  }

  private async call(path: string, params: Record<string, string>): Promise<NonNullable<ApiAnswer['data']>> {
    const text = await this.fetch(
      path,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
      },
      true,
    );
    let answer: ApiAnswer;
    try {
      answer = JSON.parse(text) as ApiAnswer;
    } catch {
      throw new PrometheusError('http', `${path}: the answer is not JSON`);
    }
    if (answer.status !== 'success' || !answer.data) {
      const kind = answer.errorType === 'bad_data' ? 'bad_query' : 'http';
      throw new PrometheusError(kind, `${answer.errorType ?? 'error'}: ${answer.error ?? 'no detail'}`);
    }
    return answer.data;
  }

  private async fetch(
    path: string,
    init: Omit<TextRequest, 'timeoutMs'>,
    apiErrorsInBody = false,
  ): Promise<string> {
    let response: TextAnswer;
    try {
      response = await requestTextAnswer(`${this.baseUrl}${path}`, { ...init, timeoutMs: this.timeoutMs });
    } catch (err) {
      throw new PrometheusError(
        'unreachable',
        `Prometheus at ${this.baseUrl} is unreachable: ${describeRequestError(err)}`,
      );
    }
    const { text } = response;
    // The query API answers 400/422 with a JSON body that says what was wrong with the query.
    if (!response.ok && !(apiErrorsInBody && text.startsWith('{'))) {
      throw new PrometheusError('http', `${path} → HTTP ${response.status}: ${text.slice(0, 200).trim()}`);
    }
    return text;
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function toSeries(result: unknown): Series[] {
  return (result as Array<{ metric: Record<string, string>; values: RawValue[] }>).map((s) => ({
    metric: s.metric,
    samples: s.values.map(([t, v]) => ({ t: Math.round(t * 1000), v: Number(v) })),
  }));
}
