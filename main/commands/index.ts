import type { Command } from "commander";
import { registerExport } from "./export";
import { registerServe } from "./serve";

/** Adds every subcommand; each lives in its own module under main/commands/. */
export function registerCommands(program: Command): void {
  registerExport(program);
  registerServe(program);
}
