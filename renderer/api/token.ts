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

/**
 * The per-run token of `netloom serve`: taken from the URL it printed, then removed from the
 * address bar (history, screenshots and shared screens must not show it) and kept in this tab's
 * session storage, which no other origin (another port on 127.0.0.1 included) can read.
 */
export function takeServeToken(location: Location = window.location, history: History = window.history): string | null {
  const url = new URL(location.href);
  const given = url.searchParams.get("token");
  if (!given) return stored();
  store(given);
  url.searchParams.delete("token");
  history.replaceState(history.state, "", `${url.pathname}${url.search}${url.hash}`);
  return given;
}
