import { useCallback, useEffect, useRef, useState } from "react";
import type { DirListing, OpenKind, RecentFile, SaveKind } from "../../../shared/api";
import { replaceQuestion } from "../../actions/dialogs";
import { baseName } from "../../actions/files";
import { api } from "../../api";
import { Icon } from "../../icons";
import { editorStore } from "../../store";
import { Modal } from "./Modal";

function dirName(path: string): string {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return cut > 0 ? path.slice(0, cut) : path.slice(0, cut + 1);
}
function join(dir: string, name: string): string {
  const sep = dir.includes("\\") && !dir.includes("/") ? "\\" : "/";
  return dir.endsWith(sep) ? dir + name : `${dir}${sep}${name}`;
}
/**
 * The name a save of `kind` gets: graphs and one-file models end in .json (a bare graph name gets
 * the usual `.netloom.json`), scripts in .py, TF.js folders as typed.
 */
function savePath(path: string, kind: SaveKind): string {
  if (kind === "graph") return /\.json$/i.test(path) ? path : `${path}.netloom.json`;
  if (kind === "json") return /\.json$/i.test(path) ? path : `${path}.json`;
  if (kind === "pytorch") return /\.py$/i.test(path) ? path : `${path}.py`;
  return path;
}

const TITLES: Record<SaveKind, string> = {
  graph: "Save graph as",
  tfjs: "Export the trained model as a TF.js folder (model.json + weights.bin)",
  json: "Export the trained model as one JSON file",
  pytorch: "Export a PyTorch training script with the trained weights",
};

interface Props {
  mode: "open" | "save";
  suggestedName?: string;
  /** What a save writes; a graph unless given. */
  kind?: SaveKind;
  /** What an open chooses: a graph or model unless "data" (any file: CSV, IDX). */
  openKind?: OpenKind;
  resolve(path: string | null): void;
}

/** The browser's file picker: a path field and a folder listing, both served through the contract. */
export function FileDialog({ mode, suggestedName, kind = "graph", openKind = "graph", resolve }: Props) {
  const start = editorStore.getState().filePath;
  const cwd = editorStore.getState().appInfo?.cwd ?? "";
  const [listing, setListing] = useState<DirListing | null>(null);
  const [recent, setRecent] = useState<RecentFile[]>([]);
  const [path, setPath] = useState(mode === "save" ? join(start ? dirName(start) : cwd, suggestedName ?? "") : "");
  /** The path field as last changed, for a save still waiting for the back end's answer. */
  const latest = useRef(path);
  const [error, setError] = useState<string | null>(null);
  /** A save target whose files exist: the next submit of the same target replaces them. */
  const [confirmReplace, setConfirmReplace] = useState<{ target: string; existing: string[] } | null>(null);

  const list = useCallback(
    (dir?: string) => {
      api
        .request("file.list", { ...(dir ? { dir } : {}), kind: mode === "open" ? openKind : "graph" })
        .then((l) => {
          setListing(l);
          setError(null);
        })
        .catch((err: Error) => setError(err.message));
    },
    [mode, openKind],
  );
  useEffect(() => {
    list(start ? dirName(start) : cwd || undefined);
    if (mode === "open" && openKind === "graph") void api.request("recent.list", {}).then(setRecent, () => {});
  }, [list, start, cwd, mode, openKind]);

  // The back end says what a save would replace, wherever it is: the listing shows only .json files.
  const submit = async (chosen = path) => {
    const trimmed = chosen.trim();
    if (!trimmed)
      return setError(
        openKind === "data" ? "enter the path of a data file" : "enter the path of a graph or model file",
      );
    if (mode === "open") return resolve(trimmed);
    const target = savePath(trimmed, kind);
    if (confirmReplace?.target === target) {
      api.overwrite.confirm(target);
      return resolve(target);
    }
    const answer = await api.request("file.existing", { path: target, kind }).catch((err: Error) => err);
    // The path was edited while the back end answered: the answer is about a file no longer chosen.
    if (savePath(latest.current.trim(), kind) !== target) return;
    if (answer instanceof Error) return setError(answer.message);
    if (answer.existing.length > 0) return setConfirmReplace({ target, existing: answer.existing });
    resolve(target);
  };
  const choose = (next: string) => {
    latest.current = next;
    setPath(next);
    setConfirmReplace(null);
  };
  const pickEntry = (entry: DirListing["entries"][number]) => {
    if (entry.kind === "dir") {
      list(entry.path);
      if (mode === "save") choose(join(entry.path, baseName(path)));
    } else choose(entry.path);
  };

  return (
    <Modal
      title={
        mode === "save"
          ? TITLES[kind]
          : openKind === "data"
            ? "Choose a data file (CSV, IDX)"
            : "Open a graph or a trained model"
      }
      onClose={() => resolve(null)}
      size="wide"
      footer={
        <>
          <button type="button" onClick={() => resolve(null)}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={() => void submit()} data-testid="file-dialog-submit">
            {confirmReplace ? "Replace" : mode === "save" ? "Save" : openKind === "data" ? "Choose" : "Open"}
          </button>
        </>
      }
    >
      <label className="nl-field">
        <span>File path</span>
        <input
          data-autofocus
          data-testid="file-path"
          type="text"
          spellCheck={false}
          value={path}
          onChange={(e) => choose(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && void submit()}
        />
      </label>
      {confirmReplace && (
        <p className="nl-warning-text" data-testid="confirm-replace">
          {replaceQuestion(confirmReplace.existing)}
        </p>
      )}
      {error && <p className="nl-error-text">{error}</p>}
      {recent.length > 0 && (
        <section>
          <h3>Recent</h3>
          <ul className="nl-file-list">
            {recent.map((r) => (
              <li key={r.path}>
                <button
                  type="button"
                  onClick={() => choose(r.path)}
                  onDoubleClick={() => void submit(r.path)}
                  title={r.path}
                >
                  {r.name} <span className="nl-muted">{dirName(r.path)}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {listing && (
        <section>
          <h3 title={listing.dir}>{listing.dir}</h3>
          <ul className="nl-file-list">
            {listing.parent && (
              <li>
                <button type="button" onClick={() => list(listing.parent ?? undefined)}>
                  <Icon name="up" /> ..
                </button>
              </li>
            )}
            {listing.entries.map((e) => (
              <li key={e.path}>
                <button
                  type="button"
                  onClick={() => pickEntry(e)}
                  onDoubleClick={() => e.kind === "file" && void submit(e.path)}
                >
                  <Icon name={e.kind === "dir" ? "folder" : "file"} /> {e.name}
                </button>
              </li>
            ))}
            {listing.entries.length === 0 && (
              <li className="nl-muted">
                No folders or {openKind === "data" && mode === "open" ? "files" : ".json files"} here.
              </li>
            )}
          </ul>
        </section>
      )}
    </Modal>
  );
}
