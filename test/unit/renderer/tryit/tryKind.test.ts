import { describe, expect, it } from "vitest";
import { runData } from "../../../../renderer/training/select";
import type { TrainingRun } from "../../../../renderer/training/types";
import { tryKind } from "../../../../renderer/tryit/tryKind";
import { BUILTIN_DATASETS } from "../../../../shared/catalog";
import type { GraphDocument } from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";

/** A run of the MNIST preset with its Dataset node reading `source` instead. */
function runOn(source: string, extra: Record<string, unknown> = {}): TrainingRun {
  const preset = loadPreset("mnist");
  const doc: GraphDocument = {
    ...preset,
    nodes: preset.nodes.map((n) => (n.kind === "Dataset" ? { ...n, params: { ...n.params, source, ...extra } } : n)),
  };
  return { doc } as TrainingRun;
}

describe("how a trained model is tried", () => {
  it("draws digits only for MNIST", () => {
    const data = runData(runOn("mnist"));
    expect(data && tryKind(data)).toBe("digit-pad");
  });

  it("offers Fashion-MNIST's test images instead of a digit pad, though its images are 28x28 too", () => {
    const data = runData(runOn("fashion-mnist"));
    expect(data?.image).toEqual({ height: 28, width: 28 });
    expect(data && tryKind(data)).toBe("test-images");
  });

  it("offers test images for other image data, and a row form for data that is no image", () => {
    const idx = { ...BUILTIN_DATASETS.mnist, xShape: [28, 28] } as never;
    const data = runData(runOn("idx", { path: "/d/images", labelsPath: "/d/labels" }), { dataset: idx });
    expect(data && tryKind(data)).toBe("test-images");
    expect(tryKind({ source: "csv", image: null })).toBe("row");
  });
});
