import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReplyEnvelope } from "../../../shared/api";
import type { GraphDocument } from "../../../shared/graph";
import { type HostileInput, hostileCorpus, RAW_CONTROL, STACK_TRACE } from "../../helpers/hostileCorpus";
import { ContractClient, type ServerProcess, startServerProcess } from "../../helpers/serverClient";

let corpus: ReturnType<typeof hostileCorpus>;
let server: ServerProcess;
let client: ContractClient;
let tried = 0;
beforeAll(async () => {
  corpus = hostileCorpus();
  server = await startServerProcess(corpus.root);
  client = await ContractClient.connect(server);
}, 60_000);
afterAll(async () => {
  client?.close();
  await server?.stop();
  corpus?.remove();
  console.log(`hostile inputs tried through netloom serve: ${tried}`);
});

/** Every message a reply carries: an error's, or the reasons a file did not open. */
function messages(reply: ReplyEnvelope): string[] {
  if (!reply.ok) return [reply.error.message, ...(reply.error.issues ?? [])];
  const value = reply.value as { ok?: boolean; errors?: string[] } | null;
  return value?.ok === false ? (value.errors ?? []) : [];
}

function expectClear(input: HostileInput, what: string, texts: string[]): void {
  for (const text of texts) {
    expect(text.length, `${input.name} ${what}: says why`).toBeGreaterThan(5);
    expect(text, `${input.name} ${what}`).not.toMatch(STACK_TRACE);
    expect(text, `${input.name} ${what}`).not.toMatch(RAW_CONTROL);
  }
}

/** A reply is an error reply that says why (never INTERNAL), or a value. */
function expectNoInternal(input: HostileInput, what: string, reply: ReplyEnvelope): void {
  if (!reply.ok) expect(reply.error.code, `${input.name} ${what}: ${reply.error.message}`).not.toBe("INTERNAL");
  expectClear(input, what, messages(reply));
}

/** Trains or loads what a hostile file opened as: refused, or a run that ends in an error that says why. */
async function expectRunRefused(input: HostileInput, what: string, reply: ReplyEnvelope): Promise<void> {
  expectNoInternal(input, what, reply);
  if (!reply.ok) return;
  const end = await client.runEnd((reply.value as { runId: string }).runId);
  expect(end.type, `${input.name} ${what} ends in an error`).toBe("error");
  if (end.type === "error") expectClear(input, what, [end.message]);
}

describe("the hostile corpus through netloom serve", () => {
  it("answers every file with an error reply or a result that says what is wrong, and keeps answering", async () => {
    for (const input of corpus.inputs) {
      tried++;
      const opened = await client.request("file.open", { path: input.path });
      expectNoInternal(input, "file.open", opened);
      const result = opened.ok ? (opened.value as { ok: boolean; doc?: GraphDocument }) : null;
      if (result?.ok && result.doc) {
        const doc = result.doc;
        const baseDir = path.dirname(input.path);
        if (input.kind === "graph") {
          await expectRunRefused(input, "training.start", await client.request("training.start", { doc, baseDir }));
        } else {
          await expectRunRefused(
            input,
            "training.load",
            await client.request("training.load", { path: input.path, doc }),
          );
        }
        for (const node of doc.nodes.filter((n) => n.kind === "Dataset")) {
          const inspected = await client.request("dataset.inspect", { params: node.params, baseDir });
          expectNoInternal(input, "dataset.inspect", inspected);
          expect(inspected.ok, `${input.name}: its data is refused`).toBe(false);
        }
      } else {
        expect(opened.ok && result?.ok, `${input.name} does not open`).toBeFalsy();
      }
      expect(await client.request("presets.list", {}), `after ${input.name}`).toMatchObject({ ok: true });
      expect(server.exited(), `after ${input.name}`).toBe(false);
    }
    expect(client.strays).toEqual([]);
    expect(server.output()).not.toMatch(STACK_TRACE);
  }, 240_000);
});
