import path from "node:path";
import { isPresetName, type PresetName } from "../../shared/presets";

/** What the desktop app was asked to open: `netloom-app [--preset mnist] [file.netloom.json]`. */
export interface LaunchArgs {
  preset: PresetName | null;
  file: string | null;
}

/**
 * Reads the launch arguments. Electron's own argv holds the executable and, unpackaged, the app
 * folder; Chromium switches (`--no-sandbox`, ...) are left alone, only .json files are taken.
 */
export function parseLaunchArgs(argv: readonly string[], cwd: string): LaunchArgs {
  let preset: PresetName | null = null;
  let file: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = arg.startsWith("--preset=") ? arg.slice("--preset=".length) : arg === "--preset" ? argv[++i] : null;
    if (value !== null) {
      if (value && isPresetName(value)) preset = value;
    } else if (!arg.startsWith("-") && arg.toLowerCase().endsWith(".json")) {
      file = path.resolve(cwd, arg);
    }
  }
  return { preset, file };
}
