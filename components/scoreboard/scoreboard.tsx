/**
 * Every route in one table, all under the same load: how wrong, what it costs, what a worker crash did,
 * and a verdict. Props only; the table comes from a pure helper (scoreboard-page-view). Rows and cells are
 * memoised: a snapshot redraws only the figures that changed.
 */
import { memo } from 'react';
import styles from './scoreboard.module.css';
import type { ScoreboardTable } from './scoreboard-page-view';
import { SEVERITY_SYMBOL, type Cell, type CrashCell, type ScoreRow } from './scoreboard-view';
import type { YourAppRow } from './your-app-view';

export interface ScoreboardProps {
  table: ScoreboardTable;
  /** A control call is in flight (or this is a preview that must not drive the lab). */
  busy: boolean;
  onCrashEverywhere: () => void;
  /** Opens a route's wiring diagram; the route names are plain text without it. */
  onShowWiring?: (routeId: string) => void;
}

const COLUMNS: {
  key: keyof Omit<ScoreRow, 'id' | 'title' | 'shape' | 'multiproc' | 'verdict'>;
  head: string;
  /** The head in a dense table, where it has one line. */
  short: string;
}[] = [
  { key: 'error', head: 'error now vs truth', short: 'error now' },
  { key: 'prometheus', head: 'Prometheus rate() ÷ truth', short: 'rate() ÷ truth' },
  { key: 'scrape', head: 'scrape time, ms', short: 'scrape, ms' },
  { key: 'size', head: '/metrics size', short: '/metrics' },
  { key: 'processes', head: 'processes, targets', short: 'processes' },
  { key: 'crash', head: 'last worker crash: counts lost', short: 'last crash' },
];

export function Scoreboard({ table, busy, onCrashEverywhere, onShowWiring }: ScoreboardProps) {
  const { rows, yourApp, dense } = table;
  return (
    <div className={styles.scoreboard}>
      <div className={styles.bar}>
        <p className={styles.load} data-testid="scoreboard-load">
          {table.load}
        </p>
        <button
          type="button"
          className={styles.crash}
          data-testid="scoreboard-crash"
          disabled={busy}
          onClick={onCrashEverywhere}
        >
          Crash one worker on every route
        </button>
      </div>
      <table
        className={`${styles.table} ${dense ? styles.dense : ''}`}
        data-testid="scoreboard"
        data-routes={rows.length}
        data-dense={dense}
      >
        <TableHead dense={dense} />
        <tbody>
          {rows.map((row) => (
            <RouteRow key={row.id} row={row} dense={dense} onShowWiring={onShowWiring} />
          ))}
          {yourApp && <YourAppRowView row={yourApp} dense={dense} />}
        </tbody>
      </table>
      {yourApp && yourApp.fixes.length > 0 && (
        <p className={styles.fixes} data-testid="your-app-fixes">
          <span className={styles.fixesHead}>Fixes that fit your app: </span>
          {yourApp.fixes.map((fix, i) => (
            <span key={fix.title} title={fix.text}>
              {i > 0 && ' · '}
              {fix.title}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

const TableHead = memo(function TableHead({ dense }: { dense: boolean }) {
  return (
    <>
      <colgroup>
        <col className={styles.colRoute} />
        <col className={styles.colError} />
        <col className={styles.colPrometheus} />
        <col className={styles.colScrape} />
        <col className={styles.colSize} />
        <col className={styles.colProcesses} />
        <col className={styles.colCrash} />
        <col className={styles.colVerdict} />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">route</th>
          {COLUMNS.map((c) => (
            <th key={c.key} scope="col" title={dense ? c.head : undefined}>
              {dense ? c.short : c.head}
            </th>
          ))}
          <th scope="col">verdict</th>
        </tr>
      </thead>
    </>
  );
});

const RouteRow = memo(function RouteRow({
  row,
  dense,
  onShowWiring,
}: {
  row: ScoreRow;
  dense: boolean;
  onShowWiring: ((routeId: string) => void) | undefined;
}) {
  return (
    <tr
      data-testid={`score-row-${row.id}`}
      data-route={row.id}
      data-verdict={row.verdict.text}
      data-crash-at={row.crash.at ?? undefined}
    >
      <th scope="row">
        {onShowWiring ? (
          <button
            type="button"
            className={`${styles.title} ${styles.wiring}`}
            title="show how this route is wired"
            data-testid={`score-${row.id}-wiring`}
            onClick={() => onShowWiring(row.id)}
          >
            {row.title}
          </button>
        ) : (
          <span className={styles.title}>{row.title}</span>
        )}
        <span className={styles.note}>{row.shape}</span>
      </th>
      {COLUMNS.map((c) =>
        // Dense, the crash keeps its false resets on screen and the rest for hovering.
        c.key === 'crash' ? (
          <CrashCellView key={c.key} cell={row.crash} dense={dense} testId={`score-${row.id}-crash`} />
        ) : (
          <CellView
            key={c.key}
            // Two numbers: a slow scrape's may take two lines rather than leave the column.
            breakable={c.key === 'scrape'}
            cell={row[c.key]}
            testId={`score-${row.id}-${c.key}`}
          />
        ),
      )}
      <td
        className={styles[row.verdict.severity]}
        data-testid={`score-${row.id}-verdict`}
        data-severity={row.verdict.severity}
        title={dense ? row.verdict.why : undefined}
      >
        <span className={`${styles.value} ${styles.verdict}`}>
          <span aria-hidden="true">{SEVERITY_SYMBOL[row.verdict.severity]}</span> {row.verdict.text}
        </span>
        {/* Dense, the numbers behind the verdict are the row's own cells; the sentence is for hovering. */}
        {!dense && <span className={styles.note}>{row.verdict.why}</span>}
      </td>
    </tr>
  );
});

function CrashCellView({ cell, dense, testId }: { cell: CrashCell; dense: boolean; testId: string }) {
  return dense ? <BriefCellView cell={cell} testId={testId} /> : <CellView cell={cell} testId={testId} />;
}

/** The crash cell of a dense table: its brief note on screen, the whole note for hovering. */
const BriefCellView = memo(function BriefCellView({ cell, testId }: { cell: CrashCell; testId: string }) {
  return <CellView cell={{ ...cell, note: cell.brief }} hint={cell.note} testId={testId} />;
});

/** Your app has no truth here: its row spans the truth columns with the doctor's evidence instead. */
const YourAppRowView = memo(function YourAppRowView({ row, dense }: { row: YourAppRow; dense: boolean }) {
  return (
    <tr
      className={styles.yourApp}
      data-testid="your-app-row"
      data-route={row.id}
      data-verdict={row.verdict.text}
    >
      <th scope="row">
        <span className={styles.title}>{row.title}</span>
        <span className={styles.note}>{row.target}</span>
      </th>
      <CellView cell={row.responders} testId="your-app-responders" />
      <CellView cell={row.resets} span={2} testId="your-app-resets" />
      <CellView cell={row.signals} span={3} testId="your-app-signals" />
      <td
        className={styles[row.verdict.severity]}
        data-testid="your-app-verdict"
        data-severity={row.verdict.severity}
        title={dense ? row.verdict.why : undefined}
      >
        <span className={`${styles.value} ${styles.verdict}`}>
          <span aria-hidden="true">{SEVERITY_SYMBOL[row.verdict.severity]}</span> {row.verdict.text}
        </span>
        {!dense && <span className={styles.note}>{row.verdict.why}</span>}
      </td>
    </tr>
  );
});

const CellView = memo(function CellView({
  cell,
  hint,
  breakable = false,
  span,
  testId,
}: {
  cell: Cell;
  hint?: string | undefined;
  breakable?: boolean;
  span?: number;
  testId: string;
}) {
  // Words ("no Prometheus", "no crash yet") are set smaller than numbers, so they fit the same column.
  const words = !/\d/.test(cell.value);
  return (
    <td
      className={styles[cell.severity]}
      colSpan={span}
      data-testid={testId}
      data-severity={cell.severity}
      title={hint}
    >
      <span className={`${styles.value} ${words ? styles.words : ''} ${breakable ? styles.breakable : ''}`}>
        {cell.value}
      </span>
      {cell.note !== '' && <span className={styles.note}>{cell.note}</span>}
    </td>
  );
});
