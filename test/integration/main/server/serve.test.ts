import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { handlers } from "../../../../main/handlers/table";
import { type RunningServer, startServer } from "../../../../main/server/server";
import { tempDir } from "../../../helpers/handlerContext";

let running: RunningServer | null = null;
/** The last served app folder; a file next to it must stay out of reach. */
let secretName = "";
afterEach(async () => {
  await running?.close();
  running = null;
});

async function serve(): Promise<RunningServer> {
  const root = tempDir();
  mkdirSync(path.join(root, "assets"));
  writeFileSync(path.join(root, "index.html"), "<!doctype html><title>t</title>");
  writeFileSync(path.join(root, "assets", "app.js"), "console.log(1)");
  secretName = `${path.basename(root)}-secret.txt`;
  writeFileSync(path.join(path.dirname(root), secretName), "secret");
  running = await startServer({
    port: 0,
    staticDir: root,
    services: { version: "t", dataDir: path.join(tempDir(), "data"), startup: { preset: null, file: null } },
    handlers: {
      ...handlers,
      // Emits an event to the caller, to show events reach the connection that asked.
      "recent.clear": (_p, ctx) => {
        ctx.emit("menu.command", { command: "file.new" });
        return [];
      },
    },
  });
  return running;
}

function connect(url: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { headers: { origin } } : {});
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

function nextFrames(ws: WebSocket, count: number): Promise<unknown[]> {
  const frames: unknown[] = [];
  return new Promise((resolve) => {
    ws.on("message", (data) => {
      frames.push(JSON.parse(String(data)));
      if (frames.length === count) resolve(frames);
    });
  });
}

describe("netloom serve", () => {
  it("binds to 127.0.0.1 on a free port and prints a URL with a long random token", async () => {
    const s = await serve();
    expect(s.url).toBe(`http://127.0.0.1:${s.port}/?token=${s.token}`);
    expect(s.port).toBeGreaterThan(0);
    expect(s.token).toMatch(/^[\w-]{32}$/);
  });

  it("serves the app's files, which hold no secrets, without the token and without a cookie", async () => {
    const s = await serve();
    const base = `http://127.0.0.1:${s.port}`;
    for (const url of [`${base}/`, `${base}/assets/app.js`, s.url]) {
      const res = await fetch(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get("set-cookie"), url).toBeNull();
      expect(res.headers.get("content-security-policy"), url).toContain("script-src 'self'");
      expect(res.headers.get("referrer-policy"), url).toBe("no-referrer");
    }
    expect((await fetch(`${base}/assets/app.js`)).headers.get("content-type")).toMatch(/javascript/);
  });

  it("refuses other host names, other methods, paths outside the app and missing files", async () => {
    const s = await serve();
    const base = `http://127.0.0.1:${s.port}`;
    const q = `?token=${s.token}`;
    const { request } = await import("node:http");
    const status = (opts: { method?: string; path: string; host?: string }) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: "127.0.0.1",
            port: s.port,
            method: opts.method ?? "GET",
            path: opts.path,
            headers: { host: opts.host ?? `127.0.0.1:${s.port}` },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        req.end();
      });
    expect(await status({ path: `/${q}`, host: `attacker.example:${s.port}` })).toBe(403);
    expect(await status({ path: `/${q}`, host: `localhost:${s.port}` })).toBe(200);
    expect(await status({ path: `/${q}`, method: "POST" })).toBe(405);
    expect(await status({ path: `/..%2f${secretName}${q}` })).toBe(403);
    expect(await status({ path: `/%2e%2e/${secretName}${q}` })).toBe(404);
    expect(await status({ path: `/../secret.txt${q}` })).toBe(404);
    expect((await fetch(`${base}/nope.js${q}`)).status).toBe(404);
  });

  it("accepts the WebSocket only with the token in its URL and from its own origin", async () => {
    const s = await serve();
    const api = `ws://127.0.0.1:${s.port}/api`;
    const origin = `http://127.0.0.1:${s.port}`;
    await expect(connect(api, origin)).rejects.toThrow("HTTP 401");
    await expect(connect(`${api}?token=x${s.token}`, origin)).rejects.toThrow("HTTP 401");
    await expect(connect(`${api}?token=${s.token}`, "http://evil.example")).rejects.toThrow("HTTP 403");
    await expect(connect(`${api}?token=${s.token}`, `http://127.0.0.1:${s.port + 1}`)).rejects.toThrow("HTTP 403");
    await expect(connect(`ws://127.0.0.1:${s.port}/other?token=${s.token}`, origin)).rejects.toThrow("HTTP 404");
    const ws = await connect(`${api}?token=${s.token}`, `http://localhost:${s.port}`);
    ws.close();
  });

  it("refuses a client that has only the token's cookie, or the token but no Origin", async () => {
    const s = await serve();
    const api = `ws://127.0.0.1:${s.port}/api`;
    // What any local server the user visited could replay (cookies ignore ports), even with our Origin.
    const origin = `http://127.0.0.1:${s.port}`;
    for (const cookie of [`netloom_token_${s.port}=${s.token}`, `token=${s.token}`]) {
      const ws = new WebSocket(api, { headers: { cookie, origin } });
      const status = await new Promise<number>((resolve) => {
        ws.once("open", () => resolve(101));
        ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        ws.once("error", () => resolve(0));
      });
      expect(status, cookie).toBe(401);
    }
    await expect(connect(`${api}?token=${s.token}`)).rejects.toThrow("HTTP 403");
  });

  it("answers requests by id, bad ones with error replies, and sends events to the caller only", async () => {
    const s = await serve();
    const url = `ws://127.0.0.1:${s.port}/api?token=${s.token}`;
    const origin = `http://127.0.0.1:${s.port}`;
    const [a, b] = await Promise.all([connect(url, origin), connect(url, origin)]);
    const fromA = nextFrames(a, 5);
    const bFrames: unknown[] = [];
    b.on("message", (d) => bFrames.push(JSON.parse(String(d))));
    a.send(JSON.stringify({ id: 7, channel: "app.info", payload: {} }));
    a.send(JSON.stringify({ id: 8, channel: "presets.load", payload: { name: "cifar" } }));
    a.send("{oops");
    a.send(JSON.stringify({ id: 9, channel: "recent.clear", payload: {} }));
    const frames = await fromA;
    expect(frames).toContainEqual({
      type: "reply",
      id: 7,
      reply: { ok: true, value: expect.objectContaining({ host: "browser" }) },
    });
    expect(frames).toContainEqual({
      type: "reply",
      id: 8,
      reply: { ok: false, error: expect.objectContaining({ code: "BAD_REQUEST" }) },
    });
    expect(frames).toContainEqual({
      type: "reply",
      id: null,
      reply: { ok: false, error: expect.objectContaining({ code: "BAD_REQUEST" }) },
    });
    expect(frames).toContainEqual({ type: "event", event: "menu.command", payload: { command: "file.new" } });
    expect(frames).toContainEqual({ type: "reply", id: 9, reply: { ok: true, value: [] } });
    expect(bFrames).toEqual([]);
    a.close();
    b.close();
  });

  it("answers a handshake whose path is not a URL with 400 and keeps serving", async () => {
    const s = await serve();
    const { connect: tcp } = await import("node:net");
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = tcp(s.port, "127.0.0.1", () => {
        socket.write(
          `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
        );
      });
      let got = "";
      socket.on("data", (d) => {
        got += String(d);
      });
      socket.on("close", () => resolve(got));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect((await fetch(`http://127.0.0.1:${s.port}/`)).status).toBe(200);
  });

  it("answers a graph nested too deep to send with what is wrong, and keeps answering", async () => {
    const s = await serve();
    const file = path.join(tempDir(), "deep.netloom.json");
    const deep = `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`;
    writeFileSync(
      file,
      `{"format":"netloom.graph","version":1,"nodes":[{"id":"n","kind":"Linear","position":{"x":0,"y":0},"params":${deep}}],"edges":[]}`,
    );
    const ws = await connect(`ws://127.0.0.1:${s.port}/api?token=${s.token}`, `http://127.0.0.1:${s.port}`);
    const frames = nextFrames(ws, 2);
    ws.send(JSON.stringify({ id: 1, channel: "file.open", payload: { path: file } }));
    ws.send(JSON.stringify({ id: 2, channel: "presets.list", payload: {} }));
    const [first, second] = ((await frames) as { id: number; reply: { ok: boolean } }[]).sort((a, b) => a.id - b.id);
    expect(first).toMatchObject({
      id: 1,
      reply: {
        ok: true,
        value: { ok: false, reason: "schema", errors: ["nodes[0].params: nests deeper than 10 levels"] },
      },
    });
    expect(second).toMatchObject({ id: 2, reply: { ok: true } });
    ws.close();
  });

  it("trades a launch code for the token once, only for its own page, so --open never puts the token on a command line", async () => {
    const s = await serve();
    const launch = new URL(s.launchUrl());
    expect(launch.origin).toBe(`http://127.0.0.1:${s.port}`);
    expect(launch.href).not.toContain(s.token);
    const code = launch.searchParams.get("launch") ?? "";
    const origin = `http://127.0.0.1:${s.port}`;
    const post = (body: unknown, headers: Record<string, string> = { origin, "content-type": "application/json" }) =>
      fetch(`${origin}/api/launch`, { method: "POST", headers, body: JSON.stringify(body) });
    expect((await post({ code }, { origin: "http://evil.example", "content-type": "application/json" })).status).toBe(
      403,
    );
    expect((await post({ code }, { origin, "content-type": "text/plain" })).status).toBe(415);
    expect((await fetch(`${origin}/api/launch`)).status).toBe(405);
    const traded = await post({ code });
    expect(traded.status).toBe(200);
    expect(await traded.json()).toEqual({ token: s.token });
    const again = await post({ code });
    expect(again.status).toBe(403);
    expect(await again.json()).toEqual({ error: expect.stringContaining("used already or has expired") });
    expect((await post({ code: "guess" })).status).toBe(403);
    expect((await post(["not", "an", "object"])).status).toBe(403);
  });

  it("refuses to start without a built app", async () => {
    await expect(
      startServer({
        port: 0,
        staticDir: tempDir(),
        services: { version: "t", dataDir: tempDir(), startup: { preset: null, file: null } },
      }),
    ).rejects.toThrow(/vite build/);
  });
});
