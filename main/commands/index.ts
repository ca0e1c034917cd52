import type { Command } from "commander";
import { registerEvaluate } from "./evaluate";
import { registerExport } from "./export";
import { registerImport } from "./import";
import { registerServe } from "./serve";
import { registerStep } from "./step";
import { registerTrain } from "./train";
import { registerValidate } from "./validate";

/** Adds every subcommand; each lives in its own module under main/commands/. */
export function registerCommands(program: Command): void {
  registerEvaluate(program);
  registerExport(program);
  registerImport(program);
  registerServe(program);
  registerStep(program);
  registerTrain(program);
  registerValidate(program);
}
