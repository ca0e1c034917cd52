import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { REQUEST_NAMES, zServerFrame } from "../../../shared/api";
import { loadPreset } from "../../../shared/presets";
import { STACK_TRACE } from "../../helpers/hostileCorpus";
import { ContractClient, type ServerProcess, startServerProcess } from "../../helpers/serverClient";

let root: string;
let server: ServerProcess;
let ws: WebSocket;
let tried = 0;
/** Frames from the server not yet taken by a test, replies and events alike. */
const inbox: unknown[] = [];
let arrived: () => void = () => {};

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), "netloom-fuzz-"));
  server = await startServerProcess(root);
  ws = await open();
}, 60_000);
afterAll(async () => {
  ws?.close();
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
  console.log(`hostile WebSocket frames tried: ${tried}`);
});

function open(): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, {
    headers: { origin: `http://127.0.0.1:${server.port}` },
  });
  socket.on("message", (data) => {
    inbox.push(JSON.parse(String(data)));
    arrived();
  });
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** The next reply frame (events are skipped), or a failure when none comes within 30 s. */
async function nextReply(): Promise<{ id: number | null; reply: { ok: boolean; error?: { message: string } } }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const i = inbox.findIndex((f) => (f as { type?: string }).type === "reply");
    if (i >= 0) {
      const frame = inbox.splice(i, 1)[0];
      expect(zServerFrame.safeParse(frame).success, JSON.stringify(frame)).toBe(true);
      return frame as never;
    }
    if (Date.now() > deadline) throw new Error("the server did not reply");
    await new Promise<void>((resolve) => {
      arrived = resolve;
      setTimeout(resolve, 100);
    });
  }
}

const DEEP = "<a list nested 20,000 deep>";
const DEEP_JSON = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;

/** Values a payload field may hold: hostile paths, huge and deep values, and anything at all. */
const value = fc.oneof(
  fc.constantFrom(
    "/etc/passwd",
    "../../../etc/passwd",
    "//[",
    "\u0000",
    "\u001b]0;x\u0007",
    "__proto__",
    "a".repeat(5000),
  ),
  fc.constantFrom(loadPreset("mnist"), { format: "netloom.graph", version: 1, nodes: [{}], edges: [] }),
  // Put in as text once the frame is written: JSON.stringify itself cannot write it.
  fc.constant(DEEP),
  fc.anything({ maxDepth: 4 }),
);
const field = fc.constantFrom("path", "dir", "doc", "params", "baseDir", "runId", "name", "kind", "format", "inputs");
const channel = fc.oneof(
  fc.constantFrom(...REQUEST_NAMES),
  fc.constantFrom("__proto__", "constructor", "toString", ""),
  fc.string({ maxLength: 120 }),
);
/** A frame: a well-formed request with hostile contents, broken JSON, or JSON of the wrong shape. */
const frame = fc.oneof(
  { weight: 6, arbitrary: fc.record({ channel, payload: fc.dictionary(field, value, { maxKeys: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ channel, payload: value }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 200 }).map((text) => ({ raw: text })) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }).map((text) => ({ raw: text })) },
  {
    weight: 1,
    arbitrary: fc.record({ id: fc.oneof(fc.double(), fc.string(), fc.constant(-1), fc.constant(null)), channel }),
  },
);

describe("WebSocket frames from a hostile client", () => {
  it("each get exactly one reply, never a stack trace, and the server never exits", async () => {
    let id = 0;
    await fc.assert(
      fc.asyncProperty(frame, async (f) => {
        tried++;
        const sentId = "raw" in f || "id" in f ? null : ++id;
        const text =
          "raw" in f
            ? f.raw
            : JSON.stringify(sentId === null ? f : { id: sentId, ...f }).replaceAll(`"${DEEP}"`, DEEP_JSON);
        ws.send(text);
        const reply = await nextReply();
        if (sentId !== null) expect(reply.id).toBe(sentId);
        if (!reply.reply.ok) {
          expect(reply.reply.error?.message).not.toMatch(STACK_TRACE);
          expect((reply.reply.error as { code?: string }).code, reply.reply.error?.message).not.toBe("INTERNAL");
        }
        expect(server.exited()).toBe(false);
      }),
      { numRuns: 1000, seed: 20_251_202 },
    );
  }, 300_000);

  it("closes a connection whose frame is larger than 64 MB and keeps serving the others", async () => {
    tried++;
    const big = await open();
    const closed = new Promise<number>((resolve) => big.once("close", (code) => resolve(code)));
    big.send(Buffer.alloc(64 * 2 ** 20 + 1, 0x20));
    // 1009 "message too big", or 1006 when the server cut the socket before the client read the close frame.
    expect([1006, 1009]).toContain(await closed);
    const client = await ContractClient.connect(server);
    expect(await client.request("presets.list", {})).toMatchObject({ ok: true });
    client.close();
    expect(server.exited()).toBe(false);
    expect(server.output()).not.toMatch(STACK_TRACE);
  }, 60_000);
});
