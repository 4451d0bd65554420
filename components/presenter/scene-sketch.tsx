/**
 * A scene's layout without its live figures: what the speaker's preview of the next scene shows, since the
 * lab as it is now is not what that scene will show once its entry has set the lab up.
 */
import type { ReactNode } from 'react';
import { sceneLayout } from './scene-layout';
import type { SceneView } from './scenes';
import styles from './scene-sketch.module.css';

export function SceneSketch({ view, source }: { view: SceneView; source: ReactNode }) {
  const { panels, arrangement, aside } = sceneLayout(view);
  return (
    <div
      className={`scene-columns scene-columns-${aside.kind === 'none' ? 'single' : aside.kind}`}
      data-testid="scene-sketch"
    >
      <div className={arrangement === 'cards' ? styles.cards : styles.stack}>
        {panels.map((panel) => (
          <section key={panel.title} className={styles.panel}>
            <h2 className={styles.title}>{panel.title}</h2>
            <p className={styles.detail}>{panel.detail}</p>
          </section>
        ))}
        <p className={styles.caption}>Live figures appear once this scene has set the lab up.</p>
      </div>
      {aside.kind === 'source' && (
        <aside className="scene-aside aside-source" data-testid="scene-source">
          {source}
        </aside>
      )}
      {aside.kind === 'architecture' && (
        <aside className={`scene-aside ${styles.panel}`}>
          <h2 className={styles.title}>How {aside.route} is wired</h2>
          <p className={styles.detail}>drawn live: workers, scrapes and who answered each</p>
        </aside>
      )}
    </div>
  );
}
