import type { ScrapePoint } from '../../server/lab/types';
import { formatMilliseconds } from './format';
import { filesText, folderBytesText, latestMultiproc } from './multiproc-view';

export interface MultiprocFactsProps {
  scrapes: readonly ScrapePoint[];
  /** The route's one-line summary, which this line stands in for on screen: kept for hovering. */
  summary: string;
  testId: string;
}

const HINT =
  'From the latest scrape: how long it took, and the files in PROMETHEUS_MULTIPROC_DIR it opened and merged ' +
  '(a recycled or crashed worker leaves its files behind, so they add up).';

/** A multiprocess route's cost in one line: the scrape's duration beside the files it had to merge. */
export function MultiprocFacts({ scrapes, summary, testId }: MultiprocFactsProps) {
  const reading = latestMultiproc(scrapes);
  return (
    <p
      className="multiproc-facts"
      data-testid={testId}
      data-files={reading?.files}
      data-bytes={reading?.bytes}
      data-scrape-ms={reading?.scrapeMs}
      title={`${summary}\n\n${HINT}`}
    >
      <span>
        scrape{' '}
        <strong data-testid={`${testId}-scrape`}>
          {formatMilliseconds(reading === null ? null : reading.scrapeMs / 1000)}&thinsp;ms
        </strong>
      </span>
      <span>
        merged <strong data-testid={`${testId}-files`}>{filesText(reading)}</strong>,{' '}
        <strong data-testid={`${testId}-bytes`}>{folderBytesText(reading)}</strong>
      </span>
    </p>
  );
}
