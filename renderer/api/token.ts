/** Where the page keeps the token for this tab, so a reload still reaches the server. */
const KEY = "netloom.token";

function stored(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

function store(token: string): void {
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // Without storage the token lives only in memory: a reload needs the printed URL again.
  }
}

/** Takes `name` out of the address bar (history, screenshots and shared screens must not show it). */
function takeParam(name: string, location: Location, history: History): string | null {
  const url = new URL(location.href);
  const given = url.searchParams.get(name);
  if (!given) return null;
  url.searchParams.delete(name);
  history.replaceState(history.state, "", `${url.pathname}${url.search}${url.hash}`);
  return given;
}

/**
 * The per-run token of `netloom serve`: taken from the URL it printed, then removed from the
 * address bar and kept in this tab's session storage, which no other origin (another port on
 * 127.0.0.1 included) can read.
 */
export function takeServeToken(location: Location = window.location, history: History = window.history): string | null {
  const given = takeParam("token", location, history);
  if (!given) return stored();
  store(given);
  return given;
}

/** The one-time launch code of a page `netloom serve --open` opened (`?launch=`), taken out of the address bar. */
export function takeLaunchCode(location: Location = window.location, history: History = window.history): string | null {
  return takeParam("launch", location, history);
}

/**
 * Trades a launch code for the token (once per code; see main/server/launch.ts) and keeps the
 * token for reloads, as {@link takeServeToken} does. Rejects with what to do when the code is
 * used up or expired.
 */
export async function exchangeLaunchCode(code: string, fetcher: typeof fetch = fetch): Promise<string> {
  let res: Response;
  try {
    res = await fetcher("/api/launch", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code }),
    });
  } catch {
    throw new Error("could not reach netloom serve; is it still running?");
  }
  const body = (await res.json().catch(() => ({}))) as { token?: unknown; error?: unknown };
  if (!res.ok || typeof body.token !== "string") {
    throw new Error(typeof body.error === "string" ? body.error : "netloom serve refused the launch link");
  }
  store(body.token);
  return body.token;
}
