import type { z } from 'zod';
import { CONTROL_ROUTES, type ControlName } from './control-routes';
import { burstSchema, crashWorkerSchema, emptySchema, settingsPatchSchema } from './control-schema';

export { READS, type ControlName } from './control-routes';

/**
 * The lab's API as one table: every endpoint's route (control-routes.ts) with its body schema. The lab
 * server and the page's calls are written from it, the web proxy from its routes alone. Pure: the page
 * imports it.
 */

const BODIES = {
  settings: settingsPatchSchema,
  'crash-worker': crashWorkerSchema,
  'crash-everywhere': emptySchema,
  'kill-bridge': emptySchema,
  reset: emptySchema,
  burst: burstSchema,
  scrape: emptySchema,
} as const satisfies Record<ControlName, z.ZodType>;

type Controls = { [N in ControlName]: (typeof CONTROL_ROUTES)[N] & { body: (typeof BODIES)[N] } };

export const CONTROLS = Object.fromEntries(
  (Object.keys(CONTROL_ROUTES) as ControlName[]).map((name) => [
    name,
    { ...CONTROL_ROUTES[name], body: BODIES[name] },
  ]),
) as Controls;

export type ControlBody<N extends ControlName> = z.infer<(typeof BODIES)[N]>;
