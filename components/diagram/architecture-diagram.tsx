/**
 * One route's architecture, drawn live from a snapshot: the load generator feeding the workers, and who
 * answered each of the latest scrapes (a worker at random, every worker on its own port, the primary that
 * merges them, or the one bridge every worker reports to).
 */
import type { ComponentStatus, LabSettings, RouteView } from '../../server/lab/types';
import { formatCount, formatPercent } from '../lab/format';
import styles from './diagram.module.css';
import { DIAGRAM_THEMES, type DiagramTheme, type DiagramThemeName } from './diagram-theme';
import { bufferText, counterText, intervalText, shareText, stateText } from './diagram-text';
import {
  architectureLayout,
  MIN_FONT,
  workerBoxParts,
  type AggregatedLayout,
  type ArchitectureLayout,
  type OtherBox,
  type PerWorkerLayout,
  type Rect,
  type ScrapeLine,
  type StatsdLayout,
  type WorkerBox,
} from './layout';
import { crossPath, markerPath } from './marker-shapes';
import { useDiagramFrame } from './use-diagram-frame';

export interface ArchitectureDiagramProps {
  route: RouteView;
  settings: LabSettings;
  components: ComponentStatus[];
  /** The snapshot's clock, Unix ms. */
  now: number;
  theme?: DiagramThemeName;
  /** The page's worker colour slots for this route (`useLabStream().workerSlots[id]`), when at hand. */
  slots?: Readonly<Record<string, number>>;
}

const HEADING_FONT = 24;
const ROW_MARKER_AREA = 170;

export function ArchitectureDiagram({
  route,
  settings,
  components,
  now,
  theme = 'dark',
  slots = {},
}: ArchitectureDiagramProps) {
  const t = DIAGRAM_THEMES[theme];
  const [ref, frame] = useDiagramFrame();
  const layout = architectureLayout({ frame, route, settings, components, now, slots });
  const { view } = layout;
  const failed = layout.scrapes.filter((s) => s.target.kind === 'failed').length;

  return (
    <svg
      ref={ref}
      className={styles.diagram}
      viewBox={`0 0 ${view.width} ${view.height}`}
      role="img"
      aria-label={altText(layout)}
      data-testid={`architecture-diagram-${route.spec.id}`}
      data-kind={layout.kind}
      data-frame={layout.frame}
      data-workers={layout.workers.length}
      data-scrapes-drawn={layout.scrapes.length}
      data-failed-scrapes-drawn={failed}
      data-hub-state={'hubState' in layout ? layout.hubState : undefined}
      data-targets-drawn={layout.kind === 'per-worker' ? layout.targetLines.length : undefined}
    >
      <rect width={view.width} height={view.height} rx={12} fill={t.background} />
      {layout.headings.map((h) => (
        <text
          key={h.text}
          x={h.x}
          y={h.y}
          textAnchor="middle"
          fontSize={HEADING_FONT}
          fontWeight={700}
          fill={t.ink}
        >
          {h.text}
        </text>
      ))}

      <LoadBox layout={layout} settings={settings} answered={route.truth.answered} t={t} />
      {layout.requestFlows.map((f) => (
        <path
          key={f.key}
          d={f.path}
          fill="none"
          stroke={t.flow}
          strokeWidth={3}
          opacity={layout.loadActive ? 1 : 0.45}
          className={layout.loadActive ? styles.flow : undefined}
        />
      ))}

      {layout.kind === 'statsd' && <BridgePart layout={layout} settings={settings} t={t} />}
      {layout.kind === 'aggregated' && <PrimaryPart layout={layout} t={t} />}

      {layout.appUnreachable && <Unreachable layout={layout} t={t} />}
      {layout.workers.map((w) => (
        <WorkerBoxView key={w.id} worker={w} t={t} />
      ))}
      {layout.other && <OtherBoxView other={layout.other} t={t} />}

      {(layout.kind === 'direct' || layout.kind === 'per-worker') && (
        <g fill={t.muted} fontSize={MIN_FONT} textAnchor="middle">
          <text x={layout.requestLabelX} y={36}>
            GET /metrics
          </text>
          <text x={layout.requestLabelX} y={62}>
            {layout.kind === 'per-worker'
              ? 'on every port'
              : settings.metricsKeepAlive
                ? 'keep-alive'
                : 'new connection'}
          </text>
        </g>
      )}
      {layout.kind === 'per-worker' && <PortsPart layout={layout} t={t} />}

      {[...layout.scrapes]
        .reverse()
        .filter((s) => s.path !== null)
        .map((s) => (
          <ScrapeLineView key={s.key} line={s} t={t} />
        ))}
      <ScraperBox layout={layout} settings={settings} t={t} />
      <PrometheusBox layout={layout} t={t} />
    </svg>
  );
}

/** What the picture shows, for screen readers and test reports. */
function altText(layout: ArchitectureLayout): string {
  const answered = layout.scrapes.map((s) => s.label).join(', ');
  const via =
    layout.kind === 'statsd'
      ? `send StatsD to a bridge that is ${layout.hubState}; `
      : layout.kind === 'aggregated'
        ? layout.merges === 'files'
          ? `write their files to one folder, merged at every scrape, their app ${layout.hubState}; `
          : `hand their registries to a primary that is ${layout.hubState}; `
        : layout.kind === 'per-worker'
          ? `each serve their own port, ${layout.targetLines.filter((l) => l.ok).length} answered the latest scrape; `
          : '';
  return `${layout.workers.length} workers ${via}latest scrapes, newest first: ${answered || 'none yet'}.`;
}

function Box({
  rect,
  fill,
  stroke,
  strokeWidth = 2,
  dashed = false,
}: {
  rect: Rect;
  fill: string;
  stroke: string;
  strokeWidth?: number;
  dashed?: boolean;
}) {
  return (
    <rect
      x={rect.x}
      y={rect.y}
      width={rect.width}
      height={rect.height}
      rx={8}
      fill={fill}
      stroke={stroke}
      strokeWidth={strokeWidth}
      strokeDasharray={dashed ? '8 6' : undefined}
    />
  );
}

function LoadBox({
  layout,
  settings,
  answered,
  t,
}: {
  layout: ArchitectureLayout;
  settings: LabSettings;
  answered: number;
  t: DiagramTheme;
}) {
  const { load } = layout;
  const cx = load.x + load.width / 2;
  const rate = settings.paused ? 'paused' : `${formatCount(settings.ratePerSecond)}/s`;
  if (layout.loadShape === 'band')
    return (
      <g data-part="load">
        <Box rect={load} fill={t.panel} stroke={t.border} />
        <text x={load.x + 14} y={load.y + 32} fontSize={MIN_FONT} fill={t.muted}>
          GET /work
        </text>
        <text
          x={load.x + load.width - 14}
          y={load.y + 34}
          textAnchor="end"
          fontSize={28}
          fontWeight={700}
          fill={t.ink}
        >
          {rate}
        </text>
        <text x={load.x + 14} y={load.y + 66} fontSize={MIN_FONT} fill={t.ink}>
          {formatCount(answered)} <tspan fill={t.muted}>answered</tspan>
        </text>
      </g>
    );
  return (
    <g data-part="load">
      <Box rect={load} fill={t.panel} stroke={t.border} />
      <text x={cx} y={load.y + 34} textAnchor="middle" fontSize={MIN_FONT} fill={t.muted}>
        GET /work
      </text>
      <text x={cx} y={load.y + 76} textAnchor="middle" fontSize={30} fontWeight={700} fill={t.ink}>
        {rate}
      </text>
      <text x={cx} y={load.y + 112} textAnchor="middle" fontSize={MIN_FONT} fill={t.ink}>
        {formatCount(answered)}
      </text>
      <text x={cx} y={load.y + 138} textAnchor="middle" fontSize={MIN_FONT} fill={t.muted}>
        answered
      </text>
    </g>
  );
}

function WorkerBoxView({ worker, t }: { worker: WorkerBox; t: DiagramTheme }) {
  const parts = workerBoxParts(worker.rect);
  const { bar } = parts;
  return (
    <g
      data-worker={worker.id}
      data-requests={worker.share.count}
      data-answered-latest={worker.answeredLatest}
    >
      <title>{`${worker.label}: ${formatCount(worker.share.count)} requests answered`}</title>
      <Box
        rect={worker.rect}
        fill={t.panel}
        stroke={worker.answeredLatest ? worker.style.color : t.border}
        strokeWidth={worker.answeredLatest ? 5 : 2}
      />
      <path
        d={markerPath(worker.style.shape, parts.marker.x, parts.marker.y, parts.markerArea)}
        fill={worker.style.color}
        stroke={t.ink}
        strokeWidth={1.5}
      />
      <text
        x={parts.labelX}
        y={parts.marker.y}
        dominantBaseline="central"
        fontSize={parts.fontSize}
        fontWeight={700}
        fill={t.ink}
      >
        {worker.label}
      </text>
      {bar && <ShareBar bar={bar} fraction={worker.share.fraction} color={worker.style.color} t={t} />}
      <text
        x={parts.valueX}
        y={parts.marker.y}
        dominantBaseline="central"
        textAnchor="end"
        fontSize={parts.fontSize}
        fill={t.ink}
      >
        {shareText(worker.share.fraction)}
      </text>
    </g>
  );
}

function ShareBar({
  bar,
  fraction,
  color,
  t,
}: {
  bar: Rect;
  fraction: number;
  color: string;
  t: DiagramTheme;
}) {
  return (
    <g>
      <rect x={bar.x} y={bar.y} width={bar.width} height={bar.height} rx={3} fill={t.track} />
      <rect
        x={bar.x}
        y={bar.y}
        width={bar.width * Math.min(1, Math.max(0, fraction))}
        height={bar.height}
        rx={3}
        fill={color}
      />
      <rect x={bar.x} y={bar.y} width={bar.width} height={bar.height} rx={3} fill="none" stroke={t.border} />
    </g>
  );
}

function OtherBoxView({ other, t }: { other: OtherBox; t: DiagramTheme }) {
  const parts = workerBoxParts(other.rect);
  return (
    <g data-worker="other" data-requests={other.share.count}>
      <title>{`Gone or unidentified workers: ${formatCount(other.share.count)} requests answered`}</title>
      <Box rect={other.rect} fill={t.background} stroke={t.muted} dashed />
      <text
        x={parts.marker.x}
        y={parts.marker.y}
        dominantBaseline="central"
        textAnchor="middle"
        fontSize={parts.fontSize}
        fontWeight={700}
        fill={t.muted}
      >
        ?
      </text>
      <text
        x={parts.labelX}
        y={parts.marker.y}
        dominantBaseline="central"
        fontSize={parts.fontSize}
        fill={t.muted}
      >
        gone
      </text>
      <text
        x={parts.valueX}
        y={parts.marker.y}
        dominantBaseline="central"
        textAnchor="end"
        fontSize={parts.fontSize}
        fill={t.muted}
      >
        {shareText(other.share.fraction)}
      </text>
    </g>
  );
}

function Unreachable({ layout, t }: { layout: ArchitectureLayout; t: DiagramTheme }) {
  const column = layout.workersColumn;
  const x = column.x + column.width / 2;
  const y = column.y + column.height / 2;
  return (
    <g
      fill={t.failure}
      fontSize={MIN_FONT + 2}
      fontWeight={700}
      textAnchor="middle"
      data-part="app-unreachable"
    >
      <text x={x} y={y - 8}>
        app not answering
      </text>
      <text x={x} y={y + 22} fontWeight={400}>
        no workers to show
      </text>
    </g>
  );
}

function BridgePart({
  layout,
  settings,
  t,
}: {
  layout: StatsdLayout;
  settings: LabSettings;
  t: DiagramTheme;
}) {
  const bridge = layout.hub;
  const up = layout.hubState === 'up';
  const cx = bridge.x + bridge.width / 2;
  return (
    <g data-part="bridge" data-state={layout.hubState}>
      {layout.hubFlows.map((f) => (
        <path
          key={f.key}
          d={f.path}
          fill="none"
          stroke={up ? t.bridge : t.flow}
          strokeWidth={up ? 7 : 3}
          strokeLinecap="round"
          strokeDasharray={up ? undefined : '4 8'}
          opacity={up ? 1 : 0.6}
          className={up && layout.loadActive ? styles.packets : undefined}
        />
      ))}
      <g fontSize={MIN_FONT} textAnchor="middle" fill={t.muted}>
        <text x={cx} y={bridge.y - 44}>
          UDP packets
        </text>
        <text x={cx} y={bridge.y - 16}>
          {bufferText(settings.statsdBufferSize)}
        </text>
      </g>
      <HubBox
        rect={bridge}
        state={layout.hubState}
        fill={t.bridgeFill}
        stroke={t.bridge}
        title={['StatsD', 'bridge']}
        subtitle="sums all workers"
        t={t}
      />
    </g>
  );
}

interface HubBoxProps {
  rect: AggregatedLayout['hub'];
  state: AggregatedLayout['hubState'];
  fill: string;
  stroke: string;
  title: readonly [string, string];
  subtitle: string;
  t: DiagramTheme;
}

/** The one box many workers feed (the bridge, the primary, the folder): two title lines, what it does, its state. */
function HubBox({ rect, state, fill, stroke, title, subtitle, t }: HubBoxProps) {
  const up = state === 'up';
  const cx = rect.x + rect.width / 2;
  const ink = up ? t.ink : t.downInk;
  return (
    <>
      <Box
        rect={rect}
        fill={up ? fill : t.downFill}
        stroke={up ? stroke : t.downInk}
        strokeWidth={up ? 3 : 2}
        dashed={!up}
      />
      {title.map((line, i) => (
        <text
          key={line}
          x={cx}
          y={rect.y + 40 + i * 30}
          textAnchor="middle"
          fontSize={26}
          fontWeight={700}
          fill={ink}
        >
          {line}
        </text>
      ))}
      <text x={cx} y={rect.y + 112} textAnchor="middle" fontSize={MIN_FONT} fill={up ? t.muted : t.downInk}>
        {subtitle}
      </text>
      <text
        x={cx}
        y={rect.y + 158}
        textAnchor="middle"
        fontSize={up ? MIN_FONT + 2 : rect.width < 180 ? 24 : 28}
        fontWeight={700}
        fill={up ? t.good : t.failure}
      >
        {stateText(state)}
      </text>
    </>
  );
}

/** What each merge is called, where the workers' data meets. */
const MERGE_TEXT = {
  registries: {
    flow: ['registries over IPC', 'at every scrape'],
    title: ['cluster', 'primary'],
    subtitle: 'merges them all',
  },
  files: {
    flow: ['each writes', 'its own files'],
    title: ['multiprocess', 'folder'],
    subtitle: 'merged per scrape',
  },
} as const;

/**
 * The hub of an aggregated route: the cluster primary, which asks every worker for its registry over IPC and
 * answers the scrape with the sum; or the multiprocess folder every worker writes its files to, which the
 * worker that takes the scrape merges.
 */
function PrimaryPart({ layout, t }: { layout: AggregatedLayout; t: DiagramTheme }) {
  const primary = layout.hub;
  const cx = primary.x + primary.width / 2;
  const text = MERGE_TEXT[layout.merges];
  return (
    <g data-part="primary" data-state={layout.hubState}>
      {layout.hubFlows.map((f) => (
        <path key={f.key} d={f.path} fill="none" stroke={t.app} strokeWidth={3} strokeDasharray="6 6" />
      ))}
      {layout.hubHeads.map((d, i) => (
        <path key={i} d={d} fill={t.app} />
      ))}
      <g fontSize={MIN_FONT} textAnchor="middle" fill={t.muted}>
        <text x={cx} y={primary.y - 44}>
          {text.flow[0]}
        </text>
        <text x={cx} y={primary.y - 16}>
          {text.flow[1]}
        </text>
      </g>
      <HubBox
        rect={primary}
        state={layout.hubState}
        fill={t.appFill}
        stroke={t.app}
        title={text.title}
        subtitle={text.subtitle}
        t={t}
      />
    </g>
  );
}

/** Every worker's own port, and the latest scrape's arrow to each one (a ✕ where a port did not answer). */
function PortsPart({ layout, t }: { layout: PerWorkerLayout; t: DiagramTheme }) {
  return (
    <g data-part="ports">
      {layout.ports.map((p) => (
        <g key={p.workerId} data-port={p.text}>
          <Box rect={p.rect} fill={t.appFill} stroke={t.app} />
          <text
            x={p.rect.x + p.rect.width / 2}
            y={p.rect.y + p.rect.height / 2}
            dominantBaseline="central"
            textAnchor="middle"
            fontSize={workerBoxParts(p.rect).fontSize}
            fontWeight={700}
            fill={t.ink}
          >
            {p.text}
          </text>
        </g>
      ))}
      {layout.targetLines.map((line) => (
        <g key={line.key} data-target-worker={line.workerId} data-target-ok={line.ok}>
          {line.error !== null && <title>{line.error}</title>}
          <path
            d={line.path}
            fill="none"
            stroke={line.ok ? line.style.color : t.failure}
            strokeWidth={line.ok ? 5 : 4}
            strokeDasharray={line.ok ? undefined : '10 8'}
            strokeLinecap="round"
          />
          {line.head && <path d={line.head} fill={line.style.color} />}
          {line.cross && (
            <path
              d={crossPath(line.cross.x, line.cross.y, 12)}
              stroke={t.failure}
              strokeWidth={6}
              strokeLinecap="round"
            />
          )}
        </g>
      ))}
    </g>
  );
}

function ScrapeLineView({ line, t }: { line: ScrapeLine; t: DiagramTheme }) {
  const color = lineColor(line, t);
  const newest = line.rank === 0;
  const dashed = line.target.kind === 'failed' || line.target.kind === 'other';
  return (
    <g
      opacity={line.opacity}
      data-scrape-rank={line.rank}
      data-target={line.target.kind === 'worker' ? `w${line.target.id}` : line.target.kind}
    >
      <path
        d={line.path ?? undefined}
        fill="none"
        stroke={color}
        strokeWidth={line.width}
        strokeDasharray={dashed ? '10 8' : undefined}
        strokeLinecap="round"
        pathLength={newest && !dashed ? 1 : undefined}
        className={newest && !dashed ? styles.newestLine : undefined}
      />
      {line.head && <path d={line.head} fill={color} className={newest ? styles.newestMark : undefined} />}
      {line.cross && (
        <path
          d={crossPath(line.cross.x, line.cross.y, 12)}
          stroke={t.failure}
          strokeWidth={6}
          strokeLinecap="round"
          className={newest ? styles.newestMark : undefined}
        />
      )}
    </g>
  );
}

function lineColor(line: ScrapeLine, t: DiagramTheme): string {
  if (line.style) return line.style.color;
  if (line.target.kind === 'failed') return t.failure;
  if (line.target.kind === 'bridge') return t.bridge;
  if (line.target.kind === 'primary') return t.app;
  return t.muted;
}

function ScraperBox({
  layout,
  settings,
  t,
}: {
  layout: ArchitectureLayout;
  settings: LabSettings;
  t: DiagramTheme;
}) {
  const { scraper } = layout;
  const markerX = scraper.x + 24;
  const right = scraper.x + scraper.width - 12;
  const counterX = right - 108;
  return (
    <g data-part="scraper">
      <Box rect={scraper} fill={t.panel} stroke={t.border} />
      <text x={scraper.x + 14} y={scraper.y + 28} fontSize={MIN_FONT + 2} fontWeight={700} fill={t.ink}>
        scrape every {intervalText(settings.scrapeIntervalSeconds)}
      </text>
      <text
        x={scraper.x + 14}
        y={scraper.y + 54}
        fontSize={MIN_FONT}
        fill={layout.scrapesStale ? t.failure : t.muted}
        fontWeight={layout.scrapesStale ? 700 : 400}
      >
        {layout.scrapesStale
          ? `no scrape for ${Math.round(layout.newestScrapeAgeSeconds ?? 0)} s`
          : layout.kind === 'per-worker'
            ? 'ports up · sum · vs truth'
            : 'counter · vs truth'}
      </text>
      {layout.scrapes.length === 0 && (
        <text x={scraper.x + 14} y={scraper.y + 100} fontSize={MIN_FONT} fill={t.muted}>
          no scrapes yet
        </text>
      )}
      {layout.scrapes.map((s) => {
        const ink = s.rank === 0 ? t.ink : t.muted;
        const weight = s.rank === 0 ? 700 : 400;
        return (
          <g
            key={s.key}
            fontSize={MIN_FONT}
            fontWeight={weight}
            dominantBaseline="central"
            data-scrape-row={s.rank}
          >
            <RowMarker line={s} x={markerX} t={t} />
            {s.scrape.ok ? (
              <>
                {s.target.kind !== 'bridge' && s.target.kind !== 'primary' && (
                  <text x={markerX + 18} y={s.rowY} fill={ink}>
                    {s.label}
                  </text>
                )}
                <text x={counterX} y={s.rowY} textAnchor="end" fill={ink}>
                  {counterText(s.scrape.counter)}
                </text>
                <text x={right} y={s.rowY} textAnchor="end" fill={errorInk(s.errorPercent, t, ink)}>
                  {formatPercent(s.errorPercent)}
                </text>
              </>
            ) : (
              <text x={markerX + 22} y={s.rowY} fill={t.failure}>
                failed
              </text>
            )}
          </g>
        );
      })}
    </g>
  );
}

/** An error past 10 % is flagged in the failure colour; smaller ones read as ordinary text. */
function errorInk(percent: number | null, t: DiagramTheme, ink: string): string {
  return percent !== null && Math.abs(percent) >= 10 ? t.failure : ink;
}

function RowMarker({ line, x, t }: { line: ScrapeLine; x: number; t: DiagramTheme }) {
  if (!line.scrape.ok) {
    return <path d={crossPath(x, line.rowY, 8)} stroke={t.failure} strokeWidth={4} strokeLinecap="round" />;
  }
  if (line.style) {
    return (
      <path
        d={markerPath(line.style.shape, x, line.rowY, ROW_MARKER_AREA)}
        fill={line.style.color}
        stroke={t.ink}
        strokeWidth={1.5}
      />
    );
  }
  if (line.target.kind === 'bridge' || line.target.kind === 'primary') {
    const fill = line.target.kind === 'bridge' ? t.bridge : t.app;
    return <rect x={x - 8} y={line.rowY - 8} width={16} height={16} rx={3} fill={fill} />;
  }
  if (line.target.kind === 'targets') {
    return (
      <text x={x} y={line.rowY} textAnchor="middle" fontWeight={700} fill={t.app}>
        Σ
      </text>
    );
  }
  return (
    <text x={x} y={line.rowY} textAnchor="middle" fill={t.muted}>
      ?
    </text>
  );
}

function PrometheusBox({ layout, t }: { layout: ArchitectureLayout; t: DiagramTheme }) {
  const { prometheus } = layout;
  const up = layout.prometheusState === 'up';
  return (
    <g data-part="prometheus" data-state={layout.prometheusState}>
      <Box
        rect={prometheus}
        fill={up ? t.prometheusFill : t.downFill}
        stroke={up ? t.prometheus : t.downInk}
        dashed={!up}
      />
      <text x={prometheus.x + 14} y={prometheus.y + 30} fontSize={MIN_FONT + 2} fontWeight={700} fill={t.ink}>
        Prometheus:{' '}
        <tspan fill={up ? t.good : layout.prometheusState === 'absent' ? t.muted : t.failure}>
          {stateText(layout.prometheusState)}
        </tspan>
      </text>
      <text x={prometheus.x + 14} y={prometheus.y + 60} fontSize={MIN_FONT} fill={t.muted}>
        {prometheusNote(layout)}
      </text>
    </g>
  );
}

/** What Prometheus scrapes on this route, in a few words under its state. */
function prometheusNote(layout: ArchitectureLayout): string {
  switch (layout.kind) {
    case 'direct':
      return 'scrapes the same URL';
    case 'per-worker':
      return `scrapes all ${layout.ports.length} ports`;
    case 'aggregated':
      return layout.merges === 'files' ? 'scrapes the same URL' : 'scrapes the primary too';
    case 'statsd':
      return 'scrapes the bridge too';
  }
}
