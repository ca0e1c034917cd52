import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ReactElement } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { FileDialog } from "../../../../../renderer/panels/dialogs/FileDialog";
import { editorStore } from "../../../../../renderer/store";
import { loadPreset } from "../../../../../shared/presets";
import { backend } from "../../helpers/backend";

vi.mock("../../../../../renderer/api", async () => ({ api: (await import("../../helpers/backend")).backend.api }));

/**
 * React's hooks played by the test, as there is no DOM here: the dialog renders by a call of its
 * function, its state kept in the order of its hooks; effects (the folder listing) do not run.
 */
const hooks = vi.hoisted(() => ({ slots: [] as unknown[], next: 0 }));
vi.mock("react", async (importOriginal) => {
  const react = await importOriginal<typeof import("react")>();
  const slot = (init: () => unknown) => {
    const i = hooks.next++;
    if (!(i in hooks.slots)) hooks.slots[i] = init();
    return i;
  };
  const useState = (init: unknown) => {
    const i = slot(() => (typeof init === "function" ? init() : init));
    const set = (v: unknown) => {
      hooks.slots[i] = typeof v === "function" ? v(hooks.slots[i]) : v;
    };
    return [hooks.slots[i], set];
  };
  const useRef = (init: unknown) => hooks.slots[slot(() => ({ current: init }))];
  return { ...react, useState, useRef, useCallback: (fn: unknown) => fn, useEffect: () => {} };
});

type Props = Record<string, unknown> & { children?: unknown; footer?: unknown };

/** The props of the element with `data-testid` in a rendered tree, the modal's footer included. */
function byTestId(node: unknown, id: string): Props | undefined {
  if (Array.isArray(node)) return node.map((n) => byTestId(n, id)).find(Boolean);
  const props = (node as ReactElement<Props> | null)?.props;
  if (!props) return undefined;
  if (props["data-testid"] === id) return props;
  return byTestId(props.children, id) ?? byTestId(props.footer, id);
}

const dir = path.join(backend.dir, "saves");
mkdirSync(dir, { recursive: true });
let resolve = vi.fn();
const render = () => {
  hooks.next = 0;
  return FileDialog({ mode: "save", suggestedName: "first", resolve });
};
/** The props of an element of the dialog as it renders now. */
function element(id: string): Props {
  const props = byTestId(render(), id);
  if (!props) throw new Error(`no ${id} in the dialog`);
  return props;
}
const typePath = (value: string) => (element("file-path").onChange as (e: unknown) => void)({ target: { value } });
const pressSave = () => (element("file-dialog-submit").onClick as () => void)();
/** Until the back end has answered and the dialog has acted on the answer. */
async function answered(): Promise<void> {
  await backend.idle();
  await new Promise((done) => setTimeout(done, 0));
}

beforeEach(() => {
  hooks.slots = [];
  resolve = vi.fn();
  editorStore.getState().loadGraph(loadPreset("mnist"), path.join(dir, "open.netloom.json"));
});

describe("the in-app save dialog", () => {
  it("saves to the path in the field", async () => {
    pressSave();
    await answered();
    expect(resolve).toHaveBeenCalledWith(path.join(dir, "first.netloom.json"));
  });

  it("does not save to the path it checked when the field was edited while the back end answered", async () => {
    pressSave();
    typePath(path.join(dir, "second"));
    await answered();
    expect(resolve).not.toHaveBeenCalled();

    pressSave();
    await answered();
    expect(resolve).toHaveBeenCalledExactlyOnceWith(path.join(dir, "second.netloom.json"));
  });

  it("saves when the edit names the same file", async () => {
    pressSave();
    typePath(`${path.join(dir, "first.netloom.json")} `);
    await answered();
    expect(resolve).toHaveBeenCalledExactlyOnceWith(path.join(dir, "first.netloom.json"));
  });

  it("does not ask about replacing a file the field no longer names", async () => {
    writeFileSync(path.join(dir, "taken.netloom.json"), "{}");
    typePath(path.join(dir, "taken"));
    pressSave();
    typePath(path.join(dir, "free"));
    await answered();
    expect(byTestId(render(), "confirm-replace")).toBeUndefined();
    expect(resolve).not.toHaveBeenCalled();

    typePath(path.join(dir, "taken"));
    pressSave();
    await answered();
    expect(byTestId(render(), "confirm-replace")?.children).toMatch(/taken\.netloom\.json already exists/);
  });
});
