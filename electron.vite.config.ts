import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "electron-vite";

/**
 * The desktop build: the Electron main process (with the training engine's process entry next to
 * it, for `utilityProcess.fork`), the sandboxed preload, and the same renderer `netloom serve` uses.
 */
export default defineConfig({
  main: {
    build: {
      outDir: "out/main",
      rolldownOptions: {
        input: { index: resolve("main/app/main.ts"), engine: resolve("main/engine/worker.ts") },
      },
    },
  },
  preload: {
    build: {
      outDir: "out/preload",
      // A sandboxed preload may require nothing but electron: bundle everything else into it.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve("main/app/preload.ts") },
        output: { format: "cjs", entryFileNames: "[name].cjs" },
      },
    },
  },
  renderer: {
    root: "renderer",
    plugins: [react()],
    build: {
      outDir: "out/renderer",
      chunkSizeWarningLimit: 4000,
      rolldownOptions: { input: resolve("renderer/index.html") },
    },
  },
});
