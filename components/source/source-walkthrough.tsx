/**
 * A source file as the talk walks through it: the excerpt around the lines under discussion, those lines
 * highlighted, in type big enough for the back of the room. A server component: the file is read when the
 * page is rendered (at build time for static pages), so the slide shows the code as it was built.
 */
import '@fontsource/jetbrains-mono/latin-400.css';
import '@fontsource/jetbrains-mono/latin-700.css';
import { readSourceExcerpt } from '../../server/web/source-files';
import styles from './source-walkthrough.module.css';

export interface SourceWalkthroughProps {
  /** Path relative to the repository root, e.g. `demos/instrument-direct.ts`. */
  file: string;
  /** Snippets whose lines are highlighted; one matching no line fails the render, naming it. */
  marks: readonly string[];
  title?: string;
  /** Lines shown around each marked line; Infinity shows the whole file. Default 3. */
  context?: number;
  theme?: 'dark' | 'light';
}

export async function SourceWalkthrough({
  file,
  marks,
  title,
  context,
  theme = 'dark',
}: SourceWalkthroughProps) {
  const excerpt = await readSourceExcerpt({ file, marks, context });
  return (
    <figure
      className={`${styles.walkthrough} ${theme === 'dark' ? styles.dark : styles.light}`}
      data-testid="source-walkthrough"
      data-file={file}
      data-marked-lines={excerpt.markedLines.join(' ')}
    >
      <figcaption className={styles.caption}>
        {title && <span className={styles.title}>{title}</span>}
        <code className={styles.path}>{file}</code>
      </figcaption>
      <div className={styles.code} dangerouslySetInnerHTML={{ __html: excerpt.html }} />
    </figure>
  );
}
