import type { Server } from 'node:http';

export interface ServerTimeouts {
  /** Time a client has to send its request headers, ms. */
  headersMs: number;
  /** Time a client has to send its whole request (headers and body), ms. */
  requestMs: number;
}

/**
 * Limits how long a client may take to send a request, so sockets trickling a byte at a
 * time cannot hold the server: Node answers 408 and closes them. Node's defaults (60 s for
 * headers, 300 s for a request, checked every 30 s) suit browsers uploading files, not
 * webhooks a provider sends in milliseconds.
 *
 * Call it right after `listen()`, before the server is listening: Node reads the checking
 * interval when listening starts.
 */
export function applyServerTimeouts<S extends Server>(server: S, t: ServerTimeouts): S {
  server.requestTimeout = t.requestMs;
  // Node refuses a headers limit above the request limit.
  server.headersTimeout = Math.min(t.headersMs, t.requestMs);
  // The limits are only enforced when Node looks: often enough to be within a second.
  const check = Math.max(100, Math.min(1000, Math.floor(server.headersTimeout / 2)));
  Object.assign(server, { connectionsCheckingInterval: check });
  return server;
}
