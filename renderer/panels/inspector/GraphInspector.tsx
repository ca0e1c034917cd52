import { MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS } from "../../../shared/graph";
import { editorStore, useEditor } from "../../store";
import { useAnalysis } from "../../store/hooks";
import { maxChars, TextInput } from "./TextInput";

/** With nothing selected: the graph's name and description, its size and whether it can train. */
export function GraphInspector() {
  const meta = useEditor((s) => s.doc.meta);
  const nodes = useEditor((s) => s.doc.nodes.length);
  const edges = useEditor((s) => s.doc.edges.length);
  const { result } = useAnalysis();
  const errors = result.ok ? 0 : result.errors.length;
  return (
    <>
      <header className="nl-inspector-head">
        <h2>Graph</h2>
      </header>
      <TextInput
        label="name"
        value={meta.name ?? ""}
        validate={maxChars(MAX_NAME_CHARS)}
        commit={(t) => editorStore.getState().setMeta({ name: t })}
      />
      <TextInput
        label="description"
        multiline
        value={meta.description ?? ""}
        validate={maxChars(MAX_DESCRIPTION_CHARS)}
        commit={(t) => editorStore.getState().setMeta({ description: t })}
      />
      <ul className="nl-facts">
        <li>
          {nodes} nodes, {edges} connections
        </li>
        <li>{result.params.total.toLocaleString("en-US")} trainable parameters</li>
        <li className={errors ? "nl-error-text" : "nl-ok-text"} data-testid="graph-status">
          {errors ? `${errors} ${errors === 1 ? "error" : "errors"} to fix before training` : "Ready to train"}
        </li>
      </ul>
      <p className="nl-muted">Select a node to edit its parameters. Drag nodes in from the palette on the left.</p>
    </>
  );
}
