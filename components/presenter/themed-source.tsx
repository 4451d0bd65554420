/**
 * A scene's source walkthrough in both themes. It is rendered on the server, where the theme the presenter
 * picked is unknown; the stylesheet shows the one matching the theme on <html>, so a switch needs no
 * round trip and never flashes the other one.
 */
import { WALKTHROUGHS } from '../../server/web/source-files';
import { SourceWalkthrough } from '../source/source-walkthrough';
import type { Aside } from './scenes';

export function ThemedSource({ aside }: { aside: Extract<Aside, { kind: 'source' }> }) {
  const walkthrough = WALKTHROUGHS[aside.walkthrough];
  const marks = aside.marks ?? walkthrough.marks;
  return (
    <>
      <div className="theme-only-dark">
        <SourceWalkthrough file={walkthrough.file} marks={marks} context={walkthrough.context} theme="dark" />
      </div>
      <div className="theme-only-light">
        <SourceWalkthrough
          file={walkthrough.file}
          marks={marks}
          context={walkthrough.context}
          theme="light"
        />
      </div>
    </>
  );
}
