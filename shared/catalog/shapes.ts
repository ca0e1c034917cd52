import { type Shape, ShapeError } from "./types";

/** Elements in one sample of this shape. */
export function sizeOf(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** `[28, 28]` -> `"[28, 28]"`; the notation used in every message and on the canvas. */
export function formatShape(shape: Shape | undefined): string {
  return shape ? `[${shape.join(", ")}]` : "[?]";
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The shape at `port`, or throws when a required port has nothing connected. */
export function requireInput(inputs: Readonly<Record<string, Shape | undefined>>, port: string): Shape {
  const shape = inputs[port];
  if (!shape) throw new ShapeError("UNCONNECTED", `input "${port}" is not connected`);
  return shape;
}

/** Refuses anything but a flat `[n]` input, pointing at Flatten. */
export function requireFlat(shape: Shape, what: string): number {
  if (shape.length !== 1) {
    throw new ShapeError(
      "NOT_FLAT",
      `${what} takes a flat vector but receives ${formatShape(shape)}; add a Flatten before it`,
    );
  }
  return shape[0] as number;
}

/** A shape passed through unchanged (activations, Dropout, Normalize). */
export function passThrough(port = "x") {
  return ({ inputs }: { inputs: Readonly<Record<string, Shape | undefined>> }): Record<string, Shape> => ({
    [port]: requireInput(inputs, port),
  });
}
