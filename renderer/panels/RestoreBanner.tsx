import { discardRecovered, restoreRecovered } from "../actions/autosave";
import { baseName } from "../actions/files";
import { isDirty, useEditor } from "../store";

/**
 * Offers back the work an earlier session left unsaved. Until it is restored or discarded the
 * autosave keeps that work, so edits made meanwhile are not autosaved: the banner says so.
 */
export function RestoreBanner() {
  const recovered = useEditor((s) => s.recovered);
  const editing = useEditor(isDirty);
  if (!recovered) return null;
  const when = new Date(recovered.savedAt).toLocaleString();
  const what = recovered.path ? baseName(recovered.path) : (recovered.doc.meta.name ?? "Untitled");
  return (
    <div className="nl-banner" role="alert" data-testid="restore-banner">
      <span>
        Unsaved work on <strong>{what}</strong> from {when} was kept when NetLoom last closed.
        {editing && (
          <span data-testid="autosave-paused">
            {" "}
            Your edits since are not autosaved until you restore or discard it.
          </span>
        )}
      </span>
      <button type="button" className="primary" data-testid="restore" onClick={() => void restoreRecovered()}>
        Restore
      </button>
      <button type="button" data-testid="discard-recovered" onClick={() => void discardRecovered()}>
        Discard
      </button>
    </div>
  );
}
