import { isNodeKind, kindDef } from "../../../shared/catalog";
import type { GraphDocument } from "../../../shared/graph";
import { nodeSize } from "../../canvas/geometry";

/** A small drawing of a graph: each node a box in its category's colour, each connection a curve. */
export function GraphPicture({ doc }: { doc: GraphDocument }) {
  const boxes = new Map(doc.nodes.map((n) => [n.id, { ...n.position, ...nodeSize(n.kind, n.params), kind: n.kind }]));
  const all = [...boxes.values()];
  if (all.length === 0) return <svg className="nl-graph-picture" viewBox="0 0 10 10" aria-hidden="true" />;
  const pad = 24;
  const left = Math.min(...all.map((b) => b.x)) - pad;
  const top = Math.min(...all.map((b) => b.y)) - pad;
  const width = Math.max(...all.map((b) => b.x + b.width)) - left + pad;
  const height = Math.max(...all.map((b) => b.y + b.height)) - top + pad;
  return (
    <svg
      className="nl-graph-picture"
      viewBox={`${left} ${top} ${width} ${height}`}
      preserveAspectRatio="xMidYMid meet"
      aria-hidden="true"
    >
      {doc.edges.map((e) => {
        const a = boxes.get(e.source);
        const b = boxes.get(e.target);
        if (!a || !b) return null;
        const [x1, y1, x2, y2] = [a.x + a.width, a.y + a.height / 2, b.x, b.y + b.height / 2];
        const bend = Math.abs(x2 - x1) / 2;
        // A wire back to the next row runs along the gap between the rows, as on the canvas.
        const d =
          x2 < x1
            ? `M${x1},${y1} H${x1 + 16} V${(a.y + a.height + b.y) / 2} H${x2 - 16} V${y2} H${x2}`
            : `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
        return <path key={e.id} className="edge" d={d} />;
      })}
      {[...boxes].map(([id, b]) => {
        const category = isNodeKind(b.kind) ? kindDef(b.kind).category.toLowerCase() : "unknown";
        return (
          <rect key={id} className={`node cat-${category}`} x={b.x} y={b.y} width={b.width} height={b.height} rx={10} />
        );
      })}
    </svg>
  );
}
