import { sanitizeText } from "../../../shared/quote";

/** The longest text a message quotes from Python's output. */
const MAX_LINE = 300;

/** One line of text from a Python process, through the one sanitizer, cut short. */
export function oneLine(text: string): string {
  return sanitizeText(text.trim(), { max: MAX_LINE });
}

/** Keeps the last `limit` characters written to a stream, for the message when the process fails. */
export class OutputTail {
  private text = "";

  constructor(private readonly limit = 64 * 1024) {}

  push(chunk: Buffer | string): void {
    this.text += chunk.toString();
    if (this.text.length > this.limit * 2) this.text = this.text.slice(-this.limit);
  }

  toString(): string {
    return this.text.slice(-this.limit);
  }
}

/** torchrun's prefix on the lines of each process (`[default1]:`). */
const WORKER_PREFIX = /^\[[\w-]*\d+\]:/;

/**
 * What went wrong, from the output of a Python process that failed: the last line of the first
 * traceback a worker printed (torchrun prints its own traceback after the worker's, which says
 * only that a child failed), else the last line of the last traceback, else the last line.
 */
export function failureLine(output: string): string | undefined {
  const lines = output.split(/\r?\n/);
  const tracebacks: { worker: boolean; last: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const worker = WORKER_PREFIX.test(lines[i] as string);
    const strip = (l: string) => (worker ? l.replace(WORKER_PREFIX, "") : l);
    if (strip(lines[i] as string).trim() !== "Traceback (most recent call last):") continue;
    let j = i + 1;
    // The frames are indented; the exception's own line is the first that is not.
    while (j < lines.length && /^\s/.test(strip(lines[j] as string))) j++;
    const last = lines[j];
    if (last !== undefined && strip(last).trim()) tracebacks.push({ worker, last: strip(last) });
    i = j;
  }
  const chosen = tracebacks.find((t) => t.worker) ?? tracebacks[tracebacks.length - 1];
  if (chosen) return oneLine(chosen.last);
  const lastLine = lines.map((l) => l.trim()).filter((l) => l !== "");
  const tail = lastLine[lastLine.length - 1];
  return tail === undefined ? undefined : oneLine(tail);
}
