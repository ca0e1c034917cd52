import { useEffect, useRef } from "react";
import { isNodeKind, kindDef } from "../../shared/catalog";
import { ReplaceList } from "../panels/replace";
import { useEditor } from "../store";

/** Where a node's context menu opened: the node and the pointer, in window pixels. */
export interface MenuAt {
  nodeId: string;
  x: number;
  y: number;
}

const WIDTH = 240;
const MAX_HEIGHT = 420;

/**
 * A node's context menu: "Replace with…" and the kinds to choose from. Escape, a click outside
 * or a choice closes it; it stays inside the window.
 */
export function NodeMenu({ at, onClose }: { at: MenuAt; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const name = useEditor((s) => {
    const n = s.doc.nodes.find((x) => x.id === at.nodeId);
    return n && (n.label ?? (isNodeKind(n.kind) ? kindDef(n.kind).label : n.kind));
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    const onDown = (e: PointerEvent) => ref.current?.contains(e.target as Node) || onClose();
    window.addEventListener("keydown", onKey);
    window.addEventListener("pointerdown", onDown, true);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("pointerdown", onDown, true);
    };
  }, [onClose]);
  if (name === undefined) return null;
  const left = Math.max(4, Math.min(at.x, window.innerWidth - WIDTH - 4));
  const top = Math.max(4, Math.min(at.y, window.innerHeight - MAX_HEIGHT - 4));
  return (
    <div
      ref={ref}
      className="nl-node-menu"
      role="menu"
      aria-label={`Replace ${name} with`}
      data-testid="node-menu"
      style={{ left, top, width: WIDTH, maxHeight: MAX_HEIGHT }}
    >
      <h2>Replace {name} with…</h2>
      <ReplaceList id={at.nodeId} onDone={onClose} />
    </div>
  );
}
