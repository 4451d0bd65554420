import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { LabSnapshot } from '../../server/lab/types';
import { expectProjectorReadable } from './projector';

/** Waits for a snapshot newer than the one on screen, so the next read reflects lab state after it. */
async function nextSnapshot(page: Page): Promise<void> {
  const dashboard = page.getByTestId('dashboard');
  const now = await dashboard.getAttribute('data-now');
  await expect(dashboard).not.toHaveAttribute('data-now', now ?? '');
}

async function intAttribute(locator: Locator, name: string): Promise<number> {
  const value = await locator.getAttribute(name);
  if (value === null) throw new Error(`missing attribute ${name}`);
  return Number(value);
}

/** Markers drawn in a chart's marker paths (a series' pieces): one subpath, so one move, per marker. */
function drawnMarkers(chart: Locator): Promise<number> {
  return chart
    .locator('.series-markers path')
    .evaluateAll((paths) => paths.reduce((n, p) => n + (p.getAttribute('d')?.match(/M/g)?.length ?? 0), 0));
}

/** The lab's own snapshot, read past the page, to check what the page shows against it. */
async function labSnapshot(page: Page): Promise<LabSnapshot> {
  // A fresh connection each time: reusing one the server just closed as idle fails with ECONNRESET.
  const response = await page.request.get('/api/lab/snapshot', { headers: { connection: 'close' } });
  expect(response.ok()).toBe(true);
  return (await response.json()) as LabSnapshot;
}

/**
 * Fits the projector: no sideways scrolling, every panel's figures, Prometheus block and counter chart in the
 * window (at 18 px type the rate chart and the counts below it may run on past it), nothing cut short.
 */
async function expectProjectorFit(page: Page, width: number, height: number): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  const below = await page
    .locator('[data-testid^="route-panel-"] :is(.headline, .prom, .chart-counter)')
    .evaluateAll(
      (els, h) => els.filter((el) => el.getBoundingClientRect().bottom > h).map((el) => el.className),
      height,
    );
  expect(below).toEqual([]);
  const clipped = await page
    .locator('.figure-value, .prom-table td, .prom-headline-line, .policy-note')
    .evaluateAll((els) =>
      els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent ?? ''),
    );
  expect(clipped).toEqual([]);
  await expectProjectorReadable(page);
}

test('live panels chart two chosen routes side by side and the controls reach the lab', async ({
  page,
}, testInfo) => {
  await page.goto('/');
  await expect(page).toHaveTitle('Scrape Lab');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');

  // Two routes side by side (the scoreboard has them all): the braid and the bridge by default, and any
  // other route of the lab one choice away.
  const dashboard = page.getByTestId('dashboard');
  const panels = page.locator('[data-testid^="route-panel-"]');
  const routes = (await labSnapshot(page)).routes;
  const braid = routes.find((r) => r.spec.topology.kind === 'direct')?.spec.id;
  const pushed = routes.find((r) => r.spec.topology.kind === 'pushed')?.spec.id;
  await expect(panels).toHaveCount(2);
  const shown = () => panels.evaluateAll((els) => els.map((el) => el.getAttribute('data-route') ?? ''));
  expect(await shown()).toEqual([braid, pushed]);
  const other = routes.find((r) => r.spec.id !== braid && r.spec.id !== pushed)?.spec.id ?? '';
  await page.getByLabel('right route').selectOption(other);
  await expect.poll(shown).toEqual([braid, other]);
  await page.getByLabel('right route').selectOption(pushed ?? '');
  await expect.poll(shown).toEqual([braid, pushed]);
  const ids = await shown();

  // Both charts have points, as data and as rendered SVG markers and lines.
  for (const id of ids) {
    const counter = page.getByTestId(`counter-chart-${id}`);
    await expect.poll(() => intAttribute(counter, 'data-points')).toBeGreaterThanOrEqual(3);
    await expect.poll(() => drawnMarkers(counter)).toBeGreaterThanOrEqual(3);
    await expect(counter.locator('.series-line').first()).toBeVisible();
    const rate = page.getByTestId(`rate-chart-${id}`);
    await expect.poll(() => intAttribute(rate, 'data-points')).toBeGreaterThanOrEqual(1);
    await expect(rate.locator('.series-line').first()).toBeVisible();
    await expect(page.getByTestId(`headline-${id}-error`)).not.toHaveText('\u2014');
  }

  // What Prometheus says: real numbers from the Prometheus that npm start runs, never an error or a dash.
  const { prometheus } = await labSnapshot(page);
  expect(prometheus.mode).toBe('managed');
  for (const id of ids) {
    const block = page.getByTestId(`prometheus-${id}`);
    await expect(block).toHaveAttribute('data-state', 'values');
    for (const part of ['ratio', 'rate', 'total', 'p90']) {
      const cell = page.getByTestId(`prometheus-${id}-${part}`);
      await expect(cell).toHaveAttribute('data-value', /^-?\d/);
      await expect(cell).not.toHaveAttribute('data-error');
    }
    await expect(page.getByTestId(`prometheus-${id}-ratio`)).toContainText('\u00d7');
    await expect(page.getByTestId(`prometheus-${id}-total`)).toHaveText(/^\d[\d,]*$/);
    await expect(block).toContainText(/over the last \d+\s*s/);
    await expect(block.getByRole('link', { name: /open Prometheus/ })).toHaveAttribute(
      'href',
      prometheus.url,
    );
    const rate = page.getByTestId(`rate-chart-${id}`);
    await expect.poll(() => intAttribute(rate, 'data-prometheus-points')).toBeGreaterThanOrEqual(2);
    await expect(rate.locator('.series-line.line-prometheus')).toBeVisible();
    await expect(rate.locator('.series-line.line-prometheus')).toHaveAttribute('stroke-dasharray', /\d/);
  }
  await expect(page.getByTestId('status-prometheus')).toHaveAttribute('data-state', 'up');
  await expect(page.getByTestId('prometheus-missing')).toHaveCount(0);
  // The Django routes run (npm start was asked for them), so the page says nothing of their absence.
  expect((await labSnapshot(page)).pythonDemos).toEqual({ state: 'on', howToGet: null });
  await expect(page.getByTestId('python-demos-missing')).toHaveCount(0);

  // The bridge's panel names the bridge that runs, as its own build_info on its /metrics says.
  const facts = page.getByTestId(`bridge-facts-${pushed}`);
  // The pushed route scrapes the bridge itself: its metrics URL is the bridge's /metrics.
  const bridgeMetricsUrl = routes.find((r) => r.spec.id === pushed)?.spec.metricsUrl ?? '';
  const bridgeMetrics = await page.request.get(bridgeMetricsUrl, {
    headers: { connection: 'close' },
  });
  const buildInfo = (await bridgeMetrics.text()).match(/^statsd_exporter_build_info\{(.*)\} 1$/m)?.[1] ?? '';
  const label = (name: string) => buildInfo.match(new RegExp(`(?:^|,)${name}="([^"]*)"`))?.[1];
  const real = label('goversion')?.startsWith('go') === true && label('revision') !== 'scrape-lab-builtin';
  await expect(facts).toHaveAttribute('data-implementation', real ? 'statsd_exporter' : 'builtin');
  await expect(page.getByTestId(`bridge-facts-${pushed}-name`)).toHaveText(
    real
      ? `bridge: statsd_exporter ${label('version')}`
      : `bridge: built-in (scrape-lab ${label('version')})`,
  );
  await expect(facts).toHaveAttribute('data-datagrams', /^\d+$/);
  // Beside it the kernel's UDP receive errors, named as the machine's; or why there are none, never a 0.
  const kernel = page.getByTestId(`bridge-facts-${pushed}-kernel`);
  if (process.platform === 'linux') {
    await expect(facts).toHaveAttribute('data-kernel-errors', /^\d+$/);
    await expect(kernel).toContainText(/all UDP on this machine, last \d+\s*(s|min): [\d,]+ receive errors/);
  } else {
    await expect(facts).not.toHaveAttribute('data-kernel-errors');
    await expect(kernel).toContainText('unavailable');
  }

  // Side by side at 1280×720, nothing cut off.
  const [first, second] = [panels.nth(0), panels.nth(1)];
  const sideBySide = async () => {
    const [a, b] = [await first.boundingBox(), await second.boundingBox()];
    return a !== null && b !== null && Math.abs(a.y - b.y) < 2 && b.x > a.x + a.width - 1;
  };
  expect(await sideBySide()).toBe(true);
  await expectProjectorFit(page, 1280, 720);

  // The connection policy: each state names itself, says what it does, and reaches the lab.
  const note = page.getByTestId('policy-note');
  const effects = { pinned: /same worker.*only that worker/, hopping: /new connection.*invents traffic/ };
  const names = { pinned: 'keep-alive \u2014 pinned', hopping: 'close \u2014 hopping' };
  type Policy = keyof typeof names;
  const startPolicy: Policy = (await labSnapshot(page)).settings.metricsKeepAlive ? 'pinned' : 'hopping';
  const otherPolicy: Policy = startPolicy === 'pinned' ? 'hopping' : 'pinned';
  for (const policy of [otherPolicy, startPolicy]) {
    await page.getByTestId(`control-policy-${policy}`).click();
    await expect(note).toHaveAttribute('data-policy', policy);
    await expect(note).toContainText(names[policy]);
    await expect(note).toContainText(effects[policy]);
    // At the 18 px floor the note may take two lines of the operator's bar, never a third.
    const lineHeight = await note.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 25);
    expect((await note.boundingBox())?.height ?? Infinity).toBeLessThan(2.5 * lineHeight);
    await expect(page.getByTestId(`control-policy-${policy}`)).toHaveAttribute('aria-pressed', 'true');
    await expect(dashboard).toHaveAttribute('data-keep-alive', String(policy === 'pinned'));
    expect((await labSnapshot(page)).settings.metricsKeepAlive).toBe(policy === 'pinned');
  }

  // Pause: the load generator stops sending, seen in the snapshots that follow.
  const direct = page.getByTestId('route-panel-direct');
  await page.getByTestId('control-pause').click();
  await expect(dashboard).toHaveAttribute('data-paused', 'true');
  await nextSnapshot(page);
  const sentWhilePaused = await intAttribute(direct, 'data-sent');
  await nextSnapshot(page);
  await nextSnapshot(page);
  expect(await intAttribute(direct, 'data-sent')).toBe(sentWhilePaused);

  // Resume: sending starts again.
  await page.getByTestId('control-pause').click();
  await expect(dashboard).toHaveAttribute('data-paused', 'false');
  await expect.poll(() => intAttribute(direct, 'data-sent')).toBeGreaterThan(sentWhilePaused);

  // A new rate reaches the lab and comes back in the snapshot.
  const rateBefore = await intAttribute(dashboard, 'data-rate');
  const rateInput = page.getByTestId('control-rate');
  await rateInput.fill(String(rateBefore + 7));
  await rateInput.press('Enter');
  await expect(dashboard).toHaveAttribute('data-rate', String(rateBefore + 7));

  // A value the lab refuses shows the lab's own message and changes nothing.
  await rateInput.fill('6000');
  await rateInput.press('Enter');
  await expect(page.getByTestId('control-error')).toContainText('ratePerSecond');
  await nextSnapshot(page);
  await expect(dashboard).toHaveAttribute('data-rate', String(rateBefore + 7));

  await rateInput.fill(String(rateBefore));
  await rateInput.press('Enter');
  await expect(dashboard).toHaveAttribute('data-rate', String(rateBefore));
  await expect(page.getByTestId('control-error')).toHaveCount(0);
  await rateInput.blur();

  // Let a few more points arrive after the pause, then keep a picture of the projector view.
  await nextSnapshot(page);
  await nextSnapshot(page);
  await page.screenshot({ path: path.join(testInfo.project.outputDir, 'scrape-lab-1280x720.png') });

  // The Django multiprocess route's panel: its scrape time beside the files that scrape merged, as the
  // lab's own latest scrape reports them.
  const multiprocess = routes.find((r) => r.spec.multiprocFilesMetric !== undefined)?.spec.id;
  if (multiprocess === undefined) throw new Error('the lab has no multiprocess route');
  await page.getByLabel('right route').selectOption(multiprocess);
  await expect.poll(shown).toEqual([braid, multiprocess]);
  const folderFacts = page.getByTestId(`multiproc-${multiprocess}`);
  await expect(folderFacts).toHaveAttribute('data-files', /^\d+$/);
  await expect(folderFacts).toHaveAttribute('data-bytes', /^\d+$/);
  await expect(folderFacts).toHaveAttribute('data-scrape-ms', /^\d/);
  const files = await intAttribute(folderFacts, 'data-files');
  // Every worker alive has its files there: a counter's and a histogram's at least.
  expect(files).toBeGreaterThanOrEqual(2 * (await intAttribute(dashboard, 'data-workers')));
  await expect(page.getByTestId(`multiproc-${multiprocess}-files`)).toHaveText(/^[\d,]+ files$/);
  await expect(page.getByTestId(`multiproc-${multiprocess}-scrape`)).toHaveText(/^[\d.,]+\s*ms$/);
  await expect(page.getByTestId(`multiproc-${multiprocess}-bytes`)).toHaveText(/^[\d.,]+\s*(B|kB|MB)$/);
  // The same count the lab's latest scrape read (polled: the two are read a snapshot apart).
  const labFiles = async () =>
    (await labSnapshot(page)).routes
      .find((r) => r.spec.id === multiprocess)
      ?.scrapes.filter((p) => p.ok && p.multiproc !== undefined)
      .at(-1)?.multiproc?.files;
  await expect
    .poll(async () => (await labFiles()) === (await intAttribute(folderFacts, 'data-files')))
    .toBe(true);
  // At least 20 px: read from the back of the room.
  const size = await page
    .getByTestId(`multiproc-${multiprocess}-files`)
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(20);
  await expectProjectorFit(page, 1280, 720);
  await page.screenshot({
    path: path.join(testInfo.project.outputDir, 'scrape-lab-multiprocess-1280x720.png'),
  });
  await page.getByLabel('right route').selectOption(pushed ?? '');
  await expect.poll(shown).toEqual([braid, pushed]);

  // A 1080p projector: still side by side, still nothing cut off.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect.poll(sideBySide).toBe(true);
  await nextSnapshot(page);
  await expectProjectorFit(page, 1920, 1080);
  await page.screenshot({ path: path.join(testInfo.project.outputDir, 'scrape-lab-1920x1080.png') });

  // Below ~1000 px the panels stack.
  await page.setViewportSize({ width: 800, height: 1200 });
  await expect
    .poll(async () => (await second.boundingBox())?.y ?? 0)
    .toBeGreaterThan((await first.boundingBox())?.y ?? 0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
  await page.screenshot({
    path: path.join(testInfo.project.outputDir, 'scrape-lab-800-stacked.png'),
    fullPage: true,
  });
});
