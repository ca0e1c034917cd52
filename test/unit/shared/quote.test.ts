import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quoteFromFile, sanitizeText } from "../../../shared/quote";

describe("quoteFromFile", () => {
  it("quotes a short printable name, Unicode letters included", () => {
    expect(quoteFromFile("dense_1/kernel")).toBe('"dense_1/kernel"');
    expect(quoteFromFile("Gewichte größer")).toBe('"Gewichte größer"');
  });

  it("shows control characters escaped and cuts a long text", () => {
    expect(quoteFromFile("line 1\nline 2")).toBe('"line 1\\nline 2"');
    expect(quoteFromFile("\u001b[31mred")).toBe('"\\x1b[31mred"');
    expect(quoteFromFile("y".repeat(61))).toBe(`"${"y".repeat(60)}… (61 characters)"`);
  });
});

describe("sanitizeText", () => {
  it("escapes terminal escapes, carriage returns, C1 controls, direction marks and lone surrogates", () => {
    expect(sanitizeText("a\u001b]0;title\u0007b")).toBe("a\\x1b]0;title\\x07b");
    expect(sanitizeText("ok\rFAKE")).toBe("ok\\rFAKE");
    expect(sanitizeText("\u009b31m")).toBe("\\x9b31m");
    expect(sanitizeText("abc\u202edef")).toBe("abc\\u202edef");
    expect(sanitizeText("x\ud800y")).toBe("x\\ud800y");
  });

  it("keeps letters of every script, emoji and tabs; keeps line breaks only when asked", () => {
    expect(sanitizeText("日本語 😀\tß")).toBe("日本語 😀\tß");
    expect(sanitizeText("a\nb")).toBe("a\\nb");
    expect(sanitizeText("a\nb", { lines: true })).toBe("a\nb");
  });

  it("never lets an unsafe character through and never grows past its cap", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), fc.integer({ min: 1, max: 200 }), (text, max) => {
        const out = sanitizeText(text, { max });
        expect(out.replaceAll("\t", "")).not.toMatch(/[\p{Cc}\p{Cs}\u202a-\u202e\u2066-\u2069]/u);
        expect(out.length).toBeLessThanOrEqual(
          max + 6 + `… (${text.length.toLocaleString("en-US")} characters)`.length,
        );
      }),
    );
  });
});
