import { Agent, request } from "node:http";
import type { AddressInfo } from "node:net";
import { buildApp } from "../../apps/api/src/app.ts";
import { loadConfig } from "../../apps/api/src/config.ts";
import type { Database } from "../../apps/api/src/db/client.ts";
import { sha256 } from "../../apps/api/src/modules/auth/secrets.ts";

const LOGIN = "banc-ingestion";
const SECRET = "secret-du-banc-ingestion";

/**
 * Reports as the agents send them: POSTed over loopback HTTP, one at a time, to the real app's
 * endpoint (`/api/v1/inventory/agent`), so that what the in-process phases leave out is counted
 * too: Fastify, the HTTP Basic check (the credentials' lookup), the school found by the report's
 * tag, the XML reply. The app runs in this process (one core for the sender and the server);
 * each report must be answered 200 before the next is sent. `bodies` are first reports of
 * machines no phase has seen; they are sent twice: first reports, then the same reports again
 * (unchanged).
 */
export async function measureEndpoint(database: Database, databaseUrl: string, regionId: string, bodies: Buffer[], target: number) {
  await database.execute("insert into agent_credentials (region_id, login, secret_hash, label, created_at) values ($1, $2, $3, 'Banc', now())", [
    regionId,
    LOGIN,
    sha256(SECRET),
  ]);
  const config = loadConfig({ NODE_ENV: "production", LOG_LEVEL: "silent", DATABASE_URL: databaseUrl, JOBS: "off", PORT: "0" });
  const app = await buildApp({ config, database, logger: false });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const authorization = `Basic ${Buffer.from(`${LOGIN}:${SECRET}`).toString("base64")}`;
  const post = (body: Buffer) =>
    new Promise<void>((resolve, reject) => {
      const headers = { "content-type": "application/x-compress-zlib", "content-length": body.length, authorization };
      const req = request({ host: "127.0.0.1", port, path: "/api/v1/inventory/agent", method: "POST", agent, headers }, (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`endpoint answered ${res.statusCode}`))));
      });
      req.on("error", reject);
      req.end(body);
    });
  try {
    const phases: Record<string, { reports: number; reportsPerSecond: number; ratioToTarget: number }> = {};
    for (const phase of ["first", "unchanged"] as const) {
      const started = performance.now();
      for (const body of bodies) await post(body);
      const reportsPerSecond = (bodies.length / (performance.now() - started)) * 1000;
      phases[phase] = {
        reports: bodies.length,
        reportsPerSecond: Number(reportsPerSecond.toFixed(1)),
        ratioToTarget: Number((reportsPerSecond / target).toFixed(2)),
      };
    }
    return phases;
  } finally {
    agent.destroy();
    await app.close();
  }
}
