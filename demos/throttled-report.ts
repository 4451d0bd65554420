export interface ThrottledReportOptions {
  /** What is being counted, e.g. "statsd send errors". */
  what: string;
  intervalMs: number;
  now: () => number;
  report: (line: string) => void;
}

export interface ThrottledReport {
  record(message: string): void;
  /** Reports anything recorded since the last line; call on shutdown so nothing goes unreported. */
  flush(): void;
  /** Everything recorded so far. */
  total(): number;
}

/** Counts events and writes at most one line per interval, so a flood of errors cannot flood the log. */
export function createThrottledReport(options: ThrottledReportOptions): ThrottledReport {
  let total = 0;
  let pending = 0;
  let latest = '';
  let lastReportAt: number | null = null;

  const flush = (): void => {
    if (pending === 0) return;
    options.report(`${options.what}: ${pending} since last report (${total} in all), latest: ${latest}`);
    pending = 0;
    lastReportAt = options.now();
  };

  return {
    record(message) {
      total += 1;
      pending += 1;
      latest = message;
      if (lastReportAt === null || options.now() - lastReportAt >= options.intervalMs) flush();
    },
    flush,
    total: () => total,
  };
}
