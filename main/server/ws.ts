import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { ApiError, type ServerFrame, zClientFrame } from "../../shared/api";
import { formatIssues } from "../../shared/graph";
import { sanitizeText } from "../../shared/quote";
import type { HandlerContext, Handlers, HostServices } from "../handlers/context";
import { dispatch } from "../handlers/dispatch";
import { sinkFor } from "../handlers/runHandlers";
import { hasToken, hostAllowed, originAllowed } from "./auth";

/** The WebSocket path of the contract. */
export const API_PATH = "/api";
const MAX_FRAME_BYTES = 64 * 1024 * 1024;

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
};

function refuse(socket: Duplex, status: number, message: string): void {
  socket.write(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
  socket.destroy();
}

/**
 * Sends a frame; one that cannot be written as JSON (a value nested too deep, say) becomes an
 * INTERNAL error reply to its request, or is dropped when it is an event.
 */
export function sendFrame(ws: Pick<WebSocket, "readyState" | "OPEN" | "send">, frame: ServerFrame): void {
  if (ws.readyState !== ws.OPEN) return;
  let text: string;
  try {
    text = JSON.stringify(frame);
  } catch (err) {
    if (frame.type !== "reply") {
      console.error(`netloom: dropped an event that cannot be sent: ${why(err)}`);
      return;
    }
    const error = new ApiError("INTERNAL", `the reply could not be sent: ${why(err)}`).toJSON();
    text = JSON.stringify({ type: "reply", id: frame.id, reply: { ok: false, error } } satisfies ServerFrame);
  }
  ws.send(text);
}

function why(err: unknown): string {
  return sanitizeText(err instanceof Error ? err.message : String(err), { max: 500 });
}

function protocolError(ws: WebSocket, id: number | null, message: string, issues?: string[]): void {
  sendFrame(ws, {
    type: "reply",
    id,
    reply: { ok: false, error: new ApiError("BAD_REQUEST", message, issues).toJSON() },
  });
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
    const known = typeof id === "number" && Number.isSafeInteger(id) && id >= 0 ? id : null;
    return protocolError(ws, known, "a request must be { id, channel, payload }", formatIssues(frame.error));
  }
  const reply = await dispatch(handlers, ctx, frame.data.channel, frame.data.payload);
  sendFrame(ws, { type: "reply", id: frame.data.id, reply });
}

/** Whether a WebSocket handshake may open the contract, or the HTTP status and reason to refuse it. */
function admit(req: IncomingMessage, port: number, token: string): { status: number; message: string } | null {
  let url: URL;
  try {
    url = new URL(req.url ?? "/", "http://127.0.0.1");
  } catch {
    return { status: 400, message: "malformed request path" };
  }
  if (url.pathname !== API_PATH) return { status: 404, message: "no such endpoint" };
  if (!hostAllowed(req, port)) return { status: 403, message: "requests must address 127.0.0.1 or localhost" };
  if (!originAllowed(req, port)) return { status: 403, message: "this origin may not use NetLoom" };
  if (!hasToken(url, token)) return { status: 401, message: "missing or wrong token" };
  return null;
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
    // A socket error (the peer resetting mid-handshake) must not become an uncaught exception.
    socket.on("error", () => socket.destroy());
    const refused = admit(req, opts.port(), opts.token);
    if (refused) return refuse(socket, refused.status, refused.message);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });
  wss.on("connection", (ws: WebSocket) => {
    const ctx: HandlerContext = {
      ...opts.services,
      emit: (event, payload) => sendFrame(ws, { type: "event", event, payload }),
      // A page is open while its socket is: closed, reloaded or crashed, its autosave is offered to others.
      connection: { alive: () => ws.readyState === ws.OPEN },
    };
    ws.on("message", (data) => {
      onFrame(ws, data, opts.handlers, ctx).catch((err: unknown) => {
        console.error(`netloom: a request could not be answered: ${why(err)}`);
        const error = new ApiError("INTERNAL", "the server could not answer a request").toJSON();
        sendFrame(ws, { type: "reply", id: null, reply: { ok: false, error } });
      });
    });
    ws.on("error", () => ws.terminate());
    // Nobody sees a run whose page is gone (closed or reloaded); it stops rather than train unseen.
    ws.on("close", () => opts.services.training?.release(sinkFor(ctx.emit)));
  });
  return wss;
}
