import { pageSchema } from "@relais/shared/lists";
import { RoleAssignmentInputSchema, RoleAssignmentSchema } from "@relais/shared/people";
import { RoleSchema } from "@relais/shared/roles";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import * as assignments from "./role-assignments.service.ts";

const Query = z.object({
  schoolId: z.uuid("Établissement invalide.").optional(),
  personId: z.uuid("Personne invalide.").optional(),
  organisationId: z.uuid("Organisation invalide.").optional(),
  role: RoleSchema.optional(),
  schoolYear: z
    .string()
    .regex(/^\d{4}-\d{4}$/, "Année scolaire attendue sous la forme 2025-2026.")
    .optional(),
  active: z.enum(["true", "false"]).default("false"),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(100),
});

const roleAssignmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["rôles"];
  app.get(
    "/role-assignments",
    { schema: { tags, summary: "Désignations et rôles visibles", querystring: Query, response: { 200: pageSchema(RoleAssignmentSchema) } } },
    async (request) => {
      const { page, pageSize, active, ...filters } = request.query;
      const result = await assignments.listAssignments(request.ctx(), { ...filters, activeOnly: active === "true" }, pageSize, (page - 1) * pageSize);
      return { ...result, page, pageSize } as z.infer<ReturnType<typeof pageSchema<typeof RoleAssignmentSchema>>>;
    },
  );

  app.post(
    "/role-assignments",
    {
      schema: {
        tags,
        summary: "Désigner une personne à un rôle (chef d'établissement pour son lycée, Région pour le reste)",
        body: RoleAssignmentInputSchema,
        response: { 201: RoleAssignmentSchema },
      },
    },
    async (request, reply) => reply.status(201).send((await assignments.assignRole(request.ctx(), request.body)) as z.infer<typeof RoleAssignmentSchema>),
  );

  app.delete(
    "/role-assignments/:id",
    { schema: { tags, summary: "Mettre fin à une désignation", params: z.object({ id: z.uuid("Identifiant invalide.") }), response: { 204: z.null() } } },
    async (request, reply) => {
      await assignments.endRole(request.ctx(), request.params.id);
      return reply.status(204).send(null);
    },
  );
};

export default roleAssignmentRoutes;
