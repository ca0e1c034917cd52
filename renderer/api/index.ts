import { ApiClient, type Transport } from "./client";
import { electronTransport } from "./electron";
import { takeServeToken } from "./token";
import { websocketTransport } from "./websocket";

export { ApiClient } from "./client";

/** Every request of a page opened without the token fails with what to do instead. */
function noTokenTransport(): Transport {
  const message =
    "this page has no access token: open the URL that `netloom serve` printed; it carries the access token";
  return {
    host: "browser",
    request: async () => ({ ok: false, error: { code: "DISCONNECTED", message } }),
    onEvent: () => () => {},
  };
}

/** The back end of this window: the Electron bridge when the preload set it, else `netloom serve`. */
function connect(): ApiClient {
  if (window.netloom) return new ApiClient(electronTransport(window.netloom));
  const token = takeServeToken();
  if (!token) return new ApiClient(noTokenTransport());
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return new ApiClient(
    websocketTransport(`${scheme}://${window.location.host}/api?token=${encodeURIComponent(token)}`),
  );
}

/** The contract, as this window reaches it. */
export const api: ApiClient = connect();
