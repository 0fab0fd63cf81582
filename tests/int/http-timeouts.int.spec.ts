import net from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTimeouts, listen } from '../../src/http/listen.js';
import { startServer, type ServerProcess } from './fixtures/server.js';

/** A raw connection to the server, and when and how it ended. */
function connect(url: string) {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
  socket.on('error', () => undefined);
  return { socket, received: () => received, closed };
}

describe('HTTP timeouts are chosen, not Node’s defaults', () => {
  it('the server listen() builds carries them', async () => {
    const server = await listen(express(), 0, '127.0.0.1');
    try {
      expect({
        headersTimeout: server.headersTimeout,
        requestTimeout: server.requestTimeout,
        keepAliveTimeout: server.keepAliveTimeout,
      }).toEqual({
        headersTimeout: httpTimeouts.headersTimeout,
        requestTimeout: httpTimeouts.requestTimeout,
        keepAliveTimeout: httpTimeouts.keepAliveTimeout,
      });
      // Headers within the whole request's time; keep-alive past a proxy's 60 s.
      expect(server.headersTimeout).toBeLessThan(server.requestTimeout);
      expect(server.keepAliveTimeout).toBeGreaterThan(60_000);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('listen() refuses a port already taken, instead of serving nothing', async () => {
    const first = await listen(express(), 0, '127.0.0.1');
    try {
      const port = (first.address() as net.AddressInfo).port;
      await expect(listen(express(), port, '127.0.0.1')).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await new Promise((resolve) => first.close(resolve));
    }
  });

  describe('on a real server (npm start)', () => {
    let server: ServerProcess;
    beforeAll(async () => {
      server = await startServer({ QANTAR_STORE: 'memory:' });
    });
    afterAll(() => server?.stop());

    it('a client that never finishes its headers gets 408 and is cut off within the headers timeout', async () => {
      const slow = connect(server.url);
      const started = Date.now();
      slow.socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      const closedAt = await slow.closed;
      expect(slow.received()).toMatch(/^HTTP\/1\.1 408/);
      // Node's defaults (60 s, checked every 30 s) would hold the socket for 60–90 s.
      expect(closedAt - started).toBeLessThan(httpTimeouts.headersTimeout + httpTimeouts.connectionsCheckingInterval + 5_000);
    }, 40_000);

    it('an idle keep-alive connection outlives Node’s 5 s default', async () => {
      const client = connect(server.url);
      client.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      await expect.poll(() => client.received(), { timeout: 5_000 }).toMatch(/^HTTP\/1\.1 200[\s\S]*"ok"/);
      expect(client.received()).toMatch(/Keep-Alive: timeout=65/i);
      const outcome = await Promise.race([client.closed.then(() => 'closed'), new Promise((r) => setTimeout(() => r('open'), 7_000))]);
      expect(outcome).toBe('open');
      client.socket.destroy();
    }, 20_000);
  });
});
