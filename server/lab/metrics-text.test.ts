import { describe, expect, it } from 'vitest';
import { MetricsTextError, readMetricsText } from './metrics-text';

const spec = {
  counterMetric: 'demo_http_requests_total',
  gaugeMetric: 'demo_http_requests_in_flight',
  histogramMetric: 'demo_http_request_duration_seconds',
  identityMetric: 'process_start_time_seconds',
};

const full = `# HELP demo_http_requests_total Requests answered.
# TYPE demo_http_requests_total counter
demo_http_requests_total{method="GET",route="/work",status="200"} 98
demo_http_requests_total{method="GET",route="/work",status="500"} 2
# HELP demo_http_requests_in_flight Requests being handled.
# TYPE demo_http_requests_in_flight gauge
demo_http_requests_in_flight 3
# HELP demo_http_request_duration_seconds Latency.
# TYPE demo_http_request_duration_seconds histogram
demo_http_request_duration_seconds_bucket{le="0.1",status="200"} 90
demo_http_request_duration_seconds_bucket{le="+Inf",status="200"} 98
demo_http_request_duration_seconds_sum{status="200"} 2.5
demo_http_request_duration_seconds_count{status="200"} 98
demo_http_request_duration_seconds_bucket{le="0.1",status="500"} 2
demo_http_request_duration_seconds_bucket{le="+Inf",status="500"} 2
demo_http_request_duration_seconds_sum{status="500"} 0.5
demo_http_request_duration_seconds_count{status="500"} 2
# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.
# TYPE process_start_time_seconds gauge
process_start_time_seconds 1764181234
`;

describe('readMetricsText', () => {
  it.each([
    {
      name: 'sums every series of each family',
      text: full,
      want: {
        counter: 100,
        inFlight: 3,
        lastWriterGauge: null,
        histogramCount: 100,
        histogramSum: 3,
        identity: '1764181234',
        multiproc: null,
      },
    },
    {
      name: 'an absent family is null, not zero',
      text: '# TYPE other counter\nother 5\n',
      want: {
        counter: null,
        inFlight: null,
        lastWriterGauge: null,
        histogramCount: null,
        histogramSum: null,
        identity: null,
        multiproc: null,
      },
    },
    {
      name: 'a family with no series yet sums to zero',
      text: '# HELP demo_http_requests_total Requests.\n# TYPE demo_http_requests_total counter\n',
      want: {
        counter: 0,
        inFlight: null,
        lastWriterGauge: null,
        histogramCount: null,
        histogramSum: null,
        identity: null,
        multiproc: null,
      },
    },
    {
      name: 'an untyped counter still counts (what a bare exporter may send)',
      text: 'demo_http_requests_total 42\n',
      want: {
        counter: 42,
        inFlight: null,
        lastWriterGauge: null,
        histogramCount: null,
        histogramSum: null,
        identity: null,
        multiproc: null,
      },
    },
    {
      name: 'empty text reads as all absent',
      text: '',
      want: {
        counter: null,
        inFlight: null,
        lastWriterGauge: null,
        histogramCount: null,
        histogramSum: null,
        identity: null,
        multiproc: null,
      },
    },
  ])('$name', ({ text, want }) => {
    expect(readMetricsText(text, spec)).toEqual(want);
  });

  it('reads the last-writer gauge when the route has one', () => {
    const text = 'demo_http_requests_in_flight 8\ndemo_http_requests_in_flight_last_writer 2\n';
    const reading = readMetricsText(text, {
      ...spec,
      lastWriterGaugeMetric: 'demo_http_requests_in_flight_last_writer',
    });
    expect(reading).toMatchObject({ inFlight: 8, lastWriterGauge: 2 });
  });

  it.each([
    {
      text: 'scrape_lab_multiproc_files 12\nscrape_lab_multiproc_bytes 786432\n',
      want: { files: 12, bytes: 786432 },
    },
    { text: 'scrape_lab_multiproc_files 12\n', want: null },
    { text: '', want: null },
  ])('reads the multiprocess folder as one pair, or not at all: $text', ({ text, want }) => {
    const reading = readMetricsText(text, {
      ...spec,
      multiprocFilesMetric: 'scrape_lab_multiproc_files',
      multiprocBytesMetric: 'scrape_lab_multiproc_bytes',
    });
    expect(reading.multiproc).toEqual(want);
  });

  it.each([
    { name: 'a line that is not a sample', text: '<html>not metrics</html>\n' },
    { name: 'a value that is not a number', text: 'demo_http_requests_total abc\n' },
  ])('rejects $name', ({ text }) => {
    expect(() => readMetricsText(text, spec)).toThrow(MetricsTextError);
  });
});
