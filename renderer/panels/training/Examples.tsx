import { useEffect, useRef } from "react";
import type { TestExample } from "../../../shared/trainingApi";
import { sampleRgba } from "../../training/results";
import type { RunData } from "../../training/select";
import { formatPercent } from "./format";

/** A sample drawn as the image it is, pixel for pixel, scaled up by CSS. */
export function SampleImage({ values, width, height }: { values: readonly number[]; width: number; height: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    ctx.putImageData(new ImageData(sampleRgba(values.slice(0, width * height)), width, height), 0, 0);
  }, [values, width, height]);
  return <canvas ref={canvas} width={width} height={height} className="nl-sample-image" />;
}

function features(values: readonly number[]): string {
  const shown = values.slice(0, 6).map((v) => (Number.isInteger(v) ? String(v) : v.toPrecision(3)));
  return values.length > 6 ? `${shown.join(", ")}, …` : shown.join(", ");
}

/**
 * Test samples with what the model said and what they are, misclassified first (the engine's
 * order), as images for image data and as feature values otherwise.
 */
export function Examples({ examples, data }: { examples: readonly TestExample[]; data: RunData | null }) {
  const names = data?.classNames;
  const classify = data?.info.classes !== undefined;
  const name = (c: number) => (classify ? (names?.[c] ?? String(c)) : c.toPrecision(4));
  const wrong = examples.filter((e) => classify && e.label !== e.predicted).length;
  return (
    <section className="nl-examples" aria-label="Test samples">
      <h4>
        Test samples{" "}
        <span className="nl-muted">
          {classify
            ? `(predicted / true class; misclassified first: ${wrong} of the ${examples.length} shown)`
            : `(features and predicted value; ${examples.length} shown)`}
        </span>
      </h4>
      <ul>
        {examples.map((e) => {
          const ok = !classify || e.label === e.predicted;
          const p = classify ? (e.probabilities[e.predicted] ?? 0) : null;
          return (
            <li
              key={e.index}
              className={ok ? "right" : "wrong"}
              data-testid="example"
              data-label={e.label}
              data-predicted={e.predicted}
              title={`sample ${e.index}: predicted ${name(e.predicted)}${p === null ? "" : ` (${formatPercent(p, 1)})`}, true ${name(e.label)}`}
            >
              {data?.image ? (
                <SampleImage values={e.input} width={data.image.width} height={data.image.height} />
              ) : (
                <code className="nl-sample-values">{features(e.input)}</code>
              )}
              <span className="nl-example-label">
                <strong>{name(e.predicted)}</strong>
                {!ok && <span className="nl-muted"> / {name(e.label)}</span>}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
