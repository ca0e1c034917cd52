import { ApiError } from "../../shared/api";
import { api } from "../api";
import type { EditorState } from "../store";

const KEY = "netloom.autosaveSession";

function newSession(): string {
  const id = crypto.randomUUID();
  try {
    sessionStorage.setItem(KEY, id);
  } catch {
    // Without sessionStorage the id lives as long as the page.
  }
  return id;
}

function storedSession(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

let session: string | null = null;

/**
 * This editor's autosave session: kept in the tab's (or window's) sessionStorage, so a reload or a
 * crash of the tab finds its own unsaved work again, and every other tab has a session of its own.
 */
export function autosaveSession(): string {
  session ??= storedSession() ?? newSession();
  return session;
}

/**
 * Claims this editor's session and reads what to offer back: its own autosave, else unsaved work
 * no open editor holds. A duplicated tab copied its session along: the back end says another open
 * tab holds it, and this one takes a new session.
 */
export async function readAutosave() {
  try {
    return await api.request("autosave.read", { session: autosaveSession() });
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== "BUSY") throw err;
    session = newSession();
    return api.request("autosave.read", { session });
  }
}

/**
 * Whether the work on offer is this editor's own autosave (the tab was reloaded or crashed): until
 * the offer is answered that file holds it, and nothing may overwrite it. Another editor's work on
 * offer has its own file, and this editor's edits are autosaved meanwhile.
 */
export function offerIsOwn(s: Pick<EditorState, "recovered">): boolean {
  return s.recovered?.session === autosaveSession();
}
