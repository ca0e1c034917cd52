import { type ReactNode, useEffect, useId, useState } from "react";
import { baseDirField, graphFolder } from "../../actions/dataFiles";
import { storedDataPath } from "../../actions/dataPaths";
import { chooseDataFile } from "../../actions/dialogs";
import { api } from "../../api";
import { paramLabel } from "../../canvas/format";
import { editorStore, useEditor } from "../../store";
import type { Field } from "./schema";
import { TextInput } from "./TextInput";

/** The Dataset params that name files: each gets a Browse button. */
export const DATA_PATH_KEYS: ReadonlySet<string> = new Set(["path", "labelsPath", "testPath", "testLabelsPath"]);

const setParam = (nodeId: string, key: string, value: unknown) => editorStore.getState().setParam(nodeId, key, value);

/**
 * A file path param: typed, or chosen with Browse… (the native dialog in the desktop app, the
 * in-app picker in a browser), stored relative to the graph file's folder when it lies inside it.
 */
export function DataPathField({ nodeId, field, value }: { nodeId: string; field: Field; value: string }) {
  const browse = async () => {
    const file = await chooseDataFile();
    if (file) setParam(nodeId, field.key, storedDataPath(file, editorStore.getState().filePath));
  };
  return (
    <div className="nl-path-field">
      <TextInput
        label={paramLabel(field.key)}
        value={value}
        hint={field.description}
        testId={`param-${field.key}`}
        commit={(text) => setParam(nodeId, field.key, text)}
      />
      <button type="button" data-testid={`browse-${field.key}`} onClick={() => void browse()}>
        Browse…
      </button>
    </div>
  );
}

type Columns = { columns: string[] } | { error: string } | null;

/** The header of the CSV file at `path`, read again when the path or the graph's folder changes. */
function useCsvColumns(path: string): Columns {
  const filePath = useEditor((s) => s.filePath);
  const [columns, setColumns] = useState<Columns>(null);
  useEffect(() => {
    setColumns(null);
    if (!path) return;
    let current = true;
    const baseDir = graphFolder(filePath);
    api.request("dataset.columns", { path, ...baseDirField(baseDir) }).then(
      (r) => current && setColumns({ columns: r.columns }),
      (err: Error) => current && setColumns({ error: err.message }),
    );
    return () => {
      current = false;
    };
  }, [path, filePath]);
  return columns;
}

interface ColumnProps {
  nodeId: string;
  labelColumn: string;
  featureColumns: readonly string[];
  path: string;
  /** The text field shown while the file's columns are unknown. */
  fallback: ReactNode;
}

/**
 * The CSV column pickers, filled from the file's header: the label column, and the feature
 * columns as checkboxes (none ticked off: every column but the label, as the reader takes them).
 */
export function CsvColumns({ nodeId, labelColumn, featureColumns, path, fallback }: ColumnProps) {
  const id = useId();
  const read = useCsvColumns(path);
  if (!read || "error" in read) return <>{fallback}</>;
  const { columns } = read;
  const candidates = columns.filter((c) => c !== labelColumn);
  const all = featureColumns.length === 0;
  const chosen = new Set(all ? candidates : featureColumns);
  const toggle = (name: string, on: boolean) => {
    const next = candidates.filter((c) => (c === name ? on : chosen.has(c)));
    setParam(nodeId, "featureColumns", next.length === candidates.length ? [] : next);
  };
  return (
    <>
      <div className="nl-field">
        <label htmlFor={id}>{paramLabel("labelColumn")}</label>
        <select
          id={id}
          value={labelColumn}
          data-testid="param-labelColumn"
          onChange={(e) => {
            editorStore.getState().setParam(nodeId, "labelColumn", e.target.value);
            const kept = featureColumns.filter((c) => c !== e.target.value);
            if (kept.length !== featureColumns.length) setParam(nodeId, "featureColumns", kept);
          }}
        >
          {!columns.includes(labelColumn) && <option value={labelColumn}>{labelColumn} (not in the file)</option>}
          {columns.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <small className="nl-muted">The column that holds each sample's label (y)</small>
      </div>
      <fieldset className="nl-field nl-columns" data-testid="feature-columns">
        <legend>
          {paramLabel("featureColumns")}{" "}
          <span className="nl-muted">
            {all ? `all ${candidates.length} but the label` : `${chosen.size} of ${candidates.length}`}
          </span>
        </legend>
        {candidates.map((c) => (
          <label key={c} className="nl-column">
            <input
              type="checkbox"
              checked={chosen.has(c)}
              data-column={c}
              onChange={(e) => toggle(c, e.target.checked)}
            />
            {c}
          </label>
        ))}
        <small className="nl-muted">Columns left out are not read, and need not be numbers</small>
      </fieldset>
    </>
  );
}
