import { describe, expect, it } from "vitest";
import { exchangeLaunchCode, takeLaunchCode } from "../../../../renderer/api/token";

function addressBar(href: string) {
  const location = { href } as Location;
  const history = {
    state: null,
    replaceState: (_s: unknown, _t: string, url: string) => {
      location.href = new URL(url, href).href;
    },
  } as unknown as History;
  return { location, history };
}

describe("the launch code of a page netloom serve --open opened", () => {
  it("is taken out of the address bar", () => {
    const { location, history } = addressBar("http://127.0.0.1:7180/?launch=abc#x");
    expect(takeLaunchCode(location, history)).toBe("abc");
    expect(location.href).toBe("http://127.0.0.1:7180/#x");
    expect(takeLaunchCode(location, history)).toBeNull();
  });

  it("is traded for the token with a JSON POST, and a refusal says why", async () => {
    const asked: { url: string; init: RequestInit }[] = [];
    const answer = (status: number, body: unknown) =>
      (async (url: string, init: RequestInit) => {
        asked.push({ url, init });
        return new Response(JSON.stringify(body), { status });
      }) as unknown as typeof fetch;
    expect(await exchangeLaunchCode("abc", answer(200, { token: "tok" }))).toBe("tok");
    expect(asked[0]).toMatchObject({ url: "/api/launch", init: { method: "POST", body: '{"code":"abc"}' } });
    expect(asked[0]?.init.headers).toEqual({ "content-type": "application/json" });
    await expect(exchangeLaunchCode("abc", answer(403, { error: "used already" }))).rejects.toThrow("used already");
    await expect(exchangeLaunchCode("abc", answer(200, {}))).rejects.toThrow("refused the launch link");
  });
});
