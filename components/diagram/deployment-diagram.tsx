/**
 * The talk's deployment slide: where the StatsD bridge runs. Beside each app instance as a side-car (on a
 * VM: a container or a systemd service), or once per Kubernetes node as a DaemonSet that the node's pods
 * send to. Either way Prometheus scrapes every bridge, never the app.
 */
import styles from './diagram.module.css';
import { DIAGRAM_THEMES, type DiagramTheme, type DiagramThemeName } from './diagram-theme';
import { arrowHeadPath, MIN_FONT, VIEW, type Rect } from './layout';

export interface DeploymentDiagramProps {
  theme?: DiagramThemeName;
}

const PANEL_WIDTH = 582;
const HOST = { y: 104, width: 262, height: 316, gap: 18 } as const;
const PROMETHEUS = { y: 482, height: 96, width: 330 } as const;
const BOX_HEIGHT = 96;

interface Panel {
  x: number;
  title: string;
  subtitle: string;
  host: string;
  kind: 'sidecar' | 'daemonset';
}

const PANELS: Panel[] = [
  {
    x: 12,
    title: 'Side-car: a bridge per app',
    subtitle: 'on a VM: a container or a systemd service',
    host: 'VM',
    kind: 'sidecar',
  },
  {
    x: 606,
    title: 'Kubernetes: a DaemonSet',
    subtitle: 'one bridge per node, for the pods on it',
    host: 'node',
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
      {PANELS.map((p) => (
        <PanelView key={p.kind} panel={p} t={t} />
      ))}
    </svg>
  );
}

function PanelView({ panel, t }: { panel: Panel; t: DiagramTheme }) {
  const hosts = [0, 1].map((i) => ({
    x: panel.x + 20 + i * (HOST.width + HOST.gap),
    y: HOST.y,
    width: HOST.width,
    height: HOST.height,
  }));
  const prometheus = {
    x: panel.x + (PANEL_WIDTH - PROMETHEUS.width) / 2,
    y: PROMETHEUS.y,
    width: PROMETHEUS.width,
    height: PROMETHEUS.height,
  };
  const cx = panel.x + PANEL_WIDTH / 2;
  return (
    <g data-part={panel.kind}>
      <rect x={panel.x} y={8} width={PANEL_WIDTH} height={VIEW.height - 16} rx={10} fill={t.panel} />
      <text x={cx} y={44} textAnchor="middle" fontSize={28} fontWeight={700} fill={t.ink}>
        {panel.title}
      </text>
      <text x={cx} y={78} textAnchor="middle" fontSize={MIN_FONT + 2} fill={t.muted}>
        {panel.subtitle}
      </text>
      {hosts.map((host, i) => (
        <HostView key={i} host={host} label={`${panel.host} ${i + 1}`} kind={panel.kind} t={t} />
      ))}
      {hosts.map((host, i) => {
        const bridgeX = host.x + host.width / 2;
        const bridgeBottom = host.y + host.height - 16;
        const fromX = prometheus.x + prometheus.width * (i === 0 ? 0.3 : 0.7);
        const turnY = (bridgeBottom + prometheus.y) / 2 + 4;
        return (
          <g key={i}>
            <path
              d={`M${fromX},${prometheus.y}V${turnY}H${bridgeX}V${bridgeBottom + 14}`}
              fill="none"
              stroke={t.prometheus}
              strokeWidth={4}
            />
            <path d={arrowHeadPath({ x: bridgeX, y: bridgeBottom + 2 }, 'up', 16)} fill={t.prometheus} />
          </g>
        );
      })}
      <Labelled
        rect={prometheus}
        fill={t.prometheusFill}
        stroke={t.prometheus}
        title="Prometheus"
        lines={['scrapes every bridge']}
        t={t}
      />
    </g>
  );
}

function HostView({
  host,
  label,
  kind,
  t,
}: {
  host: Rect;
  label: string;
  kind: Panel['kind'];
  t: DiagramTheme;
}) {
  const inner = { x: host.x + 14, width: host.width - 28 };
  const apps: Rect[] =
    kind === 'sidecar'
      ? [{ x: inner.x, y: host.y + 46, width: inner.width, height: BOX_HEIGHT }]
      : [0, 1].map((i) => ({
          x: inner.x + i * ((inner.width + 12) / 2),
          y: host.y + 46,
          width: (inner.width - 12) / 2,
          height: BOX_HEIGHT,
        }));
  const bridge = {
    x: inner.x,
    y: host.y + host.height - 16 - BOX_HEIGHT,
    width: inner.width,
    height: BOX_HEIGHT,
  };
  const arrowTop = host.y + 46 + BOX_HEIGHT;
  return (
    <g>
      <rect
        x={host.x}
        y={host.y}
        width={host.width}
        height={host.height}
        rx={10}
        fill={t.background}
        stroke={t.border}
        strokeWidth={2}
        strokeDasharray={kind === 'daemonset' ? '10 6' : undefined}
      />
      <text x={host.x + 14} y={host.y + 30} fontSize={MIN_FONT + 2} fontWeight={700} fill={t.ink}>
        {label}
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
      <g
        fontSize={MIN_FONT}
        fill={t.ink}
        textAnchor={kind === 'sidecar' ? 'start' : 'middle'}
        stroke={t.background}
        strokeWidth={6}
        paintOrder="stroke"
      >
        {['UDP to', kind === 'sidecar' ? 'localhost' : 'node IP'].map((line, i) => (
          <text
            key={line}
            x={host.x + host.width / 2 + (kind === 'sidecar' ? 12 : 0)}
            y={arrowTop + 24 + i * 24}
          >
            {line}
          </text>
        ))}
      </g>
      {apps.map((app, i) => (
        <Labelled
          key={i}
          rect={app}
          fill={t.appFill}
          stroke={t.app}
          title="app"
          lines={kind === 'sidecar' ? ['4 workers'] : ['pod']}
          t={t}
        />
      ))}
      <Labelled
        rect={bridge}
        fill={t.bridgeFill}
        stroke={t.bridge}
        title="StatsD bridge"
        lines={[kind === 'sidecar' ? 'container / systemd' : 'DaemonSet pod']}
        t={t}
      />
    </g>
  );
}

function Labelled({
  rect,
  fill,
  stroke,
  title,
  lines,
  t,
}: {
  rect: Rect;
  fill: string;
  stroke: string;
  title: string;
  lines: string[];
  t: DiagramTheme;
}) {
  const cx = rect.x + rect.width / 2;
  const top = rect.y + rect.height / 2 - (lines.length * 28) / 2 + 4;
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
      <text x={cx} y={top} textAnchor="middle" fontSize={24} fontWeight={700} fill={t.ink}>
        {title}
      </text>
      {lines.map((line, i) => (
        <text key={line} x={cx} y={top + 30 * (i + 1)} textAnchor="middle" fontSize={MIN_FONT} fill={t.muted}>
          {line}
        </text>
      ))}
    </g>
  );
}
