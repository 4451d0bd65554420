/**
 * The "Your app" row of the scoreboard, from the doctor's live diagnosis. Your app has no truth the lab
 * keeps, so the row shows the doctor's evidence instead of errors against the truth. Pure.
 */
import { signalLabel } from '../../server/doctor/signals';
import type { YourAppView } from '../../server/lab/types';
import { formatCompact, formatCount } from '../lab/format';
import type { Severity } from '../lab/series';
import type { Cell, Verdict } from './scoreboard-view';

/** Signals named in the row; more would wrap it onto lines the scoreboard has no room for. */
const SIGNALS_SHOWN = 3;

export interface YourAppRow {
  id: 'your-app';
  title: string;
  /** The target without its scheme, as the page names it (the server chose it, not a visitor). */
  target: string;
  /** Who answered: on new connections and on the kept-alive one. */
  responders: Cell;
  /** Counters that went down between scrapes, and what rate() would invent from them. */
  resets: Cell;
  /** The signals the doctor told processes apart by. */
  signals: Cell;
  /** The fixes that fit what it saw: a few words each, and how; none when consistent. */
  fixes: { title: string; text: string }[];
  verdict: Verdict;
}

const VERDICT: Record<YourAppView['diagnosis']['verdict'], { text: string; severity: Severity }> = {
  braided: { text: 'braided', severity: 'bad' },
  pinned: { text: 'pinned', severity: 'warn' },
  consistent: { text: 'consistent', severity: 'good' },
  insufficient: { text: 'watching…', severity: 'unknown' },
};

export function yourAppRow(view: YourAppView): YourAppRow {
  const { diagnosis, window, lastError } = view;
  const { responders, falseResets, signals } = diagnosis;
  const scrapes = window.fresh + window.keptAlive;
  const resetCount = falseResets.reduce((sum, r) => sum + r.count, 0);
  const invented = falseResets.reduce((sum, r) => sum + r.inventedRatePerSecond, 0);
  const families = new Set(falseResets.map((r) => r.family)).size;
  const used = signals.filter((s) => s.used).map((s) => signalLabel(s.name));
  const verdict = VERDICT[diagnosis.verdict];
  return {
    id: 'your-app',
    title: view.spec.title,
    target: view.spec.metricsUrl.replace(/^https?:\/\//, ''),
    responders: {
      value: scrapes === 0 ? '—' : `${responders.fresh} · ${responders.keptAlive}`,
      note: scrapes === 0 ? 'no scrape yet' : `new · kept\u2011alive, ${formatCount(scrapes)} scrapes`,
      severity: scrapes === 0 ? 'unknown' : responders.fresh > 1 ? 'bad' : 'good',
    },
    resets: {
      value: formatCount(resetCount),
      note:
        resetCount === 0
          ? 'no counter went down'
          : `in ${formatCount(families)} ${families === 1 ? 'family' : 'families'}; rate() invents ${formatCompact(invented)}/s`,
      severity: scrapes === 0 ? 'unknown' : resetCount > 0 ? 'bad' : 'good',
    },
    signals: {
      value: used.length === 0 ? 'no signals' : `${formatCount(used.length)} signals`,
      // Three names fit a projector row; the rest are counted, and all of them are in the doctor's report.
      note:
        used.length === 0
          ? 'nothing told processes apart'
          : [
              ...used.slice(0, SIGNALS_SHOWN),
              ...(used.length > SIGNALS_SHOWN ? [`${used.length - SIGNALS_SHOWN} more`] : []),
            ].join(' · '),
      severity: 'unknown',
    },
    fixes: diagnosis.suggestedFixes.map(({ title, text }) => ({ title, text })),
    // A target that stopped answering says so, whatever the scrapes before it showed.
    verdict:
      lastError !== null
        ? { text: 'not answering', severity: 'bad', why: lastError }
        : { ...verdict, why: diagnosis.summary },
  };
}
