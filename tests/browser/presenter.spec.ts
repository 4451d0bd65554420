import path from 'node:path';
import { expect, test, type BrowserContext, type Locator, type Page, type TestInfo } from '@playwright/test';
import { formatCount } from '../../components/lab/format';
import { entryText, entryWording } from '../../components/presenter/entry-wording';
import { sceneHref } from '../../components/presenter/scene-nav';
import { SCENES, sceneAside, type Scene, type SceneView } from '../../components/presenter/scenes';
import type { LabSnapshot } from '../../server/lab/types';
import { expectProjectorReadable, saveScreenshot } from './projector';
import { expectSceneClaim } from './scene-claims';

/** Points in a scene's main chart before its screenshot: about ten seconds of history at 1 s scrapes. */
const SCREENSHOT_POINTS = 10;

/** The two projectors every page is checked at, smaller first. */
const PROJECTORS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

/** Hosts a page may talk to: the presenter must work in a room with no network at all. */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Records every request any page of the context makes (frames included), to check none leaves the machine. */
function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (request) => urls.push(request.url()));
  return urls;
}

function expectAllLocal(urls: readonly string[]): void {
  expect(urls.length).toBeGreaterThan(0);
  const remote = urls.filter((url) => {
    const { protocol, host, hostname } = new URL(url);
    // data: and blob: URLs are made inside the page and never touch the network.
    if (protocol === 'data:' || protocol === 'blob:') return false;
    return !LOCAL_HOSTS.has(hostname) && !LOCAL_HOSTS.has(host);
  });
  expect(remote).toEqual([]);
}

async function intAttribute(locator: Locator, name: string): Promise<number> {
  const value = await locator.getAttribute(name);
  if (value === null) throw new Error(`missing attribute ${name}`);
  return Number(value);
}

async function labSnapshot(page: Page): Promise<LabSnapshot> {
  // A fresh connection each time: reusing one the server just closed as idle fails with ECONNRESET.
  const response = await page.request.get('/api/lab/snapshot', { headers: { connection: 'close' } });
  expect(response.ok()).toBe(true);
  return (await response.json()) as LabSnapshot;
}

/** The scene is on screen and has finished setting the lab up (or kept it, on a reload). */
async function expectEntered(page: Page, scene: Scene): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`${sceneHref(scene.id)}$`));
  await expect(page.getByTestId('scene-title')).toHaveText(scene.title);
  const stage = page.getByTestId('presenter');
  await expect(stage).toHaveAttribute('data-scene', scene.id);
  // A reset drains the load and restarts every worker and the bridge: allow it its time.
  await expect(stage).toHaveAttribute('data-entry', /^(applied|kept)$/, { timeout: 90_000 });
}

/** The lab really has what the scene set, as its own snapshot says. */
async function expectLabSettings(page: Page, scene: Scene): Promise<void> {
  const { settings } = await labSnapshot(page);
  for (const [key, value] of Object.entries(scene.settings)) {
    expect(settings[key as keyof typeof settings], key).toBe(value);
  }
}

/** Markers drawn in a chart's marker paths (a series' pieces): one subpath, so one move, per marker. */
function drawnMarkers(chart: Locator): Promise<number> {
  return chart
    .locator('.series-markers path')
    .evaluateAll((paths) => paths.reduce((n, p) => n + (p.getAttribute('d')?.match(/M/g)?.length ?? 0), 0));
}

/** A chart whose `data-points` reaches `min`, and that draws a line (recharts' own, or a series path). */
async function expectChartData(page: Page, testId: string, min: number): Promise<void> {
  const chart = page.getByTestId(testId);
  await expect
    .poll(() => intAttribute(chart, 'data-points'), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(min);
  await expect(chart.locator('.recharts-line-curve, .series-line').first()).toBeVisible();
}

async function latestRoute(page: Page, id: string) {
  const route = (await labSnapshot(page)).routes.find((r) => r.spec.id === id);
  if (route === undefined) throw new Error(`the lab has no route ${id}`);
  return route;
}

/**
 * What each live scene must show once data has arrived; every claim checked is the scene's own. `points`
 * is how much history the main chart must hold: a screenshot wants a picture, not the first seconds.
 */
async function expectSceneLive(page: Page, scene: Scene, points = 3): Promise<void> {
  const { view } = scene;
  switch (view.kind) {
    case 'basics':
      for (const id of ['basics-counter-chart', 'basics-gauge-chart', 'basics-histogram-chart'])
        await expectChartData(page, id, points);
      await expect(page.getByTestId('basics-counter-value')).toHaveText(/^\d[\d,]*$/);
      return;
    case 'scraped-counter': {
      const counter = page.getByTestId(`counter-chart-${view.route}`);
      await expect
        .poll(() => intAttribute(counter, 'data-points'), { timeout: 60_000 })
        .toBeGreaterThanOrEqual(points);
      await expect.poll(() => drawnMarkers(counter)).toBeGreaterThanOrEqual(points);
      const workers = scene.settings.workers ?? 1;
      if (workers === 1) {
        // One process: the scraped counter is the truth, to within what one scrape interval lets through.
        await expect
          .poll(async () => Math.abs((await latestRoute(page, view.route)).headline.errorNowPercent ?? 100))
          .toBeLessThan(2);
      } else {
        // The braid: more than one process answers the scrapes.
        await expect
          .poll(() => intAttribute(page.getByTestId(`legend-${view.route}`), 'data-workers'))
          .toBeGreaterThanOrEqual(2);
      }
      return;
    }
    case 'prometheus': {
      const rate = page.getByTestId(`rate-chart-${view.route}`);
      await expect
        .poll(() => intAttribute(rate, 'data-points'), { timeout: 60_000 })
        .toBeGreaterThanOrEqual(points);
      await expect
        .poll(() => intAttribute(rate, 'data-prometheus-points'), { timeout: 60_000 })
        .toBeGreaterThanOrEqual(2);
      await expect(page.getByTestId(`prometheus-${view.route}`)).toHaveAttribute('data-state', 'values', {
        timeout: 60_000,
      });
      // The claim as a measured line: uptime, false resets, what rate() reads.
      await expect(page.getByTestId('uptime-inflation')).toContainText(
        /\d+\u2009s of uptime · \d+ false resets · rate\(\) reads ×\d/,
        {
          timeout: 30_000,
        },
      );
      return;
    }
    case 'alternatives': {
      const { routes } = await labSnapshot(page);
      for (const alt of view.alternatives) {
        const live = routes.some((r) => r.spec.id === alt.route);
        const card = page.getByTestId(`alternative-${alt.route}`);
        await expect(card).toHaveAttribute('data-live', String(live));
        if (live) {
          // Live numbers: a verdict from the measurements, and the error against the truth.
          await expect(page.getByTestId(`score-card-${alt.route}`)).not.toHaveAttribute(
            'data-verdict',
            'no data yet',
          );
          await expect(page.getByTestId(`score-card-${alt.route}-error`).locator('span').first()).toHaveText(
            /\d/,
          );
        } else await expect(card).toContainText(`no ${alt.route} route`);
      }
      return;
    }
    case 'scoreboard':
      await expect(page.getByTestId('scoreboard')).toHaveAttribute('data-routes', String(view.routes.length));
      for (const id of view.routes)
        await expect(page.getByTestId(`score-${id}-error`).locator('span').first()).toHaveText(/\d/, {
          timeout: 60_000,
        });
      return;
    case 'bridge':
      await expectChartData(page, `counter-chart-${view.route}`, points);
      await expect(page.getByTestId(`verdict-${view.compareWith}-error`)).not.toHaveText('\u2014');
      // The bridge's numbers match the truth under the same load.
      await expect
        .poll(async () => Math.abs((await latestRoute(page, view.route)).headline.errorNowPercent ?? 100))
        .toBeLessThan(5);
      return;
    case 'deployment':
      await expect(page.getByTestId('deployment').locator('svg').first()).toBeVisible();
      return;
    case 'bridge-dies':
      await expectChartData(page, `counter-chart-${view.route}`, points);
      await expect(page.getByTestId('component-bridge')).toHaveAttribute('data-state', 'up');
      await expect(page.locator('[data-testid^="status-"]')).not.toHaveCount(0);
      return;
    case 'udp-loss':
      await expectChartData(page, `counter-chart-${view.route}`, points);
      // Before the burst, or after the one the walk's claim check sent.
      await expect(page.getByTestId('burst-outcome')).toContainText(/No burst sent yet|answered/);
      return;
    case 'gauges': {
      await expectChartData(page, 'gauge-chart', points);
      const means = page.getByTestId('gauge-means');
      await expect.poll(() => intAttribute(means, 'data-rows')).toBeGreaterThanOrEqual(5);
      // Deltas from four workers add up; a gauge each worker sets keeps one worker's share.
      const mean = async (id: string) =>
        Number(await page.getByTestId(`gauge-mean-${id}`).locator('.figure-value').textContent());
      await expect
        .poll(async () => (await mean('deltas')) - 1.5 * (await mean('last-writer')))
        .toBeGreaterThan(0);
      return;
    }
  }
}

/** The aside the view declares is there: a live diagram, or exactly one (theme-matched) walkthrough. */
async function expectAside(page: Page, view: SceneView): Promise<void> {
  const aside = sceneAside(view);
  if (aside.kind === 'architecture') {
    const diagram = page.getByTestId(`architecture-diagram-${aside.route}`);
    await expect(diagram).toBeVisible();
    await expect.poll(() => intAttribute(diagram, 'data-scrapes-drawn')).toBeGreaterThanOrEqual(1);
  }
  if (aside.kind === 'source') {
    const visible = page.locator('[data-testid="source-walkthrough"]:visible');
    await expect(visible).toHaveCount(1);
    await expect(visible.locator('.source-line-marked').first()).toBeVisible();
  }
}

/** Fits the screen: no scrolling, no key number cut short, and type a room can read (projector.ts). */
async function expectFit(page: Page, width: number, height: number): Promise<void> {
  const size = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }));
  expect(size.width).toBeLessThanOrEqual(width);
  expect(size.height).toBeLessThanOrEqual(height);
  const clipped = await page
    .locator('.scene .figure-value, .scene .prom-table td, .basics-value, .scene-titles h1, .scene-claim')
    .evaluateAll((els) =>
      els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent ?? ''),
    );
  expect(clipped).toEqual([]);
  await expectProjectorReadable(page);
}

async function screenshot(page: Page, testInfo: TestInfo, scene: Scene, size: string): Promise<void> {
  await page.screenshot({ path: path.join(testInfo.project.outputDir, 'scenes', `${scene.id}-${size}.png`) });
}

test.describe('presenter mode', () => {
  let requests: string[] = [];
  test.beforeEach(({ context }) => {
    requests = recordRequests(context);
  });
  test.afterEach(() => {
    expectAllLocal(requests);
  });

  test('every scene, by keyboard, sets the lab, shows live data and fits 1280×720 and 1920×1080', async ({
    page,
  }, testInfo) => {
    test.setTimeout(20 * 60_000);
    const first = SCENES[0];
    const last = SCENES[SCENES.length - 1];
    if (first === undefined || last === undefined) throw new Error('no scenes');

    // Forward at 1280×720 with →, from a deep link to the first scene.
    await page.goto(sceneHref(first.id));
    for (const [i, scene] of SCENES.entries()) {
      if (i > 0) await page.keyboard.press('ArrowRight');
      await expectEntered(page, scene);
      const enteredAt = Date.now();
      await expectLabSettings(page, scene);
      await expectSceneClaim(page, scene, enteredAt, true);
      await expect(page.getByTestId('entry-note')).toHaveAttribute('data-status', /^(applied|kept)$/);
      // The lab runs the Django routes: a scene that has a Django variant offers it, and starts on Node.
      await expect(page.getByTestId('scene')).toHaveAttribute('data-app', 'node');
      await expect(page.getByTestId('scene-app')).toHaveCount(scene.django ? 1 : 0);
      await expectSceneLive(page, scene, SCREENSHOT_POINTS);
      await expectAside(page, scene.view);
      await expectFit(page, 1280, 720);
      await screenshot(page, testInfo, scene, '1280x720');
    }
    // The last scene holds: → goes nowhere.
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('scene-position')).toHaveText(`${SCENES.length} / ${SCENES.length}`);
    await expect(page).toHaveURL(new RegExp(`${sceneHref(last.id)}$`));

    // Back at 1920×1080 with ←: every scene is entered again and set up again.
    await page.setViewportSize({ width: 1920, height: 1080 });
    for (const [i, scene] of [...SCENES.entries()].reverse()) {
      if (i < SCENES.length - 1) await page.keyboard.press('ArrowLeft');
      await expectEntered(page, scene);
      const enteredAt = Date.now();
      await expectLabSettings(page, scene);
      await expectSceneClaim(page, scene, enteredAt, false);
      await expectSceneLive(page, scene, SCREENSHOT_POINTS);
      await expectAside(page, scene.view);
      await expectFit(page, 1920, 1080);
      await screenshot(page, testInfo, scene, '1920x1080');
    }
  });

  test('on the Django app the scenes that have it show the Django routes, live, and fit 1280×720', async ({
    page,
  }, testInfo) => {
    test.setTimeout(10 * 60_000);
    const djangoScenes = SCENES.flatMap((scene) => (scene.django ? [{ scene, variant: scene.django }] : []));
    const sceneShown = page.getByTestId('scene');
    for (const [i, { scene, variant }] of djangoScenes.entries()) {
      await page.goto(sceneHref(scene.id));
      await expectEntered(page, scene);
      if (i === 0) {
        // a switches to the Django app; the choice then holds from scene to scene.
        await expect(sceneShown).toHaveAttribute('data-app', 'node');
        await page.keyboard.press('a');
      }
      await expect(sceneShown).toHaveAttribute('data-app', 'django');
      await expect(page.getByTestId('scene-app-django')).toHaveAttribute('aria-pressed', 'true');
      await expect(page.locator('.scene-claim')).toHaveText(variant.claim ?? scene.claim);
      const shown = { ...scene, routes: variant.routes, view: variant.view };
      await expectSceneLive(page, shown, SCREENSHOT_POINTS);
      await expectAside(page, variant.view);
      const { view } = variant;
      if (view.kind === 'scraped-counter') {
        // k crashes a worker of the app on screen: the Django app gets a new worker.
        const ids = async () => ((await latestRoute(page, view.route)).workers ?? []).map((w) => w.id);
        await expect.poll(async () => (await ids()).length).toBe(scene.settings.workers);
        const before = Math.max(...(await ids()));
        await page.keyboard.press('k');
        await expect
          .poll(async () => Math.max(...(await ids())), { timeout: 60_000 })
          .toBeGreaterThan(before);
      }
      if (view.kind === 'alternatives') {
        // Multiprocess mode's card counts the files its latest scrape merged, as the lab read them.
        const files = view.alternatives.find((a) => a.route.startsWith('django-'))?.route ?? '';
        const figure = page.getByTestId(`score-card-${files}-multiproc`).locator('span').first();
        await expect(figure).toHaveText(/^[\d,]+ files?$/, { timeout: 60_000 });
        const labFiles = async () =>
          (await latestRoute(page, files)).scrapes.filter((p) => p.ok && p.multiproc).at(-1)?.multiproc
            ?.files;
        await expect
          .poll(
            async () => `${formatCount((await labFiles()) ?? null)} files` === (await figure.textContent()),
          )
          .toBe(true);
        await expect(page.getByTestId(`alternative-${files}`)).toContainText(
          /merges the folder: [\d,]+ files/,
        );
      }
      if (view.kind === 'bridge' && view.timerUnits) {
        // The timer the app sends in milliseconds is held in seconds: a mean of a few hundredths, not tens.
        const units = page.getByTestId('timer-units');
        await expect(units).toContainText(view.timerUnits.talkName);
        await expect(units).toContainText(view.timerUnits.sent);
        await expect
          .poll(async () => Number((await units.getAttribute('data-mean-seconds')) ?? NaN), {
            timeout: 30_000,
          })
          .toBeGreaterThan(0.001);
        expect(Number(await units.getAttribute('data-mean-seconds'))).toBeLessThan(1);
      }
      if (view.kind === 'scoreboard') {
        // A picture of the verdicts, not of the first seconds after the entry's reset.
        for (const id of view.routes)
          await expect(page.getByTestId(`score-row-${id}`)).not.toHaveAttribute(
            'data-verdict',
            /^(no data yet|measuring)$/,
            { timeout: 60_000 },
          );
      }
      await expectFit(page, 1280, 720);
      await screenshot(page, testInfo, scene, 'django-1280x720');
    }
    // The switch back: the Node app's routes again.
    await page.getByTestId('scene-app-node').click();
    await expect(sceneShown).toHaveAttribute('data-app', 'node');
    const last = djangoScenes.at(-1)?.scene;
    if (last === undefined) throw new Error('no scene has a Django variant');
    await expectSceneLive(page, last);
  });

  test('the keys and their buttons drive the lab and the page', async ({ page }, testInfo) => {
    test.setTimeout(5 * 60_000);
    const stage = page.getByTestId('presenter');
    const scene = SCENES.find((s) => s.view.kind === 'prometheus');
    const bridgeScene = SCENES.find((s) => s.view.kind === 'bridge-dies');
    if (scene === undefined || bridgeScene === undefined) throw new Error('missing scenes');
    await page.goto(sceneHref(scene.id));
    await expectEntered(page, scene);

    // Space pauses and resumes the load, as the lab reports it.
    await page.keyboard.press(' ');
    await expect(stage).toHaveAttribute('data-paused', 'true');
    expect((await labSnapshot(page)).settings.paused).toBe(true);
    await page.keyboard.press(' ');
    await expect(stage).toHaveAttribute('data-paused', 'false');
    // …and so does its button.
    await page.getByTestId('tool-pause').click();
    await expect(stage).toHaveAttribute('data-paused', 'true');
    await page.getByTestId('tool-pause').click();
    await expect(stage).toHaveAttribute('data-paused', 'false');
    // With the button still focused, Space is the key's command once, not also a press of the button.
    await page.keyboard.press(' ');
    await expect(stage).toHaveAttribute('data-paused', 'true');
    await page.keyboard.press(' ');
    await expect(stage).toHaveAttribute('data-paused', 'false');
    expect((await labSnapshot(page)).settings.paused).toBe(false);

    // k crashes a worker of the scene's app: a new worker id appears.
    const idsOf = async () => ((await latestRoute(page, 'direct')).workers ?? []).map((w) => w.id);
    await expect.poll(async () => (await idsOf()).length).toBe(scene.settings.workers);
    const before = Math.max(...(await idsOf()));
    await page.keyboard.press('k');
    await expect.poll(async () => Math.max(...(await idsOf()))).toBeGreaterThan(before);

    // ? shows the keys, Esc hides them; the button does the same.
    await page.keyboard.press('?');
    await expect(page.getByTestId('key-help')).toBeVisible();
    await expect(page.getByTestId('key-help')).toContainText('kill the StatsD bridge');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('key-help')).toHaveCount(0);
    await page.getByTestId('tool-help').click();
    await expect(page.getByTestId('key-help')).toBeVisible();
    await page.getByTestId('key-help-close').click();
    await expect(page.getByTestId('key-help')).toHaveCount(0);

    // f toggles fullscreen.
    await page.keyboard.press('f');
    await expect(page.getByTestId('tool-fullscreen')).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('f');
    await expect(page.getByTestId('tool-fullscreen')).toHaveAttribute('aria-pressed', 'false');

    // t switches the theme, and a reload remembers it.
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-presenter-theme', 'dark');
    await page.keyboard.press('t');
    await expect(html).toHaveAttribute('data-presenter-theme', 'light');
    await page.reload();
    await expect(html).toHaveAttribute('data-presenter-theme', 'light');
    await expect(page.getByTestId('tool-theme')).toHaveAttribute('data-theme', 'light');
    await expectSceneLive(page, scene);
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await expectFit(page, size.width, size.height);
      await page.screenshot({
        path: path.join(
          testInfo.project.outputDir,
          'scenes-light',
          `${scene.id}-${size.width}x${size.height}.png`,
        ),
      });
    }
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('tool-theme').click();
    await expect(html).toHaveAttribute('data-presenter-theme', 'dark');

    // The buttons move between scenes like the arrows.
    const index = SCENES.indexOf(scene);
    const next = SCENES[index + 1];
    if (next === undefined) throw new Error('no scene after the Prometheus one');
    await page.getByTestId('tool-next').click();
    await expectEntered(page, next);
    await page.getByTestId('tool-previous').click();
    await expectEntered(page, scene);

    // b kills the bridge: it comes back as a new process, and the scrapes show the gap.
    await page.goto(sceneHref(bridgeScene.id));
    await expectEntered(page, bridgeScene);
    const bridgeProcess = async () =>
      (await latestRoute(page, 'statsd')).scrapes.filter((s) => s.ok).at(-1)?.answeredBy ?? null;
    await expect.poll(bridgeProcess).not.toBeNull();
    const process = await bridgeProcess();
    await page.keyboard.press('b');
    await expect.poll(bridgeProcess, { timeout: 60_000 }).not.toBe(process);
    await expect(page.getByTestId('component-bridge')).toHaveAttribute('data-state', 'up', {
      timeout: 60_000,
    });
  });

  test('the dashboard links to the scene list, which starts the talk', async ({ page }, testInfo) => {
    await page.goto('/');
    await page.getByTestId('presenter-link').click();
    await expect(page).toHaveURL(/\/scenes$/);
    await expect(page.getByTestId('scene-index').getByRole('link')).toHaveCount(SCENES.length + 3);
    // The running order is a slide too: read from the back, nothing cut off, at either projector size.
    for (const size of PROJECTORS) {
      await page.setViewportSize(size);
      await expectFit(page, size.width, size.height);
      await saveScreenshot(page, testInfo, 'pages', 'scene-index');
    }
    await page.setViewportSize(PROJECTORS[0]);
    const first = SCENES[0];
    if (first === undefined) throw new Error('no scenes');
    await page.keyboard.press('ArrowRight');
    await expectEntered(page, first);
  });

  test('a reload keeps what the presenter changed; entering the scene again sets it anew', async ({
    page,
  }) => {
    test.setTimeout(5 * 60_000);
    const scene = SCENES.find((s) => s.view.kind === 'prometheus');
    if (scene === undefined) throw new Error('no Prometheus scene');
    const stage = page.getByTestId('presenter');
    await page.goto(sceneHref(scene.id));
    await expectEntered(page, scene);
    await expect(stage).toHaveAttribute('data-keep-alive', 'false');

    await page.getByTestId('control-policy-pinned').click();
    await expect(stage).toHaveAttribute('data-keep-alive', 'true');
    await expect(page.getByTestId('entry-note')).toContainText(
      'direct: close \u2014 hopping (now keep-alive \u2014 pinned)',
    );

    await page.reload();
    await expectEntered(page, scene);
    await expect(stage).toHaveAttribute('data-entry', 'kept');
    expect((await labSnapshot(page)).settings.metricsKeepAlive).toBe(true);

    const next = SCENES[SCENES.indexOf(scene) + 1];
    if (next === undefined) throw new Error('no scene after the Prometheus one');
    await page.keyboard.press('ArrowRight');
    await expectEntered(page, next);
    await page.keyboard.press('ArrowLeft');
    await expectEntered(page, scene);
    await expect(stage).toHaveAttribute('data-keep-alive', 'false');
    expect((await labSnapshot(page)).settings.metricsKeepAlive).toBe(false);

    // Two quick presses step twice: the second counts from the scene the first asked for.
    const twoOn = SCENES[SCENES.indexOf(scene) + 2];
    if (twoOn === undefined) throw new Error('no second scene after the Prometheus one');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expectEntered(page, twoOn);

    // An unknown scene is a 404, not an empty scene.
    const missing = await page.request.get('/scenes/99-nothing');
    expect(missing.status()).toBe(404);
  });

  test('the speaker view follows the audience window, and moves it', async ({ context, page }, testInfo) => {
    test.setTimeout(5 * 60_000);
    const start = SCENES.findIndex((s) => s.view.kind === 'prometheus');
    const [scene, next, after] = [SCENES[start], SCENES[start + 1], SCENES[start + 2]];
    if (scene === undefined || next === undefined || after === undefined) throw new Error('missing scenes');

    await page.goto(sceneHref(scene.id));
    await expectEntered(page, scene);

    const speaker = await context.newPage();
    await speaker.goto('/presenter');
    const view = speaker.getByTestId('speaker');
    await expect(view).toHaveAttribute('data-scene', scene.id);
    await expect(view).toHaveAttribute('data-audience', 'connected');
    await expect(speaker.getByTestId('speaker-current')).toContainText(scene.title);
    await expect(speaker.getByTestId('speaker-notes')).toContainText(scene.notes[0] ?? '');
    await expect(speaker.getByTestId('speaker-timer')).toHaveText(/^\d+:\d\d$/);

    // The next scene's preview is the real page in preview mode: it shows the scene, it drives nothing.
    await expect(speaker.getByTestId('speaker-next')).toHaveAttribute('data-next', next.id);
    const preview = speaker.frameLocator('[data-testid="scene-preview"] iframe');
    await expect(preview.getByTestId('scene-title')).toHaveText(next.title);
    await expect(preview.getByTestId('presenter')).toHaveAttribute('data-preview', 'true');
    await expect(preview.getByTestId('presenter-toolbar')).toHaveCount(0);
    // It describes what entering the next scene will do to the lab as it is, and shows no live figure.
    const { settings } = await labSnapshot(page);
    await expect(speaker.getByTestId('speaker-next-entry')).toContainText(
      entryText(entryWording(next, settings, 'before')),
    );
    await expect(preview.getByTestId('scene-sketch')).toBeVisible();
    await expect(
      preview.locator(
        '[data-testid^="headline-"], [data-testid^="counter-chart-"], [data-testid^="rate-chart-"]',
      ),
    ).toHaveCount(0);
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await speaker.setViewportSize(size);
      await expect(preview.getByTestId('scene-title')).toHaveText(next.title);
      await expectProjectorReadable(speaker);
      await speaker.screenshot({
        path: path.join(testInfo.project.outputDir, 'speaker', `speaker-${size.width}x${size.height}.png`),
      });
    }

    // The audience moves: the speaker view follows.
    await page.bringToFront();
    await page.keyboard.press('ArrowRight');
    await expectEntered(page, next);
    await expect(view).toHaveAttribute('data-scene', next.id);
    await expect(speaker.getByTestId('speaker-next')).toHaveAttribute('data-next', after.id);

    // The speaker moves: the audience follows.
    await speaker.bringToFront();
    await speaker.keyboard.press('ArrowLeft');
    await expectEntered(page, scene);
    await expect(view).toHaveAttribute('data-scene', scene.id);
    await speaker.getByTestId('speaker-jump-1').click();
    const first = SCENES[0];
    if (first === undefined) throw new Error('no scenes');
    await expectEntered(page, first);
    await expect(view).toHaveAttribute('data-scene', first.id);

    // Controls in the speaker view reach the lab too.
    await speaker.keyboard.press(' ');
    await expect(view).toHaveAttribute('data-paused', 'true');
    await speaker.getByTestId('tool-pause').click();
    await expect(view).toHaveAttribute('data-paused', 'false');

    // The audience window closes: the speaker view says so.
    await page.close();
    await expect(view).toHaveAttribute('data-audience', 'closed');
  });
});
