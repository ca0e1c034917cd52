import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { HandlerContext } from "../../../../main/handlers/context";
import { dispatch } from "../../../../main/handlers/dispatch";
import { SessionClaims } from "../../../../main/handlers/sessions";
import { handlers } from "../../../../main/handlers/table";
import type { Autosave, ReplyEnvelope } from "../../../../shared/api";
import type { GraphDocument } from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";
import { browserContext } from "../../../helpers/handlerContext";

async function call<T>(ctx: HandlerContext, channel: string, payload: unknown): Promise<T> {
  const reply: ReplyEnvelope = await dispatch(handlers, ctx, channel, payload);
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
  return reply.value as T;
}

const named = (name: string): GraphDocument => ({ ...loadPreset("mnist"), meta: { name } });

/**
 * Editors (tabs) of one back end: each its own connection, open until `close`; all share the data
 * folder and the process's session claims.
 */
function backEnd() {
  const first = browserContext({ sessions: new SessionClaims() });
  const tab = () => {
    let open = true;
    const ctx = browserContext({ dataDir: first.dataDir, sessions: first.sessions, connection: { alive: () => open } });
    const ask = <T>(channel: string, payload: unknown) => call<T>(ctx, channel, payload);
    return {
      read: (session: string) => ask<Autosave[]>("autosave.read", { session }),
      write: (session: string, name: string) => ask("autosave.write", { session, doc: named(name), path: null }),
      clear: (session: string) => ask("autosave.clear", { session }),
      close: () => {
        open = false;
      },
    };
  };
  return { dataDir: first.dataDir, tab };
}

describe("autosave sessions", () => {
  it("keeps each tab's unsaved work in its own file, and gives a tab back its own first after a reload", async () => {
    const { tab } = backEnd();
    const a = tab();
    expect(await a.read("tab-a")).toEqual([]);
    await a.write("tab-a", "A");
    const b = tab();
    expect(await b.read("tab-b")).toEqual([]);
    await b.write("tab-b", "B");
    // Tab A reloads: the same session, a new connection; its own work comes back, not B's.
    a.close();
    const reloaded = tab();
    expect(await reloaded.read("tab-a")).toMatchObject([{ session: "tab-a", doc: { meta: { name: "A" } } }]);
  });

  it("offers a closed or crashed tab's work to the next tab, never an open tab's", async () => {
    const { tab } = backEnd();
    const a = tab();
    await a.read("tab-a");
    await a.write("tab-a", "A");
    const b = tab();
    expect(await b.read("tab-b")).toEqual([]);
    a.close();
    const c = tab();
    expect(await c.read("tab-c")).toMatchObject([{ session: "tab-a", doc: { meta: { name: "A" } } }]);
  });

  it("lets no tab delete an open tab's work, and a closed tab's once it is offered", async () => {
    const { tab, dataDir } = backEnd();
    const a = tab();
    await a.read("tab-a");
    await a.write("tab-a", "A");
    const b = tab();
    await expect(b.clear("tab-a")).rejects.toMatchObject({ code: "BUSY" });
    expect(readFileSync(path.join(dataDir, "autosave-tab-a.json"), "utf8")).toContain('"A"');
    a.close();
    await b.clear("tab-a");
    expect(await tab().read("tab-d")).toEqual([]);
  });

  it("refuses a session another open tab holds: a duplicated tab takes a new one", async () => {
    const { tab } = backEnd();
    await tab().read("copied");
    const duplicate = tab();
    await expect(duplicate.read("copied")).rejects.toMatchObject({ code: "BUSY" });
    await expect(duplicate.write("copied", "X")).rejects.toMatchObject({ code: "BUSY" });
    expect(await duplicate.read("fresh")).toEqual([]);
  });

  it("never offers the work of another NetLoom that still runs; a dead one's is offered", async () => {
    const { tab, dataDir } = backEnd();
    const file = (session: string, pid: number, savedAt: string) =>
      writeFileSync(
        path.join(dataDir, `autosave-${session}.json`),
        JSON.stringify({ savedAt, path: null, session, pid, doc: named(session) }),
      );
    const a = tab();
    await a.write("mine", "mine");
    // Older work: of an editor of the process that started this one, which runs, and of a process gone.
    file("running", process.ppid, "2000-01-02T00:00:00.000Z");
    file("gone", 2 ** 30, "2000-01-01T00:00:00.000Z");
    a.close();
    const offered = await tab().read("next");
    expect(offered.map((o) => o.session)).toEqual(["mine", "gone"]);
    await expect(tab().clear("running")).rejects.toMatchObject({ code: "BUSY" });
  });

  it("treats a damaged autosave, or one under another session's name, as none", async () => {
    const { tab, dataDir } = backEnd();
    const a = tab();
    await a.write("tab-a", "A");
    writeFileSync(path.join(dataDir, "autosave-tab-a.json"), "{ truncated");
    const saved = JSON.stringify({ savedAt: "x", path: null, session: "other", pid: null, doc: named("B") });
    writeFileSync(path.join(dataDir, "autosave-renamed.json"), saved);
    a.close();
    expect(await tab().read("tab-b")).toEqual([]);
  });

  it("keeps concurrent writes whole: the last one wins", async () => {
    const { tab } = backEnd();
    const a = tab();
    await Promise.all([1, 2, 3, 4, 5].map((n) => a.write("tab-a", `v${n}`)));
    expect((await a.read("tab-a"))[0]?.doc.meta.name).toBe("v5");
  });

  it("takes only session ids that are safe as file names", async () => {
    await expect(backEnd().tab().read("../escape")).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
