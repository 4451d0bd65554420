import dgram from 'node:dgram';
import { once } from 'node:events';
import StatsD from 'hot-shots';
import { describe, expect, it } from 'vitest';
import { createUdpDatagramStream } from './udp-datagram-stream';

async function receiver(): Promise<{
  socket: dgram.Socket;
  port: number;
  got: { text: string; from: string }[];
}> {
  const socket = dgram.createSocket('udp4');
  const got: { text: string; from: string }[] = [];
  socket.on('message', (msg, rinfo) => got.push({ text: msg.toString(), from: rinfo.address }));
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return { socket, port: socket.address().port, got };
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

describe('createUdpDatagramStream', () => {
  it('sends each hot-shots message as one datagram from a loopback-bound socket, unbuffered and buffered', async () => {
    const { socket, port, got } = await receiver();
    try {
      for (const maxBufferSize of [0, 1400]) {
        const client = new StatsD({
          protocol: 'stream',
          stream: createUdpDatagramStream({ host: '127.0.0.1', port }),
          maxBufferSize,
        });
        client.increment('a', 1);
        client.increment('b', 2);
        await new Promise<void>((resolve) => client.close(() => resolve()));
      }
      await until(() => got.length >= 3);
      expect(got).toEqual([
        { text: 'a:1|c', from: '127.0.0.1' },
        { text: 'b:2|c', from: '127.0.0.1' },
        { text: 'a:1|c\nb:2|c', from: '127.0.0.1' },
      ]);
    } finally {
      socket.close();
    }
  });

  it.each([
    // dgram looks a name up for every send, and lookups can finish out of order; an IP literal keeps its order.
    { host: '127.0.0.1', inOrder: true },
    { host: 'localhost', inOrder: false },
  ])(
    'sends every write as a datagram from loopback to $host (in order: $inOrder)',
    async ({ host, inOrder }) => {
      const { socket, port, got } = await receiver();
      try {
        const stream = createUdpDatagramStream({ host, port });
        // Written at once, before the socket has sent anything: none may wait on a bind or a lookup and be lost.
        for (let i = 0; i < 200; i += 1) stream.write(`line:${i}|c\n`);
        await until(() => got.length >= 200);
        const want = Array.from({ length: 200 }, (_, i) => ({ text: `line:${i}|c`, from: '127.0.0.1' }));
        const byText = (a: { text: string }, b: { text: string }): number => a.text.localeCompare(b.text);
        expect(inOrder ? got : [...got].sort(byText)).toEqual(inOrder ? want : want.sort(byText));
        stream.destroy();
      } finally {
        socket.close();
      }
    },
  );

  it('reports a failed send as an error on the stream, never as a throw', async () => {
    const stream = createUdpDatagramStream({ host: '127.0.0.1', port: 9 });
    const errors: Error[] = [];
    stream.on('error', (err: Error) => errors.push(err));
    // A datagram over the UDP size limit fails in the kernel.
    stream.write(Buffer.alloc(70_000, 'x'));
    await until(() => errors.length > 0);
    expect(errors[0]?.message).toMatch(/EMSGSIZE/);
    stream.destroy();
  });
});
