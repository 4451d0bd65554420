// Container health check for the Node services (their image has no curl or wget):
// `node server/healthcheck.mjs URL` exits 0 when URL answers 2xx within 2 s, 1 otherwise.
const url = process.argv[2];
if (!url) {
  console.error('usage: node server/healthcheck.mjs URL');
  process.exit(2);
}
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`${url}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
