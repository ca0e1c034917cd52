import { ApiError, isRequestName, type ReplyEnvelope, requests } from "../../shared/api";
import { formatIssues } from "../../shared/graph";
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
    console.error(`netloom: ${channel} failed:`, err);
    return fail(new ApiError("INTERNAL", `${channel} failed: ${(err as Error)?.message ?? String(err)}`));
  }
  const reply = spec.reply.safeParse(value);
  if (!reply.success) {
    console.error(`netloom: ${channel} replied outside the contract:`, reply.error.issues);
    return fail(new ApiError("INTERNAL", `${channel} produced a reply that breaks the contract`));
  }
  return { ok: true, value: reply.data };
}

function fail(error: ApiError): ReplyEnvelope {
  return { ok: false, error: error.toJSON() };
}
