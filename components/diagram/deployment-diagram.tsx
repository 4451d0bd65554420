/**
 * The talk's deployment slide: where the StatsD bridge runs. Beside each app instance as a side-car (on a
 * VM: a container or a systemd service), or once per Kubernetes node as a DaemonSet that the node's pods
 * send to. Either way Prometheus scrapes every bridge, never the app.
 */
import styles from './diagram.module.css';
import { DIAGRAM_THEMES, type DiagramTheme, type DiagramThemeName } from './diagram-theme';
import { arrowHeadPath, MIN_FONT, type Rect } from './layout';

export interface DeploymentDiagramProps {
  theme?: DiagramThemeName;
}

/**
 * Square, the two ways one above the other, each drawn on one host of a stack of them: the slide gives it
 * under half its width, and at that size MIN_FONT units are the room's smallest type.
 */
const VIEW = { width: 600, height: 600 } as const;
const PANEL = { x: 6, top: 6, width: 588, height: 290, gap: 8 } as const;
const HOST = { dx: 16, dy: 82, width: 340, height: 196 } as const;
/** The next host of the stack, drawn behind this one. */
const BEHIND = { dx: 10, dy: -8 } as const;
const PROMETHEUS = { dx: 372, width: 208, height: 64 } as const;
const TITLE_FONT = 26;
const LABEL_FONT = MIN_FONT + 2;

interface Panel {
  title: string;
  subtitle: string;
  host: string;
  kind: 'sidecar' | 'daemonset';
}

const PANELS: Panel[] = [
  {
    title: 'Side-car: a bridge per app',
    subtitle: 'on a VM: a container or a systemd service',
    host: 'each VM',
    kind: 'sidecar',
  },
  {
    title: 'Kubernetes: a DaemonSet',
    subtitle: 'one bridge per node, for the pods on it',
    host: 'each node',
    kind: 'daemonset',
  },
];

export function DeploymentDiagram({ theme = 'dark' }: DeploymentDiagramProps) {
  const t = DIAGRAM_THEMES[theme];
  return (
    <svg
      className={styles.diagram}
      viewBox={`0 0 ${VIEW.width} ${VIEW.height}`}
      role="img"
      aria-label="Deploying the StatsD bridge: as a side-car beside each app instance on a VM (container or systemd service), or as a Kubernetes DaemonSet with one bridge per node. Prometheus scrapes every bridge."
      data-testid="deployment-diagram"
    >
      <rect width={VIEW.width} height={VIEW.height} rx={12} fill={t.background} />
      {PANELS.map((p, i) => (
        <PanelView key={p.kind} panel={p} y={PANEL.top + i * (PANEL.height + PANEL.gap)} t={t} />
      ))}
    </svg>
  );
}

function PanelView({ panel, y, t }: { panel: Panel; y: number; t: DiagramTheme }) {
  const host = { x: PANEL.x + HOST.dx, y: y + HOST.dy, width: HOST.width, height: HOST.height };
  const inner = { x: host.x + 14, width: host.width - 28 };
  const apps: Rect[] =
    panel.kind === 'sidecar'
      ? [{ x: inner.x, y: host.y + 40, width: inner.width, height: 50 }]
      : [0, 1].map((i) => ({
          x: inner.x + i * ((inner.width + 12) / 2),
          y: host.y + 40,
          width: (inner.width - 12) / 2,
          height: 50,
        }));
  const bridge = { x: inner.x, y: host.y + 132, width: inner.width, height: 56 };
  const bridgeMiddle = bridge.y + bridge.height / 2;
  const prometheus = {
    x: PANEL.x + PROMETHEUS.dx,
    y: bridgeMiddle - PROMETHEUS.height / 2,
    width: PROMETHEUS.width,
    height: PROMETHEUS.height,
  };
  const arrowTop = apps[0] ? apps[0].y + apps[0].height : bridge.y;
  const bridgeRight = bridge.x + bridge.width;
  const sidecar = panel.kind === 'sidecar';
  return (
    <g data-part={panel.kind}>
      <rect x={PANEL.x} y={y} width={PANEL.width} height={PANEL.height} rx={10} fill={t.panel} />
      <text x={PANEL.x + 16} y={y + 34} fontSize={TITLE_FONT} fontWeight={700} fill={t.ink}>
        {panel.title}
      </text>
      <text x={PANEL.x + 16} y={y + 62} fontSize={LABEL_FONT} fill={t.muted}>
        {panel.subtitle}
      </text>
      <HostCard rect={{ ...host, x: host.x + BEHIND.dx, y: host.y + BEHIND.dy }} kind={panel.kind} t={t} />
      <HostCard rect={host} kind={panel.kind} t={t} />
      <text x={host.x + 14} y={host.y + 28} fontSize={LABEL_FONT} fontWeight={700} fill={t.ink}>
        {panel.host}
      </text>
      {apps.map((app, i) => {
        const x = app.x + app.width / 2;
        return (
          <g key={i}>
            <path d={`M${x},${arrowTop}V${bridge.y - 14}`} stroke={t.bridge} strokeWidth={4} />
            <path d={arrowHeadPath({ x, y: bridge.y - 2 }, 'down', 16)} fill={t.bridge} />
          </g>
        );
      })}
      <text
        x={sidecar ? host.x + host.width / 2 + 14 : host.x + host.width / 2}
        y={arrowTop + 27}
        textAnchor={sidecar ? 'start' : 'middle'}
        fontSize={MIN_FONT}
        fill={t.ink}
        stroke={t.background}
        strokeWidth={6}
        paintOrder="stroke"
      >
        {sidecar ? 'UDP to localhost' : 'UDP to node IP'}
      </text>
      {apps.map((app, i) => (
        <Labelled
          key={i}
          rect={app}
          fill={t.appFill}
          stroke={t.app}
          title="app"
          detail={sidecar ? '4 workers' : 'pod'}
          oneLine
          t={t}
        />
      ))}
      <Labelled
        rect={bridge}
        fill={t.bridgeFill}
        stroke={t.bridge}
        title="StatsD bridge"
        detail={sidecar ? 'container / systemd' : 'DaemonSet pod'}
        t={t}
      />
      <path
        d={`M${prometheus.x},${bridgeMiddle}H${bridgeRight + 14}`}
        stroke={t.prometheus}
        strokeWidth={4}
      />
      <path d={arrowHeadPath({ x: bridgeRight + 2, y: bridgeMiddle }, 'left', 16)} fill={t.prometheus} />
      <Labelled
        rect={prometheus}
        fill={t.prometheusFill}
        stroke={t.prometheus}
        title="Prometheus"
        detail="scrapes every bridge"
        t={t}
      />
    </g>
  );
}

/** One host: a VM drawn solid, a Kubernetes node dashed. */
function HostCard({ rect, kind, t }: { rect: Rect; kind: Panel['kind']; t: DiagramTheme }) {
  return (
    <rect
      x={rect.x}
      y={rect.y}
      width={rect.width}
      height={rect.height}
      rx={10}
      fill={t.background}
      stroke={t.border}
      strokeWidth={2}
      strokeDasharray={kind === 'daemonset' ? '10 6' : undefined}
    />
  );
}

/** A box with its name in bold and a detail in muted type: under the name, or after it on one line. */
function Labelled({
  rect,
  fill,
  stroke,
  title,
  detail,
  oneLine = false,
  t,
}: {
  rect: Rect;
  fill: string;
  stroke: string;
  title: string;
  detail: string;
  oneLine?: boolean;
  t: DiagramTheme;
}) {
  const cx = rect.x + rect.width / 2;
  const cy = rect.y + rect.height / 2;
  return (
    <g>
      <rect
        x={rect.x}
        y={rect.y}
        width={rect.width}
        height={rect.height}
        rx={8}
        fill={fill}
        stroke={stroke}
        strokeWidth={3}
      />
      {oneLine ? (
        <text x={cx} y={cy} dominantBaseline="central" textAnchor="middle" fontSize={LABEL_FONT} fill={t.ink}>
          <tspan fontWeight={700}>{title}</tspan>{' '}
          <tspan fontSize={MIN_FONT} fill={t.muted}>
            {detail}
          </tspan>
        </text>
      ) : (
        <>
          <text x={cx} y={cy - 5} textAnchor="middle" fontSize={LABEL_FONT} fontWeight={700} fill={t.ink}>
            {title}
          </text>
          <text x={cx} y={cy + 20} textAnchor="middle" fontSize={MIN_FONT} fill={t.muted}>
            {detail}
          </text>
        </>
      )}
    </g>
  );
}
