import { Handle, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import { formatShape, isNodeKind, type KindDef, kindDef, type PortDef } from "../../shared/catalog";
import { useEditor } from "../store";
import { inHandle, outHandle } from "../store/connect";
import { useNodeAnalysis } from "../store/hooks";
import { runMark } from "../training/select";
import { formatCount, formatParam, paramLabel } from "./format";
import { NodeOverlay } from "./NodeOverlay";
import type { NetFlowNode } from "./toFlow";

function InlineParams({ def, params }: { def: KindDef; params: Record<string, unknown> }) {
  const hidden = new Set(def.hidden?.(params) ?? []);
  const keys = def.inline.filter((k) => !hidden.has(k) && params[k] !== undefined);
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

/** A graph node drawn from its catalog entry: title, key params, named ports, shapes and problems. */
export const NetNode = memo(function NetNode({ id, data, selected }: NodeProps<NetFlowNode>) {
  const info = useNodeAnalysis(id);
  const mark = useEditor((s) => runMark(s.training, s.doc, id));
  if (!isNodeKind(data.kind)) {
    return (
      <div className="nl-node" data-kind={data.kind} data-status="error">
        <header className="nl-node-title">{data.kind}</header>
        <p className="nl-node-problem error">unknown node kind</p>
      </div>
    );
  }
  const def = kindDef(data.kind);
  const rows = Math.max(def.inputs.length, def.outputs.length);
  const problems = [...info.errors.map((m) => ["error", m]), ...info.warnings.map((m) => ["warning", m])];
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
      {problems.length > 0 && (
        <ul className="nl-node-problems">
          {problems.slice(0, 2).map(([severity, message]) => (
            <li key={message} className={`nl-node-problem ${severity}`}>
              {message}
            </li>
          ))}
          {problems.length > 2 && <li className="nl-node-more">+{problems.length - 2} more in Problems</li>}
        </ul>
      )}
    </div>
  );
});
