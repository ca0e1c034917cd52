import { describe, expect, it } from "vitest";
import { quoteFromFile } from "../../../shared/quote";

describe("quoteFromFile", () => {
  it("quotes a short printable name, Unicode letters included", () => {
    expect(quoteFromFile("dense_1/kernel")).toBe('"dense_1/kernel"');
    expect(quoteFromFile("Gewichte größer")).toBe('"Gewichte größer"');
  });

  it("describes a long text or one with control characters instead of quoting it", () => {
    expect(quoteFromFile("y".repeat(61))).toBe("<61 characters>");
    expect(quoteFromFile("line 1\nline 2")).toBe("<13 characters>");
    expect(quoteFromFile("\u001b[31mred")).toBe("<8 characters>");
  });
});
