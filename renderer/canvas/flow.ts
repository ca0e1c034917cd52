import type { ReactFlowInstance } from "@xyflow/react";
import { editorStore } from "../store";
import type { NetFlowEdge, NetFlowNode } from "./toFlow";
import { fitViewport, MAX_FIT_ZOOM } from "./viewport";

let instance: ReactFlowInstance<NetFlowNode, NetFlowEdge> | null = null;

/** Keeps the canvas's React Flow instance for commands that act on the view (zoom, fit, drop). */
export function setFlow(next: ReactFlowInstance<NetFlowNode, NetFlowEdge> | null): void {
  instance = next;
}

/** The canvas's React Flow instance, once it has mounted. */
export function getFlow(): ReactFlowInstance<NetFlowNode, NetFlowEdge> | null {
  return instance;
}

/** The canvas pane's size on screen; null before the canvas is there. */
export function paneSize(): { width: number; height: number } | null {
  const pane = document.querySelector(".react-flow");
  if (!pane) return null;
  const r = pane.getBoundingClientRect();
  return { width: r.width, height: r.height };
}

/**
 * Shows every node, or as much of a large graph as stays readable ({@link fitViewport}). After a
 * load or a layout, `afterRender` waits two frames so React Flow has the new nodes; a load shows
 * them at once, a layout glides there (`duration` in ms).
 */
export function fitView(afterRender = false, duration = afterRender ? 0 : 200): void {
  const run = () => {
    const size = instance && paneSize();
    if (!instance || !size) return;
    const nodes = instance.getNodes();
    // An empty canvas starts at the origin at full size, ready for the first dropped node.
    if (nodes.length === 0) void instance.setViewport({ x: 0, y: 0, zoom: 1 });
    else void instance.setViewport(fitViewport(instance.getNodesBounds(nodes), size), { duration });
  };
  if (afterRender) requestAnimationFrame(() => requestAnimationFrame(run));
  else run();
}

/**
 * Brings some nodes into view, centred, at most at `maxZoom`, with `padding` (a fraction of the
 * pane) around them. Computed here rather than by React Flow's fitView, which waits until every
 * node is measured: with a large graph, nodes out of view never are.
 */
function showNodes(ids: readonly string[], padding: number, maxZoom: number): void {
  const size = instance && paneSize();
  if (!instance || !size) return;
  const nodes = ids.flatMap((id) => instance?.getNode(id) ?? []);
  if (nodes.length === 0) return;
  const pad = padding * Math.min(size.width, size.height);
  const view = fitViewport(instance.getNodesBounds(nodes), size, { pad, maxZoom, readable: false });
  void instance.setViewport(view, { duration: 250 });
}

/** Selects one node alone and centers the view on it, as the problems list and a failed run's "Show the node" do. */
export function revealNode(id: string): void {
  editorStore.getState().select({ nodes: [id], edges: [] });
  showNodes([id], 0.3, MAX_FIT_ZOOM);
}

/** Fits the view to some nodes: both ends of a connection, a step's stage, a run's model with its signals. */
export function focusNodes(ids: readonly string[]): void {
  showNodes(ids, 0.15, MAX_FIT_ZOOM);
}

/** The canvas point in the middle of the visible canvas, where keyboard-added nodes go. */
export function viewCenter(): { x: number; y: number } {
  const pane = document.querySelector(".react-flow");
  if (!instance || !pane) return { x: 0, y: 0 };
  const r = pane.getBoundingClientRect();
  return instance.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
}
