import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath, getSmoothStepPath } from "@xyflow/react";
import { memo } from "react";
import { formatShape } from "../../shared/catalog";
import { GRAD_COLOURS } from "../backprop/colours";
import { wireLevel } from "../backprop/select";
import { useEditor } from "../store";
import { useEdgeAnalysis } from "../store/hooks";
import type { NetFlowEdge } from "./toFlow";

/**
 * A connection labelled with the shape that flows along it; red when the compiler refuses it. A
 * connection that runs backwards (a chain wrapped into rows) turns like a carriage return: out to
 * the right, back along the gap between the rows, into the next row from the left.
 */
export const ShapeEdge = memo(function ShapeEdge(props: EdgeProps<NetFlowEdge>) {
  const { id, source, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected } = props;
  const info = useEdgeAnalysis(id);
  const level = useEditor((s) => wireLevel(s, source));
  const ends = { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition };
  const [path, labelX, labelY] =
    targetX < sourceX ? getSmoothStepPath({ ...ends, borderRadius: 12 }) : getBezierPath(ends);
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
