/** One route's scoreboard row as a card of figures, for a scene that shows a route on its own. */
import styles from './scoreboard.module.css';
import { priceText, SEVERITY_SYMBOL, type Cell, type ScoreRow, type Verdict } from './scoreboard-view';

export interface ScoreCardProps {
  row: ScoreRow;
  testId: string;
}

function Figure({ cell, label, testId }: { cell: Cell; label: string; testId: string }) {
  // Words ("no Prometheus", "no crash yet") are set smaller than numbers, so they fit the same box.
  const words = !/\d/.test(cell.value);
  return (
    <div
      className={`${styles.figure} ${styles[cell.severity]}`}
      data-testid={testId}
      data-severity={cell.severity}
    >
      <span className={`${styles.value} ${words ? styles.words : ''}`}>{cell.value}</span>
      <span className={styles.note}>{cell.note === '' ? label : `${label} · ${cell.note}`}</span>
    </div>
  );
}

/** The verdict in its colour and symbol, with the numbers behind it on hover. */
export function VerdictBadge({ verdict, testId }: { verdict: Verdict; testId: string }) {
  return (
    <span
      className={`${styles.badge} ${styles[verdict.severity]}`}
      title={verdict.why}
      data-testid={testId}
      data-severity={verdict.severity}
    >
      <span aria-hidden="true">{SEVERITY_SYMBOL[verdict.severity]}</span> {verdict.text}
    </span>
  );
}

export function ScoreCard({ row, testId }: ScoreCardProps) {
  return (
    <div
      className={`${styles.card} ${row.multiproc === null ? '' : styles.card4}`}
      data-testid={testId}
      data-verdict={row.verdict.text}
      data-crash-at={row.crash.at ?? undefined}
    >
      <Figure cell={row.error} label="error now" testId={`${testId}-error`} />
      <Figure cell={row.prometheus} label="rate() ÷ truth" testId={`${testId}-prometheus`} />
      <Figure cell={row.crash} label="last crash" testId={`${testId}-crash`} />
      {row.multiproc !== null && (
        <Figure cell={row.multiproc} label="per scrape" testId={`${testId}-multiproc`} />
      )}
      <p className={styles.price} data-testid={`${testId}-price`}>
        <strong>Price:</strong> {priceText(row)}
      </p>
    </div>
  );
}
