import { useShallow } from "zustand/react/shallow";
import { kindDef, OPTIMIZER_LABELS, type OptimizerName } from "../../../shared/catalog";
import { BACKENDS, type BackendName, MAX_PROCESSES } from "../../../shared/run";
import { takeStep } from "../../actions/backprop";
import { controlTraining, startTraining } from "../../actions/trainRun";
import { editorStore, useEditor } from "../../store";
import { useAnalysis } from "../../store/hooks";
import { isActive } from "../../training/select";
import { canStop, requestedCommand } from "../../training/status";
import { SignalsSwitch } from "./SignalsSwitch";

/** The nodes whose params the training settings come from. */
const SETTINGS_KINDS = ["Optimizer", "DataLoader", "Dataset"] as const;

/** The training settings the graph holds, read from its nodes even while it has errors. */
function useGraphSettings() {
  const { result } = useAnalysis();
  // The nodes' ids, not the graph: the graph changes on every drag frame, these seldom.
  const ids = useEditor(useShallow((s) => SETTINGS_KINDS.map((k) => s.doc.nodes.find((n) => n.kind === k)?.id)));
  const [opt, loader, dataset] = ids.map((id) => (id === undefined ? null : (result.nodeParams[id] ?? null)));
  const name = opt ? OPTIMIZER_LABELS[opt.optimizer as OptimizerName] : null;
  // Momentum is said where the optimizer uses it (the inspector shows the field) and it is set.
  const decay = opt && Number(opt.lrDecay) !== 1;
  const momentum = opt && !kindDef("Optimizer").hidden?.(opt).includes("momentum") && Number(opt.momentum) > 0;
  return {
    epochs: opt ? Number(opt.epochs) : null,
    batchSize: loader ? Number(loader.batchSize) : null,
    optimizer: name
      ? `${name} (lr ${opt?.learningRate}${decay ? `, × ${opt?.lrDecay} per epoch` : ""}${momentum ? `, momentum ${opt?.momentum}` : ""})`
      : null,
    limit: dataset ? Number(dataset.limit) : null,
  };
}

function NumberField(props: {
  label: string;
  field: "epochs" | "limit" | "processes";
  placeholder: string;
  disabled: boolean;
  max?: number;
  title?: string;
}) {
  const value = useEditor((s) => s.runOptions[props.field]);
  return (
    <label className="nl-run-option" title={props.title}>
      <span>{props.label}</span>
      <input
        type="number"
        min={1}
        max={props.max}
        step={1}
        inputMode="numeric"
        value={value ?? ""}
        placeholder={props.placeholder}
        disabled={props.disabled}
        data-testid={`run-${props.field}`}
        onChange={(e) => {
          const n = Number.parseInt(e.target.value, 10);
          const ok = Number.isInteger(n) && n >= 1 && n <= (props.max ?? Number.MAX_SAFE_INTEGER);
          editorStore.getState().setRunOptions({ [props.field]: ok ? n : null });
        }}
      />
    </label>
  );
}

/** Why the graph cannot train now, or null. */
function useBlocked(): string | null {
  const { result } = useAnalysis();
  const errors = result.ok ? 0 : result.errors.length;
  return errors > 0 ? `Fix ${errors} ${errors === 1 ? "error" : "errors"} first (see Problems)` : null;
}

/** Train, Pause or Resume, and Stop; Train is disabled, with the reason beside it, while the graph has errors. */
export function TrainButtons() {
  // Primitives only: a batch arriving changes none of them, so the buttons do not re-render for it.
  const blocked = useBlocked();
  const active = useEditor((s) => isActive(s.training));
  const running = useEditor((s) => s.training.phase === "training");
  const paused = useEditor((s) => s.training.phase === "training" && s.training.paused);
  const requested = useEditor((s) => requestedCommand(s.training));
  const stoppable = useEditor((s) => canStop(s.training));
  return (
    <div className="nl-train-buttons">
      <button
        type="button"
        className="primary"
        data-testid="train"
        disabled={active || blocked !== null}
        title={blocked ?? "Train this graph (edits made while it trains do not change the run)"}
        onClick={() => void startTraining()}
      >
        Train
      </button>
      {paused ? (
        <button
          type="button"
          data-testid="resume"
          disabled={requested !== null}
          onClick={() => void controlTraining("resume")}
        >
          Resume
        </button>
      ) : (
        <button
          type="button"
          data-testid="pause"
          disabled={!running || requested !== null}
          onClick={() => void controlTraining("pause")}
        >
          {requested === "pause" ? "Pausing…" : "Pause"}
        </button>
      )}
      <button
        type="button"
        className={stoppable ? "danger" : undefined}
        data-testid="stop"
        disabled={!stoppable}
        title={running ? "Stop after this batch; the model trained so far is kept" : "Stop before training begins"}
        onClick={() => void controlTraining("stop")}
      >
        {requested === "stop" ? "Stopping…" : "Stop"}
      </button>
      <button
        type="button"
        data-testid="step"
        disabled={active || blocked !== null}
        title="Take one training step apart: forward, loss, backward node by node, then the update"
        onClick={() => void takeStep()}
      >
        Step
      </button>
      <SignalsSwitch />
      {blocked && (
        <span className="nl-error-text" data-testid="train-blocked">
          {blocked}
        </span>
      )}
    </div>
  );
}

/** The graph's epochs, batch size and optimizer, in one line for the panel's header. */
export function SettingsSummary() {
  const s = useGraphSettings();
  const parts = [
    s.epochs !== null && `${s.epochs} ${s.epochs === 1 ? "epoch" : "epochs"}`,
    s.batchSize !== null && `batch ${s.batchSize}`,
    s.optimizer,
  ].filter(Boolean);
  return <span className="nl-muted nl-settings-summary">{parts.join(" · ")}</span>;
}

/** What each backend is, for the backend menu's tooltips. */
const BACKEND_TITLES: Record<BackendName, string> = {
  "tfjs-node-gpu": "TensorFlow.js with native TensorFlow on a CUDA GPU",
  pytorch: "PyTorch in a Python process, on CUDA when it sees a GPU, else the CPU",
  "tfjs-node": "TensorFlow.js with native TensorFlow on the CPU",
  wasm: "TensorFlow.js in WebAssembly (XNNPACK)",
  cpu: "TensorFlow.js in plain JavaScript",
};

/** The backend this run asks for, or the best that loads. */
function BackendField(props: { disabled: boolean }) {
  const backend = useEditor((s) => s.runOptions.backend);
  return (
    <label className="nl-run-option" title="Where this run trains; the engine says why it skipped better ones">
      <span>Backend</span>
      <select
        value={backend ?? ""}
        disabled={props.disabled}
        data-testid="run-backend"
        onChange={(e) => {
          const value = e.target.value;
          editorStore.getState().setRunOptions({ backend: isBackend(value) ? value : null });
        }}
      >
        <option value="">Best available</option>
        {BACKENDS.map((name) => (
          <option key={name} value={name} title={BACKEND_TITLES[name]}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

const isBackend = (value: string): value is BackendName => (BACKENDS as readonly string[]).includes(value);

/**
 * The graph's training settings, and this run's epochs, sample limit, backend and, for PyTorch,
 * processes (empty: as the graph says, the best backend, one process).
 */
export function RunSettings() {
  const settings = useGraphSettings();
  const active = useEditor((s) => isActive(s.training));
  const pytorch = useEditor((s) => s.runOptions.backend === "pytorch");
  return (
    <div className="nl-train-controls">
      <dl className="nl-train-settings" data-testid="train-settings">
        <dt>Epochs</dt>
        <dd>{settings.epochs ?? "—"}</dd>
        <dt>Batch size</dt>
        <dd>{settings.batchSize ?? "—"}</dd>
        <dt>Optimizer</dt>
        <dd>{settings.optimizer ?? "—"}</dd>
      </dl>
      <div className="nl-run-options">
        <NumberField
          label="Epochs this run"
          field="epochs"
          placeholder={String(settings.epochs ?? "")}
          disabled={active}
        />
        <NumberField
          label="Sample limit"
          field="limit"
          placeholder={settings.limit ? String(settings.limit) : "all"}
          disabled={active}
        />
      </div>
      <div className="nl-run-options">
        <BackendField disabled={active} />
        {pytorch && (
          <NumberField
            label="Processes"
            field="processes"
            placeholder="1"
            max={MAX_PROCESSES}
            title="Processes that train together under torchrun (DistributedDataParallel), sharing each batch"
            disabled={active}
          />
        )}
      </div>
    </div>
  );
}
