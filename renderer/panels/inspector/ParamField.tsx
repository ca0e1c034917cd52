import { useId } from "react";
import type { NodeKind } from "../../../shared/catalog";
import { formatParam, paramLabel } from "../../canvas/format";
import { editorStore } from "../../store";
import { CsvColumns, DATA_PATH_KEYS, DataPathField } from "./DataFields";
import { checkParam, type Field, parseNumber, parseShape, rangeText } from "./schema";
import { TextInput } from "./TextInput";

interface Props {
  nodeId: string;
  kind: NodeKind;
  field: Field;
  /** The node's params with defaults applied, to validate a field against the others. */
  params: Record<string, unknown>;
}

const setParam = (nodeId: string, key: string, value: unknown) => editorStore.getState().setParam(nodeId, key, value);

/** One inspector field, chosen by the param's schema type: number, switch, choice or text. */
export function ParamField({ nodeId, kind, field, params }: Props) {
  const id = useId();
  const value = params[field.key] ?? field.default;
  const label = paramLabel(field.key);
  // Picked beside the label column, from the file's header.
  if (kind === "Dataset" && field.key === "featureColumns") return null;
  if (field.type === "boolean") {
    return (
      <div className="nl-field nl-field-check">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(e) => setParam(nodeId, field.key, e.target.checked)}
        />
        <label htmlFor={id}>{label}</label>
        <small className="nl-muted">{field.description}</small>
      </div>
    );
  }
  if (field.type === "enum") {
    return (
      <div className="nl-field">
        <label htmlFor={id}>{label}</label>
        <select
          id={id}
          value={String(value)}
          data-testid={`param-${field.key}`}
          onChange={(e) => setParam(nodeId, field.key, e.target.value)}
        >
          {field.options.map((o) => (
            <option key={o} value={o}>
              {formatParam(kind, field.key, o)}
            </option>
          ))}
        </select>
        <small className="nl-muted">{field.description}</small>
      </div>
    );
  }
  if (field.type === "number") {
    return (
      <TextInput
        label={label}
        value={String(value)}
        hint={`${field.description} (${rangeText(field)})`}
        testId={`param-${field.key}`}
        validate={(text) => {
          const parsed = parseNumber(text);
          return "error" in parsed ? parsed.error : checkParam(kind, params, field.key, parsed.value);
        }}
        commit={(text) => setParam(nodeId, field.key, Number(text.trim()))}
      />
    );
  }
  if (field.type === "shape") {
    return (
      <TextInput
        label={label}
        value={Array.isArray(value) ? value.join(", ") : ""}
        hint={field.description}
        testId={`param-${field.key}`}
        validate={(text) => {
          const parsed = parseShape(text);
          return "error" in parsed ? parsed.error : checkParam(kind, params, field.key, parsed.value);
        }}
        commit={(text) => {
          const parsed = parseShape(text);
          if ("value" in parsed) setParam(nodeId, field.key, parsed.value);
        }}
      />
    );
  }
  const text = (
    <TextInput
      label={label}
      value={String(value ?? "")}
      hint={field.description}
      testId={`param-${field.key}`}
      validate={(text) => checkParam(kind, params, field.key, text)}
      commit={(text) => setParam(nodeId, field.key, text)}
    />
  );
  if (kind !== "Dataset") return text;
  if (DATA_PATH_KEYS.has(field.key)) return <DataPathField nodeId={nodeId} field={field} value={String(value ?? "")} />;
  if (field.key !== "labelColumn") return text;
  return (
    <CsvColumns
      nodeId={nodeId}
      labelColumn={String(value)}
      featureColumns={Array.isArray(params.featureColumns) ? params.featureColumns.map(String) : []}
      path={String(params.path ?? "")}
      fallback={text}
    />
  );
}
