import { type ReplyEnvelope, zServerFrame } from "../../shared/api";
import type { Transport } from "./client";

const disconnected: ReplyEnvelope = {
  ok: false,
  error: { code: "DISCONNECTED", message: "lost the connection to netloom serve; is it still running?" },
};

/**
 * The contract over a WebSocket to `netloom serve`. Requests wait while (re)connecting; a
 * request in flight when the connection drops gets a DISCONNECTED error reply.
 */
export function websocketTransport(url: string): Transport {
  const pending = new Map<number, (reply: ReplyEnvelope) => void>();
  const queue: string[] = [];
  const eventListeners = new Set<(event: string, payload: unknown) => void>();
  const statusListeners = new Set<(connected: boolean) => void>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let retry = 500;

  function connect(): void {
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
        return;
      }
      const frame = zServerFrame.safeParse(raw);
      if (!frame.success) return;
      if (frame.data.type === "event") {
        for (const l of eventListeners) l(frame.data.event, frame.data.payload);
      } else if (frame.data.id !== null) {
        pending.get(frame.data.id)?.(frame.data.reply);
        pending.delete(frame.data.id);
      }
    };
    ws.onclose = () => {
      socket = null;
      queue.length = 0;
      for (const resolve of pending.values()) resolve(disconnected);
      pending.clear();
      for (const l of statusListeners) l(false);
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 5000);
    };
  }
  connect();

  return {
    host: "browser",
    request(channel, payload) {
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
