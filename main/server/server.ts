import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { newToken } from "./auth";
import type { Handlers, HostServices } from "./context";
import { handlers as defaultHandlers } from "./handlers";
import { staticHandler } from "./http";
import { attachWebSocket } from "./ws";

/** `netloom serve` binds here only: the app is for the person at this machine. */
export const SERVE_HOST = "127.0.0.1";

/** How to start `netloom serve`. */
export interface ServeOptions {
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (vite build output). */
  staticDir: string;
  services: Omit<HostServices, "host">;
  token?: string;
  handlers?: Handlers;
}

/** A started server. */
export interface RunningServer {
  /** The URL to open, with the token. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Serves the renderer and the contract on 127.0.0.1 until `close()`. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const root = path.resolve(opts.staticDir);
  if (!existsSync(path.join(root, "index.html"))) {
    throw new Error(`no built app in ${root}; run \`npx vite build\` first`);
  }
  const token = opts.token ?? newToken();
  let port = opts.port;
  const handle = staticHandler(root, token, () => port);
  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`NetLoom: ${err.message}\n`);
    });
  });
  const wss = attachWebSocket(server, {
    token,
    port: () => port,
    handlers: opts.handlers ?? defaultHandlers,
    services: { ...opts.services, host: "browser" },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, SERVE_HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${SERVE_HOST}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
