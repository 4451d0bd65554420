import { CliArgsError, DOCTOR_HELP, DOCTOR_USAGE, parseDoctorArgs } from './cli-args';
import { runDoctor, type DoctorReport } from './doctor';
import { formatReport } from './report-text';

/**
 * `npm run doctor -- <metrics-url> …`: exit 0 consistent, 1 braided or pinned, 2 when there is nothing to
 * diagnose (bad arguments, a target that is unreachable or no metrics endpoint, too few good scrapes).
 */

async function main(): Promise<number> {
  let command;
  try {
    command = parseDoctorArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof CliArgsError)) throw err;
    console.error(`scrape doctor: ${err.message}\n${DOCTOR_USAGE}`);
    return 2;
  }
  if (command.kind === 'help') {
    console.log(DOCTOR_HELP);
    return 0;
  }
  const { options } = command;
  const stop = new AbortController();
  // Ctrl-C ends the run early; the report covers what was scraped until then.
  process.once('SIGINT', () => stop.abort());
  const load = options.load ? `, ${options.rate} req/s to ${options.load}` : '';
  console.error(
    `scrape doctor: scraping ${options.url} for ${options.durationSeconds} s, ` +
      `every ${options.intervalSeconds} s on a new and on a kept-alive connection${load}`,
  );
  const report = await runDoctor(
    {
      url: options.url,
      load: options.load,
      rate: options.rate,
      durationSeconds: options.durationSeconds,
      intervalSeconds: options.intervalSeconds,
      ...(options.timeoutSeconds === null ? {} : { timeoutSeconds: options.timeoutSeconds }),
    },
    stop.signal,
  );
  if (options.json) console.log(JSON.stringify(report));
  else if (!report.fatal)
    process.stdout.write(formatReport(report, { color: process.stdout.isTTY === true }));
  const problem = whyNothingToDiagnose(report);
  if (problem !== null) {
    console.error(`scrape doctor: ${problem}`);
    return 2;
  }
  return report.diagnosis.verdict === 'consistent' ? 0 : 1;
}

function whyNothingToDiagnose(report: DoctorReport): string | null {
  if (report.fatal) return `${report.fatal.problem}: ${report.fatal.message}`;
  if (report.diagnosis.verdict !== 'insufficient') return null;
  const first = report.errors[0];
  return `${report.diagnosis.summary}${first ? `; first failure: ${first.problem}: ${first.message}` : ''}`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`scrape doctor: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 2;
  },
);
