import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { websocketTransport } from "../../../../renderer/api/websocket";

/** The browser's WebSocket, driven by hand: what the page sent, and frames the server "sends". */
class FakeSocket {
  static readonly OPEN = 1;
  static last: FakeSocket | null = null;
  readonly OPEN = 1;
  readyState = 0;
  readonly sent: Array<{ id: number; channel: string }> = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  send(frame: string): void {
    this.sent.push(JSON.parse(frame));
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === "string" ? frame : JSON.stringify(frame) });
  }
}

beforeEach(() => vi.stubGlobal("WebSocket", FakeSocket));
afterEach(() => vi.unstubAllGlobals());

function connected() {
  const transport = websocketTransport("ws://127.0.0.1:1/api?token=t");
  const socket = FakeSocket.last as FakeSocket;
  socket.open();
  return { transport, socket };
}

describe("the WebSocket transport", () => {
  it("matches replies to requests by id", async () => {
    const { transport, socket } = connected();
    const a = transport.request("app.info", {});
    const b = transport.request("recent.list", {});
    const [first, second] = socket.sent;
    socket.receive({ type: "reply", id: second?.id, reply: { ok: true, value: [] } });
    socket.receive({ type: "reply", id: first?.id, reply: { ok: true, value: "info" } });
    expect(await a).toEqual({ ok: true, value: "info" });
    expect(await b).toEqual({ ok: true, value: [] });
  });

  it("fails every waiting request when the server could not read one (a reply with id null)", async () => {
    const { transport, socket } = connected();
    const a = transport.request("app.info", {});
    const b = transport.request("recent.list", {});
    socket.receive({
      type: "reply",
      id: null,
      reply: { ok: false, error: { code: "BAD_REQUEST", message: "not JSON" } },
    });
    for (const reply of [await a, await b]) {
      expect(reply).toEqual({
        ok: false,
        error: { code: "BAD_REQUEST", message: "netloom serve could not read a request: not JSON" },
      });
    }
  });

  it("fails the request a broken reply names, and every request when the frame names none", async () => {
    const { transport, socket } = connected();
    const a = transport.request("app.info", {});
    const b = transport.request("recent.list", {});
    const c = transport.request("presets.list", {});
    socket.receive({ type: "reply", id: socket.sent[0]?.id, reply: { ok: "maybe" } });
    expect(await a).toMatchObject({
      ok: false,
      error: { code: "INTERNAL", message: expect.stringMatching(/breaks the contract/) },
    });
    socket.receive({ type: "event", event: 7 });
    socket.receive({ type: "reply", id: socket.sent[2]?.id, reply: { ok: true, value: 3 } });
    expect(await c).toEqual({ ok: true, value: 3 });
    socket.receive("{not json");
    expect(await b).toMatchObject({ ok: false, error: { code: "INTERNAL" } });
  });

  it("holds requests until a launch code is traded for the URL, then sends them", async () => {
    FakeSocket.last = null;
    let give: (url: string) => void = () => {};
    const transport = websocketTransport(new Promise<string>((resolve) => (give = resolve)));
    const waiting = transport.request("app.info", {});
    expect(FakeSocket.last).toBeNull();
    give("ws://127.0.0.1:1/api?token=t");
    await Promise.resolve();
    const socket = FakeSocket.last as unknown as FakeSocket;
    expect(socket.url).toBe("ws://127.0.0.1:1/api?token=t");
    socket.open();
    socket.receive({ type: "reply", id: socket.sent[0]?.id, reply: { ok: true, value: "info" } });
    expect(await waiting).toEqual({ ok: true, value: "info" });
  });

  it("fails every request, now and later, with the reason when the launch code is refused", async () => {
    FakeSocket.last = null;
    let refuse: (err: Error) => void = () => {};
    const transport = websocketTransport(new Promise<string>((_resolve, reject) => (refuse = reject)));
    const waiting = transport.request("app.info", {});
    refuse(new Error("this launch link was used already"));
    const reply = { ok: false, error: { code: "DISCONNECTED", message: "this launch link was used already" } };
    expect(await waiting).toEqual(reply);
    expect(await transport.request("recent.list", {})).toEqual(reply);
    expect(FakeSocket.last).toBeNull();
  });
});
