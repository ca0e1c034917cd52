import { useEffect, useState } from "react";
import type { ExampleInfo } from "../../../shared/api";
import { examples, openExample } from "../../actions/examples";
import { formatCount } from "../../canvas/format";
import { GraphPicture } from "./GraphPicture";

/** The examples, once the back end listed them; the error when it could not. */
function useExamples(): { list: ExampleInfo[] | null; error: string | null } {
  const [state, setState] = useState<{ list: ExampleInfo[] | null; error: string | null }>({ list: null, error: null });
  useEffect(() => {
    let live = true;
    examples().then(
      (list) => live && setState({ list, error: null }),
      (err: Error) => live && setState({ list: null, error: err.message }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** One card per example: a picture of its graph, its name, what it teaches, its size; choosing one opens it. */
export function ExampleCards() {
  const { list, error } = useExamples();
  if (error) return <p className="nl-error-text">The examples could not be listed: {error}</p>;
  if (!list) return <p className="nl-muted">Loading the examples…</p>;
  return (
    <ul className="nl-example-cards" aria-label="Examples">
      {list.map((example) => (
        <li key={example.id}>
          <button
            type="button"
            className="nl-example-card"
            data-example={example.id}
            onClick={() => void openExample(example.id)}
          >
            <GraphPicture doc={example.doc} />
            <span className="nl-example-title">{example.title}</span>
            <span className="nl-example-teaches">{example.teaches}</span>
            <span className="nl-example-size">
              {example.params === null ? "size known once its data is read" : formatCount(example.params)}
              {example.doc.variants?.length ? ` · ${example.doc.variants.length} variants` : ""}
            </span>
            {example.note && <span className="nl-example-note">{example.note}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}
