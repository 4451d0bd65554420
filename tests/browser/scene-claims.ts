import { expect, type Locator, type Page } from '@playwright/test';
import type { Scene } from '../../components/presenter/scenes';

/**
 * Each scene's claim, checked as the room would check it: by the numbers the scene itself shows, within
 * 20 s of its entry.
 */

async function intAttribute(locator: Locator, name: string): Promise<number> {
  const value = await locator.getAttribute(name);
  if (value === null) throw new Error(`missing attribute ${name}`);
  return Number(value);
}

/** How soon after its entry a scene's claim must hold, by the numbers it shows. */
const CLAIM_WITHIN_MS = 20_000;

/** A number as the page writes it: a real minus, thousands separators, a leading × or +, a trailing unit. */
function shownNumber(text: string | null): number {
  const match = (text ?? '')
    .replace(/\u2212/g, '-')
    .replaceAll(',', '')
    .match(/-?\d+(\.\d+)?/);
  return match === null ? NaN : Number(match[0]);
}

const shown = async (locator: Locator) => shownNumber(await locator.textContent());
const valueOf = async (locator: Locator) => Number((await locator.getAttribute('data-value')) ?? NaN);

/**
 * The scene's claim, read off the numbers the scene itself shows (never the lab's API), holding within
 * 20 s of `enteredAt`, the moment the stage said the entry was applied. `act` also runs the scene's own
 * demonstration where the claim needs one (pinning the connection, killing the bridge, a UDP burst).
 */
export async function expectSceneClaim(
  page: Page,
  scene: Scene,
  enteredAt: number,
  act: boolean,
): Promise<void> {
  const left = () => Math.max(1_000, enteredAt + CLAIM_WITHIN_MS - Date.now());
  const within = () => ({ timeout: left(), intervals: [250, 500] });
  const { view } = scene;
  switch (view.kind) {
    case 'basics': {
      // Three kinds of metric, each fed live: the counter and the histogram's count grow on screen.
      const counter = page.getByTestId('basics-counter-value');
      const histogram = page.getByTestId('basics-histogram-value');
      await expect.poll(() => shown(counter), within()).toBeGreaterThan(0);
      const [c0, h0] = [await shown(counter), await shown(histogram)];
      await expect.poll(() => shown(counter), within()).toBeGreaterThan(c0);
      await expect.poll(() => shown(histogram), within()).toBeGreaterThan(h0);
      await expect(histogram).toContainText(/p90\s*\d/, { timeout: left() });
      await expect(page.getByTestId('basics-gauge-value')).toHaveText(/^\d/, { timeout: left() });
      return;
    }
    case 'scraped-counter': {
      const error = page.getByTestId(`headline-${view.route}-error`);
      if ((scene.settings.workers ?? 1) === 1) {
        // One process, one registry: the scraped counter is the truth.
        await expect.poll(async () => Math.abs(await valueOf(error)), within()).toBeLessThan(2);
        await expect(page.getByTestId(`headline-${view.route}-answerers`)).toHaveAttribute('data-value', '1');
      } else {
        // The braid: several workers answer, each holding only its share, and the counter jumps back.
        await expect
          .poll(() => intAttribute(page.getByTestId(`legend-${view.route}`), 'data-workers'), within())
          .toBeGreaterThanOrEqual(2);
        await expect.poll(() => valueOf(error), within()).toBeLessThan(-20);
        await expect
          .poll(() => valueOf(page.getByTestId(`headline-${view.route}-resets`)), within())
          .toBeGreaterThanOrEqual(1);
      }
      return;
    }
    case 'prometheus': {
      // Hopping invents traffic: Prometheus' rate() over the truth reads above 1.
      const ratio = page.getByTestId(`prometheus-${view.route}-ratio`);
      await expect.poll(() => valueOf(ratio), within()).toBeGreaterThan(1);
      await expect(page.getByTestId('uptime-inflation')).toContainText(/rate\(\) reads ×\d/);
      if (!act) return;
      // Pinned to one worker it undercounts: once the hops have left rate()'s window, it reads below 1.
      await page.getByTestId('control-policy-pinned').click();
      await expect(page.getByTestId('presenter')).toHaveAttribute('data-keep-alive', 'true');
      const pinnedAt = Date.now();
      await expect
        .poll(() => valueOf(ratio), { timeout: Math.max(1_000, pinnedAt + CLAIM_WITHIN_MS - Date.now()) })
        .toBeLessThan(0.9);
      await page.getByTestId('control-policy-hopping').click();
      await expect(page.getByTestId('presenter')).toHaveAttribute('data-keep-alive', 'false');
      return;
    }
    case 'alternatives': {
      // Both alternatives make the numbers right: each live card's error is within a few percent.
      for (const alt of view.alternatives) {
        if ((await page.getByTestId(`alternative-${alt.route}`).getAttribute('data-live')) !== 'true')
          continue;
        const error = page.getByTestId(`score-card-${alt.route}-error`).locator('span').first();
        await expect.poll(async () => Math.abs(await shown(error)), within()).toBeLessThan(5);
      }
      return;
    }
    case 'bridge': {
      // Under the same load the bridge matches the truth, and the direct route beside it does not.
      const bridge = page.getByTestId(`verdict-${view.route}-error`);
      const direct = page.getByTestId(`verdict-${view.compareWith}-error`);
      await expect.poll(async () => Math.abs(await valueOf(bridge)), within()).toBeLessThan(5);
      await expect.poll(async () => Math.abs(await valueOf(direct)), within()).toBeGreaterThan(20);
      await expect(page.getByTestId(`verdict-${view.route}`)).toContainText('matches', { timeout: left() });
      return;
    }
    case 'deployment': {
      // Both topologies, as the manifests deploy/kubernetes/ ships.
      const manifests = page.getByTestId('deployment-manifests');
      await expect(manifests).toContainText('kind: DaemonSet', { timeout: left() });
      await expect(manifests).toContainText('status.hostIP');
      await expect(manifests).toContainText('statsd');
      return;
    }
    case 'bridge-dies': {
      await expect(page.getByTestId('component-bridge')).toHaveAttribute('data-state', 'up', {
        timeout: left(),
      });
      if (!act) return;
      // Killed, the bridge comes back at zero: its counter falls far behind the truth, which kept counting.
      const error = page.getByTestId(`headline-${view.route}-error`);
      await page.keyboard.press('b');
      const killedAt = Date.now();
      const after = () => ({ timeout: Math.max(1_000, killedAt + CLAIM_WITHIN_MS - Date.now()) });
      await expect.poll(() => valueOf(error), after()).toBeLessThan(-20);
      await expect(page.getByTestId('component-bridge')).toHaveAttribute('data-state', 'up', after());
      return;
    }
    case 'udp-loss': {
      await expect(page.getByTestId('scene-buffering-on')).toHaveAttribute('aria-pressed', 'true', {
        timeout: left(),
      });
      const outcome = page.getByTestId('burst-outcome');
      if (!act) {
        await expect(outcome).toContainText('No burst sent yet');
        return;
      }
      // Unbuffered, one burst: what the bridge missed is the truth less its counter, and beside it what the
      // kernel counted, the only one that saw a datagram dropped.
      await page.getByTestId('scene-buffering-off').click();
      await expect(page.getByTestId('presenter')).toHaveAttribute('data-buffer', '0', { timeout: left() });
      await page.getByTestId('scene-burst').click();
      await expect(outcome).toHaveAttribute('data-lost', /^\d+$/, { timeout: left() });
      // Once a scrape after the burst is in, every request of the burst counts in the comparison.
      const answered = async () =>
        shownNumber((await outcome.textContent())?.match(/([\d,]+) answered/)?.[1] ?? null);
      await expect.poll(answered, within()).toBeGreaterThanOrEqual(view.burstRequests);
      const udp = page.getByTestId('burst-udp');
      await expect(udp).toHaveAttribute('data-datagrams', /^\d+$/, { timeout: left() });
      await expect(udp).toContainText(
        /The bridge \((statsd_exporter \S+|built-in \(scrape-lab \S+\))\) received [\d,]+ datagrams/,
      );
      if (process.platform === 'linux') {
        await expect(udp).toHaveAttribute('data-kernel-errors', /^\d+$/);
        await expect(udp).toContainText(/[\d,]+ UDP receive errors.*machine-wide/);
      } else {
        await expect(udp).toContainText('unavailable');
      }
      return;
    }
    case 'gauges': {
      // Deltas from four workers add up; a gauge each worker sets keeps about one worker's share.
      const mean = (id: string) => shown(page.getByTestId(`gauge-mean-${id}`).locator('.figure-value'));
      await expect
        .poll(async () => (await mean('deltas')) - 1.5 * (await mean('last-writer')), within())
        .toBeGreaterThan(0);
      return;
    }
    case 'scoreboard': {
      // How right each is: the direct route braided, every other way within a few percent of the truth.
      for (const id of view.routes) {
        const error = page.getByTestId(`score-${id}-error`);
        const size = async () => Math.abs(await shown(error.locator('span').first()));
        if (id === 'direct') await expect.poll(size, within()).toBeGreaterThan(20);
        else await expect.poll(size, within()).toBeLessThan(5);
      }
      return;
    }
  }
}
