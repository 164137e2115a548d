import { listQuerySchema, pageSchema } from "@relais/shared/lists";
import { PersonInputSchema, PersonSchema, PersonUpdateSchema } from "@relais/shared/people";
import { RoleSchema } from "@relais/shared/roles";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../errors.ts";
import { CSV_MAX_ROWS, offsetOf, sendTable } from "../../lib/lists.ts";
import { PERSON_SORT_FIELDS } from "./people.repository.ts";
import * as people from "./people.service.ts";

const PeopleQuery = listQuerySchema(PERSON_SORT_FIELDS).extend({
  schoolId: z.uuid("Établissement invalide.").optional(),
  organisationId: z.uuid("Organisation invalide.").optional(),
  role: RoleSchema.optional(),
});
const Params = z.object({ id: z.uuid("Identifiant invalide.") });

const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["personnes"];
  app.get(
    "/people",
    {
      schema: {
        tags,
        summary: "Personnes visibles (filtres, tri, pagination, export CSV)",
        querystring: PeopleQuery,
        response: { 200: pageSchema(PersonSchema) },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      const { page, pageSize, sort, format, ...filters } = request.query;
      if (format !== "json") {
        const { items } = await people.listPeople(ctx, filters, { sort, limit: CSV_MAX_ROWS, offset: 0 });
        return sendTable(
          reply,
          "personnes",
          items,
          [
            { header: "Nom", value: (p) => p.lastName },
            { header: "Prénom", value: (p) => p.firstName },
            { header: "E-mail", value: (p) => p.email },
            { header: "Téléphone", value: (p) => p.phone },
            { header: "Organisation", value: (p) => p.organisationName },
            { header: "Actif", value: (p) => p.isActive },
          ],
          format,
        );
      }
      const result = await people.listPeople(ctx, filters, { sort, limit: pageSize, offset: offsetOf({ page, pageSize }) });
      return { ...result, page, pageSize };
    },
  );

  app.get("/people/:id", { schema: { tags, summary: "Fiche d'une personne", params: Params, response: { 200: PersonSchema } } }, async (request) =>
    people.getPerson(request.ctx(), request.params.id),
  );

  app.post(
    "/people",
    {
      schema: {
        tags,
        summary: "Créer une personne (Région)",
        body: PersonInputSchema.extend({ regionId: z.uuid("Région invalide.").optional() }),
        response: { 201: PersonSchema },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      const { regionId, ...input } = request.body;
      const region = regionId ?? ctx.actor.regionId;
      if (!region)
        throw new AppError("validation.failed", "Précisez la région de la personne.", {
          fieldErrors: [{ field: "body.regionId", message: "Région manquante." }],
        });
      return reply.status(201).send(await people.createPerson(ctx, region, input));
    },
  );

  app.patch(
    "/people/:id",
    { schema: { tags, summary: "Modifier une personne (Région)", params: Params, body: PersonUpdateSchema, response: { 200: PersonSchema } } },
    async (request) => people.updatePerson(request.ctx(), request.params.id, request.body),
  );
};

export default peopleRoutes;
