/**
 * The paced sender (paced.ts), run in a process of its own: `tsx paced-client.ts '{"url", "headers",
 * "connections", "rate", "seconds"}'` prints a PacedMeasure as JSON.
 */
import { Agent, request } from "node:http";
import type { PacedMeasure, PacedOptions } from "./paced.ts";

const { url, headers, ...options } = JSON.parse(process.argv[2] ?? "{}") as PacedOptions & { url: string; headers: Record<string, string> };
const agent = new Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
const warmUp = Math.round(options.rate);
const total = warmUp + Math.max(1, Math.round(options.rate * options.seconds));
const intervalMs = 1000 / options.rate;
const times: number[] = [];
const lags: number[] = [];
let failed = 0;

const once = (counted: boolean) =>
  new Promise<void>((resolve) => {
    const sentAt = performance.now();
    const req = request(url, { agent, headers }, (res) => {
      res.resume();
      res.on("end", () => {
        if (res.statusCode && res.statusCode >= 200 && res.statusCode < 300) {
          if (counted) times.push(performance.now() - sentAt);
        } else failed++;
        resolve();
      });
    });
    req.on("error", () => {
      failed++;
      resolve();
    });
    req.end();
  });

const start = performance.now() + 20;
const inFlight: Promise<void>[] = [];
for (let i = 0; i < total; i++) {
  const due = start + i * intervalMs;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  if (i >= warmUp) lags.push(performance.now() - due);
  inFlight.push(once(i >= warmUp));
}
await Promise.all(inFlight);
agent.destroy();

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1));
};
const measure: PacedMeasure = {
  requestsPerSecond: options.rate,
  sent: total - warmUp,
  p50Ms: quantile(times, 0.5),
  p95Ms: quantile(times, 0.95),
  p99Ms: quantile(times, 0.99),
  maxMs: quantile(times, 1),
  failed,
  senderLagP99Ms: quantile(lags, 0.99),
};
process.stdout.write(JSON.stringify(measure));
