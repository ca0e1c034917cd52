#!/usr/bin/env node
// Runs bench/editor.ts (the 300-node editor benchmark) through tsx, like bin/netloom.mjs does.
import { register } from "tsx/esm/api";

register();
await import("./editor.ts");
