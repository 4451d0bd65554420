/** One route's live architecture over the scoreboard: how the route is wired, drawn from its own data. */
import type { LabSnapshot, RouteView } from '../../server/lab/types';
import { ArchitectureDiagram } from '../diagram/architecture-diagram';
import type { DiagramThemeName } from '../diagram/diagram-theme';
import styles from './scoreboard.module.css';
import { shortTitle, topologyText } from './scoreboard-view';

export interface WiringDialogProps {
  route: RouteView;
  snapshot: LabSnapshot;
  theme: DiagramThemeName;
  /** The page's worker colour slots for the route, so its workers look as they do in its charts. */
  slots: Readonly<Record<string, number>>;
  onClose: () => void;
}

export function WiringDialog({ route, snapshot, theme, slots, onClose }: WiringDialogProps) {
  const title = shortTitle(route.spec.title, snapshot.settings.workers);
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
          settings={snapshot.settings}
          components={snapshot.components}
          now={snapshot.now}
          theme={theme}
          slots={slots}
        />
      </section>
    </div>
  );
}
