import { tilesRgba } from "../../backprop/colours";
import { Pixels } from "../../backprop/Pixels";

/** Channel maps or kernels to a line. */
const MAP_COLUMNS = 16;

/** Whether a per-sample shape is a square image [side, side, channels]. */
export function isSquareImage(shape: readonly number[]): boolean {
  return shape.length === 3 && shape[0] === shape[1] && (shape[0] ?? 0) > 0;
}

/** Values of an [h, w, c] image reordered channel by channel: [c, h, w]. */
export function channelsFirst(values: readonly number[], shape: readonly number[]): number[] {
  const [h = 1, w = 1, c = 1] = shape;
  const out = new Array<number>(values.length);
  for (let p = 0; p < h * w; p++) for (let ch = 0; ch < c; ch++) out[ch * h * w + p] = values[p * c + ch] ?? 0;
  return out;
}

/**
 * A node's image output, or its gradient, as one map per channel (each scaled to its own largest
 * magnitude: red positive, blue negative, white 0): what each filter found, or where the loss
 * pulls it.
 */
export function ChannelMaps({ values, shape, what }: { values: readonly number[]; shape: number[]; what: string }) {
  const [side = 1, , channels = 1] = shape;
  const cols = Math.min(channels, MAP_COLUMNS);
  return (
    <figure className="nl-stage-figure">
      <Pixels
        rgba={tilesRgba(channelsFirst(values, shape), channels, side, cols)}
        width={cols * side}
        className="nl-tiles"
        testId="channel-maps"
      />
      <figcaption className="nl-muted">
        {what}: the {channels} channels as {side}×{side} maps, each scaled to its own largest value (red positive, blue
        negative, white 0)
      </figcaption>
    </figure>
  );
}

/** A Conv2D kernel tensor [filters, channels, k, k] as k×k tiles, a line per input channel set of a filter. */
export function KernelTiles({ values, shape, what }: { values: readonly number[]; shape: number[]; what: string }) {
  const [filters = 1, channels = 1, k = 1] = shape;
  const cols = channels === 1 ? Math.min(filters, MAP_COLUMNS) : Math.min(channels, 32);
  return (
    <figure className="nl-stage-figure">
      <Pixels
        rgba={tilesRgba(values, filters * channels, k, cols)}
        width={cols * k}
        className="nl-tiles nl-kernels"
        testId="kernel-tiles"
      />
      <figcaption className="nl-muted">
        {what}: {filters} filters × {channels} input channel{channels === 1 ? "" : "s"}, each a {k}×{k} kernel
        {channels === 1 ? ", a tile per filter" : ", a line of tiles per filter"}, each scaled to its own largest value
      </figcaption>
    </figure>
  );
}
