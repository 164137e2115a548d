import { TextbookEnvelopePreviewInputSchema, TextbookEnvelopeSchema } from "@relais/shared/envelopes";
import { computeTextbookEnvelope, DEFAULT_TEXTBOOK_RATES } from "@relais/shared/textbook-envelope";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { withEnrolmentChecked } from "./envelope-rules.ts";

/**
 * The textbook envelope simulator: the rule applied to any enrolment, so that a school, the
 * Region or anyone logged in can check a figure. It reads and writes nothing, hence open to
 * every logged-in person.
 */
const textbookEnvelopeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/textbook-envelopes/preview",
    {
      schema: {
        tags: ["campagnes"],
        summary: "Calculer une enveloppe manuels et ressources (et consommables) pour un effectif donné",
        body: TextbookEnvelopePreviewInputSchema,
        response: { 200: TextbookEnvelopeSchema },
      },
    },
    async (request) => {
      const { schoolKind, enrolment, rates } = request.body;
      return withEnrolmentChecked(() => computeTextbookEnvelope(schoolKind, enrolment, rates ?? DEFAULT_TEXTBOOK_RATES));
    },
  );
};

export default textbookEnvelopeRoutes;
