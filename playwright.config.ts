import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH } from './tests/chromium-launch';

/** Browser test against the whole stack started by `npm start`, in the system Chromium (never downloaded). */
export default defineConfig({
  testDir: 'tests/browser',
  outputDir: 'test-results',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: 'http://127.0.0.1:3000',
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 720 },
    launchOptions: CHROMIUM_LAUNCH,
  },
  webServer: {
    command: 'npm start',
    // With the Django routes: the page, the scenes and the scoreboard show them beside the Node ones. The
    // venv (.venv-demos/) is built on the first start; CI runs the Django integration test first, which builds it.
    // And "Your app": the doctor watches the direct route's own /metrics, which the lab knows is braided.
    env: { PYTHON_DEMOS: 'on', DOCTOR_TARGET: 'http://127.0.0.1:8081/metrics' },
    url: 'http://127.0.0.1:3000',
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
    // The supervisor's children run in their own process groups: a SIGKILL to npm's group would orphan
    // them, while SIGTERM lets the supervisor stop every process it started.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
