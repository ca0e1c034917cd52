import type { StepTrace } from "../../../shared/step";
import type { HostMessage } from "../protocol";
import type { TrainedRun } from "../train";
import { closeSession, openSession, type StepSession, sessionFromRun, takeStep } from "./session";

type StepMessage = Extract<HostMessage, { type: "step" }>;

/**
 * The engine's stepping session: one at a time, each step continuing the last unless a new
 * session is asked for. Steps run one after another, even when requests arrive together.
 */
export class Stepper {
  private current: { key: string; session: StepSession } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  /** Takes the step `m` asks for; `kept` finds a kept run by id. Rejects with an Error saying what is wrong. */
  step(m: StepMessage, kept: (runId: string) => TrainedRun | undefined): Promise<StepTrace> {
    const next = this.queue.then(() => this.take(m, kept));
    this.queue = next.catch(() => {});
    return next;
  }

  private async take(m: StepMessage, kept: (runId: string) => TrainedRun | undefined): Promise<StepTrace> {
    if (m.fresh || this.current?.key !== m.session) {
      this.close();
      const options = (m.options ?? {}) as { seed?: number };
      const fromRun = m.fromRun ? kept(m.fromRun) : undefined;
      if (m.fromRun && !fromRun)
        throw new Error(`no trained model for run ${m.fromRun}; train again to step through it`);
      const session = fromRun
        ? await sessionFromRun(fromRun, options.seed ?? 0)
        : await openSession({
            runId: m.session,
            doc: m.doc as never,
            options: m.options as never,
            ...(m.weights ? { weights: m.weights } : {}),
          });
      this.current = { key: m.session, session };
    }
    return takeStep((this.current as { session: StepSession }).session, m.sample, m.batch);
  }

  /** Ends the session, freeing its model. */
  close(): void {
    if (this.current) closeSession(this.current.session);
    this.current = null;
  }
}
