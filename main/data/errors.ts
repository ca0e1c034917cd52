/** A problem with a data file or its contents, phrased for the person who chose the file. */
export class DataError extends Error {
  constructor(
    message: string,
    /** The Dataset (or transform) node to show the problem on, when known. */
    readonly nodeId?: string,
  ) {
    super(message);
    this.name = "DataError";
  }
}

/** A short reason from a file-system error: `no such file`, `permission denied`, ... */
export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory, not a file";
    case "EEXIST":
      return "a file of that name is in the way";
    case "ENOTDIR":
      return "part of the path is a file, not a folder";
    case "ENOSPC":
      return "the disk is full";
    default:
      return (err as Error).message;
  }
}
