/** Python source literals, identifiers and indentation: shared so catalog entries and the PyTorch generator write the same code. */

import { escapeChar, UNSAFE_CHARS } from "./quote";

const KEYWORDS = new Set(
  (
    "False None True and as assert async await break class continue def del elif else except finally for from " +
    "global if import in is lambda nonlocal not or pass raise return try while with yield match case"
  ).split(" "),
);

/** Names an `nn.Module` attribute must not take: they would shadow the module's own members. */
const MODULE_MEMBERS = new Set([
  "forward",
  "predict",
  "training",
  "reset_parameters",
  "parameters",
  "modules",
  "children",
  "state_dict",
  "train",
  "eval",
  "to",
  "cuda",
  "cpu",
  "apply",
  "type",
  "float",
  "double",
  "half",
  "zero_grad",
  "dump_patches",
]);

/** What a Python literal, comment or docstring shows escaped: quotes, backslashes and {@link UNSAFE_CHARS}. */
const PY_ESCAPED = new RegExp(`[\\\\"'${UNSAFE_CHARS}]`, "gu");

/**
 * The one escaper for text from a graph or a file on its way into generated Python: the body of a
 * string literal that reads back as exactly `text`. Quotes and backslashes are escaped, so the text
 * cannot end its literal or docstring; control characters, line and paragraph separators, direction
 * marks and lone surrogates become `\n`, `\x00`, `\u2028`, `\ud800`, so it cannot end a comment's
 * line or read other than it is. Letters of any script, emoji included, stay as they are.
 */
export function pyEscape(text: string): string {
  return text.replace(PY_ESCAPED, (ch) => (ch === "\\" || ch === '"' || ch === "'" ? `\\${ch}` : escapeChar(ch)));
}

/** A Python string literal of any text (see {@link pyEscape}). */
export function pyStr(value: string): string {
  return `"${pyEscape(value)}"`;
}

/** A Python float literal: `0.01`, `1e-07`, `1.0`. */
export function pyFloat(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a Python float`);
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** A Python int literal. */
export function pyInt(value: number): string {
  if (!Number.isInteger(value)) throw new Error(`${value} is not an integer`);
  return String(value);
}

/** A Python bool literal. */
export function pyBool(value: boolean): string {
  return value ? "True" : "False";
}

/** A path constant: the string, or `None` when there is none. */
export function pyPath(value: string | undefined): string {
  return value ? pyStr(value) : "None";
}

/**
 * A valid, unused snake_case identifier for a node id (`linear-1` -> `linear_1`), avoiding
 * keywords and nn.Module members; records it in `used`.
 */
export function pyIdent(name: string, used: Set<string>, fallback = "layer"): string {
  let base = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!base) base = fallback;
  if (/^[0-9]/.test(base)) base = `${fallback}_${base}`;
  if (KEYWORDS.has(base) || MODULE_MEMBERS.has(base)) base = `${base}_`;
  let candidate = base;
  for (let i = 2; used.has(candidate); i++) candidate = `${base}_${i}`;
  used.add(candidate);
  return candidate;
}

/**
 * Text for a docstring or a `#` comment, a line of output per line of `text`, each through
 * {@link pyEscape}: nothing in it can close the docstring or start a statement.
 */
export function docText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(pyEscape)
    .join("\n");
}

/** Indents every non-empty line by `levels` x 4 spaces. */
export function indent(lines: readonly string[], levels = 1): string[] {
  const pad = "    ".repeat(levels);
  return lines.map((line) => (line ? pad + line : line));
}

/** Wraps text into lines of at most `width` characters, breaking at spaces. */
export function wrap(text: string, width = 99): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}
