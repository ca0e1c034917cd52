import { discardRecovered, restoreRecovered } from "../actions/autosave";
import { baseName } from "../actions/files";
import { useEditor } from "../store";

/** Offers back the work an earlier session left unsaved. */
export function RestoreBanner() {
  const recovered = useEditor((s) => s.recovered);
  if (!recovered) return null;
  const when = new Date(recovered.savedAt).toLocaleString();
  const what = recovered.path ? baseName(recovered.path) : (recovered.doc.meta.name ?? "Untitled");
  return (
    <div className="nl-banner" role="alert" data-testid="restore-banner">
      <span>
        Unsaved work on <strong>{what}</strong> from {when} was kept when NetLoom last closed.
      </span>
      <button type="button" className="primary" onClick={restoreRecovered}>
        Restore
      </button>
      <button type="button" onClick={discardRecovered}>
        Discard
      </button>
    </div>
  );
}
