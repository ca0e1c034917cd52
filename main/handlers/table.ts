import os from "node:os";
import { ApiError } from "../../shared/api";
import { loadPreset, PRESET_NAMES } from "../../shared/presets";
import { sanitizeText } from "../../shared/quote";
import { fsReason } from "../data/errors";
import { listExamples, loadExample } from "../examples/gallery";
import { autosaveHandlers } from "./autosave";
import type { HandlerContext, Handlers } from "./context";
import { listDirectory, openGraphFile, saveGraphFile } from "./graphFiles";
import { trainingHandlers } from "./runHandlers";
import { existingFiles } from "./targets";
import { addRecent, clearRecent, readRecent } from "./userData";
import { resolveInWorkspace } from "./workspace";

/**
 * Puts a file on the recent list, best effort: a data folder that cannot be written must not fail
 * the open or save that has already succeeded.
 */
async function remember(ctx: HandlerContext, file: string): Promise<void> {
  try {
    const files = await addRecent(ctx.dataDir, file);
    ctx.onRecentChanged?.(files);
  } catch (err) {
    console.error(sanitizeText(`netloom: could not update the recent files in ${ctx.dataDir}: ${fsReason(err)}`));
  }
}

/** The one handler table both transports call: Electron IPC and `netloom serve`'s WebSocket. */
export const handlers: Handlers = {
  "app.info": (_p, ctx) => ({
    name: "NetLoom",
    version: ctx.version,
    host: ctx.host,
    platform: process.platform,
    homeDir: os.homedir(),
    // The file picker starts here; under netloom serve that is the workspace root.
    cwd: ctx.workspaceRoot ?? process.cwd(),
    startup: ctx.startup,
  }),

  "presets.list": () =>
    PRESET_NAMES.map((name) => {
      const doc = loadPreset(name);
      return { name, title: doc.meta.name ?? name, description: doc.meta.description ?? "" };
    }),

  "presets.load": ({ name }) => loadPreset(name),

  "examples.list": (_p, ctx) => listExamples(ctx.examplesDir),

  "examples.load": ({ id }, ctx) => loadExample(id, ctx.examplesDir),

  "file.open": async ({ path }, ctx) => {
    const result = await openGraphFile(await resolveInWorkspace(ctx, path));
    if (result.ok) await remember(ctx, result.path);
    return result;
  },

  "file.save": async ({ path, doc, overwrite }, ctx) => {
    const saved = await saveGraphFile(await resolveInWorkspace(ctx, path), doc, overwrite);
    await remember(ctx, saved.path);
    return { ...saved, name: saved.path.split(/[\\/]/).pop() ?? saved.path };
  },

  "file.existing": async ({ path, kind }, ctx) => ({
    existing: await existingFiles(await resolveInWorkspace(ctx, path), kind),
  }),

  "file.list": async ({ dir, kind }, ctx) => {
    const listing = await listDirectory(await resolveInWorkspace(ctx, dir ?? "."), kind);
    // The picker does not offer to go above the workspace root.
    return listing.dir === ctx.workspaceRoot ? { ...listing, parent: null } : listing;
  },

  "dialog.open": async ({ kind }, ctx) => {
    if (!ctx.dialogs) throw new ApiError("UNSUPPORTED", "native dialogs exist only in the desktop app");
    return { path: await ctx.dialogs.open(kind) };
  },

  "dialog.save": async ({ suggestedName, kind }, ctx) => {
    if (!ctx.dialogs) throw new ApiError("UNSUPPORTED", "native dialogs exist only in the desktop app");
    return { path: await ctx.dialogs.save(suggestedName, kind) };
  },

  "recent.list": (_p, ctx) => readRecent(ctx.dataDir),

  "recent.clear": async (_p, ctx) => {
    const files = await clearRecent(ctx.dataDir);
    ctx.onRecentChanged?.(files);
    return files;
  },

  "window.state": (state, ctx) => {
    ctx.setWindowState?.(state);
    return {};
  },

  ...autosaveHandlers,
  ...trainingHandlers,
};
