/** One route's live architecture over the scoreboard: how the route is wired, drawn from its own data. */
import { ArchitectureDiagram } from '../diagram/architecture-diagram';
import type { DiagramThemeName } from '../diagram/diagram-theme';
import styles from './scoreboard.module.css';
import type { WiringView } from './scoreboard-page-view';
import { shortTitle, topologyText } from './scoreboard-view';

export interface WiringDialogProps {
  /** The route and the lab's state it is drawn from (scoreboard-page-view's wiringView). */
  wiring: WiringView;
  theme: DiagramThemeName;
  onClose: () => void;
}

export function WiringDialog({ wiring, theme, onClose }: WiringDialogProps) {
  const { route, settings, components, now, slots } = wiring;
  const title = shortTitle(route.spec.title, settings.workers);
  return (
    <div className={styles.backdrop} onClick={onClose}>
      <section
        className={styles.dialog}
        role="dialog"
        aria-modal="true"
        aria-label={`${title}: how it is wired`}
        data-testid="wiring-dialog"
        data-route={route.spec.id}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
      >
        <header className={styles.dialogHead}>
          <h2>
            {title} <span className={styles.note}>{topologyText(route.spec)}</span>
          </h2>
          {/* Focused on open, so Esc reaches the dialog and a clicker's Enter closes it. */}
          <button
            type="button"
            className={styles.close}
            onClick={onClose}
            autoFocus
            data-testid="wiring-close"
          >
            Close
          </button>
        </header>
        <ArchitectureDiagram
          route={route}
          settings={settings}
          components={components}
          now={now}
          theme={theme}
          slots={slots}
        />
      </section>
    </div>
  );
}
