import { describe, expect, it, vi } from "vitest";
import { exportModel } from "../../../../renderer/actions/exportModel";
import { editorStore } from "../../../../renderer/store";
import { loadPreset } from "../../../../shared/presets";

/** Electron's back end as the export sees it: the native dialog picks a path, the export writes there. */
const electron = vi.hoisted(() => ({ requests: [] as { channel: string; payload: unknown }[] }));
vi.mock("../../../../renderer/api", async () => ({
  api: new (await import("../../../../renderer/api/client")).ApiClient({
    host: "electron",
    request: async (channel, payload) => {
      electron.requests.push({ channel, payload });
      if (channel === "dialog.save") return { ok: true, value: { path: "/home/ada/models/digits_train.py" } };
      if (channel === "file.existing") return { ok: true, value: { existing: [] } };
      if (channel === "training.export") {
        const files = ["digits_train.py", "digits_train.weights/model.json", "digits_train.weights/weights.bin"];
        return { ok: true, value: { files: files.map((f) => `/home/ada/models/${f}`) } };
      }
      return { ok: false, error: { code: "UNSUPPORTED", message: channel } };
    },
    onEvent: () => () => {},
  }),
}));

describe("Export on the desktop", () => {
  it("writes where the native dialog says, and the message names the folder and every file", async () => {
    const doc = loadPreset("mnist");
    editorStore.getState().applyTraining([
      { type: "start", doc, options: {} },
      { type: "accepted", runId: "r1" },
      { type: "event", event: { type: "stopped", runId: "r1", epoch: 1, batch: 3 } },
    ]);
    await exportModel("pytorch");
    expect(electron.requests.map((r) => r.channel)).toEqual(["dialog.save", "file.existing", "training.export"]);
    expect(editorStore.getState().notice?.text).toBe(
      "Exported run 1 to /home/ada/models: digits_train.py, digits_train.weights/model.json and digits_train.weights/weights.bin",
    );
  });
});
