import { discardRecovered, restoreRecovered } from "../actions/autosave";
import { baseName } from "../actions/files";
import { offerIsOwn } from "../actions/session";
import { isDirty, useEditor } from "../store";

/**
 * Offers back work left unsaved: this tab's own before a reload or a crash, or that of a tab or
 * window that closed without saving. Until this tab's own is restored or discarded its autosave
 * keeps that work, so edits made meanwhile are not autosaved: the banner says so.
 */
export function RestoreBanner() {
  const recovered = useEditor((s) => s.recovered);
  const more = useEditor((s) => s.recoveredMore);
  const editing = useEditor((s) => isDirty(s) && offerIsOwn(s));
  if (!recovered) return null;
  const when = new Date(recovered.savedAt).toLocaleString();
  const what = recovered.path ? baseName(recovered.path) : (recovered.doc.meta.name ?? "Untitled");
  return (
    <div className="nl-banner" role="alert" data-testid="restore-banner">
      <span>
        Unsaved work on <strong>{what}</strong> from {when} was kept when its NetLoom tab or window closed.
        {more > 0 && <span data-testid="more-recovered"> {more} more will be offered after this one.</span>}
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
