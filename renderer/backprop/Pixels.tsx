import { memo, useEffect, useRef } from "react";

/**
 * Values drawn as pixels, `width` to a row, scaled up by CSS without smoothing: a heat strip of a
 * layer's units, a 28x28 image, a matrix. `rgba` makes the colours (see backprop/colours.ts).
 */
export const Pixels = memo(function Pixels(props: {
  rgba: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  className?: string;
  title?: string;
  testId?: string;
  onPick?: (index: number) => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const height = Math.max(1, Math.ceil(props.rgba.length / 4 / props.width));
  useEffect(() => {
    const ctx = ref.current?.getContext("2d");
    if (!ctx) return;
    const full = new Uint8ClampedArray(new ArrayBuffer(props.width * height * 4));
    full.set(props.rgba);
    ctx.putImageData(new ImageData(full, props.width, height), 0, 0);
  }, [props.rgba, props.width, height]);
  const { onPick, width } = props;
  return (
    <canvas
      ref={ref}
      width={width}
      height={height}
      className={`nl-pixels ${props.className ?? ""}`}
      title={props.title}
      data-testid={props.testId}
      onClick={
        onPick
          ? (e) => {
              const r = e.currentTarget.getBoundingClientRect();
              const x = Math.floor(((e.clientX - r.left) / r.width) * width);
              const y = Math.floor(((e.clientY - r.top) / r.height) * height);
              onPick(Math.min(width - 1, x) + y * width);
            }
          : undefined
      }
    />
  );
});
