/** The longest text an error message quotes from a file. */
const MAX_QUOTED = 60;

/** The longest message NetLoom prints or replies with. */
export const MAX_MESSAGE_CHARS = 4000;

/**
 * A regular-expression character class (for the `u` flag) of what a terminal, a message or
 * generated code must not receive raw: control characters (ESC starts terminal
 * escape sequences, CR overwrites a line), lone surrogates, line separators, and the invisible
 * direction marks that make text read other than it is ("Trojan Source").
 */
export const UNSAFE_CHARS = "\\p{Cc}\\p{Cs}\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2069\\ufeff";
const UNSAFE = new RegExp(`[${UNSAFE_CHARS}]`, "u");

/** How the sanitizer treats line breaks and how much it keeps. */
export interface SanitizeOptions {
  /** Keep `\n` as it is (a message of several lines); else it is shown as `\n` too. */
  lines?: boolean;
  /** At most this many characters are kept; the rest is cut with `… (N characters)`. */
  max?: number;
}

/** One character as an escape sequence that Python and JavaScript both read back: `\n`, `\x1b`, `\u202e`. */
export function escapeChar(ch: string): string {
  if (ch === "\n") return "\\n";
  if (ch === "\r") return "\\r";
  if (ch === "\t") return "\\t";
  const code = ch.codePointAt(0) as number;
  // Every unsafe character lies in the BMP, so four digits always do.
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * The one sanitizer for text from a file, a graph or a request on its way to a terminal or into a
 * message: unsafe characters are shown escaped (`\x1b`, `\u202e`) and the length is capped, so a
 * file can neither drive the terminal that prints its name nor flood a reply.
 */
export function sanitizeText(text: string, options: SanitizeOptions = {}): string {
  const max = options.max ?? MAX_MESSAGE_CHARS;
  let out = "";
  for (const ch of text) {
    if (out.length >= max) return `${out}… (${text.length.toLocaleString("en-US")} characters)`;
    const keep = ch === "\t" || (ch === "\n" && options.lines) || !UNSAFE.test(ch);
    out += keep ? ch : escapeChar(ch);
  }
  return out;
}

/**
 * A text read from a file (a layer name, a format tag), quoted for an error message: one line,
 * unsafe characters escaped, at most {@link MAX_QUOTED} characters.
 */
export function quoteFromFile(text: unknown): string {
  if (typeof text === "string") return `"${sanitizeText(text, { max: MAX_QUOTED })}"`;
  // A file may hold a number, a list or an object where a name belongs.
  if (Array.isArray(text)) return "(a list)";
  return typeof text === "object" && text !== null ? "(an object)" : String(text);
}
