import { quoteFromFile } from "../../shared/quote";
import { DataError, fsReason } from "./errors";
import { readFileStartSync, readRegularFileSync } from "./regularFile";

/** A CSV file read into typed arrays: numeric features and one label per row. */
export interface CsvTable {
  /** Names of the feature columns, in file order (the label column removed). */
  features: string[];
  /** Features, row-major: `rows * features.length` values. */
  x: Float32Array;
  /** One label per row: a class index, or the value itself. */
  y: Float32Array;
  rows: number;
  /** Class names when class labels are words (sorted); absent for numeric class indices and values. */
  classNames?: string[];
}

export interface CsvOptions {
  labelColumn: string;
  /** The feature columns, in this order; empty or absent: every column but the label, in file order. */
  featureColumns?: readonly string[];
  labels: "class" | "value";
  /** Class names of the training file, so a test file maps words to the same indices. */
  classNames?: string[];
}

/** Reads a CSV file with a header row; see {@link parseCsv}. */
export function readCsvFile(path: string, options: CsvOptions): CsvTable {
  let text: string;
  try {
    text = readRegularFileSync(path).toString("utf8");
  } catch (err) {
    throw new DataError(`cannot read CSV file ${path}: ${fsReason(err)}`);
  }
  return parseCsv(text, path, options);
}

/**
 * Parses CSV text: a header row, then one sample per row. Every column but the label must be a
 * number; errors name the file, line and column of the first bad value, and never quote the
 * file (its messages may travel to the app, and the file may be any file, a secret one included).
 */
export function parseCsv(text: string, path: string, options: CsvOptions): CsvTable {
  const records = splitRecords(text.replace(/^\uFEFF/, ""), path);
  const head = records[0];
  if (!head) throw new DataError(`${path} is empty; a CSV file needs a header row and at least one sample`);
  const header = head.fields.map((h, c) => checkedCell(h.trim(), () => `${path} line ${head.line}, column ${c + 1}`));
  const labelIndex = header.indexOf(options.labelColumn);
  if (labelIndex < 0) {
    throw new DataError(
      `${path} has no column ${quoteFromFile(options.labelColumn)} in its header row (line 1); ` +
        `choose the label column among its ${columnList(path, header)}`,
    );
  }
  const featureIndex = featureIndices(header, labelIndex, options, path);
  const rows = records.length - 1;
  if (rows === 0) throw new DataError(`${path} has a header but no samples`);
  const width = featureIndex.length;
  const x = new Float32Array(rows * width);
  const y = new Float32Array(rows);
  const rawLabels: string[] = [];
  for (let r = 0; r < rows; r++) {
    const { line, fields } = records[r + 1] as Record;
    if (fields.length !== header.length) {
      throw new DataError(`${path} line ${line}: ${fields.length} values, but the header has ${header.length} columns`);
    }
    const cell = (c: number) =>
      checkedCell((fields[c] as string).trim(), () => `${path} line ${line}, column ${c + 1}`);
    rawLabels.push(cell(labelIndex));
    let k = r * width;
    for (const c of featureIndex) x[k++] = toNumber(cell(c), () => `${path} line ${line}, column ${c + 1}`);
  }
  const labelAt = (r: number) =>
    `${path} line ${(records[r + 1] as Record).line}, column ${labelIndex + 1} (${quoteFromFile(options.labelColumn)})`;
  const classNames = fillLabels(rawLabels, y, options, labelAt);
  const table: CsvTable = { features: featureIndex.map((i) => header[i] as string), x, y, rows };
  if (classNames) table.classNames = classNames;
  return table;
}

/** At most this many column names are listed in a message. */
const LISTED_COLUMNS = 30;

/**
 * Whether a header row may be shown: it is a table's (a .csv file with two columns or more). The
 * first line of any other file (a key, a password file) stays out of messages and replies.
 */
function looksLikeTable(path: string, header: readonly string[]): boolean {
  return /\.csv$/i.test(path) && header.length >= 2;
}

/**
 * "3 columns: "a", "b", "c"", each name quoted as a string from a file, long headers cut short;
 * only the count for a file that does not look like a table.
 */
export function columnList(path: string, header: readonly string[]): string {
  if (!looksLikeTable(path, header)) return plural(header.length, "column");
  const names = header.slice(0, LISTED_COLUMNS).map((h) => quoteFromFile(h));
  const more = header.length - names.length;
  const list = more > 0 ? `${names.join(", ")} and ${more} more` : names.join(", ");
  return `${plural(header.length, "column")}: ${list}`;
}

/** Where the features are in each row: the chosen columns, else every column but the label. */
function featureIndices(header: string[], labelIndex: number, options: CsvOptions, path: string): number[] {
  const chosen = options.featureColumns ?? [];
  if (chosen.length === 0) {
    if (header.length < 2) throw new DataError(`${path} has only the label column; add at least one feature column`);
    return header.flatMap((_, i) => (i === labelIndex ? [] : [i]));
  }
  return chosen.map((name) => {
    const i = header.indexOf(name);
    if (i < 0) {
      throw new DataError(
        `${path} has no feature column ${quoteFromFile(name)} in its header row; it has ${columnList(path, header)}`,
      );
    }
    if (i === labelIndex) throw new DataError(`${quoteFromFile(name)} is the label column; it cannot be a feature too`);
    return i;
  });
}

/**
 * The column names of a CSV file's header row, read from the file's first bytes only (1 MiB);
 * refused for a file that does not look like a table (see {@link looksLikeTable}).
 */
export function readCsvHeader(path: string, bytes = 1 << 20): string[] {
  let text: string;
  try {
    text = readFileStartSync(path, bytes).toString("utf8");
  } catch (err) {
    throw new DataError(`cannot read CSV file ${path}: ${fsReason(err)}`);
  }
  const firstLine =
    text
      .replace(/^\uFEFF/, "")
      .split(/\r?\n/)
      .find((l) => l.trim() !== "") ?? "";
  const [head] = splitRecords(firstLine, path);
  if (!head) throw new DataError(`${path} is empty; a CSV file needs a header row and at least one sample`);
  const header = head.fields.map((h) => h.trim().slice(0, MAX_CELL_CHARS));
  if (!looksLikeTable(path, header)) {
    throw new DataError(
      `${path} does not look like a CSV table (a .csv file whose header row names two columns or more)`,
    );
  }
  return header;
}

function fillLabels(
  raw: string[],
  y: Float32Array,
  options: CsvOptions,
  at: (row: number) => string,
): string[] | undefined {
  const numeric = raw.every((v) => parseDecimal(v) !== undefined);
  if (options.labels === "value" || (numeric && !options.classNames)) {
    raw.forEach((v, r) => {
      const n = toNumber(v, () => at(r));
      if (options.labels === "class" && !(Number.isInteger(n) && n >= 0)) {
        throw new DataError(`${at(r)}: class labels must be whole numbers from 0 (or words)`);
      }
      y[r] = n;
    });
    return undefined;
  }
  const names = options.classNames ?? [...new Set(raw)].sort();
  const index = new Map(names.map((n, i) => [n, i]));
  raw.forEach((v, r) => {
    const i = index.get(v);
    if (i === undefined) throw new DataError(`${at(r)}: a class that does not occur in the training file`);
    y[r] = i;
  });
  return names;
}

/**
 * Decimal numbers only (`12`, `-0.5`, `3e-4`), as Python's float() and numpy read them too. Each
 * part has one way to match, so a long run of digits ending in a letter fails in linear time
 * (`\d+\.?\d*` could split the digits every way, in quadratic time).
 */
const DECIMAL = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** The longest value a CSV cell may hold: no number or class name comes near it. */
export const MAX_CELL_CHARS = 1000;

/** The number in `raw`, or undefined when it is not a decimal number that fits float32. */
export function parseDecimal(raw: string): number | undefined {
  if (!DECIMAL.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isFinite(Math.fround(n)) ? n : undefined;
}

/** The cell, unless it is longer than {@link MAX_CELL_CHARS}. */
function checkedCell(cell: string, where: () => string): string {
  if (cell.length <= MAX_CELL_CHARS) return cell;
  const length = cell.length.toLocaleString("en-US");
  throw new DataError(`${where()}: the value is ${length} characters long; a value is at most ${MAX_CELL_CHARS}`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function toNumber(raw: string, where: () => string): number {
  if (raw === "") throw new DataError(`${where()}: the value is empty; every feature must be a number`);
  const n = parseDecimal(raw);
  if (n === undefined) {
    const why = DECIMAL.test(raw) ? "is too large for float32 (at most ±3.4e38)" : "is not a number";
    throw new DataError(`${where()}: the value ${why}`);
  }
  return n;
}

interface Record {
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
}

/** Splits text into records, honouring quoted fields (`"a, b"`, `""` for a quote); skips blank lines. */
function splitRecords(text: string, path: string): Record[] {
  const lines = text.split(/\r?\n/);
  const out: Record[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === "") continue;
    if (!line.includes('"')) {
      out.push({ line: i + 1, fields: line.split(",") });
      continue;
    }
    const start = i;
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    let text = line;
    for (let p = 0; ; p++) {
      if (p === text.length) {
        if (!quoted) break;
        if (++i >= lines.length) throw new DataError(`${path} line ${start + 1}: a quoted value is never closed`);
        field += "\n";
        text = lines[i] as string;
        p = -1;
        continue;
      }
      const ch = text[p];
      if (quoted) {
        if (ch === '"' && text[p + 1] === '"') {
          field += '"';
          p++;
        } else if (ch === '"') quoted = false;
        else field += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ",") {
        fields.push(field);
        field = "";
      } else field += ch;
    }
    fields.push(field);
    out.push({ line: start + 1, fields });
  }
  return out;
}
