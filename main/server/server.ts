import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createTrainingHost } from "../engine/host";
import type { Handlers, HostServices } from "../handlers/context";
import { createTrainingService } from "../handlers/runService";
import { SessionClaims } from "../handlers/sessions";
import { handlers as defaultHandlers } from "../handlers/table";
import { newToken } from "./auth";
import { staticHandler } from "./http";
import { LAUNCH_PATH, LaunchCodes, launchHandler } from "./launch";
import { attachWebSocket } from "./ws";

/** `netloom serve` binds here only: the app is for the person at this machine. */
export const SERVE_HOST = "127.0.0.1";

/** How to start `netloom serve`. */
export interface ServeOptions {
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (vite build output). */
  staticDir: string;
  /** Host services; without `training`, the server trains in a forked engine process of its own. */
  services: Omit<HostServices, "host">;
  token?: string;
  handlers?: Handlers;
}

/** A started server. */
export interface RunningServer {
  /** The URL to open, with the token. */
  url: string;
  /** A URL with a fresh one-time launch code instead of the token, for a browser opener's command line. */
  launchUrl(): string;
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
  // The engine process starts with the first run, not here.
  const ownTraining = opts.services.training ? null : createTrainingService((onEvent) => createTrainingHost(onEvent));
  const training = opts.services.training ?? ownTraining ?? undefined;
  let port = opts.port;
  const handle = staticHandler(root, () => port);
  const codes = new LaunchCodes();
  const server = createServer((req, res) => {
    const launch = (req.url ?? "").split("?")[0] === LAUNCH_PATH;
    (launch ? launchHandler(req, res, { port, token, codes }) : handle(req, res)).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`NetLoom: ${err.message}\n`);
    });
  });
  const wss = attachWebSocket(server, {
    token,
    port: () => port,
    handlers: opts.handlers ?? defaultHandlers,
    services: { sessions: new SessionClaims(), ...opts.services, host: "browser", training },
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      ownTraining?.dispose();
      reject(err);
    };
    server.once("error", onError);
    server.listen(opts.port, SERVE_HOST, () => {
      server.off("error", onError);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${SERVE_HOST}:${port}/?token=${token}`,
    launchUrl: () => `http://${SERVE_HOST}:${port}/?launch=${codes.issue()}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        ownTraining?.dispose();
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
