import { memo } from "react";
import { useEditor } from "../store";
import { NodeSignals } from "./NodeSignals";
import { NodeStep } from "./NodeStep";

/**
 * What a node shows of training beyond its graph: step mode's values and gradients, else live
 * signals while they are on. Its own subscriptions: a signals event re-renders this, not the node.
 */
export const NodeOverlay = memo(function NodeOverlay({ id }: { id: string }) {
  const stepping = useEditor((s) => s.step.phase === "ready");
  const signal = useEditor((s) => (s.signalsOn && !stepping ? s.signals?.byNode[id] : undefined));
  if (stepping) return <NodeStep id={id} />;
  return signal ? <NodeSignals signal={signal} /> : null;
});
