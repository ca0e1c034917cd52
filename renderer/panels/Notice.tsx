import { useEffect } from "react";
import { editorStore, useEditor } from "../store";

/** How long a notice stays; a refusal stays longer, to be read. */
const SHOW_MS = { info: 3500, error: 9000 };

/** A short message at the bottom of the canvas: a refused connection, a saved file. */
export function Notice() {
  const notice = useEditor((s) => s.notice);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => editorStore.getState().dismissNotice(), SHOW_MS[notice.kind]);
    return () => clearTimeout(t);
  }, [notice]);
  if (!notice) return null;
  return (
    <div className={`nl-notice ${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"} key={notice.seq}>
      <span>{notice.text}</span>
      <button type="button" aria-label="Dismiss" onClick={() => editorStore.getState().dismissNotice()}>
        ×
      </button>
    </div>
  );
}
