/**
 * `npm start`'s first step: build the web app, if there is one. Without apps/web/index.html
 * there is nothing to build yet, and the API starts alone (its docs at /api/docs still work);
 * a web app that exists but fails to build stops the start, loudly.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
if (!existsSync(join(root, "apps/web/index.html"))) {
  console.log("Pas d'application web à construire (apps/web/index.html absent) : l'API démarre seule.");
  process.exit(0);
}
const result = spawnSync("npm", ["run", "build", "-w", "@relais/web"], { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
process.exit(result.status ?? 1);
