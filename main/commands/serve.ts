import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Command, InvalidArgumentError } from "commander";
import { isPresetName, type PresetName } from "../../shared/presets";
import { defaultDataDir } from "../handlers/userData";
import { workspaceRootFor } from "../handlers/workspace";
import { startServer } from "../server/server";
import { terminal } from "./output";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Where `vite build` puts the renderer (see vite.config.ts). */
export const RENDERER_DIR = path.join(ROOT, "out", "renderer");
/** The port `netloom serve` uses without `--port`. */
export const DEFAULT_PORT = 7180;

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError("a port is a whole number from 0 to 65535 (0 picks a free one)");
  }
  return port;
}

function parsePreset(value: string): PresetName {
  if (!isPresetName(value)) throw new InvalidArgumentError(`unknown preset "${value}"; try "mnist"`);
  return value;
}

/**
 * Opens the URL in the browser `$BROWSER` names, else the default one; failing to is not an error,
 * the URL is printed anyway. The URL carries a one-time launch code, never the token: the opener's
 * command line is visible to every process on the machine.
 */
function openBrowser(url: string): void {
  const [cmd, args] = process.env.BROWSER
    ? [process.env.BROWSER, [url]]
    : process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", "", url]]
        : ["xdg-open", [url]];
  const child = spawn(cmd as string, args as string[], { detached: true, stdio: "ignore" });
  child.on("error", () => console.error(`netloom: could not open a browser; open the URL above yourself`));
  child.unref();
}

interface ServeFlags {
  port: number;
  preset?: PresetName;
  dataDir?: string;
  root?: string;
  open?: boolean;
}

/** `netloom serve [file]`: the app in a browser, on 127.0.0.1, behind a per-run token. */
export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("run the NetLoom editor in your browser (127.0.0.1 only; the printed URL carries an access token)")
    .argument("[file]", "graph file to open")
    .option("-p, --port <port>", "port to listen on; 0 picks a free one", parsePort, DEFAULT_PORT)
    .option("--preset <name>", "open a preset graph at start (mnist)", parsePreset)
    .option("--data-dir <dir>", "where recent files and the autosave are kept")
    .option(
      "--root <dir>",
      "the only folder whose files the editor may open, save or read data from (default: this folder, or the graph's)",
    )
    .option("--open", "open the page in $BROWSER, else the default browser (with a one-time code, not the token)")
    .action(async (file: string | undefined, flags: ServeFlags) => {
      const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
      let workspaceRoot: string;
      try {
        workspaceRoot = workspaceRootFor(file, flags.root);
      } catch (err) {
        terminal.err(`netloom serve: ${(err as Error).message}`);
        process.exit(1);
      }
      const server = await startServer({
        port: flags.port,
        staticDir: RENDERER_DIR,
        services: {
          version: pkg.version,
          dataDir: path.resolve(flags.dataDir ?? defaultDataDir()),
          workspaceRoot,
          startup: { preset: flags.preset ?? null, file: file ? path.resolve(file) : null },
        },
      }).catch((err: NodeJS.ErrnoException) => {
        const why = err.code === "EADDRINUSE" ? `port ${flags.port} is in use; try --port 0` : err.message;
        terminal.err(`netloom serve: ${why}`);
        process.exit(1);
      });
      console.log(`NetLoom is running at ${server.url}`);
      console.log("Open that URL in a browser; press Ctrl+C to stop.");
      terminal.out(`Files: ${workspaceRoot} and the folders in it (--root to choose another)`);
      if (flags.open) openBrowser(server.launchUrl());
      const stop = () => {
        void server.close().then(() => process.exit(0));
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
