import { useState } from "react";
import type { TestExample } from "../../shared/trainingApi";
import { SampleImage } from "../panels/training/Examples";
import { Probabilities } from "./Probabilities";
import { usePrediction } from "./usePrediction";

interface Props {
  runId: string;
  examples: readonly TestExample[] | null;
  image: { width: number; height: number };
  names: readonly string[] | null;
}

/**
 * Try the model on the test images: pick one and see the class probabilities it gives, beside the
 * image's true class. For image data whose pictures cannot be drawn like digits (Fashion-MNIST's
 * photos of clothing).
 */
export function TestImages({ runId, examples, image, names }: Props) {
  const [picked, setPicked] = useState<TestExample | null>(null);
  const { prediction, predict } = usePrediction(runId);
  if (!examples) return <p className="nl-muted">Loading the test images…</p>;
  if (examples.length === 0) return <p className="nl-muted">The run has no test images to try.</p>;
  const name = (c: number) => names?.[c] ?? String(c);
  return (
    <div className="nl-pad">
      <div className="nl-test-image-answer">
        {picked ? (
          <p data-testid="picked-image">
            Test image {picked.index}: truly <strong>{name(picked.label)}</strong>
          </p>
        ) : (
          <p className="nl-muted">Pick a test image.</p>
        )}
        {picked && <Probabilities prediction={prediction} names={names} />}
      </div>
      <ul className="nl-test-images" aria-label="Test images">
        {examples.map((e) => (
          <li key={e.index}>
            <button
              type="button"
              data-testid="test-image"
              aria-pressed={picked?.index === e.index}
              title={`Test image ${e.index} (${name(e.label)})`}
              onClick={() => {
                setPicked(e);
                predict(e.input);
              }}
            >
              <SampleImage values={e.input} width={image.width} height={image.height} />
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
