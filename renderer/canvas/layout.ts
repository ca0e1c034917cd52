import ELK from "elkjs/lib/elk.bundled.js";
import { isNodeKind, kindDef } from "../../shared/catalog";
import type { GraphDocument } from "../../shared/graph";
import { nodeSize, portY } from "./geometry";
import { fitZoom, type Size } from "./viewport";

const elk = new ELK();

/** The canvas of a 1440x900 window, the size NetLoom is mostly used at, less its panels. */
export const DEFAULT_PANE: Size = { width: 940, height: 750 };
/** Graphs up to this size try several row lengths; larger ones take the canvas's shape at once. */
const TRY_LIMIT = 80;
/** A layout with more rows must be this much larger on screen to be chosen. */
const BETTER = 1.03;

type Position = { id: string; position: { x: number; y: number } };

const OPTIONS = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.layered.spacing.nodeNodeBetweenLayers": "70",
  "elk.spacing.nodeNode": "36",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.separateConnectedComponents": "true",
  // A long chain is cut into rows, like text, so the graph keeps the shape of the window.
  "elk.layered.wrapping.strategy": "MULTI_EDGE",
};

/**
 * Places the nodes left to right by data flow (ELK's layered algorithm), wrapping a long chain
 * into rows, like text, when that shows the graph larger in a canvas of size `pane`: of the row
 * lengths tried, the one that fits the pane at the largest zoom wins, and the fewest rows among
 * near ties. Ports keep the catalog's order, so a Dataset's x stays above its y. Returns the new
 * top-left positions.
 */
export async function layoutGraph(
  doc: GraphDocument,
  sizes: Readonly<Record<string, Size>>,
  pane: Size = DEFAULT_PANE,
): Promise<Position[]> {
  const sizeOf = (id: string, kind: string, params: Record<string, unknown>) => sizes[id] ?? nodeSize(kind, params);
  const ratio = pane.width / Math.max(1, pane.height);
  // ELK's rows come out narrower than the aspect ratio asked for; wider asks make fewer rows.
  const asks = doc.nodes.length > TRY_LIMIT ? [ratio] : [null, 3 * ratio, 2 * ratio, 1.5 * ratio, ratio];
  let best: { zoom: number; positions: Position[] } | null = null;
  for (const ask of asks) {
    const positions = await layoutOnce(doc, sizeOf, ask);
    const boxes = positions.map(({ id, position }) => {
      const n = doc.nodes.find((m) => m.id === id);
      return { ...position, ...(n ? sizeOf(n.id, n.kind, n.params) : { width: 0, height: 0 }) };
    });
    const left = Math.min(...boxes.map((b) => b.x));
    const top = Math.min(...boxes.map((b) => b.y));
    const bounds = {
      width: Math.max(...boxes.map((b) => b.x + b.width)) - left,
      height: Math.max(...boxes.map((b) => b.y + b.height)) - top,
    };
    // Beyond full size, a larger zoom is no gain.
    const zoom = Math.min(1, fitZoom(bounds, pane));
    if (!best || zoom > best.zoom * BETTER) best = { zoom, positions };
  }
  return best?.positions ?? [];
}

/** One ELK run; `aspectRatio` null lays the graph out in one row. */
async function layoutOnce(
  doc: GraphDocument,
  sizeOf: (id: string, kind: string, params: Record<string, unknown>) => Size,
  aspectRatio: number | null,
): Promise<Position[]> {
  const children = doc.nodes.map((n) => {
    const def = isNodeKind(n.kind) ? kindDef(n.kind) : null;
    const size = sizeOf(n.id, n.kind, n.params);
    // Ports sit where the node draws them: one row each, inputs left, outputs right.
    const rowY = (i: number) => Math.min(size.height, portY(n.kind, n.params, i));
    const ports = [
      ...(def?.inputs ?? []).map((p, i) => ({ id: `${n.id}/in/${p.name}`, x: 0, y: rowY(i), width: 1, height: 1 })),
      ...(def?.outputs ?? []).map((p, i) => ({
        id: `${n.id}/out/${p.name}`,
        x: size.width - 1,
        y: rowY(i),
        width: 1,
        height: 1,
      })),
    ];
    return { id: n.id, ...size, ports, layoutOptions: { "elk.portConstraints": "FIXED_POS" } };
  });
  const portIds = new Set(children.flatMap((c) => c.ports.map((p) => p.id)));
  const edges = doc.edges
    .map((e) => ({
      id: e.id,
      sources: [`${e.source}/out/${e.sourcePort}`],
      targets: [`${e.target}/in/${e.targetPort}`],
    }))
    .filter((e) => portIds.has(e.sources[0] as string) && portIds.has(e.targets[0] as string));
  const layoutOptions =
    aspectRatio === null
      ? { ...OPTIONS, "elk.layered.wrapping.strategy": "OFF" }
      : { ...OPTIONS, "elk.aspectRatio": String(aspectRatio) };
  const laid = await elk.layout({ id: "root", layoutOptions, children, edges });
  return (laid.children ?? []).map((c) => ({
    id: c.id,
    position: { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) },
  }));
}
