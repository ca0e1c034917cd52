import { type NodeHandle, Position } from "@xyflow/react";
import { isNodeKind, type KindDef, kindDef, type NodeKind, paramCount, parseParams } from "../../shared/catalog";
import { inHandle, outHandle } from "../store/connect";

/**
 * A node's box as canvas.css draws it, in canvas pixels. The canvas uses it for nodes React Flow
 * has not measured yet (those it has not drawn), so a graph opens without drawing every node
 * first; auto-layout uses it too. Keep these in step with canvas.css (the editor's end-to-end
 * test compares them with what Chromium draws).
 */
export const NODE_WIDTH = 172;
/** The coloured top border; the other sides are 1px. */
const BORDER_TOP = 4;
const BORDER = 1;
/** Title: 6px padding, an 18px line, 2px padding. */
const TITLE = 26;
/** The "training" line while a run uses the node, one inline param, one port row. */
const LINE = 16;
export const PORT_ROW = 22;
/** Padding above and below the port rows. */
const PORTS_PAD = 4;
/** The parameter count line with its bottom padding. */
const COUNT = 22;
/** A handle's box (10px, border included), centred on the node's edge. */
const HANDLE = 10;

/** The inline params a node shows: the kind's, less those hidden for these values or unset. */
export function inlineKeys(def: KindDef, params: Record<string, unknown>): string[] {
  const hidden = new Set(def.hidden?.(params) ?? []);
  return def.inline.filter((k) => !hidden.has(k) && params[k] !== undefined);
}

/** The y of the top of port row `row`, from the node's top edge. */
function rowTop(def: KindDef, params: Record<string, unknown>, row: number): number {
  return BORDER_TOP + TITLE + inlineKeys(def, params).length * LINE + PORTS_PAD + row * PORT_ROW;
}

/** Where a node's port `row` connects, from its top edge: the middle of the row. */
export function portY(kind: string, params: Record<string, unknown>, row: number): number {
  if (!isNodeKind(kind)) return BORDER_TOP + TITLE;
  return rowTop(kindDef(kind), params, row) + PORT_ROW / 2;
}

/** Whether a node shows a parameter count: its kind has weights (asked of a small flat input). */
function hasWeights(kind: NodeKind, params: Record<string, unknown>): boolean {
  const parsed = parseParams(kind, params);
  try {
    return parsed.ok && paramCount(parsed.value, [8]) !== undefined;
  } catch {
    // A kind that refuses a flat input (an image layer) has weights all the same.
    return kindDef(kind).category === "Layers";
  }
}

/** A node's size: title, inline params, port rows and, for layers with weights, the parameter count line. */
export function nodeSize(kind: string, params: Record<string, unknown>): { width: number; height: number } {
  if (!isNodeKind(kind)) return { width: NODE_WIDTH, height: BORDER_TOP + TITLE + BORDER };
  const def = kindDef(kind);
  const rows = Math.max(def.inputs.length, def.outputs.length);
  const count = hasWeights(kind, params) ? COUNT : 0;
  return { width: NODE_WIDTH, height: rowTop(def, params, rows) + PORTS_PAD + count + BORDER };
}

/** React Flow's handles of a node, where NetNode draws them: inputs on the left, outputs on the right. */
export function nodeHandles(kind: string, params: Record<string, unknown>): NodeHandle[] {
  if (!isNodeKind(kind)) return [];
  const def = kindDef(kind);
  const at = (row: number) => rowTop(def, params, row) + (PORT_ROW - HANDLE) / 2;
  return [
    ...def.inputs.map((p, i) => ({
      id: inHandle(p.name),
      type: "target" as const,
      position: Position.Left,
      x: BORDER - HANDLE / 2,
      y: at(i),
      width: HANDLE,
      height: HANDLE,
    })),
    ...def.outputs.map((p, i) => ({
      id: outHandle(p.name),
      type: "source" as const,
      position: Position.Right,
      x: NODE_WIDTH - BORDER - HANDLE / 2,
      y: at(i),
      width: HANDLE,
      height: HANDLE,
    })),
  ];
}
