import { describe, expect, it } from 'vitest';
import { signalLabel } from './signals';

describe('signalLabel', () => {
  it.each([
    ['process_start_time_seconds', 'start time'],
    ['process_resident_memory_bytes, process_open_fds', 'memory, fds'],
    ['kept-alive connection', 'keep-alive'],
    ['counters going down', 'counters down'],
    // A signal without a short label keeps its name rather than vanishing from the screen.
    ['something new', 'something new'],
  ])('%s → %s', (name, want) => {
    expect(signalLabel(name)).toBe(want);
  });
});
