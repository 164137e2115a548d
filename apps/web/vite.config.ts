import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** In dev, the API runs beside Vite (npm run dev -w @relais/api) and /api is proxied to it. */
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { "/api": { target: "http://127.0.0.1:3000", changeOrigin: false } },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
  },
});
