import { describe, expect, it } from "vitest";
import { createTrainingHost } from "../../../../main/engine/host";
import { checkedEvent, type HostMessage } from "../../../../main/engine/protocol";
import type { EngineProcess } from "../../../../main/engine/spawn";
import { loadPreset } from "../../../../shared/presets";
import type { TrainingEvent } from "../../../../shared/run";

/** An engine process the test drives by hand: what the host sends, and what it receives. */
class FakeEngine implements EngineProcess {
  readonly sent: HostMessage[] = [];
  private listener: (m: unknown) => void = () => {};
  private exitListener: (reason: string) => void = () => {};
  killed = false;
  constructor(readonly pid: number) {}
  send(message: HostMessage): void {
    this.sent.push(message);
  }
  onMessage(listener: (m: unknown) => void): void {
    this.listener = listener;
  }
  onExit(listener: (reason: string) => void): void {
    this.exitListener = listener;
  }
  kill(): void {
    this.killed = true;
    this.exitListener("signal SIGKILL");
  }
  receive(message: unknown): void {
    this.listener(message);
  }
  exit(reason: string): void {
    this.exitListener(reason);
  }
  /** Accepts the last request. */
  accept(result?: unknown): void {
    const last = this.sent.at(-1) as { id: number; runId?: string };
    this.receive({ type: "reply", id: last.id, ok: true, result: result ?? last.runId });
  }
}

function setup(requestTimeoutMs?: number) {
  const engines: FakeEngine[] = [];
  const events: TrainingEvent[] = [];
  const host = createTrainingHost((e) => events.push(e), {
    ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
    spawn: () => {
      const engine = new FakeEngine(1000 + engines.length);
      engines.push(engine);
      return engine;
    },
  });
  return { host, engines, events, engine: () => engines.at(-1) as FakeEngine };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("training host", () => {
  it("fails a request the engine never answers, and serves the next one with a fresh engine", async () => {
    const { host, engines } = setup(20);
    const params = { source: "mnist" } as never;
    await expect(host.inspect(params)).rejects.toThrow("the training engine did not answer within 20 ms");
    expect(engines[0]?.killed).toBe(true);
    const next = host.inspect(params);
    await tick();
    expect(engines).toHaveLength(2);
    engines[1]?.accept({ ok: 1 });
    await expect(next).resolves.toEqual({ ok: 1 });
  });

  it("starts a run once the engine accepts it and relays its events", async () => {
    const { host, engine, events } = setup();
    const starting = host.start(loadPreset("mnist"), { epochs: 1 });
    await tick();
    const start = engine().sent[0] as Extract<HostMessage, { type: "start" }>;
    expect(start).toMatchObject({ type: "start", options: { epochs: 1 } });
    engine().accept();
    const runId = await starting;
    expect(runId).toBe(start.runId);
    engine().receive({ type: "event", event: { type: "resumed", runId } });
    expect(events).toEqual([{ type: "resumed", runId }]);
    host.control(runId, "pause");
    expect(engine().sent.at(-1)).toEqual({ type: "control", runId, cmd: "pause" });
  });

  it("ends the run with an error when the engine sends what the host cannot read", async () => {
    const { host, engine, events } = setup();
    const starting = host.start(loadPreset("mnist"), { epochs: 1 });
    await tick();
    engine().accept();
    const runId = await starting;
    engine().receive({ type: "event", event: { type: "done", runId, testLoss: null } });
    engine().receive("garbage");
    expect(events).toEqual([
      { type: "error", runId, message: "the training engine sent a message NetLoom cannot read; train again" },
    ]);
    // The run is over, so a new one may start.
    const again = host.start(loadPreset("mnist"), { epochs: 1 });
    await tick();
    engine().accept();
    await expect(again).resolves.toEqual(expect.any(String));
  });

  it("fails a request whose reply it cannot read, and every request on a message of no known kind", async () => {
    const { host, engine } = setup();
    const predicting = host.predict("r", [[1]]);
    const weighing = host.weights("r");
    await tick();
    const [predict, weights] = engine().sent as Array<{ id: number }>;
    engine().receive({ type: "reply", id: predict?.id, ok: "yes" });
    await expect(predicting).rejects.toThrow("the training engine sent a reply NetLoom cannot read; try again");
    const evaluating = host.evaluate("r");
    engine().receive({ type: "reply", id: weights?.id, ok: true, result: {} });
    await expect(weighing).resolves.toEqual({});
    engine().receive({ kind: "reply", ok: true });
    await expect(evaluating).rejects.toThrow("the training engine sent a message NetLoom cannot read");
  });

  it("turns an event with a non-finite number into an error for its run, before it is sent", () => {
    const done = {
      type: "done" as const,
      runId: "r",
      testLoss: Number.POSITIVE_INFINITY,
      testAccuracy: null,
      confusionMatrix: null,
      seconds: 1,
    };
    const checked = checkedEvent(done);
    expect(checked).toMatchObject({ type: "error", runId: "r" });
    expect(checked.type === "error" && checked.message).toMatch(
      /^the done results hold a value that is not a finite number \(testLoss\): the model diverged/,
    );
    expect(checkedEvent({ ...done, testLoss: 0.5 })).toEqual({ ...done, testLoss: 0.5 });
  });

  it("reports an engine that dies mid-run, fails pending requests, and respawns", async () => {
    const { host, engines, engine, events } = setup();
    const starting = host.start(loadPreset("mnist"), {});
    await tick();
    engine().accept();
    const runId = await starting;
    const asking = host.predict("older-run", [[1]]);
    engine().exit("signal SIGKILL");
    await expect(asking).rejects.toThrow("the training engine stopped (signal SIGKILL)");
    expect(events).toEqual([
      {
        type: "error",
        runId,
        message:
          "the training engine stopped unexpectedly (signal SIGKILL); the graph is unchanged, so you can train again",
      },
    ]);
    const again = host.start(loadPreset("mnist"), {});
    await tick();
    expect(engines).toHaveLength(2);
    engine().accept();
    expect(await again).not.toBe(runId);
  });

  it("does not report an error when a finished run's engine ends", async () => {
    const { host, engine, events } = setup();
    const starting = host.start(loadPreset("mnist"), {});
    await tick();
    engine().accept();
    const runId = await starting;
    const done = { type: "done", runId, testLoss: 0.1, testAccuracy: 0.9, confusionMatrix: null, seconds: 1 };
    engine().receive({ type: "event", event: done });
    engine().exit("exit code 0");
    expect(events).toEqual([done]);
  });

  it("refuses a second start while a run trains, and passes on the engine's refusals", async () => {
    const { host, engine } = setup();
    const first = host.start(loadPreset("mnist"), {});
    await expect(host.start(loadPreset("mnist"), {})).rejects.toThrow(/is still training; stop it first/);
    await tick();
    engine().accept();
    await first;
    const weights = host.weights("unknown");
    const last = engine().sent.at(-1) as { id: number };
    engine().receive({ type: "reply", id: last.id, ok: false, error: "no trained model for run unknown" });
    await expect(weights).rejects.toThrow("no trained model for run unknown");
  });

  it("kills its engine on dispose", async () => {
    const { host, engine } = setup();
    const starting = host.start(loadPreset("mnist"), {});
    await tick();
    engine().accept();
    await starting;
    expect(host.pid).toBe(1000);
    host.dispose();
    expect(engine().killed).toBe(true);
    expect(host.pid).toBeUndefined();
  });
});
