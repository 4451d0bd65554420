import type { Config } from '../config/env';
import { linkRequest, parseLinkReply, type LinkAction } from './link-protocol';

/** The supervisor's handshake: it sets SCRAPE_LAB_SUPERVISOR_PID on every Node child it starts. */
type LinkConfig = Pick<Config, 'SCRAPE_LAB_SUPERVISOR_PID'>;

export interface SupervisorLink {
  /** Asks the supervisor to stop this child and start it again; resolves once the new one answers its ready URL. Concurrent calls for the same child share one restart. */
  restart(child: string): Promise<void>;
  /** Asks the supervisor to send SIGHUP to this child (Prometheus re-reads its config file); resolves once sent. */
  reload(child: string): Promise<void>;
}

/** A restart waits for the new process to be ready; a reload only for a signal to be sent. */
const TIMEOUT_MS: Record<LinkAction, number> = { restart: 60_000, reload: 5_000 };
const DEFAULT_GRACE_MS = 5_000;

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

const pending = new Map<number, Pending>();
let nextId = 1;
let listening = false;
let link: SupervisorLink | null = null;

/** The link to the supervisor that started this process over an IPC channel, or null when run by hand (or by docker compose). */
export function supervisorLink(config: LinkConfig): SupervisorLink | null {
  // A cluster worker has an IPC channel too, to its primary: only a child of the supervisor itself links.
  if (!process.send || config.SCRAPE_LAB_SUPERVISOR_PID !== process.ppid) return null;
  link ??= {
    restart: (child) => request('restart', child),
    reload: (child) => request('reload', child),
  };
  return link;
}

/** When the supervisor that started this process goes away (its IPC channel disconnects, e.g. it was SIGKILLed), calls stop() and exits the process; exits with code 1 after graceMs if stop() has not finished. No-op without an IPC channel. */
export function exitWhenSupervisorLost(
  config: LinkConfig,
  stop: () => Promise<void> | void,
  options: { graceMs?: number } = {},
): void {
  // No parent pid check as in supervisorLink(): once the supervisor has died, this process has another parent.
  if (!process.send || config.SCRAPE_LAB_SUPERVISOR_PID === undefined) return;
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const lost = () => {
    setTimeout(() => process.exit(1), graceMs);
    Promise.resolve()
      .then(stop)
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  if (!process.connected) {
    lost();
    return;
  }
  process.once('disconnect', lost);
  // Listening for 'disconnect' refs the channel; this process must still end on its own when its work is done.
  updateRef();
}

function request(action: LinkAction, child: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send || !process.connected) {
      reject(new Error(`cannot ask the supervisor to ${action} ${child}: its IPC channel is closed`));
      return;
    }
    listen();
    const id = nextId++;
    const timeoutMs = TIMEOUT_MS[action];
    const timer = setTimeout(
      () => settle(id, new Error(`the supervisor did not ${action} ${child} within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    pending.set(id, { resolve, reject, timer });
    updateRef();
    process.send(linkRequest({ id, action, child }), undefined, {}, (err: Error | null) => {
      if (err) settle(id, new Error(`cannot ask the supervisor to ${action} ${child}: ${err.message}`));
    });
  });
}

function listen(): void {
  if (listening) return;
  listening = true;
  process.on('message', (message: unknown) => {
    const reply = parseLinkReply(message);
    if (reply) settle(reply.id, reply.ok ? null : new Error(`supervisor: ${reply.error}`));
  });
  process.once('disconnect', () => {
    for (const id of [...pending.keys()]) {
      settle(id, new Error('the supervisor went away before it answered'));
    }
  });
}

function settle(id: number, error: Error | null): void {
  const request = pending.get(id);
  if (!request) return;
  pending.delete(id);
  clearTimeout(request.timer);
  updateRef();
  if (error) request.reject(error);
  else request.resolve();
}

/** The channel keeps this process alive only while an answer is awaited. */
function updateRef(): void {
  if (pending.size > 0) process.channel?.ref();
  else process.channel?.unref();
}
