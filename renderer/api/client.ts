import {
  ApiError,
  type EventName,
  type EventOf,
  events,
  type PayloadOf,
  type ReplyEnvelope,
  type ReplyOf,
  type RequestName,
  requests,
  zReplyEnvelope,
} from "../../shared/api";
import { OverwriteConsent } from "./overwrite";

/** How requests reach the back end: Electron IPC or a WebSocket to `netloom serve`. */
export interface Transport {
  readonly host: "electron" | "browser";
  request(channel: string, payload: unknown): Promise<ReplyEnvelope>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  /** Connection state, for transports that can lose their connection. */
  onStatus?(listener: (connected: boolean) => void): () => void;
}

/**
 * The editor's side of the contract: typed requests whose replies are checked against the
 * contract on arrival, and typed event subscriptions. A failed request throws `ApiError`. Writes
 * replace existing files only where the user agreed ({@link OverwriteConsent}).
 */
export class ApiClient {
  /** The paths the user agreed to replace; the in-app save dialog records its confirmations here. */
  readonly overwrite = new OverwriteConsent();

  constructor(readonly transport: Transport) {}

  get host(): "electron" | "browser" {
    return this.transport.host;
  }

  async request<C extends RequestName>(channel: C, payload: PayloadOf<C>): Promise<ReplyOf<C>> {
    const sent = this.overwrite.apply(channel, payload);
    const envelope = zReplyEnvelope.safeParse(await this.transport.request(channel, sent));
    if (!envelope.success) throw new ApiError("INTERNAL", `${channel}: the reply was not a reply`);
    if (!envelope.data.ok) {
      const { code, message, issues } = envelope.data.error;
      throw new ApiError(code, message, issues);
    }
    const reply = requests[channel].reply.safeParse(envelope.data.value);
    if (!reply.success) throw new ApiError("INTERNAL", `${channel}: the reply broke the contract`);
    this.overwrite.observe(channel, reply.data);
    return reply.data as ReplyOf<C>;
  }

  /** Calls `listener` with each valid `event`; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void {
    return this.transport.onEvent((name, payload) => {
      if (name !== event) return;
      const parsed = events[event].safeParse(payload);
      if (parsed.success) listener(parsed.data as EventOf<E>);
      else console.warn(`netloom: dropped a malformed ${event} event`);
    });
  }

  onStatus(listener: (connected: boolean) => void): () => void {
    return this.transport.onStatus?.(listener) ?? (() => {});
  }
}
