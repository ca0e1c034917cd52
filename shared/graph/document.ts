import { z } from "zod";
import { MAX_META_CHARS, MAX_PARAM_DEPTH, withinJsonLimits, zNodeParams } from "./limits";

/** The `format` tag every NetLoom graph file starts with. */
export const GRAPH_FORMAT = "netloom.graph";
/** The document version this build writes. Older versions are migrated on load. */
export const GRAPH_VERSION = 1;

/** Node and edge ids: short, printable, safe as Keras layer-name suffixes. */
export const zId = z
  .string()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(/^[A-Za-z0-9_.:-]+$/, "may use only letters, digits and _ . : -")
  // Ids key plain objects throughout (shapes, params, data files by node): a name every object
  // already has, like "constructor", would be found there before it was set.
  .refine(
    (id) => !Object.hasOwn(Object.prototype, id),
    "must not be a name every JavaScript object has (e.g. constructor)",
  );

/** A canvas position in flow coordinates. */
export const zPosition = z.object({ x: z.number(), y: z.number() });

/**
 * One node of the graph. `params` is validated against the node kind's catalog schema by the
 * compiler, so a bad value becomes an error on that node instead of a file that will not open.
 */
/** Longest node label and graph name, in characters. */
export const MAX_NAME_CHARS = 200;
/** Longest graph description, in characters. */
export const MAX_DESCRIPTION_CHARS = 10_000;

export const zGraphNode = z.object({
  id: zId,
  kind: z.string().min(1, "must name a node kind").max(100),
  label: z.string().max(MAX_NAME_CHARS).optional(),
  position: zPosition,
  params: zNodeParams.default({}),
});

/** A connection from an output port of `source` to an input port of `target`. */
export const zGraphEdge = z.object({
  id: zId,
  source: zId,
  sourcePort: z.string().min(1).max(100),
  target: zId,
  targetPort: z.string().min(1).max(100),
});

/** Free-form document metadata; `name` and `description` are shown by the app. */
export const zGraphMeta = withinJsonLimits(
  z.looseObject({
    name: z.string().max(MAX_NAME_CHARS).optional(),
    description: z.string().max(MAX_DESCRIPTION_CHARS).optional(),
  }),
  MAX_PARAM_DEPTH,
  MAX_META_CHARS,
);

/** The NetLoom graph document (project file), version 1. */
export const zGraphDocument = z
  .object({
    format: z.literal(GRAPH_FORMAT, { error: `must be "${GRAPH_FORMAT}"` }),
    version: z.literal(GRAPH_VERSION),
    meta: zGraphMeta.default({}),
    nodes: z.array(zGraphNode).max(10_000, "at most 10000 nodes"),
    edges: z.array(zGraphEdge).max(50_000, "at most 50000 edges"),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.nodes.forEach((n, i) => {
      if (seen.has(n.id)) {
        ctx.addIssue({ code: "custom", path: ["nodes", i, "id"], message: `duplicate node id "${n.id}"` });
      }
      seen.add(n.id);
    });
    const edgeIds = new Set<string>();
    doc.edges.forEach((e, i) => {
      if (edgeIds.has(e.id)) {
        ctx.addIssue({ code: "custom", path: ["edges", i, "id"], message: `duplicate edge id "${e.id}"` });
      }
      edgeIds.add(e.id);
      for (const end of ["source", "target"] as const) {
        if (!seen.has(e[end])) {
          ctx.addIssue({
            code: "custom",
            path: ["edges", i, end],
            message: `refers to node "${e[end]}", which is not in the graph`,
          });
        }
      }
    });
  });

export type GraphNode = z.infer<typeof zGraphNode>;
export type GraphEdge = z.infer<typeof zGraphEdge>;
export type GraphMeta = z.infer<typeof zGraphMeta>;
export type GraphDocument = z.infer<typeof zGraphDocument>;

/** An empty, valid document. */
export function emptyGraph(name = "Untitled"): GraphDocument {
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, meta: { name }, nodes: [], edges: [] };
}
