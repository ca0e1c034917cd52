#!/usr/bin/env node
// Writes the CSV files the examples train on. Run from this folder: `node generate.mjs`.
// The output is committed; rerunning gives the same bytes.
import { writeFileSync } from "node:fs";

let state = 20240607;
/** A fixed-seed generator (an LCG), so the files never change. */
const random = () => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};
/** A standard normal sample (Box-Muller). */
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const round = (v) => Math.round(v * 1e4) / 1e4;

// XOR: the four rows of its truth table. The label is 1 when exactly one input is 1.
writeFileSync("xor.csv", "x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");

// A noisy sine: y = sin(x) + noise, x from -pi to pi. The test file holds other points of the same curve.
function sine(n) {
  const rows = ["x,y"];
  for (let i = 0; i < n; i++) {
    const x = round(-Math.PI + 2 * Math.PI * random());
    rows.push(`${x},${round(Math.sin(x) + 0.1 * normal())}`);
  }
  return `${rows.join("\n")}\n`;
}
writeFileSync("sine-train.csv", sine(400));
writeFileSync("sine-test.csv", sine(100));
