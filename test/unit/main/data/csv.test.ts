import { describe, expect, it } from "vitest";
import { DataError, parseCsv, readCsvFile } from "../../../../main/data";
import { MAX_CELL_CHARS, parseDecimal, readCsvHeader } from "../../../../main/data/csv";
import { dataFixture } from "./fixtures";

const classes = { labelColumn: "label", labels: "class" as const };

describe("CSV reader", () => {
  it("reads numeric features and the label column into typed arrays", () => {
    const table = readCsvFile(dataFixture("linear.csv"), { labelColumn: "y", labels: "value" });
    expect(table.features).toEqual(["x"]);
    expect(table.rows).toBe(100);
    expect(table.x[0]).toBeCloseTo(-1);
    expect(table.y[0]).toBeCloseTo(-1);
    expect(table.y[99]).toBeCloseTo(3);
  });

  it("takes the label column from anywhere in the row", () => {
    const table = parseCsv("label,a,b\n1,2,3\n0,4,5\n", "t.csv", classes);
    expect(Array.from(table.x)).toEqual([2, 3, 4, 5]);
    expect(Array.from(table.y)).toEqual([1, 0]);
    expect(table.classNames).toBeUndefined();
  });

  it("maps word labels to sorted class indices, quoted fields included", () => {
    const table = readCsvFile(dataFixture("words.csv"), { labelColumn: "animal", labels: "class" });
    expect(table.features).toEqual(["weight", "height, cm"]);
    expect(table.classNames).toEqual(["cat", "dog"]);
    expect(Array.from(table.y)).toEqual([0, 1, 0, 1]);
    const test = readCsvFile(dataFixture("words-test.csv"), {
      labelColumn: "animal",
      labels: "class",
      classNames: table.classNames,
    });
    expect(Array.from(test.y)).toEqual([0, 1]);
  });

  it("handles CRLF line ends, a byte-order mark and blank lines", () => {
    const table = parseCsv("\uFEFFa,label\r\n1,0\r\n\r\n2,1\r\n", "t.csv", classes);
    expect(table.rows).toBe(2);
    expect(Array.from(table.x)).toEqual([1, 2]);
  });

  const broken: [string, RegExp, typeof classes | { labelColumn: string; labels: "class"; classNames: string[] }][] = [
    ["bad-number.csv", /line 3, column 2: the value is not a number/, classes],
    ["empty-value.csv", /line 3, column 2: the value is empty/, classes],
    ["ragged.csv", /line 3: 2 values, but the header has 3 columns/, classes],
    [
      "no-label.csv",
      /has no column "label" in its header row \(line 1\); choose the label column among its 2 columns: "x1", "x2"/,
      classes,
    ],
    ["empty.csv", /is empty; a CSV file needs a header row/, classes],
    ["header-only.csv", /has a header but no samples/, classes],
    ["unclosed-quote.csv", /line 2: a quoted value is never closed/, classes],
    ["bad-class.csv", /line 3, column 3 \("label"\): class labels must be whole numbers from 0/, classes],
    ["huge-number.csv", /line 3, column 2: the value is too large for float32/, classes],
    ["hex-number.csv", /line 3, column 1: the value is not a number/, classes],
    [
      "words-test-unknown.csv",
      /line 3, column 3 \("animal"\): a class that does not occur in the training file/,
      { labelColumn: "animal", labels: "class", classNames: ["cat", "dog"] },
    ],
  ];
  for (const [name, message, options] of broken) {
    it(`names the line and column of the problem in ${name}`, () => {
      const read = () => readCsvFile(dataFixture(name), options);
      expect(read).toThrow(DataError);
      expect(read).toThrow(message);
      expect(read).toThrow(name);
    });
  }

  it("refuses a value longer than any number or class name, naming where it is", () => {
    const long = "9".repeat(MAX_CELL_CHARS + 1);
    expect(() => parseCsv(`a,label\n1,0\n${long},1\n`, "t.csv", classes)).toThrow(
      "t.csv line 3, column 1: the value is 1,001 characters long; a value is at most 1000",
    );
    expect(() => parseCsv(`a,${long}\n1,0\n`, "t.csv", classes)).toThrow("t.csv line 1, column 2: the value is 1,001");
  });

  it("checks numbers in linear time: a long run of digits ending in a letter is refused at once", () => {
    // The former pattern took ~19 s on 40,000 digits and quadratically longer on more.
    expect(parseDecimal(`${"1".repeat(2_000_000)}x`)).toBeUndefined();
    expect(parseDecimal(`${"1".repeat(2_000_000)}.5e3`)).toBeUndefined(); // a number, but beyond float32
    expect(parseDecimal(" -12.5e-1 ")).toBe(-1.25);
    expect(parseDecimal("1.")).toBe(1);
    expect(parseDecimal(".5")).toBe(0.5);
    expect(parseDecimal("1..2")).toBeUndefined();
  });

  it("quotes a label column named with control characters escaped", () => {
    expect(() => parseCsv("a,b\n1,0\n", "t.csv", { labelColumn: "\u001b[2Jx", labels: "class" })).toThrow(
      't.csv has no column "\\x1b[2Jx" in its header row',
    );
  });

  it("reads the chosen feature columns in the chosen order, and ignores the others, numbers or not", () => {
    const text = "name,a,b,label,c\nann,1,2,0,3\nbob,4,5,1,6\n";
    const table = parseCsv(text, "t.csv", { ...classes, featureColumns: ["c", "a"] });
    expect(table.features).toEqual(["c", "a"]);
    expect(Array.from(table.x)).toEqual([3, 1, 6, 4]);
    expect(Array.from(table.y)).toEqual([0, 1]);
  });

  it("names a chosen feature column the file lacks and lists the columns it has", () => {
    expect(() => parseCsv("a,b,label\n1,2,0\n", "t.csv", { ...classes, featureColumns: ["a", "z"] })).toThrow(
      't.csv has no feature column "z" in its header row; it has 3 columns: "a", "b", "label"',
    );
    expect(() => parseCsv("a,label\n1,0\n", "t.csv", { ...classes, featureColumns: ["label"] })).toThrow(
      '"label" is the label column; it cannot be a feature too',
    );
  });

  it("lists at most 30 columns of a wide header", () => {
    const header = Array.from({ length: 40 }, (_, i) => `p${i}`).join(",");
    expect(() => parseCsv(`${header}\n${"1,".repeat(39)}1\n`, "t.csv", classes)).toThrow(/"p29" and 10 more$/);
  });

  it("shows no line of a file that does not look like a table: not a .csv file, or a single column", () => {
    expect(() => parseCsv("root:x:0:0:/bin/bash,1\n1,0\n", "passwd", classes)).toThrow(
      /^passwd has no column "label" in its header row \(line 1\); choose the label column among its 2 columns$/,
    );
    expect(() => parseCsv("secret\n1\n", "k.csv", classes)).toThrow(/among its 1 column$/);
  });

  it("reads a header row from the start of a file, without the samples", () => {
    expect(readCsvHeader(dataFixture("no-label.csv"))).toEqual(["x1", "x2"]);
    expect(readCsvHeader(dataFixture("bad-number.csv")).length).toBeGreaterThan(1);
    expect(() => readCsvHeader(dataFixture("empty.csv"))).toThrow(/is empty/);
    expect(() => readCsvHeader(dataFixture("missing.csv"))).toThrow(/cannot read CSV file/);
  });

  it("says when the file cannot be read", () => {
    expect(() => readCsvFile(dataFixture("missing.csv"), classes)).toThrow(
      /cannot read CSV file .*missing.csv: no such file/,
    );
  });
});
