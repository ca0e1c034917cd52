import { editorStore } from "../store";

/**
 * The connection drawn under a screen point, found the way the browser hit-tests the pointer (a
 * wire's wide invisible stroke counts, and nodes above it do not hide it), or null.
 */
export function wireAt(x: number, y: number): string | null {
  for (const el of document.elementsFromPoint(x, y)) {
    const id = el.closest(".react-flow__edge")?.getAttribute("data-id");
    if (id) return id;
  }
  return null;
}

/**
 * The connection a node being dragged would be put on if dropped now: under the pointer or the
 * node's middle. Only a node without connections goes onto a wire, so moving a wired node over
 * other wires never rewires it.
 */
export function wireUnderNode(nodeId: string, event: MouseEvent | TouchEvent): string | null {
  const { doc } = editorStore.getState();
  if (doc.edges.some((e) => e.source === nodeId || e.target === nodeId)) return null;
  const pointer = "changedTouches" in event ? event.changedTouches[0] : event;
  const atPointer = pointer ? wireAt(pointer.clientX, pointer.clientY) : null;
  if (atPointer) return atPointer;
  const el = document.querySelector(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`);
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return wireAt(r.left + r.width / 2, r.top + r.height / 2);
}
