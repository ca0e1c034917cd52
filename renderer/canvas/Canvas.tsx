import {
  Background,
  type Connection,
  Controls,
  type EdgeChange,
  type FinalConnectionState,
  MiniMap,
  type NodeChange,
  ReactFlow,
} from "@xyflow/react";
import { type DragEvent, useCallback, useMemo } from "react";
import { editorStore, useEditor } from "../store";
import { analyze } from "../store/analysis";
import { connectionProblem, portOf, type Wire } from "../store/connect";
import { beginGesture, endGesture } from "../store/history";
import { applyEdgeChanges, applyNodeChanges } from "./changes";
import { getFlow, setFlow } from "./flow";
import { NetNode } from "./NetNode";
import { PALETTE_MIME } from "./palette";
import { ShapeEdge } from "./ShapeEdge";
import { edgeConverter, type NetFlowEdge, type NetFlowNode, nodeConverter } from "./toFlow";

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

const minimapClass = (node: { id: string }) =>
  `status-${analyze(editorStore.getState().doc, editorStore.getState().dataFiles).nodes.get(node.id)?.status ?? "ok"}`;

/** The node-graph canvas: drop target of the palette, wiring, selection, drag, minimap. */
export function Canvas() {
  const doc = useEditor((s) => s.doc);
  const selection = useEditor((s) => s.selection);
  const measured = useEditor((s) => s.measured);
  const toNodes = useMemo(nodeConverter, []);
  const toEdges = useMemo(edgeConverter, []);
  const nodes = useMemo(
    () => toNodes(doc.nodes, new Set(selection.nodes), measured),
    [toNodes, doc.nodes, selection.nodes, measured],
  );
  const edges = useMemo(() => toEdges(doc.edges, new Set(selection.edges)), [toEdges, doc.edges, selection.edges]);

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
  }, []);
  const onDrop = useCallback((e: DragEvent) => {
    const kind = e.dataTransfer.getData(PALETTE_MIME);
    const flow = getFlow();
    if (!kind || !flow) return;
    e.preventDefault();
    const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    editorStore.getState().addNode(kind, { x: at.x - 90, y: at.y - 20 });
  }, []);
  const onNodesChange = useCallback((c: NodeChange<NetFlowNode>[]) => applyNodeChanges(editorStore, c), []);
  const onEdgesChange = useCallback((c: EdgeChange<NetFlowEdge>[]) => applyEdgeChanges(editorStore, c), []);
  const startGesture = useCallback(() => beginGesture(editorStore), []);
  const stopGesture = useCallback(() => endGesture(editorStore), []);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the palette's drop target; keyboard users add nodes with Enter in the palette
    <div className="nl-canvas" onDragOver={onDragOver} onDrop={onDrop}>
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
        onNodeDragStop={stopGesture}
        onSelectionDragStart={startGesture}
        onSelectionDragStop={stopGesture}
        onInit={setFlow}
        deleteKeyCode={null}
        colorMode="system"
        minZoom={0.05}
        maxZoom={2.5}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1.2 }}
      >
        <Background gap={24} />
        <MiniMap pannable zoomable nodeClassName={minimapClass} />
        <Controls />
      </ReactFlow>
    </div>
  );
}
