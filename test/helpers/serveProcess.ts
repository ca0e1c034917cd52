/**
 * `netloom serve`'s server in a process of its own, for tests that must see it survive:
 * `node --import tsx serveProcess.ts ROOT DATA_DIR STATIC_DIR` prints `{"port":..,"token":..}`
 * once it listens. Its engine process is forked on the first training request, as in the CLI.
 */
import { startServer } from "../../main/server/server";

const [root, dataDir, staticDir] = process.argv.slice(2) as [string, string, string];
const server = await startServer({
  port: 0,
  staticDir,
  services: { version: "test", dataDir, workspaceRoot: root, startup: { preset: null, file: null } },
});
console.log(JSON.stringify({ port: server.port, token: server.token }));
process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
