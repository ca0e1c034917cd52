import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { type ReplyEnvelope, zServerFrame } from "../../shared/api";
import type { TrainingEvent } from "../../shared/run";

/** A `netloom serve` server in its own process (test/helpers/serveProcess.ts), with its output. */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  token: string;
  output: () => string;
  /** Whether the process has ended. */
  exited: () => boolean;
  stop(): Promise<void>;
}

/** Starts the server on a free port with `root` as its workspace root. */
export async function startServerProcess(root: string): Promise<ServerProcess> {
  const own = mkdtempSync(path.join(os.tmpdir(), "netloom-server-"));
  const staticDir = path.join(own, "app");
  mkdirSync(staticDir);
  writeFileSync(path.join(staticDir, "index.html"), "<!doctype html><title>t</title>");
  const script = path.join(import.meta.dirname, "serveProcess.ts");
  const dataDir = path.join(own, "data");
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), script, root, dataDir, staticDir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.once("exit", () => rmSync(own, { recursive: true, force: true }));
  let output = "";
  const { port, token } = await new Promise<{ port: number; token: string }>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
      const line = output.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve(JSON.parse(line));
    });
    child.stderr?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.once("exit", (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
  return {
    child,
    port,
    token,
    output: () => output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** A client of the contract over the server's WebSocket: requests by id, training events by run. */
export class ContractClient {
  private nextId = 1;
  private waiting = new Map<number, (reply: ReplyEnvelope) => void>();
  /** Every training event received, in order. */
  readonly events: TrainingEvent[] = [];
  /** Frames that broke the contract, or replies to no request: none may come. */
  readonly strays: unknown[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const frame = zServerFrame.safeParse(JSON.parse(String(data)));
      if (!frame.success) return void this.strays.push(String(data));
      if (frame.data.type === "event") {
        if (frame.data.event === "training.event") this.events.push(frame.data.payload as TrainingEvent);
        return;
      }
      const resolve = frame.data.id === null ? undefined : this.waiting.get(frame.data.id);
      if (!resolve) return void this.strays.push(frame.data);
      this.waiting.delete(frame.data.id as number);
      resolve(frame.data.reply);
    });
  }

  /** Connects to `/api` with the token, from the server's own origin. */
  static connect(server: { port: number; token: string }): Promise<ContractClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, {
      headers: { origin: `http://127.0.0.1:${server.port}` },
      maxPayload: 256 * 2 ** 20,
    });
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(new ContractClient(ws)));
      ws.once("error", reject);
    });
  }

  /** Sends a request and waits for its reply. */
  request(channel: string, payload: unknown): Promise<ReplyEnvelope> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(JSON.stringify({ id, channel, payload }));
    });
  }

  /** The event that ended run `runId` (error, done or stopped), once it comes. */
  async runEnd(runId: string): Promise<TrainingEvent> {
    for (;;) {
      const end = this.events.find(
        (e) => e.runId === runId && (e.type === "error" || e.type === "done" || e.type === "stopped"),
      );
      if (end) return end;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.ws.close();
  }
}
