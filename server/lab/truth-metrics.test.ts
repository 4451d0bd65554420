import { describe, expect, it } from 'vitest';
import { parseExposition } from './exposition-parser';
import { createTruthRegistry } from './truth-metrics';

describe('createTruthRegistry', () => {
  it.each([
    { sources: [], want: [] },
    {
      sources: [
        { route: 'direct', answered: 10, sent: 12 },
        { route: 'statsd', answered: 0, sent: 0 },
      ],
      want: [
        ['scrape_lab_truth_requests_total', 'direct', 10],
        ['scrape_lab_truth_requests_total', 'statsd', 0],
        ['scrape_lab_requests_sent_total', 'direct', 12],
        ['scrape_lab_requests_sent_total', 'statsd', 0],
      ],
    },
  ])('exports $sources', async ({ sources, want }) => {
    const registry = createTruthRegistry(() =>
      sources.map((s) => ({ route: s.route, answered: () => s.answered, sent: () => s.sent })),
    );
    const parsed = parseExposition(await registry.metrics());
    expect(parsed.samples.map((s) => [s.name, s.labels.route, s.value])).toEqual(want);
    expect(parsed.types.get('scrape_lab_truth_requests_total')).toBe('counter');
    expect(parsed.help.get('scrape_lab_truth_requests_total')).toMatch(/answered/);
  });

  it('reads the ledgers again at every scrape', async () => {
    let answered = 1;
    const registry = createTruthRegistry(() => [
      { route: 'direct', answered: () => answered, sent: () => answered },
    ]);
    await registry.metrics();
    answered = 5;
    const parsed = parseExposition(await registry.metrics());
    expect(parsed.samples[0]?.value).toBe(5);
  });
});
