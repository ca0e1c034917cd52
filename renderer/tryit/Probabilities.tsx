import type { Prediction } from "./usePrediction";

/** The model's answer: one bar per class, the likeliest marked; or the outputs of a regression. */
export function Probabilities({ prediction, names }: { prediction: Prediction; names: readonly string[] | null }) {
  if (!prediction) return <p className="nl-muted">Waiting for input…</p>;
  if (prediction.error !== null) {
    return (
      <p className="nl-error-text" role="alert">
        {prediction.error}
      </p>
    );
  }
  const values = prediction.outputs;
  if (!names) {
    return (
      <p className="nl-prediction-value" data-testid="prediction-value">
        Prediction: <strong>{values.map((v) => v.toPrecision(5)).join(", ")}</strong>
      </p>
    );
  }
  const best = values.indexOf(Math.max(...values));
  return (
    <ol className="nl-probabilities" aria-label="Class probabilities" data-best={names[best]}>
      {values.map((p, i) => {
        const name = names[i] ?? String(i);
        return (
          <li
            key={name}
            className={i === best ? "best" : undefined}
            data-testid="probability"
            data-class={name}
            data-p={p}
          >
            <span className="nl-class-name">{name}</span>
            <span className="nl-bar">
              <span style={{ width: `${p * 100}%` }} />
            </span>
            <span className="nl-class-value">{(p * 100).toFixed(1)}%</span>
          </li>
        );
      })}
    </ol>
  );
}
