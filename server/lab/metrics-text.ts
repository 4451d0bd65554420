import { ExpositionError, parseExposition, type Exposition } from './exposition-parser';

/** What the lab reads from one `/metrics` answer. */
export interface ScrapeReading {
  /** Sum over all series of the counter; null when the metric is absent. */
  counter: number | null;
  inFlight: number | null;
  lastWriterGauge: number | null;
  histogramCount: number | null;
  histogramSum: number | null;
  /** Value of `identityMetric`, when asked for and present. */
  identity: string | null;
  /** The multiprocess folder's file count and bytes, when asked for and both present. */
  multiproc: { files: number; bytes: number } | null;
}

export interface ReadingSpec {
  counterMetric: string;
  gaugeMetric: string;
  histogramMetric: string;
  identityMetric?: string;
  lastWriterGaugeMetric?: string;
  multiprocFilesMetric?: string;
  multiprocBytesMetric?: string;
}

export class MetricsTextError extends Error {
  override name = 'MetricsTextError';
}

/** Parses Prometheus text exposition and sums the series the lab charts. */
export function readMetricsText(text: string, spec: ReadingSpec): ScrapeReading {
  let exposition: Exposition;
  try {
    exposition = parseExposition(text);
  } catch (err) {
    if (err instanceof ExpositionError) throw new MetricsTextError(`unparsable metrics text: ${err.message}`);
    throw err;
  }
  const identity = spec.identityMetric
    ? exposition.samples.find((s) => s.name === spec.identityMetric)
    : undefined;
  return {
    counter: sumSeries(exposition, spec.counterMetric, spec.counterMetric),
    inFlight: sumSeries(exposition, spec.gaugeMetric, spec.gaugeMetric),
    lastWriterGauge: spec.lastWriterGaugeMetric
      ? sumSeries(exposition, spec.lastWriterGaugeMetric, spec.lastWriterGaugeMetric)
      : null,
    histogramCount: sumSeries(exposition, `${spec.histogramMetric}_count`, spec.histogramMetric),
    histogramSum: sumSeries(exposition, `${spec.histogramMetric}_sum`, spec.histogramMetric),
    identity: identity ? String(identity.value) : null,
    multiproc: multiprocFolder(exposition, spec),
  };
}

function multiprocFolder(exposition: Exposition, spec: ReadingSpec): ScrapeReading['multiproc'] {
  if (!spec.multiprocFilesMetric || !spec.multiprocBytesMetric) return null;
  const files = exposition.samples.find((s) => s.name === spec.multiprocFilesMetric);
  const bytes = exposition.samples.find((s) => s.name === spec.multiprocBytesMetric);
  return files && bytes ? { files: files.value, bytes: bytes.value } : null;
}

/** Sum of every sample named `name`; 0 when the family is declared but has no series yet, else null. */
function sumSeries(exposition: Exposition, name: string, family: string): number | null {
  let found = false;
  let total = 0;
  for (const s of exposition.samples) {
    if (s.name !== name) continue;
    found = true;
    total += s.value;
  }
  if (found) return total;
  return exposition.types.has(family) ? 0 : null;
}
