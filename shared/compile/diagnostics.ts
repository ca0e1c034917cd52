import type { z } from "zod";
import type { DiagnosticCode } from "../catalog/types";
import { formatPath } from "../graph/serialize";

/** A problem found in a graph, attached to the node (or edge) to show it on. */
export interface Diagnostic {
  severity: "error" | "warning";
  code: DiagnosticCode;
  message: string;
  nodeId?: string;
  edgeId?: string;
}

/** Collects diagnostics during one compile. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];

  error(code: DiagnosticCode, message: string, at: { nodeId?: string; edgeId?: string } = {}): void {
    this.list.push({ severity: "error", code, message, ...at });
  }

  warn(code: DiagnosticCode, message: string, at: { nodeId?: string; edgeId?: string } = {}): void {
    this.list.push({ severity: "warning", code, message, ...at });
  }

  get errors(): Diagnostic[] {
    return this.list.filter((d) => d.severity === "error");
  }

  get warnings(): Diagnostic[] {
    return this.list.filter((d) => d.severity === "warning");
  }

  hasError(nodeId: string): boolean {
    return this.list.some((d) => d.severity === "error" && d.nodeId === nodeId);
  }
}

/** Plain-language lines for bad params: `units must be at least 1`, `unknown parameter "unit"`. */
export function formatParamIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const name = formatPath(issue.path) || "params";
      switch (issue.code) {
        case "too_small":
          if (issue.origin === "array") return `${name} must have at least ${values(issue.minimum)}`;
          return `${name} must be ${issue.inclusive ? "at least" : "more than"} ${String(issue.minimum)}`;
        case "too_big":
          if (issue.origin === "array") return `${name} must have at most ${values(issue.maximum)}`;
          return `${name} must be ${issue.inclusive ? "at most" : "less than"} ${String(issue.maximum)}`;
        case "invalid_type":
          return issue.expected === "int"
            ? `${name} must be a whole number`
            : `${name} must be ${article(issue.expected)} ${issue.expected}`;
        case "invalid_value":
          return `${name} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
        case "unrecognized_keys":
          return `unknown parameter${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
        default:
          return `${name}: ${issue.message}`;
      }
    })
    .join("; ");
}

function values(count: number | bigint): string {
  return `${count} value${Number(count) === 1 ? "" : "s"}`;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}
