import { describe, expect, it, vi } from "vitest";
import { ApiClient, type Transport } from "../../../../renderer/api/client";
import { ApiError, type ReplyEnvelope } from "../../../../shared/api";

function transport(reply: ReplyEnvelope | unknown): Transport & { emit(event: string, payload: unknown): void } {
  const listeners = new Set<(event: string, payload: unknown) => void>();
  return {
    host: "browser",
    request: async () => reply as ReplyEnvelope,
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (event, payload) => {
      for (const l of listeners) l(event, payload);
    },
  };
}

describe("the editor's API client", () => {
  it("returns a reply that fits the contract", async () => {
    const api = new ApiClient(transport({ ok: true, value: { savedAt: "2026-01-01T00:00:00.000Z" } }));
    await expect(api.request("autosave.write", { session: "s", doc: {} as never, path: null })).resolves.toEqual({
      savedAt: "2026-01-01T00:00:00.000Z",
    });
  });

  it("throws the back end's error with its code and issues", async () => {
    const api = new ApiClient(
      transport({ ok: false, error: { code: "BAD_REQUEST", message: "file.open: path", issues: ["path: required"] } }),
    );
    const err = await api.request("file.open", { path: "x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: "BAD_REQUEST", issues: ["path: required"] });
  });

  it("refuses a reply that breaks the contract, or that is no reply at all", async () => {
    await expect(
      new ApiClient(transport({ ok: true, value: { savedAt: 5 } })).request("autosave.read", { session: "s" }),
    ).rejects.toMatchObject({
      code: "INTERNAL",
    });
    await expect(new ApiClient(transport("hello")).request("recent.list", {})).rejects.toMatchObject({
      code: "INTERNAL",
    });
  });

  it("passes on valid events of the subscribed kind and drops malformed ones", () => {
    const t = transport({ ok: true, value: null });
    const api = new ApiClient(t);
    const seen = vi.fn();
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const stop = api.on("menu.command", seen);
    t.emit("menu.command", { command: "file.save" });
    t.emit("menu.command", { command: "rm -rf" });
    t.emit("other.event", { command: "file.save" });
    stop();
    t.emit("menu.command", { command: "file.open" });
    expect(seen.mock.calls).toEqual([[{ command: "file.save" }]]);
  });
});
