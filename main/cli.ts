import { Command } from "commander";
import { registerCommands } from "./commands";

// A reader that went away (`netloom train --json | head -1`) ends the command quietly, as a
// closed pipe ends any Unix tool; the engine process follows when its channel closes.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
}

/** `netloom`: validate, train, export and serve graphs from a terminal. */
const program = new Command()
  .name("netloom")
  .description("Build neural networks as node graphs and train them.")
  .version("0.1.0")
  .showHelpAfterError();

registerCommands(program);

await program.parseAsync(process.argv);
