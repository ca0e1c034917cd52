import type { PortDef } from "./types";

/** A model-side tensor port named `x`, the Keras/PyTorch name for a layer's input. */
export const tensorIn: PortDef = { name: "x", label: "x", types: ["tensor"] };
export const tensorOut: PortDef = { name: "x", label: "x", types: ["tensor"] };
export const dataIn: PortDef = { name: "x", label: "x", types: ["data"] };
export const dataOut: PortDef = { name: "x", label: "x", types: ["data"] };
