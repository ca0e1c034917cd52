import { basename } from "node:path";
import { fsReason } from "../data/errors";
import { FileTooLargeError, megabytes, readRegularFile } from "../data/regularFile";

/** Model files (a model.json, a weights shard, a one-file model) larger than this are refused. */
export const MAX_MODEL_BYTES = 256 * 1024 * 1024;

/**
 * Reads one of a model's files: only a regular file (a FIFO or device would never end) of at most
 * {@link MAX_MODEL_BYTES}. Throws an error naming the file and what is wrong with it.
 */
export async function readModelFile(path: string, what = path): Promise<Buffer> {
  try {
    return await readRegularFile(path, MAX_MODEL_BYTES);
  } catch (err) {
    if (err instanceof FileTooLargeError) {
      throw new Error(
        `${basename(path)} is ${megabytes(err.bytes)} MB; model files are at most ${megabytes(err.limit)} MB`,
      );
    }
    throw new Error(`cannot read ${what}: ${fsReason(err)}`);
  }
}
