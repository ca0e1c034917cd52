/** The most batches the smoothed loss averages over: long epochs still show their trend. */
export const MAX_SMOOTHING_BATCHES = 50;

/**
 * How many batches the smoothed loss averages over: a tenth of an epoch, so the line looks alike
 * for 4 samples and for 60,000; one batch (no smoothing) when an epoch is a batch or two.
 */
export function smoothingBatches(batchesPerEpoch: number): number {
  return Math.max(1, Math.min(MAX_SMOOTHING_BATCHES, Math.round(batchesPerEpoch / 10)));
}

/**
 * The training loss smoothed over every batch, as TensorBoard smooths: an exponential moving
 * average over about `batches` batches with its start-up bias removed, so the first value is the
 * first loss. Computed in the engine, where every batch is seen, not from the throttled events.
 */
export class LossSmoother {
  private readonly weight: number;
  private mean = 0;
  private steps = 0;

  constructor(batches: number) {
    this.weight = 1 - 1 / Math.max(1, batches);
  }

  /** Adds one batch's loss; returns the smoothed loss. */
  add(loss: number): number {
    this.mean = this.mean * this.weight + (1 - this.weight) * loss;
    this.steps++;
    return this.value;
  }

  /** The smoothed loss so far (NaN before the first batch). */
  get value(): number {
    return this.steps === 0 ? Number.NaN : this.mean / (1 - this.weight ** this.steps);
  }
}
