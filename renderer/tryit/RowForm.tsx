import { type FormEvent, useState } from "react";
import { float32Text } from "./float32";
import { Probabilities } from "./Probabilities";
import { usePrediction } from "./usePrediction";

/** Above this many features, one text field of comma-separated values replaces a field per feature. */
const MAX_FIELDS = 64;

function parseRow(texts: readonly string[]): number[] | string {
  const values = texts.map((t) => Number(t.trim()));
  const bad = values.findIndex((v, i) => texts[i]?.trim() === "" || !Number.isFinite(v));
  return bad >= 0 ? `feature ${bad + 1} is not a number` : values;
}

/**
 * One input row for data that is not an image: a field per feature (in the dataset's units, as in
 * its file), filled from a test sample when there is one; Predict asks the trained model.
 */
export function RowForm(props: {
  runId: string;
  size: number;
  start: readonly number[] | null;
  names: readonly string[] | null;
}) {
  const { runId, size, start, names } = props;
  const [texts, setTexts] = useState<string[]>(() =>
    Array.from({ length: size }, (_, i) => float32Text(start?.[i] ?? 0)),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const { prediction, predict } = usePrediction(runId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const row = parseRow(texts);
    if (typeof row === "string") return setProblem(row);
    setProblem(null);
    predict(row);
  };
  return (
    <form className="nl-row-form" onSubmit={submit} aria-label="One input row">
      {size <= MAX_FIELDS ? (
        <div className="nl-row-fields">
          {texts.map((t, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: one field per feature position
            <label key={i}>
              <span>x{i + 1}</span>
              <input
                type="text"
                inputMode="decimal"
                value={t}
                data-testid="row-feature"
                onChange={(e) => setTexts(texts.map((old, j) => (j === i ? e.target.value : old)))}
              />
            </label>
          ))}
        </div>
      ) : (
        <label className="nl-field">
          <span>{size} values, separated by commas</span>
          <textarea value={texts.join(", ")} rows={4} onChange={(e) => setTexts(e.target.value.split(","))} />
        </label>
      )}
      <button type="submit" className="primary" data-testid="predict-row">
        Predict
      </button>
      {problem && <p className="nl-error-text">{problem}</p>}
      <Probabilities prediction={prediction} names={names} />
    </form>
  );
}
