import http from 'node:http';
import type { Express } from 'express';

/**
 * The HTTP server's timeouts, chosen rather than inherited from Node's defaults (headers 60 s,
 * request 300 s, keep-alive 5 s, checked every 30 s).
 */
export const httpTimeouts = {
  /**
   * Every real client sends its headers in well under a second, a phone on a poor line in a few.
   * A connection still dribbling them after 15 s is holding a socket open (slowloris), and gets 408.
   */
  headersTimeout: 15_000,
  /**
   * The whole request, body included: the largest body taken is 100 kB, which even a 30 kbit/s
   * line sends in under 30 s. This bounds receiving the request only, never the time to answer it.
   */
  requestTimeout: 60_000,
  /**
   * Longer than the idle timeout of the proxies usually put in front (nginx and cloud load
   * balancers close idle upstream connections at 60 s), so the proxy closes an idle connection
   * first and never sends a request on one this server is closing: that race answers 502.
   */
  keepAliveTimeout: 65_000,
  /** How often the two limits above are enforced: Node's 30 s would let a slow client hold a socket for 45 s. */
  connectionsCheckingInterval: 5_000,
} as const;

/** Serves `app` on host:port with the timeouts above; resolves once it listens. */
export function listen(app: Express, port: number, host: string): Promise<http.Server> {
  const { headersTimeout, requestTimeout, keepAliveTimeout, connectionsCheckingInterval } = httpTimeouts;
  const server = http.createServer({ headersTimeout, requestTimeout, connectionsCheckingInterval }, app);
  server.keepAliveTimeout = keepAliveTimeout;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
