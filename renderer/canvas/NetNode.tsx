import { Handle, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import { formatShape, isNodeKind, type KindDef, kindDef, type PortDef } from "../../shared/catalog";
import { Icon } from "../icons";
import { useEditor } from "../store";
import { inHandle, outHandle } from "../store/connect";
import { useNodeAnalysis } from "../store/hooks";
import { runMark } from "../training/select";
import { formatCount, formatParam, paramLabel } from "./format";
import { inlineKeys } from "./geometry";
import { NodeOverlay } from "./NodeOverlay";
import type { NetFlowNode } from "./toFlow";

function InlineParams({ def, params }: { def: KindDef; params: Record<string, unknown> }) {
  const keys = inlineKeys(def, params);
  if (keys.length === 0) return null;
  return (
    <dl className="nl-node-params">
      {keys.map((k) => (
        <div key={k}>
          <dt>{paramLabel(k)}</dt>
          <dd>{formatParam(def.kind, k, params[k])}</dd>
        </div>
      ))}
    </dl>
  );
}

function PortRow({ input, output, shape }: { input?: PortDef; output?: PortDef; shape?: string }) {
  return (
    <div className="nl-port-row">
      {input && (
        <span className="nl-port nl-port-in" data-port={input.name} data-side="in" title={input.types.join(" / ")}>
          <Handle type="target" position={Position.Left} id={inHandle(input.name)} className={`t-${input.types[0]}`} />
          {input.label}
        </span>
      )}
      {output && (
        <span className="nl-port nl-port-out" data-port={output.name} data-side="out" title={output.types.join(" / ")}>
          {output.label}
          {shape && <span className="nl-shape">{shape}</span>}
          <Handle
            type="source"
            position={Position.Right}
            id={outHandle(output.name)}
            className={`t-${output.types[0]}`}
          />
        </span>
      )}
    </div>
  );
}

/**
 * A node's problems as a badge in its title (the node keeps its size whatever they say); the
 * messages show under the node while it is selected or the badge is pointed at.
 */
function ProblemBadge({ errors, warnings }: { errors: readonly string[]; warnings: readonly string[] }) {
  const count = errors.length + warnings.length;
  if (count === 0) return null;
  const severity = errors.length > 0 ? "error" : "warning";
  const what = [
    errors.length > 0 && `${errors.length} ${errors.length === 1 ? "error" : "errors"}`,
    warnings.length > 0 && `${warnings.length} ${warnings.length === 1 ? "warning" : "warnings"}`,
  ]
    .filter(Boolean)
    .join(", ");
  return (
    <>
      <span
        className={`nl-node-badge ${severity}`}
        data-testid="node-badge"
        title={[...errors, ...warnings].join("\n")}
      >
        <Icon name={severity} label={what} />
        {count > 1 && <span className="nl-node-badge-count">{count}</span>}
      </span>
      <ul className="nl-node-problems" data-testid="node-problems">
        {errors.map((m) => (
          <li key={m} className="nl-node-problem error">
            {m}
          </li>
        ))}
        {warnings.map((m) => (
          <li key={m} className="nl-node-problem warning">
            {m}
          </li>
        ))}
      </ul>
    </>
  );
}

/** A graph node drawn from its catalog entry: title, key params, named ports, shapes and problems. */
export const NetNode = memo(function NetNode({ id, data, selected }: NodeProps<NetFlowNode>) {
  const info = useNodeAnalysis(id);
  const mark = useEditor((s) => runMark(s.training, s.doc, id));
  if (!isNodeKind(data.kind)) {
    return (
      <div className="nl-node" data-kind={data.kind} data-status="error">
        <header className="nl-node-title">
          <span className="nl-node-name">{data.kind}</span>
          <ProblemBadge errors={["unknown node kind"]} warnings={[]} />
        </header>
      </div>
    );
  }
  const def = kindDef(data.kind);
  const rows = Math.max(def.inputs.length, def.outputs.length);
  return (
    <div
      className={`nl-node cat-${def.category.toLowerCase()}${selected ? " selected" : ""}`}
      data-kind={data.kind}
      data-status={info.status}
      data-run={mark ?? undefined}
    >
      <header className="nl-node-title">
        <span className="nl-node-name">{data.label ?? def.label}</span>
        {data.label && <span className="nl-node-kind">{def.label}</span>}
        <ProblemBadge errors={info.errors} warnings={info.warnings} />
      </header>
      {mark && (
        <div
          className="nl-node-run"
          title={
            mark === "run"
              ? "Part of the graph being trained"
              : "Edited after Train was pressed: the run keeps the version it started with"
          }
        >
          {mark === "run" ? "● training" : "● edited; the run uses the earlier version"}
        </div>
      )}
      <InlineParams def={def} params={data.params} />
      <div className="nl-node-ports">
        {Array.from({ length: rows }, (_, i) => {
          const output = def.outputs[i];
          const shape = output && info.outputs[output.name];
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and fixed per kind
            <PortRow key={i} input={def.inputs[i]} output={output} shape={shape ? formatShape(shape) : undefined} />
          );
        })}
      </div>
      {info.params !== null && <div className="nl-node-count">{formatCount(info.params)}</div>}
      <NodeOverlay id={id} />
    </div>
  );
});
