import { bundleNodeEntries } from './bundle';

/**
 * `npm run bundle`, and npm start's first step: builds dist/ (bundle.ts). It runs through tsx because the
 * entry list and the bundler are TypeScript beside the plan that names them, so they are written once and
 * type-checked; the loader lives only as long as this build, in no process of the running stack.
 */
bundleNodeEntries().then(
  (files) => console.log(`bundle: ${files.filter((f) => f.endsWith('.js')).join(', ')}`),
  (err: unknown) => {
    console.error(`bundle: ${(err as Error).message}`);
    process.exit(1);
  },
);
