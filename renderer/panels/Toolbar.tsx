import type { MenuCommand } from "../../shared/api";
import { runCommand } from "../actions/commands";
import { displayName } from "../actions/files";
import { isDirty, useEditor, useHistory } from "../store";

const mac = typeof navigator !== "undefined" && navigator.platform.startsWith("Mac");
const mod = mac ? "⌘" : "Ctrl+";

function Button({
  command,
  label,
  keys,
  disabled,
}: {
  command: MenuCommand;
  label: string;
  keys?: string;
  disabled?: boolean;
}) {
  return (
    <button
      type="button"
      onClick={() => void runCommand(command)}
      disabled={disabled}
      title={keys ? `${label} (${keys})` : label}
      data-command={command}
    >
      {label}
    </button>
  );
}

/** File, edit and view commands, the file name with its unsaved mark, and the connection state. */
export function Toolbar() {
  const name = useEditor((s) => displayName(s));
  const dirty = useEditor(isDirty);
  const connected = useEditor((s) => s.connected);
  const browser = useEditor((s) => s.appInfo?.host !== "electron");
  const { canUndo, canRedo } = useHistory();
  return (
    <header className="nl-toolbar">
      <span className="nl-brand">NetLoom</span>
      <nav className="nl-toolbar-group" aria-label="File">
        <Button command="file.new" label="New" keys={browser ? `${mod}Alt+N` : `${mod}N`} />
        <Button command="file.examples" label="Examples…" keys={browser ? undefined : `${mod}Shift+N`} />
        <Button command="file.open" label="Open…" keys={`${mod}O`} />
        <Button command="file.save" label="Save" keys={`${mod}S`} />
        <Button command="file.saveAs" label="Save As…" keys={`${mod}Shift+S`} />
      </nav>
      <nav className="nl-toolbar-group" aria-label="Edit">
        <Button command="edit.undo" label="Undo" keys={`${mod}Z`} disabled={!canUndo} />
        <Button command="edit.redo" label="Redo" keys={`${mod}Shift+Z`} disabled={!canRedo} />
      </nav>
      <nav className="nl-toolbar-group" aria-label="View">
        <Button command="view.autoLayout" label="Auto-layout" keys={`${mod}Shift+L`} />
        <Button command="view.fitView" label="Fit view" keys={browser ? "Shift+1" : `${mod}1`} />
      </nav>
      <span className="nl-file" data-testid="file-name" data-dirty={dirty}>
        {name}
        {dirty && (
          <span className="nl-dirty" title="Unsaved changes" role="img" aria-label="unsaved changes">
            {" "}
            ●
          </span>
        )}
      </span>
      {!connected && (
        <span className="nl-offline" role="status">
          Lost netloom serve — reconnecting… (if it was restarted, open the new URL it printed)
        </span>
      )}
    </header>
  );
}
