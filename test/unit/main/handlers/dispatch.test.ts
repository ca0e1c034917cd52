import { afterEach, describe, expect, it, vi } from "vitest";
import type { Handlers } from "../../../../main/handlers/context";
import { dispatch } from "../../../../main/handlers/dispatch";
import { handlers } from "../../../../main/handlers/table";
import { ApiError } from "../../../../shared/api";
import { browserContext } from "../../../helpers/handlerContext";

afterEach(() => {
  vi.restoreAllMocks();
});

const error = (code: string) => ({ ok: false, error: expect.objectContaining({ code }) });

describe("dispatch: every payload is checked against the contract", () => {
  it("answers a valid request with the handler's value", async () => {
    const reply = await dispatch(handlers, browserContext(), "presets.load", { name: "mnist" });
    expect(reply).toMatchObject({ ok: true, value: { format: "netloom.graph", meta: { name: "MNIST MLP" } } });
  });

  it("accepts a missing payload for a request that takes none", async () => {
    expect(await dispatch(handlers, browserContext(), "app.info", undefined)).toMatchObject({
      ok: true,
      value: { host: "browser", startup: { preset: "mnist" } },
    });
  });

  it("refuses an unknown channel, including prototype names", async () => {
    for (const channel of ["nope", "__proto__", "toString", 42, null]) {
      expect(await dispatch(handlers, browserContext(), channel, {})).toEqual(error("UNKNOWN_CHANNEL"));
    }
  });

  it.each([
    ["file.open", {}, /path/],
    ["file.open", { path: "" }, /path must not be empty/],
    ["file.open", { path: 42 }, /path/],
    ["file.save", { path: "/tmp/x.json", doc: { format: "other" } }, /doc/],
    ["presets.load", { name: "imagenet" }, /name/],
    ["app.info", { extra: true }, /extra/],
    ["autosave.write", { doc: null, path: null }, /doc/],
    ["window.state", { title: "x", dirty: "yes" }, /dirty/],
    ["file.open", "not an object", /expected object/],
  ])("refuses a bad %s payload with a BAD_REQUEST reply naming the field", async (channel, payload, field) => {
    const reply = await dispatch(handlers, browserContext(), channel, payload);
    expect(reply).toEqual(error("BAD_REQUEST"));
    if (reply.ok) throw new Error("accepted");
    expect(reply.error.message).toMatch(field);
    expect(reply.error.issues?.length).toBeGreaterThan(0);
  });

  it("turns a handler's ApiError into its error reply, and any other throw into INTERNAL", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const failing: Handlers = {
      ...handlers,
      "recent.list": () => {
        throw new ApiError("IO", "disk on fire");
      },
      "recent.clear": () => {
        throw new TypeError("boom");
      },
    };
    expect(await dispatch(failing, browserContext(), "recent.list", {})).toEqual({
      ok: false,
      error: { code: "IO", message: "disk on fire" },
    });
    const internal = await dispatch(failing, browserContext(), "recent.clear", {});
    expect(internal).toEqual(error("INTERNAL"));
  });

  it("refuses to pass on a reply that breaks the contract", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const wrong = { ...handlers, "recent.list": () => [{ path: 3 }] } as unknown as Handlers;
    expect(await dispatch(wrong, browserContext(), "recent.list", {})).toEqual(error("INTERNAL"));
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("outside the contract"), expect.anything());
  });

  it("says native dialogs are unsupported in the browser", async () => {
    expect(await dispatch(handlers, browserContext(), "dialog.open", {})).toEqual(error("UNSUPPORTED"));
    expect(await dispatch(handlers, browserContext(), "dialog.save", { suggestedName: "a.json" })).toEqual(
      error("UNSUPPORTED"),
    );
  });

  it("uses the host's dialogs and window state where it has them", async () => {
    const states: unknown[] = [];
    const ctx = browserContext({
      host: "electron",
      dialogs: { open: async () => "/picked.json", save: async (name) => `/docs/${name}` },
      setWindowState: (s) => states.push(s),
    });
    expect(await dispatch(handlers, ctx, "dialog.open", {})).toEqual({ ok: true, value: { path: "/picked.json" } });
    expect(await dispatch(handlers, ctx, "dialog.save", { suggestedName: "g.json" })).toEqual({
      ok: true,
      value: { path: "/docs/g.json" },
    });
    await dispatch(handlers, ctx, "window.state", { title: "● g — NetLoom", dirty: true });
    expect(states).toEqual([{ title: "● g — NetLoom", dirty: true }]);
  });
});
