import { LegendSymbol } from '../lab/markers';
import { workerStyle } from '../lab/worker-styles';

/** Workers drawn as the charts draw them: colour and shape, so they stay apart on any projector. */
function Worker({ slot, children }: { slot: number; children: React.ReactNode }) {
  const style = workerStyle(slot);
  return (
    <span className="sketch-box sketch-worker">
      <LegendSymbol shape={style.shape} color={style.color} />
      {children}
    </span>
  );
}

const SLOTS = [0, 1, 2, 3];

/** One port per worker: Prometheus has a target per worker and sums them itself. */
function PortPerWorker() {
  return (
    <div className="sketch" aria-label="Prometheus scrapes each worker on its own port">
      <span className="sketch-box sketch-prometheus">Prometheus: 4 targets</span>
      <span className="sketch-arrows" aria-hidden="true">
        ↓ ↓ ↓ ↓
      </span>
      <span className="sketch-row">
        {SLOTS.map((slot) => (
          <Worker key={slot} slot={slot}>
            :{8001 + slot}
          </Worker>
        ))}
      </span>
    </div>
  );
}

/** Shared mode: every worker writes files, the worker that takes the scrape merges them. */
function SharedMode() {
  return (
    <div className="sketch" aria-label="workers write files that the answering worker merges">
      <span className="sketch-row">
        {SLOTS.map((slot) => (
          <Worker key={slot} slot={slot}>
            w{slot + 1}
          </Worker>
        ))}
      </span>
      <span className="sketch-arrows" aria-hidden="true">
        ↓ ↓ ↓ ↓
      </span>
      <span className="sketch-box sketch-files">one file per process, merged at every scrape</span>
      <span className="sketch-arrows" aria-hidden="true">
        ↓
      </span>
      <span className="sketch-box sketch-prometheus">Prometheus: 1 target</span>
    </div>
  );
}

/** A small picture of an alternative, for the scene that explains it before the lab can show it live. */
export function AlternativeSketch({ route }: { route: string }) {
  if (route === 'port-per-worker') return <PortPerWorker />;
  if (route === 'shared-mode') return <SharedMode />;
  return null;
}
