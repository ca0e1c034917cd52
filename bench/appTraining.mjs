#!/usr/bin/env node
// Runs bench/appTraining.ts (app vs headless training speed) through tsx, like bin/netloom.mjs does.
import { register } from "tsx/esm/api";

register();
await import("./appTraining.ts");
