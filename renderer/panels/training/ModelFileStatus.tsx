import { loadBlocked, loadModelWeights } from "../../actions/loadModel";
import { useEditor } from "../../store";
import { currentRun, isActive } from "../../training/select";

/**
 * The trained model file the graph was opened from: whether its weights are loaded, what they
 * wait for (a data file), and a button to load them (again, after an error or an edit).
 */
export function ModelFileStatus() {
  const model = useEditor((s) => s.modelFile);
  const blocked = useEditor((s) => (s.modelFile ? loadBlocked(s) : null));
  const active = useEditor((s) => isActive(s.training));
  const loaded = useEditor((s) => {
    const run = currentRun(s.training);
    return run?.source === s.modelFile?.name && run?.doc === s.doc && run?.end?.outcome === "done";
  });
  if (!model || loaded || active) return null;
  return (
    <div className="nl-model-file" data-testid="model-file">
      <p>
        Trained weights from <strong>{model.name}</strong>
        {blocked ? `: ${blocked}, then load them.` : " are ready to load into this graph."}
      </p>
      <button
        type="button"
        className="primary"
        data-testid="load-weights"
        disabled={blocked !== null}
        title={blocked ?? `Load the trained weights of ${model.name} without training`}
        onClick={() => void loadModelWeights()}
      >
        Load weights
      </button>
    </div>
  );
}
