import type { Command } from "commander";

/** Adds every subcommand; each lives in its own module under main/commands/. */
export function registerCommands(_program: Command): void {}
