import { describe, expect, it } from "vitest";
import { LaunchCodes } from "../../../../main/server/launch";

describe("launch codes", () => {
  it("are random, and each is good once", () => {
    const codes = new LaunchCodes();
    const a = codes.issue();
    const b = codes.issue();
    expect(a).toMatch(/^[\w-]{32}$/);
    expect(a).not.toBe(b);
    expect(codes.redeem(a)).toBe(true);
    expect(codes.redeem(a)).toBe(false);
    expect(codes.redeem(b)).toBe(true);
  });

  it("expire two minutes after they are issued, and anything else is no code", () => {
    const codes = new LaunchCodes();
    const code = codes.issue(0);
    expect(codes.redeem(code, 2 * 60_000 + 1)).toBe(false);
    for (const other of [undefined, null, 42, { code }, ""]) expect(codes.redeem(other)).toBe(false);
  });
});
