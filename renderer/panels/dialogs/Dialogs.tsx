import { editorStore, useEditor } from "../../store";
import { ExampleCards } from "../gallery/ExampleCards";
import { FileDialog } from "./FileDialog";
import { Modal } from "./Modal";

/** Whichever dialog is open: file picker, confirmation, the examples, or the reasons something failed. */
export function Dialogs() {
  const dialog = useEditor((s) => s.dialog);
  if (!dialog) return null;
  if (dialog.type === "file") {
    return (
      <FileDialog
        mode={dialog.mode}
        suggestedName={dialog.suggestedName}
        kind={dialog.kind}
        openKind={dialog.openKind}
        resolve={dialog.resolve}
      />
    );
  }
  if (dialog.type === "confirm") {
    return (
      <Modal
        title={dialog.title}
        onClose={() => dialog.resolve(false)}
        footer={
          <>
            <button type="button" data-autofocus onClick={() => dialog.resolve(false)}>
              Cancel
            </button>
            <button type="button" className="danger" onClick={() => dialog.resolve(true)}>
              {dialog.confirm}
            </button>
          </>
        }
      >
        <p>{dialog.message}</p>
      </Modal>
    );
  }
  const close = () => editorStore.getState().closeDialog();
  if (dialog.type === "examples") {
    return (
      <Modal
        title="New from Example"
        onClose={close}
        size="gallery"
        footer={
          <button type="button" onClick={close}>
            Cancel
          </button>
        }
      >
        <p className="nl-muted">Each opens as a new graph; Save As keeps it and your changes.</p>
        <ExampleCards />
      </Modal>
    );
  }
  return (
    <Modal
      title={dialog.title}
      onClose={close}
      footer={
        <button type="button" className="primary" onClick={close}>
          OK
        </button>
      }
    >
      <ul className="nl-problem-lines" data-testid="problem-lines">
        {dialog.lines.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines may repeat
          <li key={i}>{line}</li>
        ))}
      </ul>
      <p className="nl-muted">The graph you were editing is unchanged.</p>
    </Modal>
  );
}
