import { z } from "zod";

/** How deep a node's params may nest (`{ shape: [1, 2] }` is 2 deep): far beyond any node kind's. */
export const MAX_PARAM_DEPTH = 10;
/** The most a node's params may hold, counted as JSON text. */
export const MAX_PARAMS_CHARS = 100_000;
/** The most a graph's `meta` may hold, counted as JSON text (name and description included). */
export const MAX_META_CHARS = 100_000;

/**
 * What is wrong with a JSON value as a node's params or a graph's meta, or null: nested deeper
 * than `maxDepth` (JSON.stringify would overflow the stack on it), larger than `maxChars` as JSON
 * text, or holding a `__proto__` key (which JavaScript objects do not keep as data). Walks the
 * value with its own stack, so no depth can overflow it, and stops at the first problem.
 */
export function jsonValueProblem(value: unknown, maxDepth: number, maxChars: number): string | null {
  const stack: [unknown, number][] = [[value, 1]];
  let chars = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v === "string") chars += v.length + 2;
    else if (typeof v !== "object" || v === null) chars += 8;
    else if (depth > maxDepth) return `nests deeper than ${maxDepth} levels`;
    else if (Array.isArray(v)) {
      chars += 2;
      for (const item of v) stack.push([item, depth + 1]);
    } else {
      for (const key of Object.keys(v)) {
        if (key === "__proto__") return '"__proto__" is not allowed as a key';
        chars += key.length + 4;
        stack.push([(v as Record<string, unknown>)[key], depth + 1]);
      }
    }
    if (chars > maxChars) return `holds more than ${maxChars.toLocaleString("en-US")} characters of JSON`;
  }
  return null;
}

/** A schema that refuses values {@link jsonValueProblem} finds wrong, checked on the raw input. */
export function withinJsonLimits<T extends z.ZodType>(schema: T, maxDepth: number, maxChars: number) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      const problem = jsonValueProblem(value, maxDepth, maxChars);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .pipe(schema);
}

/** A node's params: a JSON object within the depth and size limits, without `__proto__` keys. */
export const zNodeParams = withinJsonLimits(z.record(z.string(), z.unknown()), MAX_PARAM_DEPTH, MAX_PARAMS_CHARS);
