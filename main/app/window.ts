import { BrowserWindow, dialog, nativeTheme } from "electron";

/** The built files a window loads. */
export interface WindowFiles {
  /** The built preload script (CommonJS: sandboxed preloads cannot be ES modules). */
  preload: string;
  /** The built renderer's index.html. */
  index: string;
}

/** The editor's window: isolated, sandboxed, no Node in the page, shown once it has painted. */
export function createMainWindow(files: WindowFiles): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: "NetLoom",
    backgroundColor: nativeTheme.shouldUseDarkColors ? "#14161a" : "#f4f5f7",
    webPreferences: {
      preload: files.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  win.once("ready-to-show", () => win.show());
  void win.loadFile(files.index);
  return win;
}

/**
 * Asks before closing a window with unsaved changes. `isDirty` reads what the page last
 * reported; the autosave keeps the work either way, so the question is only about losing it now.
 */
export function confirmCloseWhenDirty(win: BrowserWindow, isDirty: () => boolean): void {
  let allowed = false;
  win.on("close", (event) => {
    if (allowed || !isDirty()) return;
    event.preventDefault();
    void dialog
      .showMessageBox(win, {
        type: "question",
        buttons: ["Close", "Cancel"],
        defaultId: 1,
        cancelId: 1,
        message: "Close NetLoom with unsaved changes?",
        detail: "The changes stay in the autosave and are offered back the next time NetLoom starts.",
      })
      .then(({ response }) => {
        if (response !== 0) return;
        allowed = true;
        win.close();
      });
  });
}
