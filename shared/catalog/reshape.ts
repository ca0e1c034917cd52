import { z } from "zod";
import { pyInt } from "../python";
import { reshapeStep } from "./imageSteps";
import { tensorIn, tensorOut } from "./ports";
import { formatShape, requireInput, sizeOf } from "./shapes";
import { defineKind, type Shape, ShapeError } from "./types";

/** `target` with its one -1 resolved for `size` values, or a ShapeError saying why it cannot hold them. */
function resolveShape(target: Shape, size: number): Shape {
  const unknown = target.filter((d) => d === -1).length;
  if (unknown > 1)
    throw new ShapeError("SHAPE_MISMATCH", `${formatShape(target)} has ${unknown} axes of -1; at most one is inferred`);
  if (target.some((d) => d === 0 || d < -1)) {
    throw new ShapeError(
      "SHAPE_MISMATCH",
      `${formatShape(target)} has an axis of ${target.find((d) => d === 0 || d < -1)}; sizes are whole numbers from 1, or -1 for one inferred axis`,
    );
  }
  const known = sizeOf(target.filter((d) => d !== -1));
  if (unknown === 1 && size % known === 0) return target.map((d) => (d === -1 ? size / known : d));
  if (unknown === 0 && known === size) return target;
  throw new ShapeError(
    "SHAPE_MISMATCH",
    `${formatShape(target)} holds ${unknown ? `a multiple of ${known.toLocaleString("en-US")}` : known.toLocaleString("en-US")} values, but the input has ${size.toLocaleString("en-US")}`,
  );
}

export const Reshape = defineKind({
  kind: "Reshape",
  label: "Reshape",
  category: "Layers",
  help: "Lays the same values out in a new shape, in order: [784] -> [28, 28, 1]; one axis may be -1, sized to hold the rest (Keras Reshape, PyTorch x.reshape).",
  inputs: [tensorIn],
  outputs: [tensorOut],
  params: z.strictObject({
    targetShape: z
      .array(z.int().min(-1).max(1_000_000_000))
      .min(1)
      .max(8)
      .default([28, 28, 1])
      .describe("Shape of each sample, e.g. 28, 28, 1 (target_shape); -1 for one inferred axis"),
  }),
  inline: ["targetShape"],
  inferShape: ({ params, inputs }) => ({ x: resolveShape(params.targetShape, sizeOf(requireInput(inputs, "x"))) }),
  summary: (p) => `Reshape(${formatShape(p.targetShape)})`,
  compile: {
    layer: {
      // Written resolved: TF.js leaves a -1 axis unknown until it sees data, and Flatten needs it known.
      layers: (p, shape) => [
        { className: "Reshape", config: { target_shape: [...resolveShape(p.targetShape, sizeOf(shape))] } },
      ],
      torch: {
        // Values in TF.js's order: channels last.
        layout: "channelsLast",
        code: ({ outputShape }) => ({ forward: [`x = x.reshape(len(x), ${outputShape.map(pyInt).join(", ")})`] }),
      },
      step: reshapeStep,
      import: {
        classNames: ["Reshape"],
        read: (layers, at) => ({ params: { targetShape: layers[at]?.config.target_shape } }),
      },
    },
  },
});
