import { isNodeKind, kindDef } from "../../shared/catalog";
import { portTypeProblem } from "../../shared/compile";
import type { GraphDocument } from "../../shared/graph";

/** React Flow handle ids: inputs and outputs may share a port name (Flatten's `x`), so they are prefixed. */
export function inHandle(port: string): string {
  return `in:${port}`;
}
/** The handle id of an output port. */
export function outHandle(port: string): string {
  return `out:${port}`;
}
/** The port name of a handle id, or null when it is not one of ours. */
export function portOf(handle: string | null | undefined, side: "in" | "out"): string | null {
  const prefix = `${side}:`;
  return handle?.startsWith(prefix) ? handle.slice(prefix.length) : null;
}

/** A connection the user asks for, by node id and port name. */
export interface Wire {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

function kindOf(doc: GraphDocument, id: string) {
  const kind = doc.nodes.find((n) => n.id === id)?.kind;
  return kind && isNodeKind(kind) ? kindDef(kind) : null;
}

/** Whether `to` can be reached from `from` along edges: then `to -> from` would close a loop. */
function reaches(doc: GraphDocument, from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of doc.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}

/**
 * Why this connection is refused, in words for the user, or null when it may be made. An input
 * that is already connected is not a refusal: the new connection replaces the old one.
 */
export function connectionProblem(doc: GraphDocument, wire: Wire): string | null {
  const from = kindOf(doc, wire.source);
  const to = kindOf(doc, wire.target);
  if (!from || !to) return "connect two known nodes";
  if (wire.source === wire.target) return "a node cannot connect to itself";
  const out = from.outputs.find((p) => p.name === wire.sourcePort);
  const inp = to.inputs.find((p) => p.name === wire.targetPort);
  if (!out) return `${from.label} has no output "${wire.sourcePort}"`;
  if (!inp) return `${to.label} has no input "${wire.targetPort}"`;
  const typeProblem = portTypeProblem(out.types, inp.types);
  if (typeProblem) return `${from.label}.${out.label} cannot connect to ${to.label}.${inp.label}: ${typeProblem}`;
  if (reaches(doc, wire.target, wire.source)) return `${to.label} already feeds ${from.label}; this would make a loop`;
  return null;
}
