import {
  Background,
  type Connection,
  ControlButton,
  Controls,
  type EdgeChange,
  type FinalConnectionState,
  MiniMap,
  type NodeChange,
  type OnNodeDrag,
  ReactFlow,
  useStore,
} from "@xyflow/react";
import { type DragEvent, type MouseEvent as ReactMouseEvent, useCallback, useMemo, useState } from "react";
import { editorStore, useEditor } from "../store";
import { analyze } from "../store/analysis";
import { connectionProblem, portOf, type Wire } from "../store/connect";
import { beginGesture, endGesture } from "../store/history";
import { applyEdgeChanges, applyNodeChanges } from "./changes";
import { fitView, getFlow, setFlow } from "./flow";
import { NetNode } from "./NetNode";
import { type MenuAt, NodeMenu } from "./NodeMenu";
import { PALETTE_MIME } from "./palette";
import { ShapeEdge } from "./ShapeEdge";
import { edgeConverter, type NetFlowEdge, type NetFlowNode, nodeConverter } from "./toFlow";
import { wireAt, wireUnderNode } from "./wireAt";

const nodeTypes = { net: NetNode };
const edgeTypes = { shape: ShapeEdge };

function toWire(c: Pick<Connection, "source" | "target" | "sourceHandle" | "targetHandle">): Wire | null {
  const sourcePort = portOf(c.sourceHandle, "out");
  const targetPort = portOf(c.targetHandle, "in");
  if (!sourcePort || !targetPort) return null;
  return { source: c.source, sourcePort, target: c.target, targetPort };
}

/** Says why a connection dropped on a port was refused; React Flow only knows that it was. */
function explainRefusal(_e: MouseEvent | TouchEvent, state: FinalConnectionState): void {
  if (state.isValid !== false || !state.toHandle || !state.fromHandle) return;
  const { notify, doc } = editorStore.getState();
  if (state.fromHandle.type === state.toHandle.type) {
    notify("error", "connect an output (right side of a node) to an input (left side)");
    return;
  }
  const [out, inp] =
    state.fromHandle.type === "source" ? [state.fromHandle, state.toHandle] : [state.toHandle, state.fromHandle];
  const wire = toWire({
    source: out.nodeId,
    sourceHandle: out.id ?? null,
    target: inp.nodeId,
    targetHandle: inp.id ?? null,
  });
  const reason = wire ? connectionProblem(doc, wire) : "these ports cannot be connected";
  if (reason) notify("error", reason);
}

/**
 * From this many nodes React Flow draws only the nodes and connections in view (and those it has
 * not measured yet: the canvas gives them their size from geometry.ts). Smaller graphs are drawn
 * whole, so every node stays in the page for find-in-page and screen readers.
 */
const VISIBLE_ONLY_FROM = 100;

/** Below this zoom shapes on wires are too small to read; hiding them keeps a zoomed-out 300-node graph fast. */
const FAR_ZOOM = 0.5;
/**
 * Below this canvas height (pixels) the minimap (150 px tall) would cover a third of the graph,
 * as when the Train panel is open on a 900 px screen: it is left out until there is room.
 */
const MINIMAP_MIN_HEIGHT = 480;

const minimapClass = (node: { id: string }) =>
  `status-${analyze(editorStore.getState().doc, editorStore.getState().dataFiles).nodes.get(node.id)?.status ?? "ok"}`;

/** Four corners of a frame: the fit-view button's icon (Fit view keeps the graph readable, see flow.ts). */
function FitIcon() {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true">
      <path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4" fill="none" stroke="currentColor" strokeWidth="2" />
    </svg>
  );
}

/** The node-graph canvas: drop target of the palette, wiring, selection, drag (onto wires too), node menu, minimap. */
export function Canvas() {
  const doc = useEditor((s) => s.doc);
  const large = doc.nodes.length >= VISIBLE_ONLY_FROM;
  const selection = useEditor((s) => s.selection);
  const measured = useEditor((s) => s.measured);
  const toNodes = useMemo(nodeConverter, []);
  const toEdges = useMemo(edgeConverter, []);
  const nodes = useMemo(
    () => toNodes(doc.nodes, new Set(selection.nodes), measured),
    [toNodes, doc.nodes, selection.nodes, measured],
  );
  // The wire a node would go onto if dropped now, drawn highlighted.
  const [dropWire, setDropWire] = useState<string | null>(null);
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const edges = useMemo(() => {
    const flow = toEdges(doc.edges, new Set(selection.edges));
    return dropWire ? flow.map((e) => (e.id === dropWire ? { ...e, className: "nl-drop-target" } : e)) : flow;
  }, [toEdges, doc.edges, selection.edges, dropWire]);

  const onConnect = useCallback((c: Connection) => {
    const wire = toWire(c);
    if (!wire) return;
    const result = editorStore.getState().connect(wire);
    if (!result.ok) editorStore.getState().notify("error", result.reason);
  }, []);
  const isValidConnection = useCallback(
    (
      c: Connection | { source: string; target: string; sourceHandle?: string | null; targetHandle?: string | null },
    ) => {
      const wire = toWire({ ...c, sourceHandle: c.sourceHandle ?? null, targetHandle: c.targetHandle ?? null });
      return wire !== null && connectionProblem(editorStore.getState().doc, wire) === null;
    },
    [],
  );
  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
    setDropWire(wireAt(e.clientX, e.clientY));
  }, []);
  const onDragLeave = useCallback(() => setDropWire(null), []);
  const onDrop = useCallback((e: DragEvent) => {
    setDropWire(null);
    const kind = e.dataTransfer.getData(PALETTE_MIME);
    const flow = getFlow();
    if (!kind || !flow) return;
    e.preventDefault();
    const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    const wire = wireAt(e.clientX, e.clientY);
    const s = editorStore.getState();
    const added = s.addNodeLinked(kind, { x: at.x - 86, y: at.y - 20 }, wire ? { edge: wire } : null);
    if (wire && !added.linked)
      s.notify("error", "the new node's ports do not fit that connection; it was added beside it");
  }, []);
  const onNodeDrag: OnNodeDrag<NetFlowNode> = useCallback((e, _node, dragged) => {
    setDropWire(dragged.length === 1 && dragged[0] ? wireUnderNode(dragged[0].id, e) : null);
  }, []);
  const onNodeDragStop: OnNodeDrag<NetFlowNode> = useCallback((e, _node, dragged) => {
    setDropWire(null);
    const id = dragged.length === 1 ? dragged[0]?.id : undefined;
    const wire = id ? wireUnderNode(id, e) : null;
    // Inside the drag's gesture, so the move and the insertion are one undo step.
    if (id && wire && !editorStore.getState().insertIntoEdge(id, wire)) {
      editorStore.getState().notify("error", "this node's ports do not fit that connection");
    }
    endGesture(editorStore);
  }, []);
  const onNodeContextMenu = useCallback((e: ReactMouseEvent, node: NetFlowNode) => {
    e.preventDefault();
    editorStore.getState().select({ nodes: [node.id], edges: [] });
    setMenu({ nodeId: node.id, x: e.clientX, y: e.clientY });
  }, []);
  const closeMenu = useCallback(() => setMenu(null), []);
  const onNodesChange = useCallback((c: NodeChange<NetFlowNode>[]) => applyNodeChanges(editorStore, c), []);
  const onEdgesChange = useCallback((c: EdgeChange<NetFlowEdge>[]) => applyEdgeChanges(editorStore, c), []);
  const startGesture = useCallback(() => beginGesture(editorStore), []);
  const stopGesture = useCallback(() => endGesture(editorStore), []);
  const far = useStore((s) => s.transform[2] < FAR_ZOOM);
  const roomy = useStore((s) => s.height >= MINIMAP_MIN_HEIGHT);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the palette's drop target; keyboard users add nodes with Enter in the palette
    <div
      className={far ? "nl-canvas far" : "nl-canvas"}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={explainRefusal}
        isValidConnection={isValidConnection}
        onNodeDragStart={startGesture}
        onNodeDrag={onNodeDrag}
        onNodeDragStop={onNodeDragStop}
        onNodeContextMenu={onNodeContextMenu}
        onSelectionDragStart={startGesture}
        onSelectionDragStop={stopGesture}
        onInit={setFlow}
        deleteKeyCode={null}
        colorMode="system"
        minZoom={0.05}
        maxZoom={2.5}
        onlyRenderVisibleElements={large}
      >
        <Background gap={24} />
        {roomy && <MiniMap pannable zoomable nodeClassName={minimapClass} />}
        <Controls showFitView={false}>
          <ControlButton onClick={() => fitView()} title="Fit view" aria-label="Fit view">
            <FitIcon />
          </ControlButton>
        </Controls>
      </ReactFlow>
      {menu && <NodeMenu at={menu} onClose={closeMenu} />}
    </div>
  );
}
