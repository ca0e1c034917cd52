/** The drag-and-drop type that carries a node kind from the palette to the canvas. */
export const PALETTE_MIME = "application/x-netloom-kind";
