import { describe, expect, it } from "vitest";
import { emptyGraph, parseGraph, parseGraphText, serializeGraph } from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";

describe("graph document", () => {
  it("round-trips the MNIST preset through text unchanged", () => {
    const doc = loadPreset("mnist");
    const text = serializeGraph(doc);
    const again = parseGraphText(text);
    expect(again.ok && again.doc).toEqual(doc);
    expect(again.ok && serializeGraph(again.doc)).toBe(text);
  });

  it("writes keys in a fixed order whatever order they were built in", () => {
    const doc = emptyGraph("order");
    doc.nodes.push({ params: { units: 3, bias: true }, position: { y: 2, x: 1 }, kind: "Linear", id: "l" } as never);
    const text = serializeGraph(doc);
    expect(Object.keys(JSON.parse(text))).toEqual(["format", "version", "meta", "nodes", "edges"]);
    expect(text.indexOf('"id"')).toBeLessThan(text.indexOf('"kind"'));
    expect(text.indexOf('"bias"')).toBeLessThan(text.indexOf('"units"'));
    expect(text.indexOf('"x"')).toBeLessThan(text.indexOf('"y"'));
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("accepts an empty graph", () => {
    expect(parseGraph(emptyGraph()).ok).toBe(true);
  });

  it.each([
    ["not JSON", "{nodes:", "json", /not valid JSON/],
    ["a list", "[]", "format", /holds a list, not an object/],
    [
      "another format",
      '{"format":"other","version":1}',
      "format",
      /expected format "netloom.graph", found format "other"/,
    ],
    [
      "a long format text, cut",
      JSON.stringify({ format: "x".repeat(5000), version: 1 }),
      "format",
      /found format "x{60}… \(5,000 characters\)"$/,
    ],
    ["a format that is no text", '{"format":{"a":1},"version":1}', "format", /found a format that is an object$/],
    ["a newer version", '{"format":"netloom.graph","version":9,"nodes":[],"edges":[]}', "version", /newer NetLoom/],
  ])("refuses %s with a clear message", (_what, text, reason, message) => {
    const result = parseGraphText(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(reason);
    expect(result.errors.join("\n")).toMatch(message);
  });

  it("names the field of every schema problem", () => {
    const doc = loadPreset("mnist") as unknown as Record<string, unknown[]>;
    const nodes = doc.nodes as Record<string, unknown>[];
    (nodes[1] as Record<string, unknown>).position = { x: "left", y: 0 };
    (nodes[2] as Record<string, unknown>).id = "has space";
    const result = parseGraph(doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe("schema");
    expect(result.errors).toContainEqual(expect.stringMatching(/^nodes\[1\]\.position\.x: .*number/));
    expect(result.errors).toContainEqual(expect.stringMatching(/^nodes\[2\]\.id: may use only letters/));
  });

  it("refuses ids every JavaScript object already has as a property, which would break lookups by id", () => {
    for (const id of ["constructor", "__proto__", "toString"]) {
      const doc = loadPreset("mnist");
      const rename = (x: string) => (x === "dataset" ? id : x);
      doc.nodes = doc.nodes.map((n) => ({ ...n, id: rename(n.id) }));
      doc.edges = doc.edges.map((e) => ({ ...e, source: rename(e.source), target: rename(e.target) }));
      const result = parseGraph(doc);
      expect(result.ok, id).toBe(false);
      expect(!result.ok && result.errors).toContainEqual(
        "nodes[0].id: must not be a name every JavaScript object has (e.g. constructor)",
      );
    }
  });

  it("refuses duplicate ids and edges to missing nodes", () => {
    const doc = loadPreset("mnist");
    doc.nodes.push({ ...(doc.nodes[0] as (typeof doc.nodes)[0]) });
    doc.edges.push({ id: "dangling", source: "ghost", sourcePort: "x", target: "relu", targetPort: "x" });
    const result = parseGraph(doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContainEqual(expect.stringMatching(/nodes\[11\]\.id: duplicate node id "dataset"/));
    expect(result.errors).toContainEqual(expect.stringMatching(/edges\[12\]\.source: refers to node "ghost"/));
  });

  /** The MNIST preset as graph-file text, with `edit` applied to its parsed JSON. */
  const presetText = (edit: (doc: { meta: Record<string, unknown>; nodes: { params: unknown }[] }) => void) => {
    const doc = JSON.parse(serializeGraph(loadPreset("mnist")));
    edit(doc);
    return JSON.stringify(doc);
  };

  it.each([
    [
      "params nested 20,000 deep (JSON.stringify would overflow on them)",
      `{"format":"netloom.graph","version":1,"nodes":[{"id":"n","kind":"Linear","position":{"x":0,"y":0},"params":${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}}],"edges":[]}`,
      /^nodes\[0\]\.params: nests deeper than 10 levels$/,
    ],
    [
      "a __proto__ key in a node's params, which an object would not keep",
      presetText((d) => {
        (d.nodes[4] as { params: string }).params = "PROTO";
      }).replace('"PROTO"', '{"units":300,"__proto__":{"units":1}}'),
      /^nodes\[4\]\.params: "__proto__" is not allowed as a key$/,
    ],
    [
      "a __proto__ key deep inside params",
      presetText((d) => {
        (d.nodes[4] as { params: string }).params = "PROTO";
      }).replace('"PROTO"', '{"units":300,"shape":[{"__proto__":1}]}'),
      /^nodes\[4\]\.params: "__proto__" is not allowed as a key$/,
    ],
    [
      "a 50 MB meta",
      presetText((d) => {
        d.meta.notes = "x".repeat(50 * 2 ** 20);
      }),
      /^meta: holds more than 100,000 characters of JSON$/,
    ],
    [
      "a __proto__ key in meta",
      presetText((d) => {
        d.meta.x = "PROTO";
      }).replace('"PROTO"', '{"__proto__":{"name":"x"}}'),
      /^meta: "__proto__" is not allowed as a key$/,
    ],
    [
      "a node kind longer than any kind's name",
      presetText((d) => {
        (d.nodes[4] as unknown as { kind: string }).kind = "K".repeat(101);
      }),
      /^nodes\[4\]\.kind: /,
    ],
  ])("refuses %s", (_what, text, message) => {
    const result = parseGraphText(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toContainEqual(expect.stringMatching(message));
  });

  it("keeps params within the limits, arrays and nested objects included", () => {
    const text = presetText((d) => {
      (d.nodes[4] as { params: Record<string, unknown> }).params = {
        units: 300,
        shape: [[[1, 2]]],
        note: "x".repeat(90_000),
      };
    });
    expect(parseGraphText(text).ok).toBe(true);
  });

  it("keeps unknown node kinds for the compiler to report, so the file still opens", () => {
    const doc = emptyGraph();
    doc.nodes.push({ id: "a", kind: "FutureLayer", position: { x: 0, y: 0 }, params: {} });
    expect(parseGraph(doc).ok).toBe(true);
  });
});
