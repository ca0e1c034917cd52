import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** A fresh random token for one run of `netloom serve`. */
export function newToken(): string {
  return randomBytes(24).toString("base64url");
}

/** Cookies are not scoped by port, so the name carries it: two servers never clobber each other. */
export function cookieName(port: number): string {
  return `netloom_token_${port}`;
}

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

/** How a request proved it may talk to this server, if it did. */
export function tokenSource(req: IncomingMessage, token: string, port: number): "query" | "cookie" | null {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  if (sameToken(url.searchParams.get("token"), token)) return "query";
  if (sameToken(readCookie(req, cookieName(port)), token)) return "cookie";
  return null;
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

/** Browsers always send Origin on WebSocket handshakes; a non-browser client may omit it. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return origin === undefined || allowedOrigins(port).includes(origin);
}
