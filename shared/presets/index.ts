import type { GraphDocument } from "../graph/document";
import { parseGraph } from "../graph/serialize";
import mnistJson from "./mnist.json";
import mnistCnnJson from "./mnist-cnn.json";

/** Graphs a user can start from, by name (`netloom train --preset mnist`). */
export const PRESET_NAMES = ["mnist", "mnist-cnn"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const raw: Record<PresetName, unknown> = { mnist: mnistJson, "mnist-cnn": mnistCnnJson };

/** A fresh copy of a preset graph. */
export function loadPreset(name: PresetName): GraphDocument {
  const parsed = parseGraph(structuredClone(raw[name]));
  if (!parsed.ok) throw new Error(`preset ${name} is invalid: ${parsed.errors.join("; ")}`);
  return parsed.doc;
}

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}
