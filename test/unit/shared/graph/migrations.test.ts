import { describe, expect, it } from "vitest";
import { GRAPH_FORMAT, MIGRATIONS, type Migration, migrate } from "../../../../shared/graph";

/** A made-up history of three versions, to exercise the migration runner. */
const history: Migration[] = [
  {
    name: "v1-to-v2: rename links to edges",
    from: 1,
    up: ({ links, ...rest }) => ({ ...rest, edges: links }),
  },
  {
    name: "v2-to-v3: add meta",
    from: 2,
    up: (doc) => ({ ...doc, meta: { name: "migrated" } }),
  },
];

describe("graph migrations", () => {
  it("every shipped migration steps one version up, in order", () => {
    MIGRATIONS.forEach((m, i) => {
      expect(m.from).toBe(i + 1);
    });
  });

  it("leaves a current document as it is", () => {
    const doc = { format: GRAPH_FORMAT, version: 1, nodes: [], edges: [] };
    expect(migrate(doc)).toEqual({ ok: true, doc, applied: [] });
  });

  it("applies each step in order and records its name", () => {
    const result = migrate({ format: GRAPH_FORMAT, version: 1, nodes: [], links: [1] }, history, 3);
    expect(result).toEqual({
      ok: true,
      doc: { format: GRAPH_FORMAT, version: 3, nodes: [], edges: [1], meta: { name: "migrated" } },
      applied: ["v1-to-v2: rename links to edges", "v2-to-v3: add meta"],
    });
  });

  it("starts from the file's own version", () => {
    const result = migrate({ format: GRAPH_FORMAT, version: 2, edges: [] }, history, 3);
    expect(result.ok && result.applied).toEqual(["v2-to-v3: add meta"]);
  });

  it("refuses files from a newer NetLoom, naming both versions", () => {
    const result = migrate({ format: GRAPH_FORMAT, version: 4 }, history, 3);
    expect(result).toMatchObject({ ok: false, reason: "version" });
    expect(!result.ok && result.message).toMatch(/graph version 4.*up to 3/);
  });

  it("refuses a gap in the history", () => {
    const result = migrate({ format: GRAPH_FORMAT, version: 1 }, [history[1] as Migration], 3);
    expect(!result.ok && result.message).toBe("no migration from graph version 1 to 2");
  });

  it.each([
    [null],
    [42],
    [{ version: 1 }],
    [{ format: GRAPH_FORMAT, version: "1" }],
    [{ format: GRAPH_FORMAT, version: 0 }],
  ])("refuses %j", (raw) => {
    expect(migrate(raw).ok).toBe(false);
  });
});
