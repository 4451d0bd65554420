import type { StreamView } from './types';

/** A stream reader as the feed needs it: an http.ServerResponse is one. */
export interface FeedReader {
  /** Bytes written to it and not yet taken by the socket. */
  readonly writableLength: number;
  write(chunk: string): boolean;
  destroy(): void;
  end(): void;
}

export interface SnapshotFeedOptions {
  /** The snapshot, built once per tick for every reader (and every plain request in between). */
  build: () => unknown;
  tickMs: number;
  /** A reader this far behind is dropped: one stuck browser tab must not hold the lab's memory. */
  maxBacklogBytes: number;
  now?: () => number;
}

/**
 * The lab's snapshots as Server-Sent Events: one JSON string per tick, written as is to every reader and
 * handed to plain requests until the next, so readers cost the lab a write each, not a snapshot each.
 * Readers too slow to keep up are dropped and counted.
 */
export class SnapshotFeed {
  private latest: { json: string; at: number } | null = null;
  private readonly readers = new Set<FeedReader>();
  private dropped = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly options: SnapshotFeedOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The latest tick's snapshot while it is at most a tick old; a new one otherwise, which the next share. */
  json(): string {
    if (this.latest && this.now() - this.latest.at <= this.options.tickMs) return this.latest.json;
    return this.build();
  }

  /** The state changed (a control answered): the next request must not get a snapshot from before it. */
  invalidate(): void {
    this.latest = null;
  }

  /** A new reader gets the current snapshot at once, then one per tick. */
  add(reader: FeedReader): void {
    this.readers.add(reader);
    reader.write(frame(this.json()));
    this.timer ??= setInterval(() => this.tick(), this.options.tickMs);
  }

  remove(reader: FeedReader): void {
    this.readers.delete(reader);
    if (this.readers.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** One snapshot, written to every reader that keeps up; the others are dropped. */
  tick(): void {
    const chunk = frame(this.build());
    for (const reader of [...this.readers]) {
      if (reader.writableLength > this.options.maxBacklogBytes) {
        this.dropped += 1;
        this.remove(reader);
        reader.destroy();
      } else reader.write(chunk);
    }
  }

  view(): StreamView {
    return {
      readers: this.readers.size,
      dropped: this.dropped,
      maxBacklogBytes: this.options.maxBacklogBytes,
    };
  }

  close(): void {
    for (const reader of [...this.readers]) {
      this.remove(reader);
      reader.end();
    }
  }

  private build(): string {
    const json = JSON.stringify(this.options.build());
    this.latest = { json, at: this.now() };
    return json;
  }
}

function frame(json: string): string {
  return `event: snapshot\ndata: ${json}\n\n`;
}
