import { useEffect, useState } from "react";
import type { RecentFile } from "../../shared/api";
import { runCommand } from "../actions/commands";
import { api } from "../api";
import { useEditor } from "../store";
import { ExampleCards } from "./gallery/ExampleCards";

/** The recent files, asked of the back end while the start page shows. */
function useRecent(shown: boolean): RecentFile[] | null {
  const [recent, setRecent] = useState<RecentFile[] | null>(null);
  useEffect(() => {
    if (!shown) return;
    let live = true;
    api.request("recent.list", {}).then(
      (files) => live && setRecent(files),
      () => live && setRecent([]),
    );
    return () => {
      live = false;
    };
  }, [shown]);
  return recent;
}

/**
 * What the app shows when it starts with no file and no preset: a new graph, the examples, Open,
 * and the recent files. Opening any graph puts the canvas in its place.
 */
export function StartPage() {
  const shown = useEditor((s) => s.startPage);
  const recent = useRecent(shown);
  if (!shown) return null;
  return (
    <section className="nl-start" aria-label="Start" data-testid="start-page">
      <div className="nl-start-side">
        <h1>NetLoom</h1>
        <p className="nl-muted">Build a neural network from nodes, train it, and watch it learn.</p>
        <div className="nl-start-actions">
          <button type="button" className="primary" data-testid="start-new" onClick={() => void runCommand("file.new")}>
            New graph
          </button>
          <button type="button" data-testid="start-open" onClick={() => void runCommand("file.open")}>
            Open…
          </button>
        </div>
        <h2>Recent</h2>
        {recent === null ? null : recent.length === 0 ? (
          <p className="nl-muted">No recent files yet.</p>
        ) : (
          <ul className="nl-start-recent" data-testid="start-recent">
            {recent.map((file) => (
              <li key={file.path}>
                <button type="button" title={file.path} onClick={() => void runCommand("file.openRecent", file.path)}>
                  <span>{file.name}</span>
                  <span className="nl-muted">{file.path.slice(0, -file.name.length - 1)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="nl-start-main">
        <h2>Examples</h2>
        <ExampleCards />
      </div>
    </section>
  );
}
