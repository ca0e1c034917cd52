import ELK from "elkjs/lib/elk.bundled.js";
import { isNodeKind, kindDef } from "../../shared/catalog";
import type { GraphDocument } from "../../shared/graph";

/** The size assumed for a node React Flow has not measured yet. */
export const DEFAULT_NODE_SIZE = { width: 172, height: 110 };

const elk = new ELK();
/** Where a node's first port row is, and the height of a row (see canvas.css). */
const PORTS_TOP = 48;
const PORT_ROW = 22;

const OPTIONS = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.layered.spacing.nodeNodeBetweenLayers": "70",
  "elk.spacing.nodeNode": "40",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.separateConnectedComponents": "true",
};

/**
 * Places the nodes left to right by data flow (ELK's layered algorithm). Ports keep the
 * catalog's order, so a Dataset's x stays above its y. Returns the new top-left positions.
 */
export async function layoutGraph(
  doc: GraphDocument,
  sizes: Readonly<Record<string, { width: number; height: number }>>,
): Promise<Array<{ id: string; position: { x: number; y: number } }>> {
  const children = doc.nodes.map((n) => {
    const def = isNodeKind(n.kind) ? kindDef(n.kind) : null;
    const size = sizes[n.id] ?? DEFAULT_NODE_SIZE;
    // Ports sit where the node draws them: one row each, inputs left, outputs right.
    const rowY = (i: number) => Math.min(size.height, PORTS_TOP + i * PORT_ROW);
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
  const laid = await elk.layout({ id: "root", layoutOptions: OPTIONS, children, edges });
  return (laid.children ?? []).map((c) => ({
    id: c.id,
    position: { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) },
  }));
}
