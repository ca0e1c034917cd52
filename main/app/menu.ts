import { app, Menu, type MenuItemConstructorOptions } from "electron";
import type { MenuCommand, RecentFile } from "../../shared/api";

/** What the menu's items do; the main process supplies them. */
export interface MenuActions {
  /** Sends a command to the editor in the focused window. */
  run(command: MenuCommand, path?: string): void;
  clearRecent(): void;
  about(): void;
}

/**
 * The native menu with the usual accelerators. Edit commands go to the editor, which applies
 * them to the graph or, while a text field has focus, to the text. Cut, Copy and Paste use
 * Electron's roles: they fire the page's clipboard events, which the editor handles.
 */
export function buildMenu(actions: MenuActions, recent: readonly RecentFile[]): Menu {
  const mac = process.platform === "darwin";
  const cmd = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => actions.run(command),
  });
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? [
        ...recent.map((f) => ({
          label: f.name,
          sublabel: f.path,
          click: () => actions.run("file.openRecent", f.path),
        })),
        { type: "separator" },
        { label: "Clear Recent", click: actions.clearRecent },
      ]
    : [{ label: "No recent files", enabled: false }];
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: "appMenu" } as MenuItemConstructorOptions] : []),
    {
      label: "&File",
      submenu: [
        cmd("New", "file.new", "CmdOrCtrl+N"),
        cmd("New from Example…", "file.examples", "CmdOrCtrl+Shift+N"),
        cmd("Open…", "file.open", "CmdOrCtrl+O"),
        { label: "Open Recent", submenu: recentItems },
        { type: "separator" },
        cmd("Save", "file.save", "CmdOrCtrl+S"),
        cmd("Save As…", "file.saveAs", "CmdOrCtrl+Shift+S"),
        { type: "separator" },
        {
          label: "Export Trained Model",
          submenu: [
            cmd("TF.js Model (folder)…", "export.tfjs"),
            cmd("Single JSON File…", "export.json"),
            cmd("PyTorch Script…", "export.pytorch"),
          ],
        },
        { type: "separator" },
        mac ? { role: "close" } : { role: "quit" },
      ],
    },
    {
      label: "&Edit",
      submenu: [
        cmd("Undo", "edit.undo", "CmdOrCtrl+Z"),
        cmd("Redo", "edit.redo", mac ? "Shift+Cmd+Z" : "Ctrl+Y"),
        ...(mac
          ? []
          : [{ ...cmd("Redo", "edit.redo", "Ctrl+Shift+Z"), visible: false, acceleratorWorksWhenHidden: true }]),
        { type: "separator" },
        { role: "cut" },
        { role: "copy" },
        { role: "paste" },
        cmd("Duplicate", "edit.duplicate", "CmdOrCtrl+D"),
        // Shown but not registered: the Delete key must keep working in text fields.
        { ...cmd("Delete", "edit.delete", "Delete"), registerAccelerator: false },
        { type: "separator" },
        cmd("Select All", "edit.selectAll", "CmdOrCtrl+A"),
      ],
    },
    {
      label: "&View",
      submenu: [
        cmd("Zoom In", "view.zoomIn", "CmdOrCtrl+="),
        { ...cmd("Zoom In", "view.zoomIn", "CmdOrCtrl+Plus"), visible: false, acceleratorWorksWhenHidden: true },
        cmd("Zoom Out", "view.zoomOut", "CmdOrCtrl+-"),
        cmd("Actual Size", "view.zoomReset", "CmdOrCtrl+0"),
        cmd("Fit View", "view.fitView", "CmdOrCtrl+1"),
        { type: "separator" },
        cmd("Auto-layout", "view.autoLayout", "CmdOrCtrl+Shift+L"),
        { type: "separator" },
        { role: "togglefullscreen" },
        ...(app.isPackaged ? [] : [{ role: "toggleDevTools" } as MenuItemConstructorOptions]),
      ],
    },
    {
      label: "&Train",
      submenu: [cmd("Train", "training.train", "CmdOrCtrl+Enter"), cmd("Stop", "training.stop", "CmdOrCtrl+.")],
    },
    ...(mac ? [{ role: "windowMenu" } as MenuItemConstructorOptions] : []),
    { role: "help", submenu: [{ label: "About NetLoom", click: actions.about }] },
  ];
  return Menu.buildFromTemplate(template);
}
