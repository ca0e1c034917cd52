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

const SUPERSCRIPT: Record<string, string> = {
  "-": "⁻",
  0: "⁰",
  1: "¹",
  2: "²",
  3: "³",
  4: "⁴",
  5: "⁵",
  6: "⁶",
  7: "⁷",
  8: "⁸",
  9: "⁹",
};

/** A number in 3 significant digits, or 2 with a power of ten for the very small or large: a node is narrow. */
export function compact(v: number): string {
  const a = Math.abs(v);
  if (!Number.isFinite(v)) return String(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) {
    const [mantissa, exponent = "0"] = v.toExponential(1).split("e");
    return `${mantissa}·10${[...exponent.replace("+", "")].map((c) => SUPERSCRIPT[c] ?? c).join("")}`;
  }
  return String(Number(v.toPrecision(3)));
}
