import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from "@xyflow/react";
import { memo } from "react";
import { formatShape } from "../../shared/catalog";
import { GRAD_COLOURS } from "../backprop/colours";
import { wireLevel } from "../backprop/select";
import { useEditor } from "../store";
import { useEdgeAnalysis } from "../store/hooks";
import type { NetFlowEdge } from "./toFlow";

/** A connection labelled with the shape that flows along it; red when the compiler refuses it. */
export const ShapeEdge = memo(function ShapeEdge(props: EdgeProps<NetFlowEdge>) {
  const { id, source, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected } = props;
  const info = useEdgeAnalysis(id);
  const level = useEditor((s) => wireLevel(s, source));
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const cls = `nl-edge${info.error ? " error" : ""}${selected ? " selected" : ""}`;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        className={cls}
        interactionWidth={16}
        style={level === null ? undefined : { stroke: GRAD_COLOURS[level], strokeWidth: 1.5 + level }}
      />
      {(info.shape || info.error) && (
        <EdgeLabelRenderer>
          <div
            className={`nl-edge-label${info.error ? " error" : ""}`}
            data-edge={id}
            title={info.error ?? undefined}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {info.error ? "!" : formatShape(info.shape ?? undefined)}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
