import { listQuerySchema, pageSchema } from "@relais/shared/lists";
import { isSchoolYear } from "@relais/shared/school-year";
import {
  DIGITAL_MODES,
  EnrolmentLineSchema,
  EnrolmentLinesSchema,
  SCHOOL_TYPE_LABELS,
  SCHOOL_TYPES,
  SchoolInputSchema,
  SchoolSchema,
  SchoolUpdateSchema,
} from "@relais/shared/schools";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../errors.ts";
import { CSV_MAX_ROWS, offsetOf, sendTable } from "../../lib/lists.ts";
import { withSessionCheck } from "../../plugins/auth.ts";
import { SCHOOL_SORT_FIELDS } from "./schools.repository.ts";
import * as schools from "./schools.service.ts";

const SchoolListQuery = listQuerySchema(SCHOOL_SORT_FIELDS).extend({
  regionId: z.uuid("Région invalide.").optional(),
  sectorId: z.uuid("Secteur invalide.").optional(),
  zoneId: z.uuid("Zone invalide.").optional(),
  type: z.enum(SCHOOL_TYPES, { error: "Type d'établissement inconnu." }).optional(),
  academie: z.string().trim().max(60).optional(),
  departmentCode: z.string().trim().max(3).optional(),
  digitalMode: z.enum(DIGITAL_MODES).optional(),
});
const SchoolParams = z.object({ school: z.string().trim().min(1).max(64).describe("Identifiant ou UAI de l'établissement") });
const SchoolYear = z.string().refine(isSchoolYear, "Année scolaire attendue sous la forme 2025-2026.");
const EnrolmentSchema = z.object({ schoolYear: z.string(), lines: z.array(EnrolmentLineSchema) });

const schoolRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["établissements"];

  app.get(
    "/schools",
    {
      config: { checksSession: true },
      schema: {
        tags,
        summary: "Annuaire des établissements visibles (filtres, tri, pagination, export CSV)",
        querystring: SchoolListQuery,
        response: { 200: pageSchema(SchoolSchema) },
      },
    },
    async (request, reply) => {
      const { page, pageSize, sort, format, ...filters } = request.query;
      if (format !== "json") {
        const { items } = await withSessionCheck(request, (ctx) => schools.listSchools(ctx, filters, { sort, limit: CSV_MAX_ROWS, offset: 0 }));
        return sendTable(
          reply,
          "etablissements",
          items,
          [
            { header: "UAI", value: (s) => s.uai },
            { header: "Nom", value: (s) => s.name },
            { header: "Type", value: (s) => SCHOOL_TYPE_LABELS[s.type as keyof typeof SCHOOL_TYPE_LABELS] ?? s.type },
            { header: "Public", value: (s) => s.isPublic },
            { header: "Académie", value: (s) => s.academie },
            { header: "Département", value: (s) => s.departmentCode },
            { header: "Commune", value: (s) => s.commune },
            { header: "Secteur", value: (s) => s.sectorName },
            { header: "Zone", value: (s) => s.zoneName },
            { header: "Élèves", value: (s) => s.studentCount },
          ],
          format,
        );
      }
      const result = await withSessionCheck(request, (ctx) =>
        schools.listSchools(ctx, filters, { sort, limit: pageSize, offset: offsetOf({ page, pageSize }) }),
      );
      return { ...result, page, pageSize } as z.infer<ReturnType<typeof pageSchema<typeof SchoolSchema>>>;
    },
  );

  app.get(
    "/schools/academies",
    { schema: { tags, summary: "Académies des établissements visibles", response: { 200: z.object({ items: z.array(z.string()) }) } } },
    async (request) => ({
      items: await schools.listAcademies(request.ctx()),
    }),
  );

  app.get(
    "/schools/:school",
    { schema: { tags, summary: "Fiche d'un établissement (par identifiant ou UAI)", params: SchoolParams, response: { 200: SchoolSchema } } },
    async (request) => schools.getSchool(request.ctx(), request.params.school) as Promise<z.infer<typeof SchoolSchema>>,
  );

  app.post(
    "/schools",
    {
      schema: {
        tags,
        summary: "Ajouter un établissement (Région)",
        body: SchoolInputSchema.extend({ regionId: z.uuid("Région invalide.").optional() }),
        response: { 201: SchoolSchema },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      const { regionId, ...input } = request.body;
      const region = regionId ?? ctx.actor.regionId;
      if (!region)
        throw new AppError("validation.failed", "Précisez la région de l'établissement.", {
          fieldErrors: [{ field: "body.regionId", message: "Région manquante." }],
        });
      return reply.status(201).send((await schools.createSchool(ctx, region, input)) as z.infer<typeof SchoolSchema>);
    },
  );

  app.patch(
    "/schools/:school",
    {
      schema: {
        tags,
        summary: "Modifier la fiche d'un établissement (Région)",
        params: SchoolParams,
        body: SchoolUpdateSchema,
        response: { 200: SchoolSchema },
      },
    },
    async (request) => schools.updateSchool(request.ctx(), request.params.school, request.body) as Promise<z.infer<typeof SchoolSchema>>,
  );

  app.get(
    "/schools/:school/enrolment",
    {
      schema: {
        tags,
        summary: "Effectifs par voie et niveau pour une année scolaire",
        params: SchoolParams,
        querystring: z.object({ schoolYear: SchoolYear.optional() }),
        response: { 200: EnrolmentSchema },
      },
    },
    async (request) => schools.getEnrolment(request.ctx(), request.params.school, request.query.schoolYear),
  );

  app.put(
    "/schools/:school/enrolment",
    {
      schema: {
        tags,
        summary: "Saisir les effectifs d'une année scolaire (chef d'établissement, Région)",
        params: SchoolParams,
        body: z.object({ schoolYear: SchoolYear, lines: EnrolmentLinesSchema }),
        response: { 200: EnrolmentSchema },
      },
    },
    async (request) => schools.setEnrolment(request.ctx(), request.params.school, request.body.schoolYear, request.body.lines),
  );
};

export default schoolRoutes;
