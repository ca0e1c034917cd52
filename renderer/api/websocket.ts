import { type ReplyEnvelope, zServerFrame } from "../../shared/api";
import type { Transport } from "./client";

const disconnected: ReplyEnvelope = {
  ok: false,
  error: {
    code: "DISCONNECTED",
    message: "lost the connection to netloom serve; is it still running? (after a restart, open the URL it printed)",
  },
};

/**
 * The contract over a WebSocket to `netloom serve`. Requests wait while (re)connecting; a
 * request in flight when the connection drops gets a DISCONNECTED error reply, and one whose
 * reply cannot be read (or that the server could not read) an error reply: none waits forever.
 * A URL still to come (a launch code being traded for the token) holds requests until it is
 * known; if it never is, every request fails with the reason.
 */
export function websocketTransport(address: string | Promise<string>): Transport {
  let url = typeof address === "string" ? address : null;
  let unreachable: ReplyEnvelope | null = null;
  const pending = new Map<number, (reply: ReplyEnvelope) => void>();
  const queue: string[] = [];
  const eventListeners = new Set<(event: string, payload: unknown) => void>();
  const statusListeners = new Set<(connected: boolean) => void>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let retry = 500;

  function settle(id: number, reply: ReplyEnvelope): void {
    pending.get(id)?.(reply);
    pending.delete(id);
  }

  function failAll(reply: ReplyEnvelope): void {
    for (const resolve of pending.values()) resolve(reply);
    pending.clear();
  }

  /** A reply that breaks the contract fails the request it names, else every request waiting. */
  function unreadable(raw: unknown): void {
    const { type, id } = (typeof raw === "object" && raw !== null ? raw : {}) as { type?: unknown; id?: unknown };
    if (type === "event") {
      console.warn("netloom: dropped a malformed event frame");
      return;
    }
    const reply: ReplyEnvelope = {
      ok: false,
      error: { code: "INTERNAL", message: "netloom serve sent a reply that breaks the contract" },
    };
    if (typeof id === "number" && pending.has(id)) settle(id, reply);
    else failAll(reply);
  }

  function connect(): void {
    if (url === null) return;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retry = 500;
      for (const l of statusListeners) l(true);
      for (const frame of queue.splice(0)) ws.send(frame);
    };
    ws.onmessage = (message) => {
      let raw: unknown;
      try {
        raw = JSON.parse(String(message.data));
      } catch {
        return unreadable(null);
      }
      const frame = zServerFrame.safeParse(raw);
      if (!frame.success) return unreadable(raw);
      if (frame.data.type === "event") {
        for (const l of eventListeners) l(frame.data.event, frame.data.payload);
      } else if (frame.data.id !== null) {
        settle(frame.data.id, frame.data.reply);
      } else {
        // The server could not tell which request it could not read, so none of them will be answered.
        const { code, message: why } = frame.data.reply.ok
          ? { code: "INTERNAL" as const, message: "a reply without a request id" }
          : frame.data.reply.error;
        failAll({ ok: false, error: { code, message: `netloom serve could not read a request: ${why}` } });
      }
    };
    ws.onclose = () => {
      socket = null;
      queue.length = 0;
      failAll(disconnected);
      for (const l of statusListeners) l(false);
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    };
  }
  if (typeof address === "string") connect();
  else {
    address.then(
      (known) => {
        url = known;
        connect();
      },
      (err: Error) => {
        unreachable = { ok: false, error: { code: "DISCONNECTED", message: err.message } };
        queue.length = 0;
        failAll(unreachable);
      },
    );
  }

  return {
    host: "browser",
    request(channel, payload) {
      if (unreachable) return Promise.resolve(unreachable);
      const id = nextId++;
      const frame = JSON.stringify({ id, channel, payload });
      return new Promise<ReplyEnvelope>((resolve) => {
        pending.set(id, resolve);
        if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
        else queue.push(frame);
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };
}
