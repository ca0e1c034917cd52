import type { EdgeChange, NodeChange } from "@xyflow/react";
import type { EditorStore } from "../store";
import type { NetFlowEdge, NetFlowNode } from "./toFlow";

function toggled(current: readonly string[], changes: ReadonlyArray<{ id: string; selected: boolean }>): string[] {
  const set = new Set(current);
  for (const c of changes) {
    if (c.selected) set.add(c.id);
    else set.delete(c.id);
  }
  return [...set];
}

/**
 * Applies what React Flow reports about nodes: moves go to the graph (a drag gesture groups
 * them), selections and measured sizes to the view state. Removals are ignored: deleting goes
 * through the editor's own Delete command so that it is one undo step.
 */
export function applyNodeChanges(store: EditorStore, changes: NodeChange<NetFlowNode>[]): void {
  const moves: { id: string; position: { x: number; y: number } }[] = [];
  const selects: { id: string; selected: boolean }[] = [];
  const sizes: Record<string, { width: number; height: number }> = {};
  for (const c of changes) {
    if (c.type === "position" && c.position) moves.push({ id: c.id, position: c.position });
    else if (c.type === "select") selects.push(c);
    else if (c.type === "dimensions" && c.dimensions) sizes[c.id] = c.dimensions;
  }
  const s = store.getState();
  if (moves.length > 0) s.moveNodes(moves);
  if (selects.length > 0) s.select({ nodes: toggled(s.selection.nodes, selects) });
  if (Object.keys(sizes).length > 0) s.setMeasured(sizes);
}

/** Edge selection from React Flow; everything else about edges goes through the store's actions. */
export function applyEdgeChanges(store: EditorStore, changes: EdgeChange<NetFlowEdge>[]): void {
  const selects = changes.filter((c) => c.type === "select");
  if (selects.length === 0) return;
  const s = store.getState();
  s.select({ edges: toggled(s.selection.edges, selects) });
}
