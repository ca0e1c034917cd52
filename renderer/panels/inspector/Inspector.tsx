import { useShallow } from "zustand/react/shallow";
import { formatShape, isNodeKind, kindDef } from "../../../shared/catalog";
import { MAX_NAME_CHARS } from "../../../shared/graph";
import { rereadDataFiles } from "../../actions/dataFiles";
import { formatCount } from "../../canvas/format";
import { editorStore, useEditor } from "../../store";
import { useAnalysis, useNodeAnalysis } from "../../store/hooks";
import { ReplaceSelect } from "../replace";
import { GraphInspector } from "./GraphInspector";
import { ParamField } from "./ParamField";
import { StepInspector } from "./StepInspector";
import { fieldsOf } from "./schema";
import { maxChars, TextInput } from "./TextInput";

function NodeInspector({ id }: { id: string }) {
  // What the inspector shows, not the node object: a drag gives the node a new object each frame.
  const node = useEditor(
    useShallow((s) => {
      const n = s.doc.nodes.find((x) => x.id === id);
      return n && { id: n.id, kind: n.kind, label: n.label, params: n.params };
    }),
  );
  const info = useNodeAnalysis(id);
  const withDefaults = useAnalysis().result.nodeParams[id];
  if (!node) return null;
  if (!isNodeKind(node.kind)) {
    return <p className="nl-error-text">Unknown node kind “{node.kind}”: delete this node or fix the file.</p>;
  }
  const kind = node.kind;
  const def = kindDef(kind);
  const params = { ...(withDefaults ?? {}), ...node.params };
  const hidden = new Set<string>(def.hidden?.(params) ?? []);
  const fields = fieldsOf(kind).filter((f) => !hidden.has(f.key));
  return (
    <>
      <header className="nl-inspector-head">
        <h2>{node.label ?? def.label}</h2>
        <span className="nl-muted">
          {def.label} · {node.id}
        </span>
        <ReplaceSelect id={id} />
      </header>
      <p className="nl-help">{def.help}</p>
      <StepInspector id={id} />
      <TextInput
        label="label"
        value={node.label ?? ""}
        hint="Name shown on the node (optional)"
        validate={maxChars(MAX_NAME_CHARS)}
        commit={(t) => editorStore.getState().setLabel(id, t)}
      />
      {fields.length > 0 && <h3>Parameters</h3>}
      {fields.map((f) => (
        <ParamField key={f.key} nodeId={id} kind={kind} field={f} params={params} />
      ))}
      {kind === "Dataset" && (params.source === "csv" || params.source === "idx") && (
        <button
          type="button"
          data-testid="reread-data"
          title="Read the files again, after they were created or changed outside NetLoom"
          onClick={rereadDataFiles}
        >
          Read the files again
        </button>
      )}
      <h3>Output</h3>
      {def.outputs.length === 0 && <p className="nl-muted">This node has no outputs.</p>}
      <ul className="nl-facts">
        {def.outputs.map((p) => (
          <li key={p.name}>
            {p.label}: <code>{formatShape(info.outputs[p.name])}</code>
          </li>
        ))}
        {info.params !== null && <li>{formatCount(info.params)}</li>}
      </ul>
      {(info.errors.length > 0 || info.warnings.length > 0) && <h3>Problems</h3>}
      <ul className="nl-facts">
        {info.errors.map((m) => (
          <li key={m} className="nl-error-text">
            {m}
          </li>
        ))}
        {info.warnings.map((m) => (
          <li key={m} className="nl-warning-text">
            {m}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The selected node's params, generated from its schema; the graph's summary when none is selected. */
export function Inspector() {
  const selected = useEditor((s) => s.selection.nodes);
  return (
    <aside className="nl-inspector" aria-label="Inspector">
      {selected.length === 1 ? (
        <NodeInspector key={selected[0]} id={selected[0] as string} />
      ) : selected.length > 1 ? (
        <p className="nl-muted">
          {selected.length} nodes selected. Drag to move them, or copy, duplicate or delete them.
        </p>
      ) : (
        <GraphInspector />
      )}
    </aside>
  );
}
