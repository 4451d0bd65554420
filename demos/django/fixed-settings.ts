import type { DemoSettings } from '../instrumentation';

/**
 * The Node demo's runtime switches, as facts of the Django app: gunicorn's sync workers close every
 * connection after its answer, and the DogStatsd client sends one datagram per metric. Pure.
 */
export const DJANGO_SETTINGS: DemoSettings = { metricsKeepAlive: false, statsdBufferSize: 0 };

const WHY: Record<keyof DemoSettings, string> = {
  metricsKeepAlive: "gunicorn's sync workers close every connection after its answer",
  statsdBufferSize: 'the DogStatsd client sends one datagram per metric and has no buffer to size',
};

/** null when the patch asks for what the app does already; else the error naming the first field it cannot. */
export function refusedSetting(patch: Partial<DemoSettings>): string | null {
  for (const field of Object.keys(WHY) as (keyof DemoSettings)[]) {
    const wanted = patch[field];
    if (wanted !== undefined && wanted !== DJANGO_SETTINGS[field]) {
      return `${field}: the Django app is fixed at ${DJANGO_SETTINGS[field]}: ${WHY[field]}`;
    }
  }
  return null;
}
