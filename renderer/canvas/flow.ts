import type { ReactFlowInstance } from "@xyflow/react";
import { editorStore } from "../store";
import type { NetFlowEdge, NetFlowNode } from "./toFlow";

let instance: ReactFlowInstance<NetFlowNode, NetFlowEdge> | null = null;

/** Keeps the canvas's React Flow instance for commands that act on the view (zoom, fit, drop). */
export function setFlow(next: ReactFlowInstance<NetFlowNode, NetFlowEdge> | null): void {
  instance = next;
}

/** The canvas's React Flow instance, once it has mounted. */
export function getFlow(): ReactFlowInstance<NetFlowNode, NetFlowEdge> | null {
  return instance;
}

/** Shows every node; after a load, waits a frame so React Flow has measured the new nodes. */
export function fitView(afterRender = false): void {
  const run = () => {
    if (!instance) return;
    // An empty canvas starts at the origin at full size, ready for the first dropped node.
    if (instance.getNodes().length === 0) void instance.setViewport({ x: 0, y: 0, zoom: 1 });
    else void instance.fitView({ padding: 0.15, duration: afterRender ? 0 : 200, maxZoom: 1.2 });
  };
  if (afterRender) requestAnimationFrame(() => requestAnimationFrame(run));
  else run();
}

/** Selects one node alone and centers the view on it, as the problems list and a failed run's "Show the node" do. */
export function revealNode(id: string): void {
  editorStore.getState().select({ nodes: [id], edges: [] });
  void instance?.fitView({ nodes: [{ id }], padding: 0.6, duration: 250, maxZoom: 1.2 });
}

/** Fits the view to some nodes: both ends of a connection, for the problems list. */
export function focusNodes(ids: readonly string[]): void {
  void instance?.fitView({ nodes: ids.map((id) => ({ id })), padding: 0.3, duration: 250, maxZoom: 1.2 });
}

/** The canvas point in the middle of the visible canvas, where keyboard-added nodes go. */
export function viewCenter(): { x: number; y: number } {
  const pane = document.querySelector(".react-flow");
  if (!instance || !pane) return { x: 0, y: 0 };
  const r = pane.getBoundingClientRect();
  return instance.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
}
