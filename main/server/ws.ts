import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { ApiError, type ServerFrame, zClientFrame } from "../../shared/api";
import { formatIssues } from "../../shared/graph";
import type { HandlerContext, Handlers, HostServices } from "../handlers/context";
import { dispatch } from "../handlers/dispatch";
import { sinkFor } from "../handlers/runHandlers";
import { hasToken, hostAllowed, originAllowed } from "./auth";

/** The WebSocket path of the contract. */
export const API_PATH = "/api";
const MAX_FRAME_BYTES = 64 * 1024 * 1024;

const STATUS_TEXT: Record<number, string> = { 401: "Unauthorized", 403: "Forbidden", 404: "Not Found" };

function refuse(socket: Duplex, status: number, message: string): void {
  socket.write(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
  socket.destroy();
}

function send(ws: WebSocket, frame: ServerFrame): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}

function protocolError(ws: WebSocket, id: number | null, message: string, issues?: string[]): void {
  send(ws, { type: "reply", id, reply: { ok: false, error: new ApiError("BAD_REQUEST", message, issues).toJSON() } });
}

/** Answers one frame: parse it, check it, dispatch it, reply. Nothing a client sends can throw here. */
async function onFrame(ws: WebSocket, data: RawData, handlers: Handlers, ctx: HandlerContext): Promise<void> {
  let raw: unknown;
  try {
    raw = JSON.parse(data.toString());
  } catch {
    return protocolError(ws, null, "a request must be JSON: { id, channel, payload }");
  }
  const frame = zClientFrame.safeParse(raw);
  if (!frame.success) {
    const id = (raw as { id?: unknown } | null)?.id;
    const known = typeof id === "number" && Number.isInteger(id) && id >= 0 ? id : null;
    return protocolError(ws, known, "a request must be { id, channel, payload }", formatIssues(frame.error));
  }
  const reply = await dispatch(handlers, ctx, frame.data.channel, frame.data.payload);
  send(ws, { type: "reply", id: frame.data.id, reply });
}

/**
 * Carries the contract over WebSocket at `/api`: the handshake must come from our own page
 * (Host and Origin, both required) and name the run's token in its URL; cookies grant nothing.
 * Each connection gets events for its own requests.
 */
export function attachWebSocket(
  server: Server,
  opts: { token: string; port: () => number; handlers: Handlers; services: HostServices },
): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const port = opts.port();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== API_PATH) return refuse(socket, 404, "no such endpoint");
    if (!hostAllowed(req, port)) return refuse(socket, 403, "requests must address 127.0.0.1 or localhost");
    if (!originAllowed(req, port)) return refuse(socket, 403, "this origin may not use NetLoom");
    if (!hasToken(req, opts.token)) return refuse(socket, 401, "missing or wrong token");
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });
  wss.on("connection", (ws: WebSocket) => {
    const ctx: HandlerContext = {
      ...opts.services,
      emit: (event, payload) => send(ws, { type: "event", event, payload }),
    };
    ws.on("message", (data) => {
      void onFrame(ws, data, opts.handlers, ctx);
    });
    ws.on("error", () => ws.terminate());
    // Nobody sees a run whose page is gone (closed or reloaded); it stops rather than train unseen.
    ws.on("close", () => opts.services.training?.release(sinkFor(ctx.emit)));
  });
  return wss;
}
