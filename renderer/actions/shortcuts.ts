import type { MenuCommand } from "../../shared/api";
import { editorStore } from "../store";
import { parseFragment } from "../store/clipboard";
import { editingText, runCommand } from "./commands";

/** Keys the browser build handles itself; in Electron the native menu's accelerators do. */
const MENU_KEYS: Record<string, MenuCommand> = {
  "mod+z": "edit.undo",
  "mod+shift+z": "edit.redo",
  "mod+y": "edit.redo",
  "mod+s": "file.save",
  "mod+shift+s": "file.saveAs",
  "mod+o": "file.open",
  // Browsers keep Ctrl+N for a new window.
  "mod+alt+n": "file.new",
  "mod+a": "edit.selectAll",
  "mod+d": "edit.duplicate",
  "mod+=": "view.zoomIn",
  "mod++": "view.zoomIn",
  "mod+-": "view.zoomOut",
  "mod+0": "view.zoomReset",
  "shift+digit1": "view.fitView",
  "mod+shift+l": "view.autoLayout",
  "mod+enter": "training.train",
  "mod+.": "training.stop",
};
/** Keys handled in every host: Delete is not a menu accelerator, so text fields keep it. */
const EDITOR_KEYS: Record<string, MenuCommand> = { delete: "edit.delete", backspace: "edit.delete" };
/** Shortcuts that also work while typing in a field. */
const IN_TEXT = new Set(["mod+s", "mod+shift+s", "mod+o"]);

function combo(e: KeyboardEvent): string {
  const mac = navigator.platform.startsWith("Mac");
  const parts = [];
  if (mac ? e.metaKey : e.ctrlKey) parts.push("mod");
  if (e.altKey) parts.push("alt");
  if (e.shiftKey) parts.push("shift");
  const key = e.code.startsWith("Digit") && e.shiftKey ? e.code.toLowerCase() : e.key.toLowerCase();
  parts.push(key);
  return parts.join("+");
}

/** Installs the editor's keys and clipboard handling; returns the uninstall function. */
export function installShortcuts(host: "electron" | "browser"): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (editorStore.getState().dialog) return;
    const key = combo(e);
    const text = editingText(e.target);
    const command = (host === "browser" ? MENU_KEYS[key] : undefined) ?? EDITOR_KEYS[key];
    if (!command || (text && !IN_TEXT.has(key))) return;
    e.preventDefault();
    void runCommand(command);
  };
  const onCopy = (e: ClipboardEvent, cut: boolean) => {
    if (editingText(e.target) || String(window.getSelection() ?? "")) return;
    const s = editorStore.getState();
    const fragment = cut ? s.cutSelection() : s.copySelection();
    if (!fragment) return;
    e.clipboardData?.setData("text/plain", JSON.stringify(fragment));
    e.preventDefault();
  };
  const onPaste = (e: ClipboardEvent) => {
    if (editingText(e.target)) return;
    const fragment = parseFragment(e.clipboardData?.getData("text/plain") ?? "");
    if (editorStore.getState().paste(fragment).length > 0) e.preventDefault();
  };
  const copy = (e: ClipboardEvent) => onCopy(e, false);
  const cut = (e: ClipboardEvent) => onCopy(e, true);
  window.addEventListener("keydown", onKey);
  document.addEventListener("copy", copy);
  document.addEventListener("cut", cut);
  document.addEventListener("paste", onPaste);
  return () => {
    window.removeEventListener("keydown", onKey);
    document.removeEventListener("copy", copy);
    document.removeEventListener("cut", cut);
    document.removeEventListener("paste", onPaste);
  };
}
