/**
 * JSON syntax errors described by what is wrong and where (line and column), never by the text
 * itself: V8's messages quote the input ("root:*:19"...), and a file's bytes must not travel in
 * error replies.
 */

type Problem = { at: number; what: string };

/** Parses JSON text; a syntax error becomes an Error `${what} is not valid JSON: <why> at line L, column C`. */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} is not valid JSON: ${describeJsonError(text)}`);
  }
}

/** Why `text` is not JSON and where, e.g. `a missing ',' or '}' at line 3, column 7`. */
export function describeJsonError(text: string): string {
  if (text.trim() === "") return "it is empty";
  const problem = findJsonError(text);
  if (!problem) return "it could not be parsed";
  const before = text.slice(0, problem.at);
  const line = before.split("\n").length;
  const column = problem.at - before.lastIndexOf("\n");
  return `${problem.what} at line ${line}, column ${column}`;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The first syntax error of `s` (iterative, so deep nesting cannot overflow the stack), or null. */
function findJsonError(s: string): Problem | null {
  let i = 0;
  const stack: string[] = [];
  const end = () => i >= s.length;
  const fail = (what: string, whatAtEnd = "the text ends too early"): Problem => ({
    at: i,
    what: end() ? whatAtEnd : what,
  });
  const space = () => {
    while (i < s.length && " \t\n\r".includes(s[i] as string)) i++;
  };
  const string = (): Problem | null => {
    const start = i++;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c < 0x20) return fail("a control character (such as a line break) inside a string");
      if (c === 0x5c) {
        const e = s[i + 1] ?? "";
        if (e && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) i += 6;
        else return fail("a bad escape sequence inside a string");
      } else i++;
    }
    i = start;
    return { at: start, what: "a string that is never closed" };
  };
  const scalar = (): Problem | null => {
    if (s[i] === '"') return string();
    for (const word of ["true", "false", "null"]) {
      if (s.startsWith(word, i)) {
        i += word.length;
        return null;
      }
    }
    NUMBER.lastIndex = i;
    const n = NUMBER.exec(s);
    if (!n) return fail("an unexpected character where a value should be", "the text ends where a value should be");
    i += n[0].length;
    return null;
  };
  let expect: "value" | "key" | "next" = "value";
  for (;;) {
    space();
    const top = stack.at(-1);
    if (expect === "value") {
      const c = s[i];
      if (c === "{" || c === "[") {
        stack.push(c);
        i++;
        space();
        if (s[i] === (c === "{" ? "}" : "]")) {
          i++;
          stack.pop();
          expect = "next";
        } else expect = c === "{" ? "key" : "value";
        continue;
      }
      const problem = scalar();
      if (problem) return problem;
      expect = "next";
    } else if (expect === "key") {
      if (s[i] !== '"') {
        return fail("a property name that is not in double quotes", "the text ends where a property name should be");
      }
      const problem = string();
      if (problem) return problem;
      space();
      if (s[i] !== ":") return fail("a missing ':' after a property name");
      i++;
      expect = "value";
    } else if (!top) {
      return end() ? null : fail("more text after the JSON value");
    } else if (s[i] === ",") {
      i++;
      expect = top === "{" ? "key" : "value";
    } else if (s[i] === (top === "{" ? "}" : "]")) {
      i++;
      stack.pop();
    } else {
      const close = top === "{" ? "}" : "]";
      return fail(`a missing ',' or '${close}'`, `the text ends before the closing '${close}'`);
    }
  }
}
