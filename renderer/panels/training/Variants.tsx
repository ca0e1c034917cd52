import { isNodeKind, kindDef } from "../../../shared/catalog";
import type { GraphDocument, GraphVariant } from "../../../shared/graph";
import { trainVariants } from "../../actions/variants";
import { formatParam, paramLabel } from "../../canvas/format";
import { useEditor } from "../../store";
import { isActive } from "../../training/select";
import type { TrainingRun } from "../../training/types";
import { formatPercent, formatValue } from "./format";

/** What a variant changes, in words: `activation → Sigmoid`, `hidden → Maxout (units 100, pieces 2)`, `activation left out`. */
export function describeVariant(doc: GraphDocument, variant: GraphVariant): string {
  return Object.entries(variant.nodes)
    .map(([id, change]) => {
      const node = doc.nodes.find((n) => n.id === id);
      const name = node?.label ?? id;
      if ("bypass" in change) return `${name} left out`;
      if (!isNodeKind(change.kind)) return `${name} → ${change.kind}`;
      const def = kindDef(change.kind);
      const params = def.inline
        .filter((k) => change.params[k] !== undefined)
        .map((k) => `${paramLabel(k)} ${formatParam(change.kind, k, change.params[k])}`);
      return `${name} → ${def.label}${params.length ? ` (${params.join(", ")})` : ""}`;
    })
    .join(", ");
}

/** How the latest run of a variant went: its test accuracy (or loss), or where it is. */
function outcome(run: TrainingRun | undefined, training: boolean): string {
  if (!run) return "";
  if (!run.end) return training ? "training…" : "";
  if (run.end.outcome === "error") return "failed";
  const e = run.evaluation;
  const result = e
    ? e.testAccuracy !== null
      ? formatPercent(e.testAccuracy, 1)
      : `loss ${formatValue(e.testLoss)}`
    : "";
  return run.end.outcome === "stopped" ? `stopped ${result}`.trim() : result;
}

/** Train variants, in the dock's header, for a graph that has variants; while they train, which one. */
export function VariantsButton() {
  const count = useEditor((s) => s.doc.variants?.length ?? 0);
  const series = useEditor((s) => s.variantSeries);
  const active = useEditor((s) => isActive(s.training));
  if (count === 0) return null;
  if (series) {
    return (
      <span className="nl-variant-series" data-testid="variant-series">
        Variant {series.index + 1} of {series.names.length}: {series.names[series.index]}
      </span>
    );
  }
  return (
    <button
      type="button"
      data-testid="train-variants"
      disabled={active}
      title="Train the graph once per variant, one after another, and overlay their curves"
      onClick={() => void trainVariants()}
    >
      Train {count} variants
    </button>
  );
}

/** The graph's variants: what each changes and how its latest run went; each can be trained alone. */
export function VariantsList() {
  const doc = useEditor((s) => s.doc);
  const runs = useEditor((s) => s.training.runs);
  const busy = useEditor((s) => isActive(s.training) || s.variantSeries !== null);
  const variants = doc.variants ?? [];
  if (variants.length === 0) return null;
  return (
    <section className="nl-variants" aria-label="Variants">
      <h3>Variants</h3>
      <ul>
        {variants.map((v) => {
          const run = runs.findLast((r) => r.variant?.name === v.name);
          return (
            <li key={v.name} data-variant={v.name}>
              <button
                type="button"
                disabled={busy}
                title={`Train ${v.name} alone`}
                onClick={() => void trainVariants([v.name])}
              >
                {v.name}
              </button>
              <span className="nl-muted">{describeVariant(doc, v)}</span>
              <span className="nl-variant-outcome" data-testid="variant-outcome">
                {outcome(run, run === runs.at(-1) && busy)}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
