import { describe, expect, it } from "vitest";
import { ApiClient, type Transport } from "../../../../renderer/api/client";
import type { ReplyEnvelope } from "../../../../shared/api";
import { loadPreset } from "../../../../shared/presets";

const doc = loadPreset("mnist");

/** A back end that records what it was sent and answers with canned values by channel. */
function recording(values: Record<string, unknown>) {
  const sent: Array<{ channel: string; payload: unknown }> = [];
  const transport: Transport = {
    host: "browser",
    request: async (channel, payload): Promise<ReplyEnvelope> => {
      sent.push({ channel, payload });
      return { ok: true, value: values[channel] };
    },
    onEvent: () => () => {},
  };
  const overwrites = () =>
    sent
      .filter((s) => s.channel === "file.save" || s.channel === "training.export")
      .map((s) => (s.payload as { overwrite?: boolean }).overwrite);
  return { api: new ApiClient(transport), sent, overwrites };
}

const saved = (path: string) => ({ path, name: path.split("/").pop(), bytes: 1 });

describe("the client asks to replace a file only where the user agreed", () => {
  it("sends writes without overwrite unless a dialog confirmed the path", async () => {
    const { api, overwrites } = recording({ "file.save": saved("/g/a.json"), "training.export": { files: [] } });
    await api.request("file.save", { path: "/g/a.json", doc });
    await api.request("training.export", { runId: "r", format: "json", path: "/g/m.json" });
    api.overwrite.confirm("/g/m.json");
    await api.request("training.export", { runId: "r", format: "json", path: "/g/m.json" });
    // A confirmation serves one write; the next export to the path asks again.
    await api.request("training.export", { runId: "r", format: "json", path: "/g/m.json" });
    expect(overwrites()).toEqual([undefined, undefined, true, undefined]);
  });

  it("takes no consent from a native dialog's reply alone (chooseSavePath asks about what it did not show)", async () => {
    const { api, overwrites } = recording({ "dialog.save": { path: "/g/b.json" }, "file.save": saved("/g/b.json") });
    const { path } = await api.request("dialog.save", { suggestedName: "b.json" });
    await api.request("file.save", { path: path as string, doc });
    expect(overwrites()).toEqual([undefined]);
  });

  it("saves a restored file again without asking once adopted", async () => {
    const { api, overwrites } = recording({ "file.save": saved("/g/e.json"), "training.export": { files: [] } });
    api.overwrite.adopt("/g/e.json");
    await api.request("file.save", { path: "/g/e.json", doc });
    await api.request("training.export", { runId: "r", format: "json", path: "/g/e.json" });
    expect(overwrites()).toEqual([true, undefined]);
  });

  it("saves the window's own graph file again without asking (Save), but not a model it opened", async () => {
    const opened = { ok: true, path: "/g/c.json", name: "c.json", doc, migrations: [] };
    const { api, overwrites } = recording({ "file.open": opened, "file.save": saved("/g/c.json") });
    await api.request("file.open", { path: "/g/c.json" });
    await api.request("file.save", { path: "/g/c.json", doc });
    await api.request("file.save", { path: "/g/c.json", doc, overwrite: false });
    const model = { ...opened, path: "/m/model.json", model: { source: "netloom", tensors: 4 } };
    const other = recording({ "file.open": model, "file.save": saved("/m/model.json") });
    await other.api.request("file.open", { path: "/m/model.json" });
    await other.api.request("file.save", { path: "/m/model.json", doc });
    expect([...overwrites(), ...other.overwrites()]).toEqual([true, false, undefined]);
  });

  it("keeps saving silently to a file it saved once", async () => {
    const { api, overwrites } = recording({ "file.save": saved("/g/d.json") });
    await api.request("file.save", { path: "/g/d.json", doc });
    await api.request("file.save", { path: "/g/d.json", doc });
    expect(overwrites()).toEqual([undefined, true]);
  });
});
