import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { z } from "zod";
import type { TrainingControl } from "../../../shared/run";

const count = z.int().nonnegative();
const seconds = z.number().nonnegative();

/** What the driver says, one JSON object per line (see driver.ts). */
export const zDriverMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("hello"), token: z.string() }),
  z.object({
    type: z.literal("ready"),
    torch: z.string().max(200),
    device: z.string().max(500),
    processes: z.int().min(1),
    pid: z.int(),
  }),
  z.object({
    type: z.literal("batch"),
    epoch: count,
    batch: count,
    loss: z.number(),
    smoothLoss: z.number().nullable(),
    accuracy: z.number().nullable(),
    samplesPerSec: z.number(),
  }),
  z.object({
    type: z.literal("epoch"),
    epoch: count,
    loss: z.number().nullable(),
    accuracy: z.number().nullable(),
    valLoss: z.number().nullable().optional(),
    valAccuracy: z.number().nullable().optional(),
    seconds,
    smoothLoss: z.number().nullable(),
    samplesPerSec: z.number(),
    cpuSeconds: seconds.optional(),
  }),
  z.object({ type: z.literal("paused"), epoch: count, batch: count }),
  z.object({ type: z.literal("resumed") }),
  z.object({
    type: z.literal("diverged"),
    epoch: count,
    batch: count,
    what: z.enum(["loss", "outputs"]),
    /** NaN and Infinity as JavaScript writes them (JSON has neither); null when unknown. */
    loss: z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"])]).nullable(),
  }),
  z.object({
    type: z.literal("end"),
    end: z.enum(["done", "stopped"]),
    epoch: count,
    batch: count,
    pausedSeconds: seconds,
    weights: z
      .array(
        z.object({ name: z.string().min(1).max(1000), shape: z.array(count).max(16), dtype: z.literal("float32") }),
      )
      .max(100_000),
  }),
]);
export type DriverMessage = z.infer<typeof zDriverMessage>;

/** The longest line the driver may send; a longer one is a broken driver, not a message. */
const MAX_LINE = 1 << 20;

/**
 * The engine's end of the local socket the driver connects to: it listens on 127.0.0.1 on a free
 * port, takes the first connection that presents the run's token, and then relays the driver's
 * messages and sends it commands. Anything else that connects is dropped.
 */
export class DriverChannel {
  readonly token = randomBytes(24).toString("hex");
  private readonly server: Server;
  private socket: Socket | null = null;
  private pending: TrainingControl[] = [];

  private constructor(
    server: Server,
    private readonly onMessage: (m: DriverMessage) => void,
    private readonly onBroken: (why: string) => void,
  ) {
    this.server = server;
    server.on("connection", (socket) => this.accept(socket));
  }

  /** Listens for the driver; `onBroken` hears of a message that is not one (the run must fail). */
  static async open(onMessage: (m: DriverMessage) => void, onBroken: (why: string) => void): Promise<DriverChannel> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    return new DriverChannel(server, onMessage, onBroken);
  }

  /** `host:port`, for the driver's NETLOOM_CHANNEL. */
  get address(): string {
    const { port } = this.server.address() as { port: number };
    return `127.0.0.1:${port}`;
  }

  /** Sends a command now, or once the driver has connected. */
  send(cmd: TrainingControl): void {
    if (this.socket) this.socket.write(`${cmd}\n`);
    else this.pending.push(cmd);
  }

  close(): void {
    this.server.close();
    this.socket?.destroy();
  }

  private accept(socket: Socket): void {
    socket.setEncoding("utf8");
    let buffered = "";
    let trusted = false;
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk: string) => {
      buffered += chunk;
      if (buffered.length > MAX_LINE && !buffered.includes("\n")) {
        socket.destroy();
        if (trusted) this.onBroken("the PyTorch process sent a line longer than 1 MB");
        return;
      }
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
        const message = parseLine(line);
        if (!trusted) {
          if (message?.type !== "hello" || this.socket || !sameToken(message.token, this.token)) {
            socket.destroy();
            return;
          }
          trusted = true;
          this.socket = socket;
          for (const cmd of this.pending) socket.write(`${cmd}\n`);
          this.pending = [];
        } else if (message && message.type !== "hello") {
          this.onMessage(message);
        } else {
          this.onBroken("the PyTorch process sent a message NetLoom cannot read");
        }
      }
    });
  }
}

function parseLine(line: string): DriverMessage | null {
  try {
    const parsed = zDriverMessage.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
