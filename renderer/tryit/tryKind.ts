import type { RunData } from "../training/select";
import { MNIST_SIDE } from "./mnistInput";

/**
 * How a run's model is tried: drawing a digit, preprocessed as MNIST's digits were, only for
 * MNIST; picking one of the test images for other image data (Fashion-MNIST's clothes are not
 * drawn, nor centred like digits); a form for one input row otherwise.
 */
export function tryKind(data: Pick<RunData, "source" | "image">): "digit-pad" | "test-images" | "row" {
  const { image } = data;
  if (!image) return "row";
  const side = image.width === MNIST_SIDE && image.height === MNIST_SIDE;
  return data.source === "mnist" && side ? "digit-pad" : "test-images";
}
