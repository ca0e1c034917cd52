import { isNodeKind, kindDef } from "../../shared/catalog";
import { viewCenter } from "../canvas/flow";
import { editorStore } from "../store";

function labelOf(kind: string): string {
  return isNodeKind(kind) ? kindDef(kind).label : kind;
}

/** Replaces a node with one of another kind, saying which of its wires could not be kept. */
export function replaceWith(id: string, kind: string): void {
  const s = editorStore.getState();
  const old = s.doc.nodes.find((n) => n.id === id);
  const result = s.replaceNode(id, kind);
  if (!old || !result) return;
  const text = `Replaced ${old.label ?? labelOf(old.kind)} with ${labelOf(kind)}`;
  const wires = result.dropped === 1 ? "1 connection" : `${result.dropped} connections`;
  const lost = `; ${wires} did not fit its ports and ${result.dropped === 1 ? "was" : "were"} removed`;
  s.notify("info", result.dropped === 0 ? text : text + lost);
}

/** How far a node added at a taken spot moves down and right, so nodes added one after another do not hide each other. */
const STEP = 32;

/**
 * Adds a node in the middle of the visible canvas (moved off any node already there), wired
 * after the one selected node when a port of each fits: a palette click.
 */
export function addAtCenter(kind: string): void {
  const s = editorStore.getState();
  const c = viewCenter();
  const at = { x: Math.round(c.x - 86), y: Math.round(c.y - 40) };
  const taken = (p: { x: number; y: number }) =>
    s.doc.nodes.some((n) => Math.abs(n.position.x - p.x) < STEP / 2 && Math.abs(n.position.y - p.y) < STEP / 2);
  for (let i = 0; i < 50 && taken(at); i++) {
    at.x += STEP;
    at.y += STEP;
  }
  const after = s.selection.nodes.length === 1 ? s.selection.nodes[0] : undefined;
  s.addNodeLinked(kind, at, after ? { after } : null);
}
