import { useState } from "react";
import { useEditor } from "../../store";
import { TryIt } from "../../tryit/TryIt";
import { Curves } from "./Curves";
import { Results } from "./Results";
import { TrainControls } from "./TrainControls";
import { TrainStatus } from "./TrainStatus";

const TABS = [
  { id: "curves", label: "Curves" },
  { id: "results", label: "Results" },
  { id: "try", label: "Try it" },
] as const;
type Tab = (typeof TABS)[number]["id"];

/**
 * The training dock under the canvas: controls and progress on the left; live curves, results
 * and the try-it pad on the right. Collapses to its header.
 */
export function TrainPanel() {
  const [tab, setTab] = useState<Tab>("curves");
  const [open, setOpen] = useState(true);
  const hasModel = useEditor((s) =>
    s.training.runs.some((r) => r.end?.outcome === "done" || r.end?.outcome === "stopped"),
  );
  return (
    <section className={`nl-train${open ? " open" : ""}`} aria-label="Training">
      <header className="nl-train-head">
        <button type="button" className="nl-train-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          Training
        </button>
        <div role="tablist" aria-label="Training views" className="nl-tabs">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              data-testid={`tab-${t.id}`}
              className={hasModel && t.id !== "curves" && tab !== t.id ? "has-news" : undefined}
              onClick={() => {
                setTab(t.id);
                setOpen(true);
              }}
            >
              {t.label}
            </button>
          ))}
        </div>
      </header>
      {open && (
        <div className="nl-train-body">
          <div className="nl-train-side">
            <TrainControls />
            <TrainStatus />
          </div>
          <div className="nl-train-main" role="tabpanel" aria-label={TABS.find((t) => t.id === tab)?.label}>
            {tab === "curves" ? <Curves /> : tab === "results" ? <Results /> : <TryIt />}
          </div>
        </div>
      )}
    </section>
  );
}
