import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../server/config/env';
import { movedPorts } from './moved-stack';

describe('movedPorts', () => {
  it.each([23000, 26000])('moves every port variable into a block from %i, none shared', (base) => {
    const ports = movedPorts(base);
    const portVariables = CONFIG_VARIABLES.filter((name) => name.endsWith('_PORT'));
    expect(Object.keys(ports).sort()).toEqual([...portVariables, 'DIRECT_WORKER_PORT_BASE'].sort());
    const values = Object.values(ports).map(Number);
    expect(new Set(values).size).toBe(values.length);
    // The worker ports run from the base up to base + 32: no other port may fall among them.
    const others = Object.entries(ports).filter(([name]) => name !== 'DIRECT_WORKER_PORT_BASE');
    for (const [, port] of others) expect(Number(port)).toBeGreaterThan(base + 32);
    expect(Math.min(...values)).toBe(base);
  });
});
