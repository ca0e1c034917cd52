/** The longest text an error message quotes from a file. */
const MAX_QUOTED = 60;

/**
 * A text read from a file, for an error message: quoted when it is a short line of printable
 * characters, else described by its length (`<5,000 characters>`), so a message never carries a file's contents.
 */
export function quoteFromFile(text: string): string {
  if (text.length <= MAX_QUOTED && /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]*$/u.test(text)) return JSON.stringify(text);
  return `<${text.length.toLocaleString("en-US")} characters>`;
}
