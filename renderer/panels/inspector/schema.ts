import { z } from "zod";
import { kindDef, type NodeKind } from "../../../shared/catalog";
import { formatParamIssues } from "../../../shared/compile";

interface FieldBase {
  key: string;
  description: string;
  default: unknown;
}
/** One inspector field, read from the kind's params schema (zod -> JSON Schema). */
export type Field =
  | (FieldBase & {
      type: "number";
      integer: boolean;
      min?: number;
      max?: number;
      exclusiveMin?: number;
      exclusiveMax?: number;
    })
  | (FieldBase & { type: "boolean" })
  | (FieldBase & { type: "enum"; options: string[] })
  | (FieldBase & { type: "string"; maxLength?: number });

interface JsonProp {
  type?: string;
  enum?: string[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxLength?: number;
}

const cache = new Map<NodeKind, Field[]>();

/** The fields of a kind's params, in schema order. */
export function fieldsOf(kind: NodeKind): Field[] {
  const hit = cache.get(kind);
  if (hit) return hit;
  const schema = z.toJSONSchema(kindDef(kind).params) as { properties?: Record<string, JsonProp> };
  const fields = Object.entries(schema.properties ?? {}).map(([key, p]): Field => {
    const base = { key, description: p.description ?? "", default: p.default };
    if (p.enum) return { ...base, type: "enum", options: p.enum };
    if (p.type === "boolean") return { ...base, type: "boolean" };
    if (p.type === "integer" || p.type === "number") {
      return {
        ...base,
        type: "number",
        integer: p.type === "integer",
        min: p.minimum,
        max: p.maximum,
        exclusiveMin: p.exclusiveMinimum,
        exclusiveMax: p.exclusiveMaximum,
      };
    }
    return { ...base, type: "string", maxLength: p.maxLength };
  });
  cache.set(kind, fields);
  return fields;
}

const n = (v: number) => v.toLocaleString("en-US");

/** The allowed range in words: `1 to 1,000,000,000`, `more than 0, at most 10`. */
export function rangeText(field: Field): string {
  if (field.type !== "number") return "";
  const low =
    field.min !== undefined
      ? `${n(field.min)}`
      : field.exclusiveMin !== undefined
        ? `more than ${n(field.exclusiveMin)}`
        : "";
  const high =
    field.max !== undefined
      ? `${n(field.max)}`
      : field.exclusiveMax !== undefined
        ? `less than ${n(field.exclusiveMax)}`
        : "";
  const kind = field.integer ? "whole number" : "number";
  if (field.min !== undefined && field.max !== undefined) return `${kind} from ${low} to ${high}`;
  return [
    kind,
    low && (field.min !== undefined ? `from ${low}` : low),
    high && (field.max !== undefined ? `up to ${high}` : high),
  ]
    .filter(Boolean)
    .join(", ");
}

/** Reads what was typed into a number field; an empty or non-numeric entry says so. */
export function parseNumber(text: string): { value: number } | { error: string } {
  const t = text.trim();
  if (t === "") return { error: "enter a number" };
  const value = Number(t);
  if (!Number.isFinite(value)) return { error: `"${t}" is not a number` };
  return { value };
}

/** Checks one param value against the kind's schema; null when it is valid. */
export function checkParam(
  kind: NodeKind,
  params: Record<string, unknown>,
  key: string,
  value: unknown,
): string | null {
  const parsed = kindDef(kind).params.safeParse({ ...params, [key]: value });
  if (parsed.success) return null;
  const mine = parsed.error.issues.filter((i) => i.path[0] === key);
  if (mine.length === 0) return null;
  return formatParamIssues(new z.ZodError(mine));
}
