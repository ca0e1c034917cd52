import { api } from "../api";
import { editorStore, isDirty } from "../store";
import { offerRecovered, startAutosave } from "./autosave";
import { runCommand } from "./commands";
import { installDataFiles } from "./dataFiles";
import { displayName, openPath, showGraph } from "./files";
import { installModelLoading } from "./loadModel";
import { readAutosave } from "./session";
import { installShortcuts } from "./shortcuts";
import { installTraining } from "./trainRun";

function syncTitle(): () => void {
  let last = "";
  const update = () => {
    const s = editorStore.getState();
    const dirty = isDirty(s);
    const title = `${dirty ? "● " : ""}${displayName(s)} — NetLoom`;
    if (title === last) return;
    last = title;
    document.title = title;
    if (api.host === "electron") void api.request("window.state", { title, dirty }).catch(() => {});
  };
  update();
  return editorStore.subscribe(update);
}

/**
 * Starts the editor: wires keys, menu commands, title and autosave, then opens what the app was
 * started with (a file, else a preset, else the start page) and offers back any autosaved work.
 */
export async function boot(): Promise<void> {
  installShortcuts(api.host);
  api.onStatus((connected) => editorStore.getState().setSession({ connected }));
  api.on("menu.command", ({ command, path }) => void runCommand(command, path));
  installTraining();
  installModelLoading();
  installDataFiles();
  syncTitle();
  if (api.host === "browser") {
    window.addEventListener("beforeunload", (e) => {
      if (isDirty(editorStore.getState())) e.preventDefault();
    });
  }
  const info = await api.request("app.info", {});
  editorStore.getState().setSession({ appInfo: info });
  const offers = await readAutosave().catch(() => []);
  let opened = false;
  if (info.startup.file) opened = await openPath(info.startup.file, true);
  if (!opened && info.startup.preset) {
    showGraph(await api.request("presets.load", { name: info.startup.preset }), null, { keepAutosave: true });
  }
  if (!opened && !info.startup.preset) editorStore.getState().setStartPage(true);
  offerRecovered(offers);
  startAutosave();
}
