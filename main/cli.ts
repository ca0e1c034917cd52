import { Command } from "commander";
import { registerCommands } from "./commands";

/** `netloom`: validate, train, export and serve graphs from a terminal. */
const program = new Command()
  .name("netloom")
  .description("Build neural networks as node graphs and train them.")
  .version("0.1.0")
  .showHelpAfterError();

registerCommands(program);

await program.parseAsync(process.argv);
