import { ipcMain, type WebContents } from "electron";
import type { EventName, EventOf } from "../../shared/api";
import type { HandlerContext, HostServices } from "../handlers/context";
import { dispatch } from "../handlers/dispatch";
import type { Connection } from "../handlers/sessions";
import { handlers } from "../handlers/table";
import { IPC_EVENT, IPC_REQUEST } from "./ipcChannels";

/** Whether a request comes from our own page (a file:// URL inside the app), not a frame it loaded. */
export type TrustSender = (contents: WebContents, frameUrl: string | undefined) => boolean;

const connections = new WeakMap<WebContents, Connection>();

/** A window's page is open until its web contents are destroyed; a reload keeps it (and its session). */
function connectionOf(contents: WebContents): Connection {
  let connection = connections.get(contents);
  if (!connection) {
    connection = { alive: () => !contents.isDestroyed() };
    connections.set(contents, connection);
  }
  return connection;
}

/**
 * Serves the contract over IPC with the same handler table as `netloom serve`. Each reply is an
 * envelope (value or error), so nothing a page sends can throw in the main process.
 */
export function registerIpc(services: HostServices, trusted: TrustSender): void {
  ipcMain.handle(IPC_REQUEST, async (event, channel: unknown, payload: unknown) => {
    if (!trusted(event.sender, event.senderFrame?.url)) {
      return { ok: false, error: { code: "UNSUPPORTED", message: "requests come only from the NetLoom window" } };
    }
    const ctx: HandlerContext = {
      ...services,
      emit: (name, value) => {
        if (!event.sender.isDestroyed()) event.sender.send(IPC_EVENT, name, value);
      },
      connection: connectionOf(event.sender),
    };
    return dispatch(handlers, ctx, channel, payload);
  });
}

/** Pushes a contract event to a window's page (menu commands). */
export function sendEvent<E extends EventName>(contents: WebContents, name: E, payload: EventOf<E>): void {
  if (!contents.isDestroyed()) contents.send(IPC_EVENT, name, payload);
}
