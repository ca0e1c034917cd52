import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultParams, kindDef, NODE_KINDS, type NodeKind } from "../../../../shared/catalog";
import { compileGraph } from "../../../../shared/compile";
import { GRAPH_FORMAT, type GraphDocument, parseGraph } from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";

const jsonValue = fc.oneof(
  fc.integer({ min: -5, max: 2_000_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.string({ maxLength: 8 }),
  fc.constant(null),
  fc.constantFrom("mnist", "csv", "sgd", "adam", "categoricalCrossentropy", "meanSquaredError", "scale"),
);

/** Params that are mostly the defaults with a few keys replaced, sometimes nonsense. */
function paramsFor(kind: string) {
  const defaults = NODE_KINDS.includes(kind as NodeKind) ? defaultParams(kind as NodeKind) : {};
  const keys = [...Object.keys(defaults), "bogus"];
  return fc.dictionary(fc.constantFrom(...keys), jsonValue, { maxKeys: 3 }).map((over) => ({ ...defaults, ...over }));
}

const kindArb = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...NODE_KINDS) },
  { weight: 1, arbitrary: fc.constant("Mystery") },
);

const graphArb = fc
  .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), { minLength: 0, maxLength: 14 })
  .chain((ids) =>
    fc
      .tuple(
        fc.tuple(...ids.map((id) => kindArb.chain((kind) => paramsFor(kind).map((params) => ({ id, kind, params }))))),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { maxLength: 24 }),
      )
      .map(([nodes, rawEdges]): GraphDocument => {
        const portsOf = (kind: string, side: "inputs" | "outputs") =>
          NODE_KINDS.includes(kind as NodeKind) ? kindDef(kind as NodeKind)[side].map((p) => p.name) : ["x"];
        const edges = nodes.length
          ? rawEdges.map(([s, t, sp, tp], i) => {
              const source = nodes[s % nodes.length] as (typeof nodes)[0];
              const target = nodes[t % nodes.length] as (typeof nodes)[0];
              const outs = [...portsOf(source.kind, "outputs"), "nope"];
              const ins = [...portsOf(target.kind, "inputs"), "nope"];
              return {
                id: `e${i}`,
                source: source.id,
                sourcePort: outs[sp % outs.length] as string,
                target: target.id,
                targetPort: ins[tp % ins.length] as string,
              };
            })
          : [];
        return {
          format: GRAPH_FORMAT,
          version: 1,
          meta: {},
          nodes: nodes.map((n, i) => ({ ...n, position: { x: i, y: 0 } })),
          edges,
        };
      }),
  );

describe("compileGraph never throws", () => {
  it("returns ok or errors for any schema-valid graph, without internal failures", () => {
    fc.assert(
      fc.property(graphArb, (doc) => {
        expect(parseGraph(doc).ok).toBe(true);
        const result = compileGraph(doc);
        expect(typeof result.ok).toBe("boolean");
        const diagnostics = [...(result.ok ? [] : result.errors), ...result.warnings];
        expect(diagnostics.filter((d) => d.code === "INTERNAL")).toEqual([]);
        if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it("survives node ids that every JavaScript object has as properties, were the schema bypassed", () => {
    for (const id of ["constructor", "__proto__", "toString", "valueOf"]) {
      const doc = loadPreset("mnist");
      const rename = (x: string) => (x === "dataset" ? id : x);
      doc.nodes = doc.nodes.map((n) => ({ ...n, id: rename(n.id) }));
      doc.edges = doc.edges.map((e) => ({ ...e, source: rename(e.source), target: rename(e.target) }));
      expect(compileGraph(doc).ok, id).toBe(true);
    }
  });

  it("survives any mutation of the MNIST preset's params and wiring", () => {
    const preset = loadPreset("mnist");
    fc.assert(
      fc.property(
        fc.nat({ max: preset.nodes.length - 1 }),
        fc.dictionary(fc.string({ maxLength: 12 }), jsonValue, { maxKeys: 2 }),
        fc.nat({ max: preset.edges.length }),
        (nodeIndex, params, dropEdge) => {
          const doc = structuredClone(preset);
          const node = doc.nodes[nodeIndex] as (typeof doc.nodes)[0];
          node.params = { ...node.params, ...params };
          doc.edges.splice(dropEdge, 1);
          const result = compileGraph(doc);
          const diagnostics = [...(result.ok ? [] : result.errors), ...result.warnings];
          expect(diagnostics.filter((d) => d.code === "INTERNAL")).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
