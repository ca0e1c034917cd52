import path from "node:path";
import { fileURLToPath } from "node:url";
import { app, BrowserWindow, dialog, Menu, session } from "electron";
import type { OpenKind, RecentFile, SaveKind } from "../../shared/api";
import { createTrainingHost } from "../engine/host";
import type { HostServices } from "../handlers/context";
import { createTrainingService } from "../handlers/runService";
import { SessionClaims } from "../handlers/sessions";
import { clearRecent, readRecent } from "../handlers/userData";
import { parseLaunchArgs } from "./args";
import { utilityEngine } from "./engineProcess";
import { registerIpc, sendEvent } from "./ipc";
import { buildMenu } from "./menu";
import { hardenApp } from "./security";
import { isFileInside } from "./trust";
import { confirmCloseWhenDirty, createMainWindow } from "./window";

const here = path.dirname(fileURLToPath(import.meta.url));
const files = {
  preload: path.join(here, "../preload/index.cjs"),
  index: path.join(here, "../renderer/index.html"),
  /** The training engine's entry, built next to this file (electron.vite.config.ts). */
  engine: path.join(here, "engine.js"),
};
const rendererRoot = path.dirname(files.index);

const GRAPH_FILTERS = [{ name: "NetLoom graphs", extensions: ["json"] }];
/** Graphs, TF.js model.json files and NetLoom's one-file models are all JSON. */
/** What each open dialog offers; IDX files often have no extension, so data offers any file too. */
const OPEN_FILTERS: Record<OpenKind, Electron.FileFilter[]> = {
  graph: [{ name: "NetLoom graphs and trained models", extensions: ["json"] }],
  data: [
    { name: "CSV tables", extensions: ["csv"] },
    { name: "All files (IDX and others)", extensions: ["*"] },
  ],
};
/** What each save dialog offers; a TF.js model is a folder, so any name goes. */
const SAVE_FILTERS: Record<SaveKind, Electron.FileFilter[]> = {
  graph: GRAPH_FILTERS,
  tfjs: [],
  json: [{ name: "NetLoom model (one JSON file)", extensions: ["json"] }],
  pytorch: [{ name: "Python script", extensions: ["py"] }],
};

app.enableSandbox();
let win: BrowserWindow | null = null;
let dirty = false;

function setMenu(services: HostServices, recent: readonly RecentFile[]): void {
  const menu = buildMenu(
    {
      run: (command, filePath) => {
        const target = BrowserWindow.getFocusedWindow() ?? win;
        if (target) sendEvent(target.webContents, "menu.command", { command, ...(filePath ? { path: filePath } : {}) });
      },
      clearRecent: () => void clearRecent(services.dataDir).then((list) => setMenu(services, list)),
      about: () =>
        void dialog.showMessageBox({
          message: `NetLoom ${app.getVersion()}`,
          detail: "Neural networks as node graphs.",
        }),
    },
    recent,
  );
  Menu.setApplicationMenu(menu);
}

async function start(): Promise<void> {
  hardenApp(session.defaultSession);
  const training = createTrainingService((onEvent) =>
    createTrainingHost(onEvent, { spawn: utilityEngine(files.engine) }),
  );
  app.on("will-quit", () => training.dispose());
  const services: HostServices = {
    host: "electron",
    version: app.getVersion(),
    startup: parseLaunchArgs(process.argv.slice(app.isPackaged ? 1 : 2), process.cwd()),
    dataDir: app.getPath("userData"),
    // electron-builder copies examples/ beside the app archive (extraResources): real files the
    // engine and a Python process can read. Unpackaged, the checkout's examples/ is the default.
    ...(app.isPackaged ? { examplesDir: path.join(process.resourcesPath, "examples") } : {}),
    training,
    sessions: new SessionClaims(),
    dialogs: {
      open: async (kind) => {
        const options = { properties: ["openFile" as const], filters: OPEN_FILTERS[kind] };
        const r = await (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options));
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
      save: async (suggestedName, kind) => {
        // Linux's dialog asks before replacing a file only when told to.
        const properties = ["showOverwriteConfirmation" as const, "createDirectory" as const];
        const options = { defaultPath: suggestedName, filters: SAVE_FILTERS[kind], properties };
        const r = await (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options));
        return r.canceled || !r.filePath ? null : r.filePath;
      },
    },
    setWindowState: ({ title, dirty: unsaved }) => {
      dirty = unsaved;
      win?.setTitle(title);
      win?.setDocumentEdited(unsaved);
    },
    onRecentChanged: (list) => {
      const newest = list[0];
      if (newest) app.addRecentDocument(newest.path);
      setMenu(services, list);
    },
  };
  registerIpc(services, (_contents, url) => isFileInside(url, rendererRoot));
  setMenu(services, await readRecent(services.dataDir));
  win = createMainWindow(files);
  confirmCloseWhenDirty(win, () => dirty);
  win.on("closed", () => {
    win = null;
  });
}

app.on("window-all-closed", () => app.quit());
app.whenReady().then(start, (err: Error) => {
  dialog.showErrorBox("NetLoom could not start", err.message);
  app.quit();
});
