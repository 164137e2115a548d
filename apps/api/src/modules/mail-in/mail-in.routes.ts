import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { listInboundMessages } from "./mail-in.service.ts";
import { getMailboxSettings, pollDeskMailboxNow, setMailboxSettings } from "./mailbox.service.ts";
import { MailboxSettingsInputSchema } from "./mailbox-settings.ts";

const OUTCOMES = ["ticket_opened", "comment_added", "sender_refused", "ignored", "rejected"] as const;

const InboundMessageSchema = z.object({
  id: z.string(),
  regionId: z.string(),
  messageId: z.string(),
  fromAddress: z.string(),
  subject: z.string(),
  outcome: z.enum(OUTCOMES),
  detail: z.string().nullable(),
  ticketId: z.string().nullable(),
  ticketNumber: z.string().nullable(),
  receivedAt: z.date().nullable(),
  processedAt: z.date(),
});

const MailboxAnswer = z.object({
  mailbox: z
    .object({
      enabled: z.boolean(),
      host: z.string(),
      port: z.number(),
      tls: z.boolean(),
      user: z.string(),
      folder: z.string(),
      address: z.string().nullable().describe("Adresse du support, en Reply-To des courriels des tickets"),
      hasPassword: z.boolean(),
    })
    .nullable(),
  lastPolledAt: z.date().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.date().nullable(),
});

const PollAnswer = z.object({
  fetched: z.number().describe("Messages lus"),
  outcomes: z.partialRecord(z.enum(OUTCOMES), z.number()).describe("Suite donnée aux messages lus, par nature"),
  duplicates: z.number().describe("Messages déjà traités (seulement marqués lus)"),
  failed: z.number().describe("Messages laissés non lus, repris au prochain relevé"),
  polledAt: z.date(),
});

const RegionParams = z.object({ region: z.uuid("Région invalide.") });

/** The desk mailbox: what came in (the desk's view) and the IMAP account it is read from (the region administrator's). */
const mailInRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["mail-in"];

  app.get(
    "/inbound-messages",
    {
      schema: {
        tags,
        summary: "Courriels reçus par la boîte du support, avec leur suite (ticket, réponse, ignoré, refusé)",
        querystring: z.object({
          regionId: z.uuid("Région invalide.").optional(),
          outcome: z.enum(OUTCOMES, { error: `Suite inconnue (${OUTCOMES.join(", ")}).` }).optional(),
          page: z.coerce.number().int().min(1).max(100000).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(InboundMessageSchema), total: z.number(), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (request) => {
      const { page, pageSize, regionId, outcome } = request.query;
      const result = await listInboundMessages(request.ctx(), { regionId, outcome }, { limit: pageSize, offset: (page - 1) * pageSize });
      return { ...result, page, pageSize };
    },
  );

  app.get(
    "/regions/:region/mailbox",
    {
      schema: {
        tags,
        summary: "Boîte aux lettres du support d'une région (compte IMAP, sans le mot de passe) et dernier relevé",
        params: RegionParams,
        response: { 200: MailboxAnswer },
      },
    },
    async (request) => getMailboxSettings(request.ctx(), request.params.region),
  );

  app.put(
    "/regions/:region/mailbox",
    {
      schema: {
        tags,
        summary: "Régler la boîte aux lettres du support (administrateur régional ; mot de passe en écriture seule)",
        params: RegionParams,
        body: MailboxSettingsInputSchema,
        response: { 200: MailboxAnswer },
      },
    },
    async (request) => setMailboxSettings(request.ctx(), request.params.region, request.body),
  );

  app.post(
    "/regions/:region/mailbox/poll",
    {
      schema: {
        tags,
        summary: "Relever maintenant la boîte du support (administrateur régional, centre de services), sous le même verrou que le relevé planifié",
        params: RegionParams,
        response: { 200: PollAnswer },
      },
    },
    async (request) => pollDeskMailboxNow(request.ctx(), request.params.region),
  );
};

export default mailInRoutes;
