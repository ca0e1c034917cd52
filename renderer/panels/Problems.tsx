import { useState } from "react";
import { isNodeKind, kindDef } from "../../shared/catalog";
import type { Diagnostic } from "../../shared/compile";
import { focusNodes, revealNode } from "../canvas/flow";
import { Icon } from "../icons";
import { editorStore, useEditor } from "../store";
import { useAnalysis } from "../store/hooks";

/** What a problem is about: the node's label (else its kind) and its id, which tells two Linears apart. */
function Subject({ id }: { id: string | undefined }) {
  if (!id) return <strong>graph</strong>;
  const node = editorStore.getState().doc.nodes.find((n) => n.id === id);
  const name = node ? (node.label ?? (isNodeKind(node.kind) ? kindDef(node.kind).label : node.kind)) : id;
  return (
    <>
      <strong>{name}</strong>
      {name !== id && <span className="nl-problem-id"> {id}</span>}
    </>
  );
}

/**
 * Selects what a problem is about and brings it into view: a connection with both its ends (so
 * Delete removes just it), else the node.
 */
function reveal(d: Diagnostic): void {
  const s = editorStore.getState();
  const edge = d.edgeId ? s.doc.edges.find((e) => e.id === d.edgeId) : undefined;
  if (edge) {
    s.select({ nodes: [], edges: [edge.id] });
    focusNodes([edge.source, edge.target]);
  } else if (d.nodeId) {
    revealNode(d.nodeId);
  }
}

/** Every error and warning of the graph; clicking one focuses its node or connection. */
export function Problems() {
  const { problems } = useAnalysis();
  const empty = useEditor((s) => s.doc.nodes.length === 0);
  const [open, setOpen] = useState(true);
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors;
  const summary = empty
    ? "Empty graph"
    : problems.length === 0
      ? "No problems"
      : [
          errors && `${errors} ${errors === 1 ? "error" : "errors"}`,
          warnings && `${warnings} ${warnings === 1 ? "warning" : "warnings"}`,
        ]
          .filter(Boolean)
          .join(", ");
  return (
    <section className={`nl-problems${open ? " open" : ""}`} aria-label="Problems">
      <button type="button" className="nl-problems-head" onClick={() => setOpen(!open)} aria-expanded={open}>
        <span>
          <Icon name="chevron" /> Problems
        </span>
        <span
          className={errors ? "nl-error-text" : warnings ? "nl-warning-text" : "nl-muted"}
          data-testid="problems-summary"
        >
          {summary}
        </span>
      </button>
      {open && problems.length > 0 && (
        <ul>
          {problems.map((d, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is rebuilt from each compile
            <li key={i}>
              <button
                type="button"
                className={`nl-problem ${d.severity}`}
                data-node={d.nodeId}
                data-edge={d.edgeId}
                onClick={() => reveal(d)}
              >
                <Icon name={d.severity} label={d.severity} className="nl-problem-icon" />
                <Subject id={d.nodeId} /> {d.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
