import { useEffect, useRef } from "react";
import { fitView } from "../../canvas/flow";
import { editorStore, useEditor } from "../../store";
import { TryIt } from "../../tryit/TryIt";
import { Curves } from "./Curves";
import { Results } from "./Results";
import { StepPanel } from "./StepPanel";
import { RunSettings, SettingsSummary, TrainButtons } from "./TrainControls";
import { StatusLine, TrainStatus } from "./TrainStatus";
import { VariantsButton, VariantsList } from "./Variants";

const TABS = [
  { id: "curves", label: "Curves" },
  { id: "results", label: "Results" },
  { id: "try", label: "Try it" },
  { id: "step", label: "Step" },
] as const;

/**
 * The training dock under the canvas. Its header is always there: Train, Pause/Resume, Stop, the
 * graph's settings and where training is. Opened (by Train, or by hand) it shows run options and
 * progress on the left, and live curves, results and the try-it pad on the right; closed, the
 * canvas keeps the room.
 */
export function TrainPanel() {
  const tab = useEditor((s) => s.trainTab);
  const open = useEditor((s) => s.trainPanelOpen);
  const setOpen = (value: boolean) => editorStore.getState().setTrainPanelOpen(value);
  // Opening or closing the dock resizes the canvas; the graph is fitted to it again, so no node
  // ends up behind the minimap or out of sight.
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the dock opens or closes
  useEffect(() => {
    if (first.current) first.current = false;
    else fitView(true);
  }, [open]);
  const hasModel = useEditor((s) =>
    s.training.runs.some((r) => r.end?.outcome === "done" || r.end?.outcome === "stopped"),
  );
  return (
    <section className={`nl-train${open ? " open" : ""}`} aria-label="Training">
      <header className="nl-train-head">
        <button
          type="button"
          className="nl-train-toggle"
          aria-expanded={open}
          data-testid="train-panel-toggle"
          onClick={() => setOpen(!open)}
        >
          Training
        </button>
        <TrainButtons />
        <VariantsButton />
        <StatusLine />
        {!open && <SettingsSummary />}
        <div role="tablist" aria-label="Training views" className="nl-tabs">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              data-testid={`tab-${t.id}`}
              className={hasModel && (t.id === "results" || t.id === "try") && tab !== t.id ? "has-news" : undefined}
              onClick={() => editorStore.getState().showTrainTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
      </header>
      {open && (
        <div className="nl-train-body">
          {tab !== "step" && (
            <div className="nl-train-side">
              <RunSettings />
              <VariantsList />
              <TrainStatus />
            </div>
          )}
          <div
            className={`nl-train-main${tab === "step" ? " wide" : ""}`}
            role="tabpanel"
            aria-label={TABS.find((t) => t.id === tab)?.label}
          >
            {tab === "curves" ? (
              <Curves />
            ) : tab === "results" ? (
              <Results />
            ) : tab === "try" ? (
              <TryIt />
            ) : (
              <StepPanel />
            )}
          </div>
        </div>
      )}
    </section>
  );
}
