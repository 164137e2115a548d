/**
 * Import boundaries (STYLE.md): packages/shared imports nothing of apps and does no I/O;
 * web features do not import each other; the API never imports the web app.
 * Exits non-zero listing every import that crosses a boundary.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const IMPORT = /(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx)$/.test(name)) yield path;
  }
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2]) as string);
}

const violations: string[] = [];
const check = (file: string, specifier: string, rule: string) => violations.push(`${relative(root, file)} → ${specifier} : ${rule}`);

for (const file of sourceFiles(join(root, "packages/shared/src"))) {
  for (const spec of importsOf(file)) {
    if (spec.startsWith("@relais/") || spec.includes("apps/")) check(file, spec, "packages/shared n'importe rien des applications");
    if (/^(node:)?(fs|net|http|https|child_process|pg)$/.test(spec) || spec.startsWith("drizzle-orm"))
      check(file, spec, "packages/shared reste pur (pas d'E/S)");
  }
}

const featuresDir = join(root, "apps/web/src/features");
let features: string[] = [];
try {
  features = readdirSync(featuresDir).filter((name) => statSync(join(featuresDir, name)).isDirectory());
} catch {
  // No web features yet.
}
for (const feature of features) {
  for (const file of sourceFiles(join(featuresDir, feature))) {
    for (const spec of importsOf(file)) {
      const other = features.find((f) => f !== feature && (spec.includes(`features/${f}/`) || spec.startsWith(`../${f}/`) || spec === `../${f}`));
      if (other) check(file, spec, `la fonctionnalité « ${feature} » n'importe pas « ${other} »`);
    }
  }
}

for (const file of sourceFiles(join(root, "apps/api/src"))) {
  for (const spec of importsOf(file))
    if (spec.includes("apps/web") || spec.startsWith("@relais/web")) check(file, spec, "l'API n'importe pas l'application web");
}

if (violations.length > 0) {
  console.error(`Frontières d'import franchies (${violations.length}) :\n${violations.map((v) => `  - ${v}`).join("\n")}`);
  process.exit(1);
}
console.log("Frontières d'import : OK");
