import { type CampaignInput, CampaignInputSchema } from "@relais/shared/campaigns";
import { type EquipmentItemInput, EquipmentItemInputSchema, type ResourceItemInput, ResourceItemInputSchema } from "@relais/shared/catalogue";
import { ean13CheckDigit } from "@relais/shared/ean";
import type { PlainCtx } from "../../context.ts";
import { createCampaign } from "../campaigns/campaigns.service.ts";
import { saveEquipmentItem, saveResourceItem } from "../catalogue/catalogue.service.ts";
import { loadDemoCampaignActivity } from "./demo-campaign-activity.ts";

/**
 * The demo's campaigns, so that a newcomer finds each region's two programmes open: the
 * textbook campaign of the school year (the 2024 handbook's windows and rates) and an equipment
 * plan whose window is open today, each with a small invented catalogue. They go through the
 * campaigns and catalogue services, as a Region's administrator would create them, so every
 * lycée's envelope is computed and explained by the real rules. Then some activity on them
 * (orders, a delivery, mobile projects, GAR usage), so the school's screens have something to show.
 */
const DAY_MS = 86_400_000;
const isoDay = (at: Date) => at.toISOString().slice(0, 10);

/** Invented books with valid EAN-13s (prefix 978-2-9 is not a real French publisher's range). */
const ean = (serial: number) => {
  const first12 = `9782999${String(serial).padStart(5, "0")}`;
  return `${first12}${ean13CheckDigit(first12)}`;
};

const RESOURCES: Omit<ResourceItemInput, "ean">[] = [
  {
    kind: "digital_textbook",
    title: "Mathématiques 2de",
    publisher: "Éditions Démo",
    subject: "Mathématiques",
    track: "general",
    level: "2de",
    priceCents: 1_200,
    licenceYears: 1,
  },
  {
    kind: "digital_textbook",
    title: "Histoire-géographie 1re",
    publisher: "Éditions Démo",
    subject: "Histoire-géographie",
    track: "general",
    level: "1re",
    priceCents: 1_050,
    licenceYears: 1,
  },
  {
    kind: "digital_textbook",
    title: "Physique-chimie Tle spécialité",
    publisher: "Manuels Exemple",
    subject: "Physique-chimie",
    track: "general",
    level: "tle",
    priceCents: 1_350,
    licenceYears: 1,
  },
  {
    kind: "digital_textbook",
    title: "Management STMG 1re",
    publisher: "Manuels Exemple",
    subject: "Management",
    track: "technological",
    level: "1re",
    priceCents: 980,
    licenceYears: 1,
  },
  {
    kind: "digital_resource",
    title: "Atelier de prévention santé environnement",
    publisher: "Ressources Démo",
    subject: "PSE",
    track: "vocational",
    level: "2de",
    priceCents: 650,
    licenceYears: 2,
  },
  {
    kind: "paper_textbook",
    title: "Français 2de (papier)",
    publisher: "Éditions Démo",
    subject: "Français",
    track: "general",
    level: "2de",
    priceCents: 2_490,
    licenceYears: null,
  },
  {
    kind: "consumable",
    title: "Cahier d'atelier électrotechnique",
    publisher: "Ressources Démo",
    subject: "Électrotechnique",
    track: "vocational",
    level: "cap1",
    priceCents: 890,
    licenceYears: null,
  },
  {
    kind: "free_copublished",
    title: "Sciences numériques et technologie 2de (coédité)",
    publisher: "Région et académies",
    subject: "SNT",
    track: "general",
    level: "2de",
    priceCents: 0,
    licenceYears: null,
  },
];

const EQUIPMENT: EquipmentItemInput[] = [
  {
    reference: "DEMO-PC-FIXE",
    label: "Poste fixe bureautique, écran 24 pouces",
    category: "desktop",
    unitPriceCents: 72_000,
    warrantyYears: 5,
    supplier: "SCC",
    isMobile: false,
  },
  {
    reference: "DEMO-PORTABLE",
    label: "Ordinateur portable 14 pouces (classe mobile)",
    category: "laptop",
    unitPriceCents: 64_000,
    warrantyYears: 4,
    supplier: "SCC",
    isMobile: true,
  },
  {
    reference: "DEMO-IMPRIMANTE",
    label: "Imprimante laser A4 réseau",
    category: "printer",
    unitPriceCents: 38_000,
    warrantyYears: 3,
    supplier: "SPIE",
    isMobile: false,
  },
  {
    reference: "DEMO-VIDEOPROJ",
    label: "Vidéoprojecteur courte focale",
    category: "projector",
    unitPriceCents: 89_000,
    warrantyYears: 3,
    supplier: "SPIE",
    isMobile: false,
  },
  {
    reference: "DEMO-ENI-75",
    label: "Écran numérique interactif 75 pouces avec OPS",
    category: "interactive_display",
    unitPriceCents: 420_000,
    warrantyYears: 5,
    supplier: "Signal",
    isMobile: false,
  },
];

/** The demo equipment plan: a fixed part, an amount per student, more for vocational workshops. */
const EQUIPMENT_FORMULA = {
  basePerSchoolCents: 1_500_000,
  perStudentCents: 1_800,
  weights: [
    { track: "vocational", level: "2de", centsPerStudent: 2_500 },
    { track: "vocational", level: "1re", centsPerStudent: 2_500 },
    { track: "vocational", level: "tle", centsPerStudent: 2_500 },
  ],
} as const;

export async function loadDemoCampaigns(ctx: PlainCtx, regions: { id: string }[], schoolYear: string): Promise<number> {
  const now = ctx.clock.now();
  let campaigns = 0;
  const created: { regionId: string; textbooks: string; equipment: string }[] = [];
  for (const region of regions) {
    for (const [i, resource] of RESOURCES.entries()) {
      await saveResourceItem(ctx, region.id, ResourceItemInputSchema.parse({ ...resource, ean: ean(i + 1) }));
    }
    for (const item of EQUIPMENT) await saveEquipmentItem(ctx, region.id, EquipmentItemInputSchema.parse(item));
    const textbooks: CampaignInput = CampaignInputSchema.parse({
      regionId: region.id,
      programme: "textbooks",
      period: schoolYear,
      // The demo holds one year of enrolment, the current one; a real campaign reads May's.
      enrolmentSchoolYear: schoolYear,
    });
    const equipment: CampaignInput = CampaignInputSchema.parse({
      regionId: region.id,
      programme: "equipment",
      period: String(now.getUTCFullYear() + 1),
      enrolmentSchoolYear: schoolYear,
      calendar: {
        windows: [
          {
            label: "Saisie du plan d'équipement",
            opensOn: isoDay(new Date(now.getTime() - 14 * DAY_MS)),
            closesOn: isoDay(new Date(now.getTime() + 75 * DAY_MS)),
          },
        ],
        returnDeadlines: [],
      },
      equipmentFormula: EQUIPMENT_FORMULA,
    });
    created.push({ regionId: region.id, textbooks: (await createCampaign(ctx, textbooks)).id, equipment: (await createCampaign(ctx, equipment)).id });
    campaigns += 2;
  }
  await loadDemoCampaignActivity(ctx, created);
  return campaigns;
}
