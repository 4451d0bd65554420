import type { Metadata } from 'next';
import Link from 'next/link';
import { sceneHref } from '../../components/presenter/scene-nav';
import { SCENES } from '../../components/presenter/scenes';

export const metadata: Metadata = { title: 'Scenes · Scrape Lab' };

/** The talk's running order: every scene, each a link of its own. */
export default function ScenesIndex() {
  return (
    <article className="scene scene-index" data-testid="scene-index">
      <header className="scene-head">
        <div className="scene-titles">
          <h1>Presenter mode</h1>
          <p className="scene-claim">The talk, told by the live system. Press → to begin, ? for the keys.</p>
        </div>
      </header>
      <div className="scene-body">
        <ol className="scene-list">
          {SCENES.map((s) => (
            <li key={s.id}>
              <Link href={sceneHref(s.id)}>{s.title}</Link>{' '}
              <span className="scene-list-claim">{s.claim}</span>
            </li>
          ))}
        </ol>
        <p className="scene-list-links">
          <Link href="/presenter" target="_blank">
            Speaker view
          </Link>{' '}
          · <Link href="/">Lab dashboard</Link> · <Link href="/scoreboard">Scoreboard</Link>
        </p>
      </div>
    </article>
  );
}
