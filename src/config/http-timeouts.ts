import type { Server } from 'node:http';
import type { AppConfig } from './app-config';

/** The headers of a request must arrive within this (or REQUEST_TIMEOUT, when shorter). */
export const HEADERS_TIMEOUT_MS = 20_000;

/**
 * How long a client may take to send a request, instead of Node's 60 s for the headers and
 * 5 minutes for the whole: a client trickling a request byte by byte holds a connection (and
 * a socket, and memory) that long. Past the limit Node answers 408 and closes the connection.
 * Set before the server listens: Node reads the checking interval when it starts listening.
 */
export function applyHttpTimeouts(server: Server, config: AppConfig): void {
  const requestMs = config.requestTimeout * 1000;
  server.requestTimeout = requestMs;
  server.headersTimeout = Math.min(HEADERS_TIMEOUT_MS, requestMs);
  // Node looks for expired requests every 30 s by default, which would add up to 30 s to both limits.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = 1_000;
}
