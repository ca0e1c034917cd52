import type { TrainingControl } from "../../shared/run";

/**
 * Pause, resume and stop for a running training. The loop calls {@link checkpoint} between
 * batches; commands arrive at any time (from a message, a signal or a test).
 */
export class RunControl {
  private state: "running" | "paused" | "stopping" = "running";
  private wake: (() => void) | null = null;
  /** Whether live signals are wanted: the loop samples a batch now and then while they are. */
  signals = false;
  private readonly listeners = new Set<(cmd: TrainingControl) => void>();

  /** Applies a command; commands that do not apply (resume while running) are ignored. */
  send(cmd: TrainingControl): void {
    if (cmd === "stop") this.state = "stopping";
    else if (cmd === "pause" && this.state === "running") this.state = "paused";
    else if (cmd === "resume" && this.state === "paused") this.state = "running";
    else return;
    this.wake?.();
    for (const listener of this.listeners) listener(cmd);
  }

  /**
   * Hears every command that applies, for a loop in another process to obey; returns the
   * function that stops listening.
   */
  onCommand(listener: (cmd: TrainingControl) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get stopping(): boolean {
    return this.state === "stopping";
  }

  /**
   * Yields to the event loop (so commands can arrive), then waits while paused. Returns false
   * when the run must stop. `onPause` and `onResume` report the transitions.
   */
  async checkpoint(onPause: () => void, onResume: () => void): Promise<boolean> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.state === "paused") {
      onPause();
      while (this.state === "paused") await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
      if (this.state === "running") onResume();
    }
    return this.state !== "stopping";
  }
}
