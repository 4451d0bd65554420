const FIELDS = ['sent', 'answered', 'failed', 'skipped', 'inFlight', 'latencyDelayed'] as const;
export type CountField = (typeof FIELDS)[number];

/**
 * A truth ledger's counters in shared memory: the load worker writes them and the lab reads them the instant
 * a scrape starts, with no message in between to fall behind when the lab is busy. Atomics keep every read
 * and write whole across threads; 64-bit cells never wrap.
 */
export class LedgerCounts {
  private readonly cells: BigInt64Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(FIELDS.length * 8)) {
    this.cells = new BigInt64Array(buffer);
  }

  get(field: CountField): number {
    return Number(Atomics.load(this.cells, FIELDS.indexOf(field)));
  }

  sent(): void {
    this.add('sent', 1);
    this.add('inFlight', 1);
  }

  /** Counted answered before it leaves in-flight, so a reader in between never misses it. */
  answered(delayed: boolean): void {
    this.add('answered', 1);
    if (delayed) this.add('latencyDelayed', 1);
    this.add('inFlight', -1);
  }

  failed(): void {
    this.add('failed', 1);
    this.add('inFlight', -1);
  }

  skipped(): void {
    this.add('skipped', 1);
  }

  private add(field: CountField, n: number): void {
    Atomics.add(this.cells, FIELDS.indexOf(field), BigInt(n));
  }
}
