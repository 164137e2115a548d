import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";

export type RouteRef = { method: string; url: string };

/**
 * Every route the app registered, read from Fastify's own route tree (printRoutes), so that a
 * route added anywhere, documented or hidden, shows up. HEAD routes Fastify adds for each GET are
 * left out: they run the GET's handler.
 */
export function listRoutes(app: FastifyInstance): RouteRef[] {
  const routes: RouteRef[] = [];
  const segments: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] as string).length / 4;
    segments.length = depth;
    // The root "/" is implicit: a top-level wildcard prints as "*".
    segments.push(depth === 0 && !match[2]?.startsWith("/") ? `/${match[2]}` : (match[2] as string));
    const url = segments.join("");
    for (const method of match[3]?.split(", ") ?? []) if (method !== "HEAD") routes.push({ method, url });
  }
  return routes;
}

export const routeKey = (route: RouteRef) => `${route.method} ${route.url}`;

/** The routes of the OpenAPI document, in Fastify's `:param` notation. */
export function openApiRoutes(doc: { paths: Record<string, Record<string, unknown>> }): RouteRef[] {
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) => ["get", "post", "put", "patch", "delete"].includes(method))
      .map((method) => ({ method: method.toUpperCase(), url: path.replace(/\{(\w+)\}/g, ":$1") })),
  );
}

/** A built web app of one page and one asset, so that the routes serving it are the same on every machine. */
export function fakeWebDist(): string {
  const dir = mkdtempSync(join(tmpdir(), "relais-web-"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>Relais</title>");
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "assets", "app.js"), "console.log('relais');");
  return dir;
}
