import { memo } from 'react';
import { formatMilliseconds } from './format';
import { filesText, folderBytesText, type MultiprocReading } from './multiproc-view';

export interface MultiprocFactsProps {
  /** The latest scrape's folder, from multiproc-view's latestMultiproc; null before one reported it. */
  reading: MultiprocReading | null;
  /** The route's one-line summary, which this line stands in for on screen: kept for hovering. */
  summary: string;
  testId: string;
}

const HINT =
  'From the latest scrape: how long it took, and the files in PROMETHEUS_MULTIPROC_DIR it opened and merged ' +
  '(a recycled or crashed worker leaves its files behind, so they add up).';

/** A multiprocess route's cost in one line: the scrape's duration beside the files it had to merge. */
export const MultiprocFacts = memo(function MultiprocFacts({
  reading,
  summary,
  testId,
}: MultiprocFactsProps) {
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
});
