import { ApiError, isRequestName, type ReplyEnvelope, requests } from "../../shared/api";
import { formatIssues } from "../../shared/graph";
import { sanitizeText } from "../../shared/quote";
import type { HandlerContext, Handlers } from "./context";

/**
 * Runs one request through the handler table: checks the channel and the payload against the
 * contract, calls the handler, checks its reply. Never throws: every failure is an error reply.
 */
export async function dispatch(
  handlers: Handlers,
  ctx: HandlerContext,
  channel: unknown,
  payload: unknown,
): Promise<ReplyEnvelope> {
  if (!isRequestName(channel)) {
    return fail(new ApiError("UNKNOWN_CHANNEL", `unknown request ${JSON.stringify(channel)}`));
  }
  const spec = requests[channel];
  const parsed = spec.payload.safeParse(payload === undefined ? {} : payload);
  if (!parsed.success) {
    const issues = formatIssues(parsed.error);
    return fail(new ApiError("BAD_REQUEST", `${channel}: ${issues.join("; ")}`, issues));
  }
  let value: unknown;
  try {
    const handler = handlers[channel] as (p: unknown, c: HandlerContext) => unknown;
    value = await handler(parsed.data, ctx);
  } catch (err) {
    if (err instanceof ApiError) return fail(err);
    const error = err instanceof Error ? err : new Error(String(err));
    console.error(sanitizeText(`netloom: ${channel} failed: ${error.stack ?? error.message}`, { lines: true }));
    return fail(new ApiError("INTERNAL", `${channel} failed: ${error.message}`));
  }
  const reply = spec.reply.safeParse(value);
  if (!reply.success) {
    console.error(`netloom: ${channel} replied outside the contract:`, reply.error.issues);
    return fail(new ApiError("INTERNAL", `${channel} produced a reply that breaks the contract`));
  }
  return { ok: true, value: reply.data };
}

/** An error reply; its text may quote files and requests, so it is sanitized on the way out. */
function fail(error: ApiError): ReplyEnvelope {
  const { code, message, issues } = error.toJSON();
  return {
    ok: false,
    error: {
      code,
      message: sanitizeText(message, { lines: true }),
      ...(issues ? { issues: issues.map((i) => sanitizeText(i, { max: 500 })) } : {}),
    },
  };
}
