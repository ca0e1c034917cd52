import { describe, expect, it } from "vitest";
import { compileGraph } from "../../../../shared/compile";
import { loadPreset } from "../../../../shared/presets";
import { listGraphFixtures, readGraphFixture } from "../../../helpers/fixtures";

interface Expectation {
  ok: boolean;
  errors: { nodeId: string; code: string }[];
  warnings: { nodeId: string; code: string }[];
}

const fixtures = listGraphFixtures("compile-");

describe("compileGraph on fixture graphs", () => {
  it("has fixtures to run", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
  });

  it("keeps the preset fixture equal to the shipped MNIST preset", () => {
    const fixture = readGraphFixture("compile-mnist-preset.json");
    const preset = loadPreset("mnist");
    expect({ nodes: fixture.nodes, edges: fixture.edges }).toEqual({ nodes: preset.nodes, edges: preset.edges });
  });

  for (const file of fixtures) {
    const doc = readGraphFixture(file);
    const expected = doc.meta.expect as Expectation;

    it(`${file}: ${doc.meta.description}`, () => {
      const result = compileGraph(doc);
      const errors = result.ok ? [] : result.errors;
      expect(result.ok).toBe(expected.ok);
      for (const want of expected.errors) {
        expect(errors).toContainEqual(expect.objectContaining({ ...want, severity: "error" }));
      }
      for (const want of expected.warnings) {
        expect(result.warnings).toContainEqual(expect.objectContaining({ ...want, severity: "warning" }));
      }
      // Every message is a sentence a user can act on, never a bare code or a stack.
      for (const d of [...errors, ...result.warnings]) {
        expect(d.message.length).toBeGreaterThan(15);
        expect(d.message).not.toMatch(/\bat .*:\d+:\d+|undefined|\[object/);
      }
      if (expected.ok) expect(result.warnings.map((w) => w.code)).toEqual(expected.warnings.map((w) => w.code));
    });
  }
});
