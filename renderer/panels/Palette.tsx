import { type DragEvent, useMemo, useState } from "react";
import { CATEGORIES, kindDef, NODE_KINDS, type NodeKind } from "../../shared/catalog";
import { addAtCenter } from "../actions/rewire";
import { formatParam } from "../canvas/format";
import { PALETTE_MIME } from "../canvas/palette";
import { fieldsOf } from "./inspector/schema";

/** What a search matches: names, category, help, and the names of choices (so "cross-entropy" finds Loss). */
const searchText = new Map(
  NODE_KINDS.map((kind) => {
    const def = kindDef(kind);
    const choices = fieldsOf(kind).flatMap((f) =>
      f.type === "enum" ? f.options.map((o) => formatParam(kind, f.key, o)) : [],
    );
    return [kind, [kind, def.label, def.category, def.help, ...choices].join("\n").toLowerCase()];
  }),
);

function matches(kind: NodeKind, query: string): boolean {
  return !query || (searchText.get(kind) ?? "").includes(query.toLowerCase());
}

function PaletteItem({ kind }: { kind: NodeKind }) {
  const def = kindDef(kind);
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData(PALETTE_MIME, kind);
    e.dataTransfer.effectAllowed = "copy";
  };
  return (
    <li>
      <button
        type="button"
        className={`nl-palette-item cat-${def.category.toLowerCase()}`}
        draggable
        onDragStart={onDragStart}
        onClick={() => addAtCenter(kind)}
        data-kind={kind}
        title={`${def.help}\n\nClick to add it in the middle of the canvas, wired after the selected node; or drag it onto the canvas or onto a connection.`}
      >
        {def.label}
      </button>
    </li>
  );
}

/** Node kinds by category, filtered by a search box; click one to add it, or drag it onto the canvas. */
export function Palette() {
  const [query, setQuery] = useState("");
  const groups = useMemo(
    () =>
      CATEGORIES.map((category) => ({
        category,
        kinds: NODE_KINDS.filter((k) => kindDef(k).category === category && matches(k, query.trim())),
      })).filter((g) => g.kinds.length > 0),
    [query],
  );
  return (
    <aside className="nl-palette" aria-label="Node palette">
      <input
        className="nl-search"
        type="search"
        placeholder="Search nodes"
        aria-label="Search nodes"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {groups.length === 0 && <p className="nl-muted">No node matches “{query}”.</p>}
      {groups.map((g) => (
        <section key={g.category} className="nl-palette-group">
          <h2>{g.category}</h2>
          <ul>
            {g.kinds.map((k) => (
              <PaletteItem key={k} kind={k} />
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
