import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { hostAllowed, originAllowed } from "./auth";

/** Where the page trades a launch code for the token. */
export const LAUNCH_PATH = "/api/launch";
/** How long a launch code can be used: the browser opener starts the page well within it. */
const LAUNCH_TTL_MS = 2 * 60_000;
const MAX_BODY_BYTES = 1024;

/**
 * One-time launch codes for `netloom serve --open`. A browser opener's command line is visible to
 * every process of the machine (`ps`), so it carries a code, never the token: the page opened
 * with `?launch=CODE` trades it once, within two minutes, for the token (see {@link launchHandler}).
 */
export class LaunchCodes {
  private codes = new Map<string, number>();

  /** A fresh code, valid once. */
  issue(now = Date.now()): string {
    const code = randomBytes(24).toString("base64url");
    this.codes.set(code, now + LAUNCH_TTL_MS);
    return code;
  }

  /** Whether `code` is a code not used and not expired; it is used up either way. */
  redeem(code: unknown, now = Date.now()): boolean {
    if (typeof code !== "string") return false;
    const until = this.codes.get(code);
    this.codes.delete(code);
    return until !== undefined && now <= until;
  }
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/** Reads a small request body; null when it is larger than `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * `POST /api/launch` with `{"code": "..."}` from the served page's own origin: the token, once per
 * code. JSON only, so another site's page cannot send it without a CORS preflight, which this
 * server never grants.
 */
export async function launchHandler(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { port: number; token: string; codes: LaunchCodes },
): Promise<void> {
  if (req.method !== "POST") return answer(res, 405, { error: "POST a launch code here" });
  if (!hostAllowed(req, opts.port) || !originAllowed(req, opts.port)) {
    return answer(res, 403, { error: "only the NetLoom page may use a launch code" });
  }
  if (!req.headers["content-type"]?.startsWith("application/json")) {
    return answer(res, 415, { error: "send the launch code as JSON" });
  }
  const body = await readBody(req, MAX_BODY_BYTES);
  let code: unknown;
  try {
    code = (JSON.parse(body ?? "") as { code?: unknown } | null)?.code;
  } catch {
    code = undefined;
  }
  if (!opts.codes.redeem(code)) {
    return answer(res, 403, {
      error: "this launch link was used already or has expired; open the URL netloom serve printed",
    });
  }
  answer(res, 200, { token: opts.token });
}
