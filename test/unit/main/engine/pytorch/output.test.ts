import { describe, expect, it } from "vitest";
import { failureLine, OutputTail, oneLine } from "../../../../../main/engine/pytorch/output";

const TRACEBACK = `training on 540 samples, validating on 60
Traceback (most recent call last):
  File "/tmp/netloom-pytorch-x/driver.py", line 250, in <module>
    main()
  File "/tmp/netloom-pytorch-x/model.py", line 90, in forward
    x = self.linear1(x)
RuntimeError: mat1 and mat2 shapes cannot be multiplied (32x10 and 784x300)
`;

/** What torchrun prints when its second worker fails: the worker's traceback, then its own. */
const TORCHRUN = `WARNING:__main__:
[default1]:Traceback (most recent call last):
[default1]:  File "/tmp/run/driver.py", line 4, in <module>
[default1]:    main()
[default1]:MemoryError: out of memory in worker 1
ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 1) local_rank: 1
Traceback (most recent call last):
  File "/usr/lib/python3/dist-packages/torch/distributed/run.py", line 766, in <module>
    main()
torch.distributed.elastic.multiprocessing.errors.ChildFailedError:
============================================================
`;

describe("Python's output in messages", () => {
  it("takes the exception line of a traceback", () => {
    expect(failureLine(TRACEBACK)).toBe("RuntimeError: mat1 and mat2 shapes cannot be multiplied (32x10 and 784x300)");
  });

  it("prefers the traceback of a torchrun worker to torchrun's own", () => {
    expect(failureLine(TORCHRUN)).toBe("MemoryError: out of memory in worker 1");
  });

  it("falls back to the last line printed, and to nothing for no output", () => {
    expect(failureLine("loading\nSystemExit: the file is not an IDX file\n\n")).toBe(
      "SystemExit: the file is not an IDX file",
    );
    expect(failureLine("")).toBeUndefined();
  });

  it("shows escape sequences and control characters escaped, and cuts long lines", () => {
    expect(oneLine("\u001b[31mred\u001b[0m\r\nnext\u0007")).toBe("\\x1b[31mred\\x1b[0m\\r\\nnext\\x07");
    expect(oneLine("x".repeat(1000))).toBe(`${"x".repeat(300)}… (1,000 characters)`);
  });

  it("keeps only the end of a long output", () => {
    const tail = new OutputTail(10);
    for (let i = 0; i < 100; i++) tail.push(`line ${i}\n`);
    expect(tail.toString()).toBe("8\nline 99\n");
  });
});
