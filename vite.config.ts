import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * Builds the renderer for `netloom serve` (and the same files Electron loads): relative asset
 * URLs so the page works both from `http://127.0.0.1:PORT/` and from `file://`.
 */
export default defineConfig({
  root: "renderer",
  base: "./",
  plugins: [react()],
  build: {
    outDir: "../out/renderer",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 4000,
  },
});
