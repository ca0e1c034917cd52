import { describe, expect, it } from "vitest";
import { docText, indent, pyBool, pyEscape, pyFloat, pyIdent, pyInt, pyPath, pyStr } from "../../../shared/python";

describe("Python literals", () => {
  it("writes floats with a decimal point or exponent and refuses non-finite numbers", () => {
    expect(pyFloat(1)).toBe("1.0");
    expect(pyFloat(0.01)).toBe("0.01");
    expect(pyFloat(1e-7)).toBe("1e-7");
    expect(() => pyFloat(Number.NaN)).toThrow(/NaN/);
    expect(() => pyFloat(Number.POSITIVE_INFINITY)).toThrow(/Infinity/);
  });

  it("writes ints, bools, strings and optional paths", () => {
    expect(pyInt(3)).toBe("3");
    expect(() => pyInt(1.5)).toThrow(/not an integer/);
    expect(pyBool(true)).toBe("True");
    expect(pyStr('a"b\\c\n')).toBe('"a\\"b\\\\c\\n"');
    expect(pyPath(undefined)).toBe("None");
    expect(pyPath("x.csv")).toBe('"x.csv"');
  });

  it("escapes quotes, backslashes, controls, line separators, direction marks and lone surrogates, and nothing else", () => {
    expect(pyEscape(`a"b'c\\d`)).toBe(`a\\"b\\'c\\\\d`);
    expect(pyEscape("\n\r\t\u0000\u001b\u007f\u0085")).toBe("\\n\\r\\t\\x00\\x1b\\x7f\\x85");
    expect(pyEscape("\u2028\u2029\u202e\ufeff\ud800")).toBe("\\u2028\\u2029\\u202e\\ufeff\\ud800");
    expect(pyEscape("Größe 日本 😀 ü")).toBe("Größe 日本 😀 ü");
  });

  it("keeps each line of a docstring text on its own line, each escaped", () => {
    expect(docText('one "x"\r\ntwo \\\rthree')).toBe('one \\"x\\"\ntwo \\\\\nthree');
  });

  it("makes unique snake_case identifiers that avoid keywords and nn.Module members", () => {
    const used = new Set<string>();
    expect(pyIdent("linear-1", used)).toBe("linear_1");
    expect(pyIdent("linear-1", used)).toBe("linear_1_2");
    expect(pyIdent("myConv", used)).toBe("my_conv");
    expect(pyIdent("class", used)).toBe("class_");
    expect(pyIdent("forward", used)).toBe("forward_");
    expect(pyIdent("1x", used)).toBe("layer_1x");
    expect(pyIdent("!!!", used)).toBe("layer");
  });

  it("indents non-empty lines only", () => {
    expect(indent(["a", "", "b"], 2)).toEqual(["        a", "", "        b"]);
  });
});
