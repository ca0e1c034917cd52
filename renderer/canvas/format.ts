import { formatShape, isNodeKind, kindDef } from "../../shared/catalog";

/**
 * A param value as a node shows it inline: `300`, `on`, `SGD`, `Categorical cross-entropy`,
 * `[28, 28, 1]`; choice values by their kind's labels.
 */
export function formatParam(kind: string, key: string, value: unknown): string {
  if (typeof value === "boolean") return value ? "on" : "off";
  if (typeof value === "number") return Number.isInteger(value) ? value.toLocaleString("en-US") : String(value);
  if (typeof value === "string") {
    const labels = isNodeKind(kind) ? (kindDef(kind).labels?.[key] as Record<string, string> | undefined) : undefined;
    return labels?.[value] ?? (value === "" ? "—" : value);
  }
  if (Array.isArray(value) && value.every((v) => typeof v === "number")) return formatShape(value);
  return JSON.stringify(value);
}

/** `235200` -> `235,200 params`. */
export function formatCount(count: number): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? "param" : "params"}`;
}

/** camelCase param key -> words: `learningRate` -> `learning rate`. */
export function paramLabel(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}
