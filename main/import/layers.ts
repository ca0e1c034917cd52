import {
  catalog,
  type ImportMatch,
  type KerasLayerIn,
  layerRule,
  NODE_KINDS,
  type NodeKind,
  parseParams,
} from "../../shared/catalog";
import { formatParamIssues } from "../../shared/compile";
import { quoteFromFile } from "../../shared/quote";

/** One NetLoom node made from one or more Keras layers of an imported model. */
export interface ImportedNode {
  kind: NodeKind;
  params: Record<string, unknown>;
  /** The Keras layer names this node came from, in order, for ids and weight names. */
  from: string[];
}

export type KerasLayer = KerasLayerIn;

/** A Keras class name as written (`Conv2D`) when it is one, else quoted or described. */
function className(name: string): string {
  return /^\w{1,60}$/.test(name) ? name : quoteFromFile(name);
}

/** Each kind's import rule, from the catalog. */
const RULES = NODE_KINDS.flatMap((kind) => {
  const rule = layerRule(kind)?.import;
  return rule ? [{ kind, rule }] : [];
});

/** Layer classes NetLoom can import, for the error that names an unknown one. */
export const IMPORTABLE = [...new Set(["InputLayer", "Activation", ...RULES.flatMap((r) => r.rule.classNames)])].sort();

export function layerName(layer: KerasLayer): string {
  return String(layer.config.name ?? layer.name ?? layer.class_name);
}

/** The node an activation name (`"relu"`) stands for; null for `linear`, a message when NetLoom lacks it. */
function activationNode(value: unknown, from: string): ImportedNode | null | string {
  const name = typeof value === "string" ? value : "linear";
  if (name === "linear") return null;
  const found = RULES.find((r) => r.rule.activation === name);
  if (!found)
    return `layer ${quoteFromFile(from)} uses the activation ${quoteFromFile(name)}, which NetLoom does not have`;
  return { kind: found.kind, params: catalog[found.kind].params.parse({}) as Record<string, unknown>, from: [from] };
}

/** The match of the rule that takes the most layers from `at` on, or undefined when no rule takes them. */
function bestMatch(layers: readonly KerasLayer[], at: number) {
  const layer = layers[at] as KerasLayer;
  let best: { kind: NodeKind; match: ImportMatch<Record<string, unknown>> } | undefined;
  for (const { kind, rule } of RULES) {
    if (!rule.classNames.includes(layer.class_name)) continue;
    const match = rule.read ? rule.read(layers, at) : { params: {} };
    if (!match) continue;
    const size = "error" in match ? 0 : (match.consumed ?? 1);
    const bestSize = !best || "error" in best.match ? 0 : (best.match.consumed ?? 1);
    if (!best || size > bestSize) best = { kind, match };
  }
  return best;
}

/** Maps a chain of Keras layers to NetLoom nodes, or names each layer it cannot map and why. */
export function nodesFromLayers(layers: KerasLayer[]): { nodes: ImportedNode[]; errors: string[] } {
  const nodes: ImportedNode[] = [];
  const errors: string[] = [];
  const addActivation = (value: unknown, from: string) => {
    const node = activationNode(value, from);
    if (typeof node === "string") errors.push(node);
    else if (node) nodes.push(node);
  };
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i] as KerasLayer;
    const name = layerName(layer);
    if (layer.class_name === "InputLayer") continue;
    if (layer.class_name === "Activation") {
      addActivation(layer.config.activation, name);
      continue;
    }
    const best = bestMatch(layers, i);
    if (!best) {
      errors.push(
        `layer ${quoteFromFile(name)} is a ${className(layer.class_name)}, which NetLoom cannot import (it knows ${IMPORTABLE.join(", ")})`,
      );
      continue;
    }
    if ("error" in best.match) {
      errors.push(`layer ${quoteFromFile(name)} ${best.match.error}`);
      continue;
    }
    const consumed = best.match.consumed ?? 1;
    const parsed = parseParams(best.kind, best.match.params);
    if (!parsed.ok) {
      errors.push(`layer ${quoteFromFile(name)} (${best.kind}): ${formatParamIssues(parsed.error)}`);
    } else {
      const from = layers.slice(i, i + consumed).map(layerName);
      nodes.push({ kind: best.kind, params: parsed.value.params, from });
    }
    if (best.match.activation !== undefined) addActivation(best.match.activation, name);
    i += consumed - 1;
  }
  return { nodes, errors };
}
