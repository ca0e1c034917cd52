import { describe, expect, it } from "vitest";
import { RunControl } from "../../../../main/engine/control";

describe("RunControl", () => {
  it("continues while running", async () => {
    const c = new RunControl();
    expect(
      await c.checkpoint(
        () => {},
        () => {},
      ),
    ).toBe(true);
  });

  it("waits while paused, reporting the pause and the resume once each", async () => {
    const c = new RunControl();
    const log: string[] = [];
    c.send("pause");
    c.send("pause");
    const waiting = c.checkpoint(
      () => log.push("paused"),
      () => log.push("resumed"),
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(log).toEqual(["paused"]);
    c.send("resume");
    expect(await waiting).toBe(true);
    expect(log).toEqual(["paused", "resumed"]);
  });

  it("stops from running or from a pause, and stays stopped", async () => {
    const running = new RunControl();
    running.send("stop");
    expect(
      await running.checkpoint(
        () => {},
        () => {},
      ),
    ).toBe(false);
    running.send("resume");
    expect(running.stopping).toBe(true);

    const paused = new RunControl();
    paused.send("pause");
    const waiting = paused.checkpoint(
      () => {},
      () => {},
    );
    await new Promise((r) => setTimeout(r, 10));
    paused.send("stop");
    expect(await waiting).toBe(false);
  });

  it("ignores a resume that has nothing to resume", async () => {
    const c = new RunControl();
    c.send("resume");
    let resumed = false;
    expect(
      await c.checkpoint(
        () => {},
        () => {
          resumed = true;
        },
      ),
    ).toBe(true);
    expect(resumed).toBe(false);
  });
});
