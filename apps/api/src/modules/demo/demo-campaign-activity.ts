import { randomUUID } from "node:crypto";
import { LICENSED_KINDS } from "@relais/shared/catalogue";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { PlainCtx } from "../../context.ts";
import { campaignEnvelopes, campaigns } from "../campaigns/campaigns.schema.ts";
import { equipmentItems, resourceItems } from "../catalogue/catalogue.schema.ts";
import { assetEvents, assets } from "../inventory/inventory.schema.ts";
import { deliveredAssets, garUsage, mobileProjects, orderLines, orders, teacherLicenceRequests } from "../orders/orders.schema.ts";
import { regions, schools } from "../organisation/organisation.schema.ts";
import { people, roleAssignments } from "../people/people.schema.ts";
import { DEMO_EMAIL_DOMAIN } from "./demo-accounts.ts";

/**
 * What the school's screens of a campaign need to show something on first start (issue 5):
 * in each region, the showcase lycée's equipment order delivered into its inventory and its
 * textbook order with licences the GAR shows partly assigned; other lycées' mobile projects
 * waiting for the académie or the Region, an equipment order to deliver, one to review, and a
 * teacher-licence request to answer.
 *
 * Written as rows, like the demo tickets: the order services send e-mails and check ordering
 * windows against today, and the demo's past (a textbook order of September) is not today.
 * Every row keeps the invariants the services keep: a line's amount is its unit price times
 * its quantity, an order's totals are its lines', a validated order's totals are committed on
 * its envelope, a delivered unit is an asset in stock linked to its line.
 */
type CampaignIds = { regionId: string; textbooks: string; equipment: string };

const DAY_MS = 86_400_000;
const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);
const isoDay = (at: Date) => at.toISOString().slice(0, 10);

type Item = { id: string; label: string; reference: string; supplier: string; kind: string; unitPriceCents: number; isLicence: boolean; isMobile: boolean };
type OrderPlan = {
  campaignId: string;
  programme: "equipment" | "textbooks";
  schoolId: string;
  status: "submitted" | "approved";
  createdById: string;
  reviewedById?: string;
  at: Date;
  lines: { item: Item; quantity: number; teacherLicences?: number; envelope?: "main" | "consumables" }[];
  delivered?: { byId: string; at: Date; warrantyYears: Map<string, number> };
};

const ASSET_TYPE: Record<string, "desktop" | "laptop" | "printer" | "video_projector" | "interactive_display" | "other"> = {
  desktop: "desktop",
  laptop: "laptop",
  printer: "printer",
  projector: "video_projector",
  interactive_display: "interactive_display",
};

function addYears(isoDate: string, years: number) {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return isoDay(date);
}

async function personByEmail(ctx: PlainCtx, local: string) {
  const [row] = await ctx.db
    .select({ id: people.id })
    .from(people)
    .where(eq(people.email, `${local}@${DEMO_EMAIL_DOMAIN}`));
  return row?.id ?? null;
}

async function schoolOfPerson(ctx: PlainCtx, personId: string, role: string) {
  const [row] = await ctx.db
    .select({ schoolId: roleAssignments.schoolId })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.personId, personId), eq(roleAssignments.role, role)));
  return row?.schoolId ?? null;
}

async function headOf(ctx: PlainCtx, schoolId: string) {
  const [row] = await ctx.db
    .select({ personId: roleAssignments.personId })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.schoolId, schoolId), eq(roleAssignments.role, "head")));
  return row?.personId ?? null;
}

/** Writes one order, its lines, its envelope commitment and, delivered, its assets. */
async function writeOrder(ctx: PlainCtx, plan: OrderPlan) {
  const [envelope] = await ctx.db
    .select()
    .from(campaignEnvelopes)
    .where(and(eq(campaignEnvelopes.campaignId, plan.campaignId), eq(campaignEnvelopes.schoolId, plan.schoolId)));
  if (!envelope) return null;
  // Consumables are for vocational tracks: a lycée without them has no consumables envelope, so no such line.
  const hasConsumables = envelope.computedConsumablesCents + envelope.topUpConsumablesCents > 0;
  const lines = plan.lines
    .filter((l) => (l.envelope ?? "main") === "main" || hasConsumables)
    .map((l) => ({
      id: randomUUID(),
      itemId: l.item.id,
      label: l.item.label,
      reference: l.item.reference,
      supplier: l.item.supplier,
      kind: l.item.kind,
      envelope: l.envelope ?? "main",
      unitPriceCents: l.item.unitPriceCents,
      quantity: l.quantity,
      teacherLicences: l.teacherLicences ?? 0,
      isLicence: l.item.isLicence,
      isMobile: l.item.isMobile,
      amountCents: l.item.unitPriceCents * l.quantity,
    }));
  const mainCents = lines.filter((l) => l.envelope === "main").reduce((s, l) => s + l.amountCents, 0);
  const consumablesCents = lines.filter((l) => l.envelope === "consumables").reduce((s, l) => s + l.amountCents, 0);
  const remaining = envelope.computedCents + envelope.topUpCents - envelope.committedCents;
  const remainingConsumables = envelope.computedConsumablesCents + envelope.topUpConsumablesCents - envelope.committedConsumablesCents;
  // A small lycée's envelope may not hold the plan: it then simply has no demo order.
  if (mainCents > remaining || consumablesCents > remainingConsumables) return null;
  const [order] = await ctx.db
    .insert(orders)
    .values({
      campaignId: plan.campaignId,
      envelopeId: envelope.id,
      regionId: envelope.regionId,
      schoolId: plan.schoolId,
      programme: plan.programme,
      status: plan.status,
      totalCents: mainCents,
      consumablesCents,
      createdById: plan.createdById,
      createdAt: new Date(plan.at.getTime() - 3_600_000),
      submittedById: plan.createdById,
      submittedAt: plan.at,
      ...(plan.status === "approved" ? { reviewedById: plan.reviewedById ?? null, reviewedAt: new Date(plan.at.getTime() + 2 * DAY_MS) } : {}),
      ...(plan.delivered ? { deliveredById: plan.delivered.byId, deliveredAt: plan.delivered.at } : {}),
    })
    .returning({ id: orders.id });
  const orderId = order!.id;
  await ctx.db.insert(orderLines).values(lines.map((l) => ({ ...l, orderId })));
  await ctx.db
    .update(campaignEnvelopes)
    .set({
      committedCents: sql`${campaignEnvelopes.committedCents} + ${mainCents}`,
      committedConsumablesCents: sql`${campaignEnvelopes.committedConsumablesCents} + ${consumablesCents}`,
    })
    .where(eq(campaignEnvelopes.id, envelope.id));
  if (plan.delivered) {
    const reference = `CMD-${orderId.slice(0, 8).toUpperCase()}`;
    const acquiredOn = isoDay(plan.delivered.at);
    let n = 0;
    for (const line of lines) {
      for (let unit = 0; unit < line.quantity; unit++) {
        const [asset] = await ctx.db
          .insert(assets)
          .values({
            regionId: envelope.regionId,
            schoolId: plan.schoolId,
            type: ASSET_TYPE[line.kind] ?? "other",
            model: line.label,
            supplier: line.supplier,
            inventoryNumber: `${reference}-${String(++n).padStart(3, "0")}`,
            status: "in_stock",
            funding: "region_contract",
            isQualifiedByRegion: true,
            acquiredOn,
            warrantyEndsOn: addYears(acquiredOn, plan.delivered.warrantyYears.get(line.itemId) ?? 3),
            source: "manual",
            createdAt: plan.delivered.at,
            updatedAt: plan.delivered.at,
          })
          .returning({ id: assets.id });
        await ctx.db
          .insert(assetEvents)
          .values({ assetId: asset!.id, at: plan.delivered.at, kind: "created", actorLabel: "Livraison de commande", details: { source: "order", reference } });
        await ctx.db.insert(deliveredAssets).values({ orderLineId: line.id, assetId: asset!.id });
      }
    }
  }
  return orderId;
}

const PROJECTS = [
  {
    reference: "Classe mobile de sciences numériques (SNT)",
    description:
      "Deux classes de seconde travaillent en SNT sur ordinateurs portables : programmation, données et réseaux, au CDI et en salle de sciences couverts par le Wi-Fi.",
    devices: 30,
  },
  {
    reference: "Ordinateurs portables pour l'atelier de bac pro",
    description:
      "Les élèves de bac professionnel documentent leurs interventions en atelier sur des portables partagés, rangés dans une armoire de recharge à l'atelier.",
    devices: 16,
  },
  {
    reference: "Tablettes pour les langues vivantes",
    description: "Enregistrements oraux et écoute en autonomie en anglais et espagnol, en classe et au laboratoire de langues équipé d'une borne Wi-Fi.",
    devices: 24,
  },
] as const;

/** The demo's campaign activity for one region (its showcase lycée and a few others). */
async function loadRegionActivity(ctx: PlainCtx, code: "idf" | "paca", ids: CampaignIds, now: Date) {
  const adminId = await personByEmail(ctx, `${code}.admin`);
  const showcaseHeadId = await personByEmail(ctx, `${code}.chef-etablissement`);
  if (!adminId || !showcaseHeadId) return;
  const showcaseId = await schoolOfPerson(ctx, showcaseHeadId, "head");
  if (!showcaseId) return;
  // The showcase's CRRE validator builds its textbook order; PACA's showcase has none named, so the Region's administrator stands in.
  const validatorId = (await personByEmail(ctx, `${code}.valideur`)) ?? adminId;
  const advisorId = await personByEmail(ctx, `${code}.conseiller-academique`);

  const equipment = new Map(
    (await ctx.db.select().from(equipmentItems).where(eq(equipmentItems.regionId, ids.regionId))).map((i) => [
      i.reference,
      {
        item: {
          id: i.id,
          label: i.label,
          reference: i.reference,
          supplier: i.supplier,
          kind: i.category,
          unitPriceCents: i.unitPriceCents,
          isLicence: false,
          isMobile: i.isMobile,
        } satisfies Item,
        warrantyYears: i.warrantyYears,
      },
    ]),
  );
  const resources = (await ctx.db.select().from(resourceItems).where(eq(resourceItems.regionId, ids.regionId))).map(
    (r) =>
      ({
        id: r.id,
        label: r.title,
        reference: r.ean,
        supplier: r.publisher,
        kind: r.kind,
        unitPriceCents: r.priceCents,
        isLicence: LICENSED_KINDS.includes(r.kind),
        isMobile: false,
      }) satisfies Item,
  );
  const eq_ = (reference: string) => equipment.get(reference)?.item;
  const warrantyYears = new Map([...equipment.values()].map((e) => [e.item.id, e.warrantyYears]));
  const byTitle = (title: string) => resources.find((r) => r.label === title);

  // Other lycées of the region with an envelope, in a fixed order (by UAI), the showcase apart.
  const others = await ctx.db
    .select({ id: schools.id, uai: schools.uai })
    .from(schools)
    .innerJoin(campaignEnvelopes, and(eq(campaignEnvelopes.schoolId, schools.id), eq(campaignEnvelopes.campaignId, ids.equipment)))
    .where(and(eq(schools.regionId, ids.regionId), ne(schools.id, showcaseId)))
    .orderBy(asc(schools.uai))
    .limit(8);

  // The equipment plan: the showcase's order delivered two days ago, into its inventory.
  const desktop = eq_("DEMO-PC-FIXE");
  const printer = eq_("DEMO-IMPRIMANTE");
  const projector = eq_("DEMO-VIDEOPROJ");
  if (desktop && printer) {
    await writeOrder(ctx, {
      campaignId: ids.equipment,
      programme: "equipment",
      schoolId: showcaseId,
      status: "approved",
      createdById: showcaseHeadId,
      reviewedById: adminId,
      at: daysAgo(now, 10),
      lines: [
        { item: desktop, quantity: 4 },
        { item: printer, quantity: 1 },
      ],
      delivered: { byId: adminId, at: daysAgo(now, 2), warrantyYears },
    });
  }
  // Another lycée's order approved and waiting for its delivery; a third's waiting for the Region's review.
  const [toDeliver, toReview, ...withProjects] = others;
  if (toDeliver && projector) {
    const head = (await headOf(ctx, toDeliver.id)) ?? adminId;
    await writeOrder(ctx, {
      campaignId: ids.equipment,
      programme: "equipment",
      schoolId: toDeliver.id,
      status: "approved",
      createdById: head,
      reviewedById: adminId,
      at: daysAgo(now, 6),
      lines: [{ item: projector, quantity: 2 }],
    });
  }
  if (toReview && desktop) {
    const head = (await headOf(ctx, toReview.id)) ?? adminId;
    await writeOrder(ctx, {
      campaignId: ids.equipment,
      programme: "equipment",
      schoolId: toReview.id,
      status: "submitted",
      createdById: head,
      at: daysAgo(now, 1),
      lines: [{ item: desktop, quantity: 6 }],
    });
  }
  // Mobile projects: one waiting for the académie, one for the Region, one approved.
  const stages = ["submitted", "academie_approved", "approved"] as const;
  for (const [i, school] of withProjects.slice(0, stages.length).entries()) {
    const stage = stages[i]!;
    const project = PROJECTS[i]!;
    const [row] = await ctx.db.select({ wifiStatus: schools.wifiStatus }).from(schools).where(eq(schools.id, school.id));
    const filedAt = daysAgo(now, 12 - 3 * i);
    await ctx.db.insert(mobileProjects).values({
      campaignId: ids.equipment,
      regionId: ids.regionId,
      schoolId: school.id,
      ...project,
      wifiStatus: row?.wifiStatus ?? "none",
      status: stage,
      filedById: await headOf(ctx, school.id),
      filedAt,
      ...(stage !== "submitted"
        ? {
            academieDecidedById: advisorId,
            academieDecidedAt: new Date(filedAt.getTime() + 2 * DAY_MS),
            academieNote: "Projet cohérent avec le volet numérique du projet d'établissement.",
          }
        : {}),
      ...(stage === "approved" ? { validatedById: adminId, validatedAt: new Date(filedAt.getTime() + 4 * DAY_MS) } : {}),
    });
  }

  // Textbooks: orders of early September (before the first return deadline), approved, with licences the GAR shows partly assigned.
  const [campaignRow] = await ctx.db.select({ period: campaigns.period }).from(campaigns).where(eq(campaigns.id, ids.textbooks));
  const start = Number(String(campaignRow?.period ?? "").slice(0, 4));
  const september = new Date(Math.min(Date.UTC(start, 8, 10, 8), now.getTime() - 2 * DAY_MS));
  const maths = byTitle("Mathématiques 2de");
  const history = byTitle("Histoire-géographie 1re");
  const physics = byTitle("Physique-chimie Tle spécialité");
  const french = byTitle("Français 2de (papier)");
  const workbook = byTitle("Cahier d'atelier électrotechnique");
  if (!maths || !history || !physics || !french) return;
  const textbookSchools = [
    { id: showcaseId, by: validatorId, scale: 1 },
    ...others.slice(0, 5).map((s, i) => ({ id: s.id, by: adminId, scale: [0.6, 0.8, 0.5, 0.9, 0.7][i]! })),
  ];
  const usage: (typeof garUsage.$inferInsert)[] = [];
  for (const [i, school] of textbookSchools.entries()) {
    // A paper lycée's envelope (5 € per student) holds fewer licences: the order shrinks until it fits.
    let counts = { maths: 0, history: 0, physics: 0 };
    let orderId: string | null = null;
    for (const fit of [1, 0.5, 0.25, 0.1]) {
      const scale = school.scale * fit;
      counts = { maths: Math.max(1, Math.round(120 * scale)), history: Math.max(1, Math.round(100 * scale)), physics: Math.max(1, Math.round(60 * scale)) };
      orderId = await writeOrder(ctx, {
        campaignId: ids.textbooks,
        programme: "textbooks",
        schoolId: school.id,
        status: "approved",
        createdById: school.by,
        reviewedById: adminId,
        at: new Date(september.getTime() + i * 3_600_000),
        lines: [
          { item: maths, quantity: counts.maths, teacherLicences: Math.min(4, counts.maths) },
          { item: history, quantity: counts.history, teacherLicences: Math.min(3, counts.history) },
          { item: physics, quantity: counts.physics, teacherLicences: Math.min(2, counts.physics) },
          { item: french, quantity: Math.max(1, Math.round(30 * scale)) },
          ...(workbook && i === 0 ? [{ item: workbook, quantity: 12, envelope: "consumables" as const }] : []),
        ],
      });
      if (orderId) break;
    }
    if (!orderId) continue;
    // What the GAR export shows assigned: most of the mathematics, fewer of the others, and the region-wide language resource.
    const share = [0.9, 0.55, 0.75, 0.35, 1, 0.6][i] ?? 0.7;
    const row = (resourceId: string, studentAssignments: number, teacherAssignments: number) => ({
      campaignId: ids.textbooks,
      regionId: ids.regionId,
      schoolId: school.id,
      resourceId,
      ean: /97[89]\d{10}/.exec(resourceId)?.[0] ?? null,
      studentAssignments,
      teacherAssignments,
      importedAt: daysAgo(now, 3),
    });
    usage.push(
      row(`ark:/49591/${maths.reference}`, Math.round(counts.maths * share), 4),
      row(`ark:/49591/${history.reference}`, Math.round(counts.history * share * 0.7), 2),
      row(`ark:/49591/${physics.reference}`, Math.round(counts.physics * (1 - share / 2)), 1),
      row("qioz-langues-region", Math.round(300 * school.scale), 6),
    );
  }
  if (usage.length) await ctx.db.insert(garUsage).values(usage);

  // The showcase's validator already asked the Region for more teacher licences (seed 001), still unanswered.
  if (validatorId !== adminId) {
    await ctx.db.insert(teacherLicenceRequests).values({
      campaignId: ids.textbooks,
      regionId: ids.regionId,
      schoolId: showcaseId,
      publisher: physics.supplier,
      lines: [{ ean: physics.reference, title: physics.label, teacherLicences: 2, studentLicencesBought: 60 }],
      requestedById: validatorId,
      requestedAt: daysAgo(now, 4),
    });
  }
}

export async function loadDemoCampaignActivity(ctx: PlainCtx, created: CampaignIds[]) {
  const now = ctx.clock.now();
  for (const c of created) {
    const [region] = await ctx.db.select({ code: regions.code }).from(regions).where(eq(regions.id, c.regionId));
    if (region?.code === "idf" || region?.code === "paca") await loadRegionActivity(ctx, region.code, c, now);
  }
}
