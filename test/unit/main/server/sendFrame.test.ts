import { describe, expect, it, vi } from "vitest";
import { sendFrame } from "../../../../main/server/ws";

function socket() {
  const sent: unknown[] = [];
  return { sent, ws: { readyState: 1, OPEN: 1 as const, send: (text: string) => sent.push(JSON.parse(text)) } };
}

describe("sendFrame", () => {
  it("turns a reply JSON cannot write into an INTERNAL error reply to the same request", () => {
    const { ws, sent } = socket();
    sendFrame(ws as never, { type: "reply", id: 4, reply: { ok: true, value: { n: 1n } } });
    expect(sent).toEqual([
      {
        type: "reply",
        id: 4,
        reply: {
          ok: false,
          error: { code: "INTERNAL", message: expect.stringMatching(/^the reply could not be sent: /) },
        },
      },
    ]);
  });

  it("drops an event JSON cannot write, saying so on the server's log", () => {
    const { ws, sent } = socket();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      sendFrame(ws as never, { type: "event", event: "training.event", payload: cyclic });
      expect(sent).toEqual([]);
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/dropped an event that cannot be sent/));
    } finally {
      log.mockRestore();
    }
  });
});
