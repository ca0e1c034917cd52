/** A canvas viewport: the screen position of the canvas origin and the zoom. */
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** A rectangle in canvas or screen pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The least zoom Fit view and opening a graph use: a node's 13px title is then 11px on screen.
 * Zooming out by hand (wheel, the minus button) still goes further.
 */
export const READABLE_ZOOM = 11 / 13;
/** Fit view never enlarges a small graph beyond this. */
export const MAX_FIT_ZOOM = 1.2;
/** Screen pixels left free around a fitted graph. */
export const FIT_PADDING = 32;

/** A width and a height. */
export interface Size {
  width: number;
  height: number;
}

function roomIn(pane: Size, pad: number): Size {
  return { width: Math.max(1, pane.width - 2 * pad), height: Math.max(1, pane.height - 2 * pad) };
}

/** The zoom at which `bounds` just fits in `pane`, padding included (neither readable nor capped). */
export function fitZoom(bounds: Size, pane: Size, pad = FIT_PADDING): number {
  const room = roomIn(pane, pad);
  return Math.min(room.width / Math.max(1, bounds.width), room.height / Math.max(1, bounds.height));
}

/** How {@link fitViewport} fits: padding in screen pixels, the largest zoom, and whether to stay readable. */
export interface FitOptions {
  pad?: number;
  maxZoom?: number;
  /** Never below {@link READABLE_ZOOM} (Fit view, opening); off to bring far-apart nodes into view together. */
  readable?: boolean;
}

/**
 * The viewport that shows `bounds` (canvas pixels) in a pane of `pane` size: the whole graph,
 * centred, when that keeps it readable; otherwise at the readable zoom, centred along the axis
 * where it fits and from its start (left or top, where data enters) along the one where it does not.
 */
export function fitViewport(bounds: Rect, pane: Size, options: FitOptions = {}): Viewport {
  const { pad = FIT_PADDING, maxZoom = MAX_FIT_ZOOM, readable = true } = options;
  const room = roomIn(pane, pad);
  const fit = Math.min(maxZoom, fitZoom(bounds, pane, pad));
  const zoom = readable ? Math.max(READABLE_ZOOM, fit) : fit;
  const place = (start: number, size: number, roomSize: number) =>
    size * zoom <= roomSize ? pad + (roomSize - size * zoom) / 2 - start * zoom : pad - start * zoom;
  return {
    x: place(bounds.x, bounds.width, room.width),
    y: place(bounds.y, bounds.height, room.height),
    zoom,
  };
}
