import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { sha256 } from "../auth/secrets.ts";
import { regions, schools } from "../organisation/organisation.schema.ts";
import { agentCredentials } from "./inventory-agent.schema.ts";

/**
 * Known agent credentials for the demo, one per demo region, so a newcomer can point an agent
 * at `npm start`. Like the demo accounts they work only in demo mode (checked at login).
 */
export const DEMO_AGENT_PREFIX = "agent-demo-";
export const DEMO_AGENT_PASSWORD = "Relais-Agent-Demo-2026";

export const isDemoAgentLogin = (login: string) => login.startsWith(DEMO_AGENT_PREFIX);

/** Creates the demo agent credentials if missing, and returns what to print. */
export async function ensureDemoAgents(db: Db, now: Date): Promise<{ login: string; regionName: string; uai: string | null }[]> {
  const demo = await db.select({ id: regions.id, code: regions.code, name: regions.name }).from(regions).orderBy(asc(regions.code));
  const out: { login: string; regionName: string; uai: string | null }[] = [];
  for (const region of demo) {
    const login = `${DEMO_AGENT_PREFIX}${region.code}`;
    await db
      .insert(agentCredentials)
      .values({ regionId: region.id, login, secretHash: sha256(DEMO_AGENT_PASSWORD), label: "Démonstration", createdAt: now })
      .onConflictDoNothing();
    const [school] = await db
      .select({ uai: schools.uai })
      .from(schools)
      .where(and(eq(schools.regionId, region.id), eq(schools.isPublic, true)))
      .orderBy(asc(schools.uai))
      .limit(1);
    out.push({ login, regionName: region.name, uai: school?.uai ?? null });
  }
  return out;
}

/** The lines `npm start` prints under the banner. */
export function demoAgentLines(url: string, agents: { login: string; regionName: string; uai: string | null }[]): string {
  const lines = ["", "  Agents d'inventaire (FusionInventory / GLPI Agent), identifiants de démonstration :"];
  for (const a of agents) lines.push(`    ${a.regionName} : ${a.login} / ${DEMO_AGENT_PASSWORD}${a.uai ? `  (étiquette d'un lycée : ${a.uai})` : ""}`);
  const first = agents.find((a) => a.uai);
  if (first) {
    lines.push(
      "  Par exemple :",
      `    fusioninventory-agent --server ${url}/front/inventory.php --user ${first.login} --password ${DEMO_AGENT_PASSWORD} --tag ${first.uai} --force`,
    );
  }
  return `${lines.join("\n")}\n`;
}
