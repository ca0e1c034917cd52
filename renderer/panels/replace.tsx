import { useMemo, useState } from "react";
import { CATEGORIES, kindDef, type NodeKind } from "../../shared/catalog";
import { replaceWith } from "../actions/rewire";
import { useEditor } from "../store";
import { type Replacement, replacementsFor } from "../store/rewire";

/** The kinds node `id` can become, by category, each with the connections it would lose. */
function useReplacements(id: string): Array<{ category: string; items: Replacement[] }> {
  const doc = useEditor((s) => s.doc);
  return useMemo(() => {
    const all = replacementsFor(doc, id);
    return CATEGORIES.map((category) => ({
      category,
      items: all.filter((r) => kindDef(r.kind).category === category),
    })).filter((g) => g.items.length > 0);
  }, [doc, id]);
}

function lossNote(dropped: number): string {
  return dropped === 0 ? "" : dropped === 1 ? "loses 1 connection" : `loses ${dropped} connections`;
}

/** The inspector's "Replace with…" choice: another kind in the node's place, its wires kept where they fit. */
export function ReplaceSelect({ id }: { id: string }) {
  const groups = useReplacements(id);
  return (
    <select
      className="nl-replace-select"
      data-testid="replace-with"
      aria-label="Replace with…"
      value=""
      onChange={(e) => e.target.value && replaceWith(id, e.target.value)}
    >
      <option value="">Replace with…</option>
      {groups.map((g) => (
        <optgroup key={g.category} label={g.category}>
          {g.items.map((r) => (
            <option key={r.kind} value={r.kind}>
              {kindDef(r.kind).label}
              {r.dropped > 0 ? ` (${lossNote(r.dropped)})` : ""}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

/** The context menu's list of kinds, filtered by typing; choosing one replaces the node and closes the menu. */
export function ReplaceList({ id, onDone }: { id: string; onDone: () => void }) {
  const groups = useReplacements(id);
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  const shown = groups
    .map((g) => ({ ...g, items: g.items.filter((r) => !q || matches(r.kind, q)) }))
    .filter((g) => g.items.length > 0);
  const first = shown[0]?.items[0]?.kind;
  const choose = (kind: NodeKind) => {
    onDone();
    replaceWith(id, kind);
  };
  return (
    <>
      <input
        className="nl-search"
        type="search"
        placeholder="Search kinds"
        aria-label="Search kinds"
        // biome-ignore lint/a11y/noAutofocus: the menu opens to choose a kind; typing filters at once
        autoFocus
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && first && choose(first)}
      />
      {shown.map((g) => (
        <section key={g.category}>
          <h3>{g.category}</h3>
          {g.items.map((r) => (
            <button
              key={r.kind}
              type="button"
              role="menuitem"
              className="nl-menu-item"
              data-kind={r.kind}
              onClick={() => choose(r.kind)}
            >
              <span>{kindDef(r.kind).label}</span>
              {r.dropped > 0 && <span className="nl-muted">{lossNote(r.dropped)}</span>}
            </button>
          ))}
        </section>
      ))}
      {shown.length === 0 && <p className="nl-muted">No kind matches “{query}”.</p>}
    </>
  );
}

function matches(kind: NodeKind, q: string): boolean {
  const def = kindDef(kind);
  return kind.toLowerCase().includes(q) || def.label.toLowerCase().includes(q);
}
