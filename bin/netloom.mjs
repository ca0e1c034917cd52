#!/usr/bin/env node
// Runs the TypeScript CLI directly: tsx compiles main/cli.ts on the fly.
import { register } from "tsx/esm/api";

register();
await import("../main/cli.ts");
