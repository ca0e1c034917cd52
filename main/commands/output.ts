import { sanitizeText } from "../../shared/quote";

/** Output streams of a command, replaceable in tests. */
export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Each line sanitized and capped on its own, so a long list of errors is cut line by line. */
function forTerminal(text: string): string {
  return text
    .split("\n")
    .map((line) => sanitizeText(line))
    .join("\n");
}

/**
 * The terminal of a command: stdout for results, stderr for messages. Every line is sanitized
 * (paths, names and messages may come from files), so a file named with escape sequences cannot
 * drive the terminal that prints it.
 */
export const terminal: Io = {
  out: (text) => console.log(forTerminal(text)),
  err: (text) => console.error(forTerminal(text)),
};
