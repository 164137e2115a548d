/**
 * Latency at a given rate over a fixed number of open connections: requests are sent at
 * evenly spaced instants (an open loop) whether or not the earlier ones are answered, and each
 * one's time runs from the moment it is sent, not from when a free connection takes it, so a
 * server that falls behind is charged for the queue it causes (no "coordinated omission").
 *
 * Why not autocannon's `overallRate`: it grants each connection its share of requests per
 * second and releases them at the start of each second, so fifty connections fire together
 * and the latency measured is that burst's queue, not the server's.
 *
 * The first second is sent at the same pace but not counted: a paced run follows a saturated
 * one, whose queue the server is still draining (50–140 ms answers in its first 100 ms).
 */
import { Agent, request } from "node:http";

export type PacedMeasure = {
  requestsPerSecond: number;
  sent: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  failed: number;
};

export async function pacedLatency(
  url: string,
  headers: Record<string, string>,
  options: { connections: number; rate: number; seconds: number },
): Promise<PacedMeasure> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
  const warmUp = Math.round(options.rate);
  const total = warmUp + Math.max(1, Math.round(options.rate * options.seconds));
  const intervalMs = 1000 / options.rate;
  const times: number[] = [];
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
    inFlight.push(once(i >= warmUp));
  }
  await Promise.all(inFlight);
  agent.destroy();
  times.sort((a, b) => a - b);
  const at = (q: number) => Number((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(1));
  return {
    requestsPerSecond: options.rate,
    sent: total - warmUp,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    maxMs: Number((times.at(-1) ?? 0).toFixed(1)),
    failed,
  };
}
