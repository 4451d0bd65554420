import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';

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

test('live panels chart both routes and the controls reach the lab', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page).toHaveTitle('Scrape Lab');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');

  const dashboard = page.getByTestId('dashboard');
  const panels = page.locator('[data-testid^="route-panel-"]');
  await expect(panels).toHaveCount(2);
  const ids = await panels.evaluateAll((els) => els.map((el) => el.getAttribute('data-route') ?? ''));
  expect(ids.sort()).toEqual(['direct', 'statsd']);

  // Both charts have points, as data and as rendered SVG markers and lines.
  for (const id of ids) {
    const counter = page.getByTestId(`counter-chart-${id}`);
    await expect.poll(() => intAttribute(counter, 'data-points')).toBeGreaterThanOrEqual(3);
    await expect.poll(() => counter.locator('.recharts-scatter-symbol').count()).toBeGreaterThanOrEqual(3);
    await expect(counter.locator('.recharts-line-curve').first()).toBeVisible();
    const rate = page.getByTestId(`rate-chart-${id}`);
    await expect.poll(() => intAttribute(rate, 'data-points')).toBeGreaterThanOrEqual(1);
    await expect(rate.locator('.recharts-line-curve').first()).toBeVisible();
    await expect(page.getByTestId(`headline-${id}-error`)).not.toHaveText('\u2014');
  }

  // Side by side at 1280 px without horizontal scroll.
  const [first, second] = [panels.nth(0), panels.nth(1)];
  const [a, b] = [await first.boundingBox(), await second.boundingBox()];
  expect(a && b && Math.abs(a.y - b.y) < 2 && b.x > a.x + a.width - 1).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);

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
