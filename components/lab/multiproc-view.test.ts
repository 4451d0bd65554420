import { describe, expect, it } from 'vitest';
import type { ScrapePoint } from '../../server/lab/types';
import { filesText, folderBytesText, latestMultiproc } from './multiproc-view';

const scrape = (t: number, over: Partial<ScrapePoint> = {}): ScrapePoint => ({
  t,
  ok: true,
  durationMs: 10 + t,
  answeredBy: '1',
  counter: t,
  inFlight: 0,
  lastWriterGauge: null,
  truthInFlight: 0,
  histogramCount: null,
  histogramSum: null,
  truth: t,
  bytes: 1000,
  targets: 1,
  targetsUp: 1,
  error: null,
  ...over,
});

const folder = (files: number, bytes: number) => ({ multiproc: { files, bytes } });

describe('latestMultiproc', () => {
  it.each([
    { name: 'no scrapes', scrapes: [], want: null },
    { name: 'scrapes that did not report a folder', scrapes: [scrape(1), scrape(2)], want: null },
    {
      name: 'the newest report, with that scrape’s duration',
      scrapes: [scrape(1, folder(8, 32_768)), scrape(3, folder(12, 49_152)), scrape(2, folder(10, 40_960))],
      want: { t: 3, files: 12, bytes: 49_152, scrapeMs: 13 },
    },
    {
      name: 'a failed scrape does not count, whatever it carries',
      scrapes: [scrape(1, folder(8, 32_768)), scrape(2, { ...folder(99, 1), ok: false })],
      want: { t: 1, files: 8, bytes: 32_768, scrapeMs: 11 },
    },
    {
      name: 'a newer scrape without the folder leaves the last report standing',
      scrapes: [scrape(1, folder(8, 32_768)), scrape(2)],
      want: { t: 1, files: 8, bytes: 32_768, scrapeMs: 11 },
    },
  ])('$name', ({ scrapes, want }) => {
    expect(latestMultiproc(scrapes)).toEqual(want);
  });
});

describe('filesText and folderBytesText', () => {
  it.each([
    { reading: null, files: '\u2014 files', bytes: '\u2014' },
    { reading: { t: 1, files: 1, bytes: 4096, scrapeMs: 3 }, files: '1 file', bytes: '4.1\u2009kB' },
    {
      reading: { t: 1, files: 1204, bytes: 5_000_000, scrapeMs: 3 },
      files: '1,204 files',
      bytes: '5.0\u2009MB',
    },
  ])('$files, $bytes', ({ reading, files, bytes }) => {
    expect(filesText(reading)).toBe(files);
    expect(folderBytesText(reading)).toBe(bytes);
  });
});
