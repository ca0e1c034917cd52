import WebSocket from "ws";
import { expect, test } from "./fixtures";

/** Opens a WebSocket to the contract and reports the handshake's HTTP status (101 when accepted). */
function handshake(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on("open", () => {
      ws.close();
      resolve(101);
    });
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.on("error", () => resolve(0));
  });
}

test("serve refuses requests without the token, from other origins and under other host names", async ({
  served,
  request,
  page,
}) => {
  const { port, token, origin } = served;
  expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);

  // The page's files hold no secrets and set no cookie; only this server's own name reaches them.
  const plain = await request.get(`${origin}/`);
  expect(plain.status()).toBe(200);
  expect(plain.headers()["set-cookie"]).toBeUndefined();
  expect(plain.headers()["content-security-policy"]).toContain("default-src 'self'");
  for (const path of ["/", `/?token=${token}`]) {
    expect((await request.get(`${origin}${path}`, { headers: { host: `evil.example:${port}` } })).status()).toBe(403);
  }

  const api = `ws://127.0.0.1:${port}/api`;
  expect(await handshake(api, { origin })).toBe(401);
  expect(await handshake(`${api}?token=wrong`, { origin })).toBe(401);
  expect(await handshake(api, { origin, cookie: `netloom_token_${port}=${token}` })).toBe(401);
  expect(await handshake(`${api}?token=${token}`)).toBe(403);
  expect(await handshake(`${api}?token=${token}`, { origin: "http://evil.example" })).toBe(403);
  expect(await handshake(`${api}?token=${token}`, { origin, host: `evil.example:${port}` })).toBe(403);
  expect(await handshake(`${api}?token=${token}`, { origin })).toBe(101);

  await page.goto(`${origin}/`);
  await expect(page.locator("body")).toContainText("carries the access token");
  await page.screenshot({ path: test.info().outputPath("refused.png") });
});

test("the page takes the token out of the address bar and keeps it for a reload of its own tab", async ({
  editor,
  page,
  served,
}) => {
  await expect(page).toHaveURL(`${served.origin}/`);
  await page.reload();
  await expect(editor.nodes).toHaveCount(11);
  await expect(page).toHaveTitle("MNIST MLP — NetLoom");
  await expect(page).toHaveURL(`${served.origin}/`);
  const other = await page.context().newPage();
  await other.goto(`${served.origin}/`);
  await expect(other.locator("body")).toContainText("carries the access token");
  await other.close();
});

test("a request with a broken payload gets an error reply over the real WebSocket", async ({ served }) => {
  const ws = new WebSocket(`ws://127.0.0.1:${served.port}/api?token=${served.token}`, {
    headers: { origin: served.origin },
  });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  const replies: unknown[] = [];
  ws.on("message", (data) => replies.push(JSON.parse(String(data))));
  ws.send(JSON.stringify({ id: 1, channel: "file.save", payload: { path: 42 } }));
  ws.send("not json");
  ws.send(JSON.stringify({ id: 2, channel: "presets.load", payload: { name: "mnist" } }));
  await expect.poll(() => replies.length).toBe(3);
  expect(replies).toContainEqual({
    type: "reply",
    id: 1,
    reply: { ok: false, error: expect.objectContaining({ code: "BAD_REQUEST" }) },
  });
  expect(replies).toContainEqual({ type: "reply", id: null, reply: expect.objectContaining({ ok: false }) });
  expect(replies).toContainEqual({
    type: "reply",
    id: 2,
    reply: { ok: true, value: expect.objectContaining({ format: "netloom.graph" }) },
  });
  ws.close();
});
