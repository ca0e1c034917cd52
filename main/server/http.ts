import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { hostAllowed } from "./auth";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".woff2": "font/woff2",
};

/** The page may load only its own files and talk only to this server. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  res.end(`NetLoom: ${message}\n`);
}

/**
 * Serves the built renderer from `root` to requests addressed to this server. The files hold no
 * secrets, so they need no token: the page reads the token from the URL the server printed and
 * names it when it opens the contract's WebSocket, the only way in to the user's files.
 */
export function staticHandler(root: string, port: () => number) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const p = port();
    if (!hostAllowed(req, p)) return refuse(res, 403, "requests must address 127.0.0.1 or localhost");
    if (req.method !== "GET" && req.method !== "HEAD") return refuse(res, 405, "only GET and HEAD are served");
    let url: URL;
    let rel: string;
    try {
      url = new URL(req.url ?? "/", "http://127.0.0.1");
      rel = decodeURIComponent(url.pathname);
    } catch {
      return refuse(res, 400, "bad path");
    }
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.resolve(root, `.${rel}`);
    if (!file.startsWith(root + path.sep)) return refuse(res, 403, "outside the app");
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return refuse(res, 404, `not found: ${url.pathname}`);
    const headers: Record<string, string | number> = {
      "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
      "content-length": info.size,
      "content-security-policy": contentSecurityPolicy(p),
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": file.endsWith(".html") ? "no-store" : "max-age=300",
    };
    res.writeHead(200, headers);
    if (req.method === "HEAD") return void res.end();
    createReadStream(file).pipe(res);
  };
}
