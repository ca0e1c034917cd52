import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inspectDataset } from "../../../../main/data";
import type { HandlerContext } from "../../../../main/handlers/context";
import { dispatch } from "../../../../main/handlers/dispatch";
import type { TrainingService } from "../../../../main/handlers/runService";
import { handlers } from "../../../../main/handlers/table";
import { ApiClient } from "../../../../renderer/api/client";

/**
 * The back end in the test's process: the editor's API client over a transport that runs each
 * request through the real handler table, as `netloom serve` does, with a scratch data folder and
 * the engine's data file reader (no training).
 * Every request's channel is logged, so a test can count what the editor asked for, and `idle`
 * waits until every request made so far has been answered. With `nativeSave`, it is Electron's
 * back end whose save dialog answers with what `nativeSave` returns.
 */
export function inProcessBackend(nativeSave?: () => string | null) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "netloom-renderer-"));
  const requests: string[] = [];
  const pending = new Set<Promise<unknown>>();
  const ctx: HandlerContext = {
    host: "browser",
    version: "0.0.0-test",
    startup: { preset: "mnist", file: null },
    dataDir: path.join(dir, "data"),
    emit: () => {},
    // No engine process here: its file reader runs in this process; training is not offered.
    training: {
      inspect: async (params: Parameters<typeof inspectDataset>[0]) => inspectDataset(params),
    } as unknown as TrainingService,
  };
  const api = new ApiClient({
    host: nativeSave ? "electron" : "browser",
    request: (channel, payload) => {
      requests.push(channel);
      const reply =
        nativeSave && channel === "dialog.save"
          ? Promise.resolve({ ok: true as const, value: { path: nativeSave() } })
          : dispatch(handlers, ctx, channel, payload);
      pending.add(reply);
      void reply.finally(() => pending.delete(reply));
      return reply;
    },
    onEvent: () => () => {},
  });
  const idle = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };
  return { api, dir, dataDir: ctx.dataDir, requests, idle };
}

/** One back end per test file: the renderer's `api` module is mocked to hand out its client. */
export const backend = inProcessBackend();

// The editor fits the view after a frame; Node has no frames.
globalThis.requestAnimationFrame ??= (run: FrameRequestCallback) =>
  setTimeout(() => run(performance.now()), 0) as unknown as number;
