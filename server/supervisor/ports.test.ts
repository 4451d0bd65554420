import { describe, expect, it } from 'vitest';
import { findSharedPorts, type PortClaim } from './ports';

const claim = (port: number, variable: string, protocol: 'tcp' | 'udp' = 'tcp'): PortClaim => ({
  port,
  protocol,
  variable,
  purpose: variable.toLowerCase(),
});

describe('findSharedPorts', () => {
  it.each([
    { name: 'distinct ports', claims: [claim(1, 'A'), claim(2, 'B')], want: [] },
    { name: 'one port over TCP and UDP', claims: [claim(9125, 'A', 'udp'), claim(9125, 'B')], want: [] },
    {
      name: 'a worker port range over the bridge',
      claims: [claim(25102, 'BRIDGE_WEB_PORT'), claim(25102, 'DIRECT_WORKER_PORT_BASE')],
      want: [
        'TCP port 25102 is both bridge_web_port (BRIDGE_WEB_PORT) and direct_worker_port_base (DIRECT_WORKER_PORT_BASE); set one of them to another port.',
      ],
    },
  ])('$name', ({ claims, want }) => {
    expect(findSharedPorts(claims)).toEqual(want);
  });
});
