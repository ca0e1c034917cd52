import { useEffect } from "react";
import { Icon } from "../icons";
import { editorStore, useEditor } from "../store";

/** How long a notice stays; a refusal stays longer, to be read. */
const SHOW_MS = { info: 3500, error: 9000 };
/** Time to read a long notice (paths, file lists): about 60 ms a character. */
const MS_PER_CHAR = 60;

/** A short message at the bottom of the canvas: a refused connection, a saved file. */
export function Notice() {
  const notice = useEditor((s) => s.notice);
  useEffect(() => {
    if (!notice) return;
    const wait = Math.max(SHOW_MS[notice.kind], notice.text.length * MS_PER_CHAR);
    const t = setTimeout(() => editorStore.getState().dismissNotice(), wait);
    return () => clearTimeout(t);
  }, [notice]);
  if (!notice) return null;
  return (
    <div className={`nl-notice ${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"} key={notice.seq}>
      <span>{notice.text}</span>
      <button type="button" aria-label="Dismiss" onClick={() => editorStore.getState().dismissNotice()}>
        <Icon name="close" />
      </button>
    </div>
  );
}
