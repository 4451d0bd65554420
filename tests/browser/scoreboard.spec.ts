import path from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { sceneHref } from '../../components/presenter/scene-nav';
import { SCENES, type Scene } from '../../components/presenter/scenes';
import { layoutKind } from '../../components/diagram/layout';
import type { LabSnapshot } from '../../server/lab/types';
import { expectProjectorReadable } from './projector';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

/** How long a crash may take to show in the crash column. */
const CRASH_SHOWN_MS = 20_000;

async function labSnapshot(page: Page): Promise<LabSnapshot> {
  // A fresh connection each time: reusing one the server just closed as idle fails with ECONNRESET.
  const response = await page.request.get('/api/lab/snapshot', { headers: { connection: 'close' } });
  expect(response.ok()).toBe(true);
  return (await response.json()) as LabSnapshot;
}

/** The scoreboard's own text, in the table or the cards, and its button. */
const SCORE_TEXT =
  ':is([data-testid="scoreboard"], [data-testid^="score-card-"]) :is(th, td, span), [data-testid="scoreboard-crash"], [data-testid="scoreboard-load"]';

/**
 * Fits the screen: no scrolling, nothing cut off, and the scoreboard's text no smaller than a room can
 * read (18 px at 1280×720, growing with the screen).
 */
async function expectFit(page: Page, width: number, height: number): Promise<void> {
  const size = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }));
  expect(size.width).toBeLessThanOrEqual(width);
  expect(size.height).toBeLessThanOrEqual(height);
  const texts = page.locator(SCORE_TEXT);
  expect(await texts.count()).toBeGreaterThan(0);
  const clipped = await texts.evaluateAll((els) =>
    els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent ?? ''),
  );
  expect(clipped).toEqual([]);
  // The stage hides what overflows it, so a row below the window would pass the scroll check: every row, and
  // your app's fixes, must end inside the window.
  const below = await page
    .locator('[data-testid="scoreboard"] tbody tr, [data-testid="your-app-fixes"]')
    .evaluateAll((els) =>
      els
        .filter((el) => el.getBoundingClientRect().bottom > window.innerHeight + 1)
        .map((el) => el.getAttribute('data-testid') ?? ''),
    );
  expect(below).toEqual([]);
  const smallest = await texts.evaluateAll((els) =>
    Math.min(...els.map((el) => parseFloat(getComputedStyle(el).fontSize))),
  );
  expect(smallest).toBeGreaterThanOrEqual(18 * Math.min(height / 720, width / 1280) * 0.98);
  await expectProjectorReadable(page);
}

/**
 * Every row has a verdict from enough requests and an answer from Prometheus (or the reason there is
 * none): a screenshot then shows what the room would see, not the first seconds after a reset.
 */
async function settled(page: Page, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    await expect(page.getByTestId(`score-row-${id}`)).not.toHaveAttribute(
      'data-verdict',
      /^(no data yet|measuring)$/,
      {
        timeout: 60_000,
      },
    );
    await expect(valueOf(page, `score-${id}-prometheus`)).toHaveText(/×\d|no Prometheus/, {
      timeout: 60_000,
    });
  }
}

/** A figure's large value: its first line. */
const valueOf = (page: Page, testId: string) => page.getByTestId(testId).locator('span').first();

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const { width, height } = page.viewportSize() ?? { width: 0, height: 0 };
  await page.screenshot({
    path: path.join(testInfo.project.outputDir, 'scoreboard', `${name}-${width}x${height}.png`),
  });
}

function sceneOf(kind: Scene['view']['kind']): Scene {
  const scene = SCENES.find((s) => s.view.kind === kind);
  if (scene === undefined) throw new Error(`no ${kind} scene`);
  return scene;
}

async function enterScene(page: Page, scene: Scene): Promise<void> {
  await page.goto(sceneHref(scene.id));
  await expect(page.getByTestId('scene-title')).toHaveText(scene.title);
  // A reset drains the load and restarts every worker and the bridge: allow it its time.
  await expect(page.getByTestId('presenter')).toHaveAttribute('data-entry', /^(applied|kept)$/, {
    timeout: 90_000,
  });
}

test('the scoreboard shows every route live; a crash on every route fills the crash column', async ({
  page,
}, testInfo) => {
  test.setTimeout(5 * 60_000);
  // The lab as the scoreboard scene sets it (four workers, load running, hopping), whatever an earlier test
  // left: the speaker-view test ends on scene 1, one worker, where even your app answers from one process.
  await enterScene(page, sceneOf('scoreboard'));
  await page.goto('/scoreboard');
  await expect(page).toHaveTitle('Scoreboard · Scrape Lab');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');

  // Every route the lab runs, the Django ones among them, one row each, in the lab's order: the four ways,
  // and more rows than fit at full size, so the table is set dense.
  const { routes } = await labSnapshot(page);
  expect(new Set(routes.map((r) => r.spec.topology.kind))).toEqual(
    new Set(['aggregated', 'direct', 'per-worker', 'pushed']),
  );
  expect(routes.map((r) => r.spec.id)).toEqual(
    expect.arrayContaining(['django-direct', 'django-multiprocess', 'django-statsd']),
  );
  await expect(page.getByTestId('scoreboard')).toHaveAttribute('data-routes', String(routes.length));
  await expect(page.getByTestId('scoreboard')).toHaveAttribute('data-dense', String(routes.length > 4));
  await expect(page.getByTestId('scoreboard-load')).toContainText(`${routes.length} routes`);
  // The multiprocess route's /metrics cell says how many files its scrapes merge.
  for (const { spec } of routes.filter((r) => r.spec.multiprocFilesMetric !== undefined))
    await expect(page.getByTestId(`score-${spec.id}-size`)).toContainText(/[\d,]+ files merged/, {
      timeout: 60_000,
    });
  const rows = page.locator('[data-testid^="score-row-"]');
  expect(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-route')))).toEqual(
    routes.map((r) => r.spec.id),
  );

  // Your app (DOCTOR_TARGET in playwright.config.ts: the direct route's /metrics) in a row of its own, with
  // the doctor's evidence and the fixes that fit.
  await expect(page.getByTestId('your-app-row')).toHaveAttribute('data-verdict', 'braided', {
    timeout: 60_000,
  });
  await expect(valueOf(page, 'your-app-responders')).toHaveText(/^\d+ · \d+$/);
  await expect(page.getByTestId('your-app-fixes')).toContainText('AggregatorRegistry');

  // Live numbers in every row: the error, the scrape cost, and a verdict made from them.
  for (const { spec } of routes) {
    const id = spec.id;
    for (const part of ['error', 'scrape', 'size', 'processes'])
      await expect(valueOf(page, `score-${id}-${part}`)).toHaveText(/\d/, { timeout: 60_000 });
    await expect(page.getByTestId(`score-${id}-prometheus`)).toHaveText(/×\d|no Prometheus\S*\s*\S/);
    await expect(page.getByTestId(`score-row-${id}`)).not.toHaveAttribute('data-verdict', 'no data yet');
  }
  // The numbers move: the next snapshot brings new ones.
  const page1 = page.getByTestId('scoreboard-page');
  const now = await page1.getAttribute('data-now');
  await expect(page1).not.toHaveAttribute('data-now', now ?? '');

  await settled(
    page,
    routes.map((r) => r.spec.id),
  );
  await screenshot(page, testInfo, 'scoreboard-before-crash');
  await expectFit(page, 1280, 720);

  // One press crashes a worker of every app; every route of those apps shows it within 20 s.
  const crashOf = (snapshot: LabSnapshot, id: string) =>
    snapshot.routes.find((r) => r.spec.id === id)?.lastCrash ?? null;
  const before = await labSnapshot(page);
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/lab/actions/crash-everywhere'));
  const clicked = Date.now();
  await page.getByTestId('scoreboard-crash').click();
  expect((await answer).status()).toBe(200);
  const left = () => Math.max(1000, clicked + CRASH_SHOWN_MS - Date.now());
  // The lab's own record: a new crash on every route, since every app lost a worker.
  await expect
    .poll(
      async () => {
        const now = await labSnapshot(page);
        return routes.every(
          (r) => (crashOf(now, r.spec.id)?.at ?? 0) > (crashOf(before, r.spec.id)?.at ?? 0),
        );
      },
      { timeout: left() },
    )
    .toBe(true);
  const lab = await labSnapshot(page);
  // The routes whose counts live in the app (every one but the bridge's): the crash shows on each.
  const inProcess = routes.filter((r) => r.spec.topology.kind !== 'pushed').map((r) => r.spec);
  for (const spec of inProcess) {
    const crash = crashOf(lab, spec.id);
    if (crash === null) throw new Error(`no crash on ${spec.id}`);
    await expect(page.getByTestId(`score-row-${spec.id}`)).toHaveAttribute(
      'data-crash-at',
      String(crash.at),
      {
        timeout: left(),
      },
    );
    const cell = page.getByTestId(`score-${spec.id}-crash`);
    await expect(valueOf(page, `score-${spec.id}-crash`)).not.toHaveText('no crash yet');
    // Dense, the cell shows the false resets; when the crash was is in its tooltip (the crashed worker's slot
    // is gone from the page by then, so no name is given).
    await expect(cell).toHaveAttribute('title', /crashed \d+(\.\d)?\ss ago/);
    await expect(cell).toContainText(/\d+ false resets?/);
  }

  // Once the crash's window is over, the column says what it did, and the verdicts follow the numbers.
  await expect(page.getByTestId(`score-${inProcess[0]?.id}-crash`)).not.toHaveAttribute(
    'title',
    /measuring/,
    { timeout: 20_000 },
  );
  // A dead worker's counts stay where they are kept outside its memory: its multiprocess files, the bridge.
  for (const { spec } of routes.filter((r) => r.spec.multiprocFilesMetric !== undefined))
    await expect(valueOf(page, `score-${spec.id}-crash`)).toHaveText('no loss');
  await expect(page.getByTestId('scoreboard-error')).toHaveCount(0);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, testInfo, 'scoreboard');
    await expectFit(page, size.width, size.height);
  }
  // A route's name opens its wiring, drawn live for its topology; Close (or Esc) puts the table back.
  await page.setViewportSize(SIZES[0]);
  for (const { spec } of routes) {
    await page.getByTestId(`score-${spec.id}-wiring`).click();
    const dialog = page.getByTestId('wiring-dialog');
    await expect(dialog).toHaveAttribute('data-route', spec.id);
    const diagram = dialog.getByTestId(`architecture-diagram-${spec.id}`);
    await expect(diagram).toHaveAttribute('data-kind', layoutKind(spec.topology));
    await expect.poll(() => diagram.getAttribute('data-workers')).toBe(String(lab.settings.workers));
    const box = await diagram.boundingBox();
    // 2:1 and wide enough that the diagram's 20-unit labels are at least 18 px.
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(1080);
    await screenshot(page, testInfo, `wiring-${spec.id}`);
    if (spec.topology.kind === 'direct') await page.keyboard.press('Escape');
    else await page.getByTestId('wiring-close').click();
    await expect(dialog).toHaveCount(0);
  }

  const after = await labSnapshot(page);
  testInfo.annotations.push({
    type: 'after the crash',
    description: after.routes.map((r) => `${r.spec.id}: ${JSON.stringify(r.lastCrash)}`).join('\n'),
  });
});

test('the alternatives and the scoreboard scenes are live and fit the projector', async ({
  page,
}, testInfo) => {
  test.setTimeout(5 * 60_000);
  const alternatives = sceneOf('alternatives');
  const scoreboard = sceneOf('scoreboard');
  if (alternatives.view.kind !== 'alternatives' || scoreboard.view.kind !== 'scoreboard')
    throw new Error('unexpected scene views');

  await enterScene(page, alternatives);
  for (const alt of alternatives.view.alternatives) {
    await expect(page.getByTestId(`alternative-${alt.route}`)).toHaveAttribute('data-live', 'true');
    const card = `score-card-${alt.route}`;
    await expect(page.getByTestId(card)).not.toHaveAttribute('data-verdict', /^(no data yet|measuring)$/, {
      timeout: 60_000,
    });
    await expect(valueOf(page, `${card}-error`)).toHaveText(/\d/, { timeout: 60_000 });
    await expect(page.getByTestId(`${card}-price`)).toContainText(
      /\d+ processes · \d+ targets? · [\d.]+\skB of \/metrics · scrape [\d.]+ \/ [\d.]+\sms/,
    );
  }
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, testInfo, alternatives.id);
    await expectFit(page, size.width, size.height);
  }

  await page.setViewportSize(SIZES[0]);
  await enterScene(page, scoreboard);
  await expect(page.getByTestId('scoreboard')).toHaveAttribute(
    'data-routes',
    String(scoreboard.view.routes.length),
  );
  await settled(page, scoreboard.view.routes);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, testInfo, scoreboard.id);
    await expectFit(page, size.width, size.height);
  }

  // The scene's button crashes a worker of every app; once measured, the scene's last note holds: only
  // the bridge keeps the dead worker's counts.
  await page.getByTestId('scoreboard-crash').click();
  const crashed = (id: string) => page.getByTestId(`score-${id}-crash`);
  for (const id of scoreboard.view.routes) {
    await expect(valueOf(page, `score-${id}-crash`)).not.toHaveText(/no crash yet|measuring/, {
      timeout: CRASH_SHOWN_MS,
    });
    await expect(crashed(id)).not.toContainText('measuring', { timeout: 20_000 });
  }
  const { routes } = await labSnapshot(page);
  for (const id of scoreboard.view.routes) {
    // A braided counter's loss is whatever worker answered last: there is nothing to hold it to.
    const kind = routes.find((r) => r.spec.id === id)?.spec.topology.kind;
    if (kind === 'direct') continue;
    await expect(valueOf(page, `score-${id}-crash`)).toHaveText(kind === 'pushed' ? 'no loss' : /^\u2212\d/);
  }
  for (const size of [...SIZES].reverse()) {
    await page.setViewportSize(size);
    await screenshot(page, testInfo, `${scoreboard.id}-after-crash`);
    await expectFit(page, size.width, size.height);
  }

  // A light room: the same table in the light theme (t), still readable.
  await page.keyboard.press('t');
  await expect(page.locator('html')).toHaveAttribute('data-presenter-theme', 'light');
  await screenshot(page, testInfo, `${scoreboard.id}-light`);
  await expectFit(page, SIZES[0].width, SIZES[0].height);
  await page.keyboard.press('t');
  await expect(page.locator('html')).toHaveAttribute('data-presenter-theme', 'dark');
});
