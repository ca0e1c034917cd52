import { type PointerEvent, useCallback, useEffect, useRef } from "react";
import { editorStore } from "../store";
import { sampleRgba } from "../training/results";
import { inkFromRgba, MNIST_SIDE, toMnistInput } from "./mnistInput";
import { Probabilities } from "./Probabilities";
import { usePrediction } from "./usePrediction";

/** The pad's drawing resolution: ten pad pixels per MNIST pixel. */
const SIDE = 280;
/** A pen about as wide, once scaled into the 20-pixel box, as MNIST's strokes. */
const PEN = 22;

function context(canvas: HTMLCanvasElement | null): CanvasRenderingContext2D | null {
  return canvas?.getContext("2d", { willReadFrequently: true }) ?? null;
}

/**
 * Draw a digit with the mouse, pen or a finger: after every frame of drawing, the ink is
 * preprocessed as MNIST's digits were (20-pixel box, centre of mass in a 28x28 field), shown as
 * the network sees it, and sent to the trained model, whose class probabilities show beside it.
 */
export function DrawPad({ runId, names }: { runId: string; names: readonly string[] | null }) {
  const pad = useRef<HTMLCanvasElement>(null);
  const preview = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const frame = useRef(0);
  const { prediction, predict } = usePrediction(runId);

  const update = useCallback(() => {
    frame.current = 0;
    const ctx = context(pad.current);
    if (!ctx) return;
    const ink = inkFromRgba(ctx.getImageData(0, 0, SIDE, SIDE).data, SIDE, SIDE);
    const input = toMnistInput(ink, SIDE, SIDE);
    const row = input ? Array.from(input, (v) => Math.round(v)) : null;
    const view = preview.current?.getContext("2d");
    if (view) {
      const pixels = row ?? new Array<number>(MNIST_SIDE * MNIST_SIDE).fill(0);
      view.putImageData(new ImageData(sampleRgba(pixels), MNIST_SIDE, MNIST_SIDE), 0, 0);
    }
    predict(row);
    editorStore.getState().setDrawn(row);
  }, [predict]);
  const schedule = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(update);
  }, [update]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  useEffect(() => update(), [update]);

  const at = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * SIDE) / r.width, y: ((e.clientY - r.top) * SIDE) / r.height };
  };
  const stroke = (from: { x: number; y: number }, to: { x: number; y: number }) => {
    const ctx = context(pad.current);
    if (!ctx) return;
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = PEN;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x + 0.01, to.y);
    ctx.stroke();
    schedule();
  };
  const clear = () => {
    context(pad.current)?.clearRect(0, 0, SIDE, SIDE);
    update();
  };

  return (
    <div className="nl-pad">
      <div className="nl-pad-draw">
        <canvas
          ref={pad}
          width={SIDE}
          height={SIDE}
          className="nl-pad-canvas"
          data-testid="draw-pad"
          aria-label="Drawing pad: draw a digit"
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            const p = at(e);
            last.current = p;
            stroke(p, p);
          }}
          onPointerMove={(e) => {
            if (!last.current) return;
            const p = at(e);
            stroke(last.current, p);
            last.current = p;
          }}
          onPointerUp={() => {
            last.current = null;
          }}
          onPointerCancel={() => {
            last.current = null;
          }}
        />
        <div className="nl-pad-side">
          <button type="button" onClick={clear} data-testid="clear-pad">
            Clear
          </button>
          <figure>
            <canvas ref={preview} width={MNIST_SIDE} height={MNIST_SIDE} className="nl-pad-preview" />
            <figcaption className="nl-muted">What the network sees (28×28)</figcaption>
          </figure>
        </div>
      </div>
      <Probabilities prediction={prediction} names={names} />
    </div>
  );
}
