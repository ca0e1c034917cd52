import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** A fresh random token for one run of `netloom serve`. */
export function newToken(): string {
  return randomBytes(24).toString("base64url");
}

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether the request names the run's token itself (`?token=`). Nothing ambient counts: a cookie
 * on 127.0.0.1 reaches every port there, so any local server the browser visits would get it.
 */
export function hasToken(url: URL, token: string): boolean {
  return sameToken(url.searchParams.get("token"), token);
}

/** The origins the served page has; anything else is another site trying to reach the server. */
export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/**
 * Refuses Host headers other than our own address, so a DNS-rebinding page cannot reach the
 * server under a name it controls.
 */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Only our own page may use the contract: a handshake without an Origin is not from it. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return origin !== undefined && allowedOrigins(port).includes(origin);
}
