import { contextBridge, type IpcRendererEvent, ipcRenderer } from "electron";
import type { NetloomBridge } from "../../shared/api";
import { IPC_EVENT, IPC_REQUEST } from "./ipcChannels";

/**
 * The contract's two calls, and nothing else: the page never sees `ipcRenderer` itself. The main
 * process checks every payload, so this layer only carries messages.
 */
const bridge: NetloomBridge = {
  request: (channel, payload) => ipcRenderer.invoke(IPC_REQUEST, channel, payload),
  onEvent(listener) {
    const relay = (_e: IpcRendererEvent, event: string, payload: unknown) => listener(event, payload);
    ipcRenderer.on(IPC_EVENT, relay);
    return () => ipcRenderer.off(IPC_EVENT, relay);
  },
};

contextBridge.exposeInMainWorld("netloom", bridge);
