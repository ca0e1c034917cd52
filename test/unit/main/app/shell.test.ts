import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeEach, describe, expect, it, vi } from "vitest";

// Electron's binary cannot run here; its modules are replaced by recorders so the shell's choices
// (window options, menu accelerators, navigation rules) can be checked as data.
const recorded = vi.hoisted(() => ({
  windows: [] as Array<{ options: Record<string, unknown>; loaded?: string }>,
  appListeners: new Map<string, (...args: unknown[]) => void>(),
  ipc: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
}));

vi.mock("electron", () => {
  class BrowserWindow {
    entry: { options: Record<string, unknown>; loaded?: string };
    constructor(options: Record<string, unknown>) {
      this.entry = { options };
      recorded.windows.push(this.entry);
    }
    static getFocusedWindow() {
      return null;
    }
    once() {}
    on() {}
    setTitle() {}
    setDocumentEdited() {}
    loadFile(file: string) {
      this.entry.loaded = file;
      return Promise.resolve();
    }
  }
  const ignore = () => {};
  return {
    app: {
      isPackaged: false,
      on: (name: string, fn: () => void) => recorded.appListeners.set(name, fn),
      enableSandbox: ignore,
      whenReady: () => Promise.resolve(),
      getVersion: () => "0.0.0-test",
      getPath: () => "/nonexistent/netloom-test-user-data",
      addRecentDocument: ignore,
      quit: ignore,
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: ignore,
        setPermissionCheckHandler: ignore,
        webRequest: { onBeforeRequest: ignore, onHeadersReceived: ignore },
      },
    },
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) =>
        recorded.ipc.set(channel, fn),
    },
    BrowserWindow,
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: ignore },
    nativeTheme: { shouldUseDarkColors: false },
    dialog: { showErrorBox: ignore },
    utilityProcess: {},
  };
});

type Item = { label?: string; role?: string; accelerator?: string; submenu?: Item[]; registerAccelerator?: boolean };

beforeEach(() => {
  recorded.windows.length = 0;
  recorded.appListeners.clear();
  recorded.ipc.clear();
});

describe("the Electron shell", () => {
  it("opens an isolated, sandboxed window without Node in the page", async () => {
    const { createMainWindow } = await import("../../../../main/app/window");
    createMainWindow({ preload: "/app/out/preload/index.cjs", index: "/app/out/renderer/index.html" });
    const [win] = recorded.windows;
    expect(win?.options.webPreferences).toMatchObject({
      preload: "/app/out/preload/index.cjs",
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(win?.loaded).toBe("/app/out/renderer/index.html");
  });

  it("has the usual menu commands with their accelerators", async () => {
    const { buildMenu } = await import("../../../../main/app/menu");
    const run = vi.fn();
    const menu = buildMenu({ run, clearRecent: vi.fn(), about: vi.fn() }, [
      { path: "/g/a.netloom.json", name: "a.netloom.json", openedAt: "2026-01-01T00:00:00.000Z" },
    ]) as unknown as Item[];
    const items = menu.flatMap((m) => m.submenu ?? []);
    const find = (label: string) => items.find((i) => i.label === label);
    for (const [label, accelerator] of [
      ["New", "CmdOrCtrl+N"],
      ["New from Example…", "CmdOrCtrl+Shift+N"],
      ["Open…", "CmdOrCtrl+O"],
      ["Save", "CmdOrCtrl+S"],
      ["Save As…", "CmdOrCtrl+Shift+S"],
      ["Undo", "CmdOrCtrl+Z"],
      ["Select All", "CmdOrCtrl+A"],
      ["Zoom In", "CmdOrCtrl+="],
      ["Zoom Out", "CmdOrCtrl+-"],
      ["Fit View", "CmdOrCtrl+1"],
    ]) {
      expect(find(label as string)?.accelerator, label).toBe(accelerator);
    }
    expect(find("Redo")?.accelerator).toMatch(/Z|Y/);
    expect(items.filter((i) => ["cut", "copy", "paste"].includes(i.role ?? ""))).toHaveLength(3);
    expect(find("Delete")).toMatchObject({ accelerator: "Delete", registerAccelerator: false });
    const recent = find("Open Recent")?.submenu ?? [];
    expect(recent[0]?.label).toBe("a.netloom.json");
    (recent[0] as unknown as { click(): void }).click();
    expect(run).toHaveBeenCalledWith("file.openRecent", "/g/a.netloom.json");
    (find("New from Example…") as unknown as { click(): void }).click();
    expect(run).toHaveBeenLastCalledWith("file.examples");
    const exports = find("Export Trained Model")?.submenu ?? [];
    for (const item of exports) (item as unknown as { click(): void }).click();
    expect(run.mock.calls.slice(-3)).toEqual([["export.tfjs"], ["export.json"], ["export.pytorch"]]);
  });

  it("denies navigation, new windows, webviews and permissions, and blocks remote requests", async () => {
    const { hardenApp } = await import("../../../../main/app/security");
    const blocked: Array<{ urls: string[] }> = [];
    let permission: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    hardenApp({
      setPermissionRequestHandler: (fn: typeof permission) => {
        permission = fn;
      },
      setPermissionCheckHandler: () => {},
      webRequest: {
        onBeforeRequest: (filter: { urls: string[] }) => blocked.push(filter),
        onHeadersReceived: () => {},
      },
    } as never);
    const handlers = new Map<string, (e: { preventDefault(): void }) => void>();
    let openHandler: (() => { action: string }) | undefined;
    recorded.appListeners.get("web-contents-created")?.(
      {},
      {
        on: (name: string, fn: (e: { preventDefault(): void }) => void) => handlers.set(name, fn),
        setWindowOpenHandler: (fn: () => { action: string }) => {
          openHandler = fn;
        },
      },
    );
    for (const name of ["will-navigate", "will-frame-navigate", "will-redirect", "will-attach-webview"]) {
      const prevent = vi.fn();
      handlers.get(name)?.({ preventDefault: prevent });
      expect(prevent, name).toHaveBeenCalled();
    }
    expect(openHandler?.()).toEqual({ action: "deny" });
    const answer = vi.fn();
    permission?.({}, "media", answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect(blocked[0]?.urls).toEqual(expect.arrayContaining(["http://*/*", "https://*/*", "ws://*/*"]));
  });

  it("puts its strict Content-Security-Policy on every response, the same policy index.html carries", async () => {
    const { CSP, hardenApp } = await import("../../../../main/app/security");
    type Headers = Record<string, string[]>;
    let onHeaders:
      | ((details: { responseHeaders?: Headers }, cb: (r: { responseHeaders?: Headers }) => void) => void)
      | undefined;
    hardenApp({
      setPermissionRequestHandler: () => {},
      setPermissionCheckHandler: () => {},
      webRequest: {
        onBeforeRequest: () => {},
        onHeadersReceived: (fn: typeof onHeaders) => {
          onHeaders = fn;
        },
      },
    } as never);
    const answer = vi.fn();
    onHeaders?.({ responseHeaders: { "Content-Type": ["text/html"] } }, answer);
    expect(answer).toHaveBeenCalledWith({
      responseHeaders: { "Content-Type": ["text/html"], "Content-Security-Policy": [CSP] },
    });
    expect(CSP).toMatch(/(^|; )default-src 'self'(;|$)/);
    expect(CSP).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(CSP).toMatch(/(^|; )object-src 'none'(;|$)/);
    expect(CSP).not.toMatch(/unsafe-|\*/);
    // The page's own meta tag must not loosen or drift from the header.
    const html = readFileSync(path.join(import.meta.dirname, "../../../../renderer/index.html"), "utf8");
    const meta = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/)?.[1];
    expect(meta).toBe(CSP);
  });

  it("trusts requests only from files inside the built renderer's folder", async () => {
    const { isFileInside } = await import("../../../../main/app/trust");
    const root = "/app/out/renderer";
    expect(isFileInside("file:///app/out/renderer/index.html", root)).toBe(true);
    expect(isFileInside("file:///app/out/renderer/assets/a.html#x", root)).toBe(true);
    for (const url of [
      "file:///app/out/renderer-evil/index.html",
      "file:///app/out/rendererX.html",
      "file:///app/out/renderer",
      "file:///app/out/renderer/../preload/index.html",
      "file:///app/out/renderer/..%2fpreload/index.html",
      "file://evil.example/app/out/renderer/index.html",
      "http://127.0.0.1/app/out/renderer/index.html",
      "",
      undefined,
    ]) {
      expect(isFileInside(url, root), String(url)).toBe(false);
    }
  });

  it("answers IPC requests only from its own renderer folder, not from a folder whose name starts alike", async () => {
    await import("../../../../main/app/main");
    const { IPC_REQUEST } = await import("../../../../main/app/ipcChannels");
    await vi.waitFor(() => expect(recorded.ipc.has(IPC_REQUEST)).toBe(true));
    const handler = recorded.ipc.get(IPC_REQUEST) as (event: unknown, ...args: unknown[]) => Promise<unknown>;
    // main.ts loads ../renderer/index.html next to its own (built) file.
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../main/renderer");
    const ask = (url: string) => handler({ sender: {}, senderFrame: { url } }, "presets.list", {});
    expect(await ask(pathToFileURL(path.join(root, "index.html")).href)).toMatchObject({ ok: true });
    expect(await ask(pathToFileURL(`${root}-evil/index.html`).href)).toMatchObject({
      ok: false,
      error: { code: "UNSUPPORTED" },
    });
  });
});
