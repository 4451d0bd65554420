import type { IncomingMessage, ServerResponse } from 'node:http';

/** Labels of one request, shared by both instrumentations so their series line up. */
export interface RequestLabels {
  method: string;
  route: string;
}

/** Records the end of a request: its status and its duration in seconds. */
export type RequestDone = (status: number, seconds: number) => void;

/** Runtime switches the cluster primary broadcasts to every worker. */
export interface DemoSettings {
  /** Keep the connection of a `/metrics` response open (Node's default) instead of closing it. */
  metricsKeepAlive: boolean;
  /** hot-shots `maxBufferSize` in bytes; 0 sends one UDP packet per metric. */
  statsdBufferSize: number;
}

/** What the request handler needs from a metrics backend; it knows nothing else about it. */
export interface Instrumentation {
  /** Called when a request starts; the returned function must be called once, before the response ends. */
  onStart(labels: RequestLabels): RequestDone;
  /** Answers `GET /metrics` on the app port. */
  serveMetrics(req: IncomingMessage, res: ServerResponse): void;
  applySettings(settings: DemoSettings): void;
  /** Flushes whatever is pending and releases sockets. Never rejects. */
  close(): Promise<void>;
}
