import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { BackendUnavailable, selectBackend } from "../../../../../main/engine/backend";
import { RunControl } from "../../../../../main/engine/control";
import { findPython, pythonCandidates } from "../../../../../main/engine/pytorch/python";
import { torchMissing, warnIfSkipped } from "../../../../helpers/python";
import { mnistWith, TRAIN_TIMEOUT } from "../helpers";
import { alive, fakePython, trainOnPyTorch, withPython } from "./helpers";

warnIfSkipped("the pytorch backend's failure handling");

const AGAIN = "the graph is unchanged, so you can train again";

describe("finding a Python with torch", () => {
  it("says what each interpreter lacks, and why the pytorch backend was skipped", async () => {
    const old = await fakePython("exit 0", '{"torch": "1.9.0"}');
    await expect(findPython({ NETLOOM_PYTHON: old })).rejects.toThrow(
      `NETLOOM_PYTHON (${old}) has torch 1.9.0, older than 1.13`,
    );
    const none = await fakePython("exit 0", '{"missing": "torch"}');
    await expect(findPython({ NETLOOM_PYTHON: none })).rejects.toThrow(`NETLOOM_PYTHON (${none}) has no torch`);
    await expect(findPython({ NETLOOM_PYTHON: "/no/such/python3" })).rejects.toThrow(
      "NETLOOM_PYTHON (/no/such/python3) does not exist",
    );
    const choice = await withPython(none, () => selectBackend());
    expect(choice.skipped).toContainEqual({ backend: "pytorch", reason: `NETLOOM_PYTHON (${none}) has no torch` });
    await expect(withPython(old, () => selectBackend({ force: "pytorch" }))).rejects.toThrow(BackendUnavailable);
  });

  it("tries python3 on PATH, then /usr/bin/python3", async () => {
    const none = await fakePython("exit 0", '{"missing": "torch"}');
    const env = { PATH: dirname(none) };
    expect(pythonCandidates(env)).toEqual([
      { path: none, label: `python3 on PATH (${none})` },
      { path: "/usr/bin/python3", label: "/usr/bin/python3" },
    ]);
    if (torchMissing !== null) return;
    expect(await findPython(env)).toMatchObject({
      path: "/usr/bin/python3",
      passedOver: [`python3 on PATH (${none}) has no torch`],
    });
  });
});

describe.skipIf(torchMissing !== null)("a PyTorch process that fails", { timeout: TRAIN_TIMEOUT }, () => {
  it("ends the run with the last line of its traceback, and the next run trains", async () => {
    const python = await fakePython(
      [
        "echo 'Traceback (most recent call last):' >&2",
        `echo '  File "driver.py", line 250, in <module>' >&2`,
        "echo 'RuntimeError: CUDA error: out of memory' >&2",
        "exit 1",
      ].join("\n"),
    );
    const { run, events } = await withPython(python, () => trainOnPyTorch(mnistWith(), { limit: 300, epochs: 1 }));
    expect(run).toBeNull();
    expect(events.types).toEqual(["error"]);
    expect(events.one("error").message).toBe(
      `the PyTorch process stopped unexpectedly (exit code 1): RuntimeError: CUDA error: out of memory; ${AGAIN}`,
    );
    const again = await trainOnPyTorch(mnistWith(), { limit: 300, epochs: 1 });
    expect(again.events.one("done").testAccuracy).toBeGreaterThan(0.3);
    again.run?.model.dispose();
  });

  it("ends a process that does not start training in time, or does not stop", async () => {
    const python = await fakePython(`echo $$ > "$(dirname "$0")/pid"\nexec sleep 600`);
    const pid = async () => Number.parseInt(await readFile(join(dirname(python), "pid"), "utf8"), 10);
    const slow = await withPython(python, () =>
      trainOnPyTorch(mnistWith(), { limit: 300, epochs: 1 }, { timing: { startupMs: 1500 } }),
    );
    expect(slow.events.types).toEqual(["error"]);
    expect(slow.events.one("error").message).toBe(
      `the PyTorch process did not start training within 1.5 s, so NetLoom ended it; ${AGAIN}`,
    );
    expect(alive(await pid())).toBe(false);

    // Stop before Python starts, and stop while it runs: either way it has a second to end.
    const early = new RunControl();
    early.send("stop");
    const stoppedEarly = await withPython(python, () =>
      trainOnPyTorch(mnistWith(), { limit: 300, epochs: 1 }, { control: early, timing: { stopGraceMs: 1000 } }),
    );
    expect(stoppedEarly.events.one("error").message).toBe(
      `the PyTorch process did not stop within 1 s, so NetLoom ended it; ${AGAIN}`,
    );
    expect(alive(await pid())).toBe(false);

    const control = new RunControl();
    const stopping = setTimeout(() => control.send("stop"), 1000);
    const stubborn = await withPython(python, () =>
      trainOnPyTorch(mnistWith(), { limit: 300, epochs: 1 }, { control, timing: { stopGraceMs: 1000 } }),
    );
    clearTimeout(stopping);
    expect(stubborn.events.one("error").message).toBe(
      `the PyTorch process did not stop within 1 s, so NetLoom ended it; ${AGAIN}`,
    );
    expect(alive(await pid())).toBe(false);
  });
});
