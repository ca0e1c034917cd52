import type { NetloomBridge } from "../../shared/api";
import type { Transport } from "./client";

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser. */
    netloom?: NetloomBridge;
  }
}

/** The contract over Electron IPC, through the bridge the preload exposed. */
export function electronTransport(bridge: NetloomBridge): Transport {
  return {
    host: "electron",
    request: (channel, payload) => bridge.request(channel, payload),
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
