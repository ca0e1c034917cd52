import { ApiClient, type Transport } from "./client";
import { electronTransport } from "./electron";
import { exchangeLaunchCode, takeLaunchCode, takeServeToken } from "./token";
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

function contractUrl(token: string): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}/api?token=${encodeURIComponent(token)}`;
}

/**
 * The back end of this window: the Electron bridge when the preload set it, else `netloom serve`,
 * reached with the token of the printed URL, or with the one a launch code (`--open`) trades for.
 */
function connect(): ApiClient {
  if (window.netloom) return new ApiClient(electronTransport(window.netloom));
  const launch = takeLaunchCode();
  if (launch) return new ApiClient(websocketTransport(exchangeLaunchCode(launch).then(contractUrl)));
  const token = takeServeToken();
  if (!token) return new ApiClient(noTokenTransport());
  return new ApiClient(websocketTransport(contractUrl(token)));
}

/** The contract, as this window reaches it. */
export const api: ApiClient = connect();
