import { LOSS_LABELS, OPTIMIZER_LABELS } from "../../shared/catalog";

const ENUM_LABELS: Record<string, Record<string, string>> = {
  loss: LOSS_LABELS,
  optimizer: OPTIMIZER_LABELS,
  source: { mnist: "MNIST", "fashion-mnist": "Fashion-MNIST", csv: "CSV", idx: "IDX" },
};

/** A param value as a node shows it inline: `300`, `on`, `SGD`, `Categorical cross-entropy`. */
export function formatParam(key: string, value: unknown): string {
  if (typeof value === "boolean") return value ? "on" : "off";
  if (typeof value === "number") return Number.isInteger(value) ? value.toLocaleString("en-US") : String(value);
  if (typeof value === "string") return ENUM_LABELS[key]?.[value] ?? (value === "" ? "—" : value);
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
