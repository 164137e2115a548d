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
 *
 * The requests are sent from a process of their own (`paced-client.ts`), started for the run:
 * in the benchmark's process, whose heap has grown over every run before, the sender's own
 * garbage collection and timers delayed sends and answers by up to 40 ms, and that delay was
 * measured as the server's (p99 30 ms where a fresh sender measures 7 at the same rate).
 * `senderLagP99Ms` says how late the sender itself was: when it nears the latencies, the
 * machine, not the server, is what was measured.
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export type PacedOptions = { connections: number; rate: number; seconds: number };

export type PacedMeasure = {
  requestsPerSecond: number;
  sent: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  failed: number;
  senderLagP99Ms: number;
};

export function pacedLatency(url: string, headers: Record<string, string>, options: PacedOptions): Promise<PacedMeasure> {
  const client = join(dirname(fileURLToPath(import.meta.url)), "paced-client.ts");
  const child = spawn(process.execPath, ["--import", "tsx", client, JSON.stringify({ url, headers, ...options })], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(output) as PacedMeasure) : reject(new Error(`paced client exited with ${code}`))));
  });
}
