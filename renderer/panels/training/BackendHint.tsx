import type { TrainingEventOf } from "../../../shared/run";

/** The backends NetLoom would rather train on, and what each needs. */
const FASTER = [
  { backend: "tfjs-node", needs: "npm install @tensorflow/tfjs-node", on: "native TensorFlow on the CPU" },
  {
    backend: "tfjs-node-gpu",
    needs: "npm install @tensorflow/tfjs-node-gpu",
    on: "native TensorFlow on an NVIDIA GPU (needs CUDA and cuDNN)",
  },
  {
    backend: "pytorch",
    needs: "pip install torch",
    on: "PyTorch, on CUDA where there is a GPU (Debian: apt-get install python3-torch; NETLOOM_PYTHON names the python)",
  },
] as const;

/**
 * Said when a run trains on a fallback (WebAssembly or plain JavaScript): what that means for the
 * student, the one command that makes training faster, and, under Details, why each faster
 * backend was not used.
 */
export function BackendHint({ started }: { started: TrainingEventOf<"started"> }) {
  const where = started.backend === "wasm" ? "WebAssembly" : "plain JavaScript";
  return (
    <div className="nl-hint" data-testid="backend-hint">
      <p>
        Training runs on {where}: it works on every computer, but native TensorFlow trains several times faster. To get
        it, run this in the folder you start NetLoom from, then start NetLoom again:
      </p>
      <code className="nl-command" data-testid="backend-command">
        {FASTER[0].needs}
      </code>
      <details>
        <summary>Details</summary>
        <ul>
          {started.skipped.map((s) => (
            <li key={s.backend}>
              <strong>{s.backend}</strong>: {s.reason}
            </li>
          ))}
        </ul>
        <p>
          {FASTER.map((f) => (
            <span key={f.backend}>
              <code>{f.needs}</code> gives {f.on}.{" "}
            </span>
          ))}
          The TensorFlow ones download a TensorFlow library when installed. NetLoom picks the fastest backend that loads
          and says which here.
        </p>
      </details>
    </div>
  );
}
