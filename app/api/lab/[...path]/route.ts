import { loadConfig } from '../../../../server/config/env';
import { labOrigin, proxyToLab } from '../../../../server/web/lab-proxy';

// Every call is live lab state; never cache, never prerender.
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ path: string[] }> };

async function handle(request: Request, { params }: Context): Promise<Response> {
  const { path } = await params;
  return proxyToLab(request, path, { labOrigin: labOrigin(loadConfig()), timeoutMs: 10_000 });
}

export { handle as GET, handle as POST };
