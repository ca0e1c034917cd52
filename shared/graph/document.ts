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

/**
 * What a variant does to one node: gives it another kind and params (ReLU -> Tanh), or bypasses
 * it (the node is left out and its input feeds what it fed).
 */
export const zVariantChange = z.union([
  z.strictObject({
    kind: z.string().min(1, "must name a node kind"),
    params: z.record(z.string(), z.unknown()).default({}),
  }),
  z.strictObject({ bypass: z.literal(true) }),
]);

/** Most variants one graph holds, and most nodes one variant changes. */
export const MAX_VARIANTS = 50;

/**
 * A variant of the graph, trained beside it for comparison: named, it changes some nodes by id
 * (Train variants trains the graph once per variant and overlays their curves).
 */
export const zGraphVariant = z.object({
  name: z.string().min(1, "must not be empty").max(MAX_NAME_CHARS),
  nodes: z
    .record(zId, zVariantChange, {
      // The key's own message ("may use only ...") is nested where formatIssues does not look.
      error: (issue) => (issue.code === "invalid_key" ? "is not a node id (letters, digits and _ . : -)" : undefined),
    })
    .refine((nodes) => Object.keys(nodes).length <= 1000, "a variant changes at most 1000 nodes"),
});

/** The NetLoom graph document (project file), version 1. */
export const zGraphDocument = z
  .object({
    format: z.literal(GRAPH_FORMAT, { error: `must be "${GRAPH_FORMAT}"` }),
    version: z.literal(GRAPH_VERSION),
    meta: zGraphMeta.default({}),
    nodes: z.array(zGraphNode).max(10_000, "at most 10000 nodes"),
    edges: z.array(zGraphEdge).max(50_000, "at most 50000 edges"),
    /** Variants to compare, each by the nodes it changes; absent in most graphs. */
    variants: z.array(zGraphVariant).max(MAX_VARIANTS, `at most ${MAX_VARIANTS} variants`).optional(),
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
    const names = new Set<string>();
    doc.variants?.forEach((v, i) => {
      if (names.has(v.name)) {
        ctx.addIssue({ code: "custom", path: ["variants", i, "name"], message: `duplicate variant name "${v.name}"` });
      }
      names.add(v.name);
    });
  });

export type GraphNode = z.infer<typeof zGraphNode>;
export type GraphEdge = z.infer<typeof zGraphEdge>;
export type GraphMeta = z.infer<typeof zGraphMeta>;
export type GraphDocument = z.infer<typeof zGraphDocument>;
export type GraphVariant = z.infer<typeof zGraphVariant>;
export type VariantChange = z.infer<typeof zVariantChange>;

/** An empty, valid document. */
export function emptyGraph(name = "Untitled"): GraphDocument {
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, meta: { name }, nodes: [], edges: [] };
}
