import { describe, expect, expectTypeOf, it } from "vitest";
import type { Handler, Handlers } from "../../../../main/handlers/context";
import { handlers } from "../../../../main/handlers/table";
import { REQUEST_NAMES, type RequestName } from "../../../../shared/api";

describe("the contract and its handler table", () => {
  it("has a handler for every request channel and none besides", () => {
    expect(Object.keys(handlers).sort()).toEqual([...REQUEST_NAMES].sort());
    expectTypeOf<keyof typeof handlers>().toEqualTypeOf<RequestName>();
  });

  it("is checked by the compiler: a table missing a channel, or with an extra one, does not type-check", () => {
    const { "app.info": _dropped, ...rest } = handlers;
    // @ts-expect-error -- "app.info" has no handler
    const missing: Handlers = rest;
    // @ts-expect-error -- "app.quit" is not a channel of the contract
    const extra: Handlers = { ...handlers, "app.quit": () => ({}) };
    expect([missing, extra]).toHaveLength(2);
  });

  it("types each handler's payload and reply from the channel's schemas", () => {
    expectTypeOf<Parameters<Handler<"file.open">>[0]>().toEqualTypeOf<{ path: string }>();
    expectTypeOf<Awaited<ReturnType<Handler<"file.save">>>>().toEqualTypeOf<{
      path: string;
      name: string;
      bytes: number;
    }>();
  });
});
