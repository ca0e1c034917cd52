import { ApiClient } from "./client";
import { electronTransport } from "./electron";
import { websocketTransport } from "./websocket";

export { ApiClient } from "./client";

/** The back end of this window: the Electron bridge when the preload set it, else `netloom serve`. */
function connect(): ApiClient {
  if (window.netloom) return new ApiClient(electronTransport(window.netloom));
  const token = new URLSearchParams(window.location.search).get("token") ?? "";
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return new ApiClient(
    websocketTransport(`${scheme}://${window.location.host}/api?token=${encodeURIComponent(token)}`),
  );
}

/** The contract, as this window reaches it. */
export const api: ApiClient = connect();
