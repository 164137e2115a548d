import { can, type Permission, type ScopeTarget, type VisibleScopes, visibleScopes } from "@relais/shared/permissions";
import {
  nextStatusOf,
  OPEN_STATUSES,
  REROUTE_DESTINATIONS,
  TICKET_STATUSES,
  type TicketAction,
  type TicketChannel,
  type TicketKind,
  type TicketStatus,
} from "@relais/shared/tickets";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { findOrganisation } from "../organisation/organisations.repository.ts";
import * as schools from "../organisation/schools.repository.ts";
import { getSchool, type School, schoolTarget } from "../organisation/schools.service.ts";
import * as people from "../people/people.repository.ts";
import { businessMinutesWaited, ticketDeadlines } from "./ticket-deadlines.ts";
import { notifyTicketStep } from "./ticket-notifications.ts";
import { assigneeCandidates, suggestedRoute } from "./ticket-routing.ts";
import { regionTicketSettings, type TicketSettings } from "./ticket-settings.ts";
import type { DeadlinesInput, FileTicketInput, TransitionInput } from "./tickets.contract.ts";
import * as repo from "./tickets.repository.ts";
import type { tickets } from "./tickets.schema.ts";

type TicketRow = typeof tickets.$inferSelect;
const EVERYWHERE: VisibleScopes = { all: true, regionIds: [], sectorIds: [], zoneIds: [], schoolIds: [], organisationIds: [] };

export function visibilityOf(ctx: Ctx): repo.TicketVisibility {
  return {
    personId: ctx.actor.personId,
    read: visibleScopes(ctx.actor.assignments, "ticket.read"),
    readRestricted: visibleScopes(ctx.actor.assignments, "ticket.read_security"),
  };
}

function ticketTarget(
  ticket: { regionId: string; schoolId: string; assigneeOrganisationId: string | null },
  school: Pick<School, "sectorId" | "zoneId">,
): ScopeTarget {
  return {
    regionId: ticket.regionId,
    sectorId: school.sectorId,
    zoneId: school.zoneId,
    schoolId: ticket.schoolId,
    organisationId: ticket.assigneeOrganisationId,
  };
}

const holds = (ctx: Ctx, permission: Permission, target: ScopeTarget) => can(ctx.actor.assignments, permission, target);

export async function listTickets(ctx: Ctx, filters: repo.TicketFilters, page: { sort: string; limit: number; offset: number }) {
  return repo.findTickets(ctx.db, visibilityOf(ctx), filters, page, ctx.sessionCheck);
}

/** A ticket the actor sees, its school, and whether the actor works it (internal notes, steps). */
export async function readTicket(ctx: Ctx, idOrNumber: string) {
  const ticket = await repo.findTicket(ctx.db, visibilityOf(ctx), idOrNumber);
  if (!ticket) throw notFound("Ticket");
  const school = await getSchoolForTicket(ctx, ticket.schoolId);
  const worker = holds(ctx, "ticket.work", ticketTarget(ticket, school)) || ticket.assigneePersonId === ctx.actor.personId;
  return { ticket, school, worker };
}

/** GDPR art. 33: a personal-data breach is notified to the CNIL within 72 hours of becoming aware of it. */
const BREACH_NOTIFICATION_MS = 72 * 3_600_000;
const FINAL_STATUSES: readonly TicketStatus[] = ["closed", "rerouted", "merged"];

/**
 * A ticket the actor sees, with its timeline (internal notes only for those who work it), the
 * steps the actor may take and what else they may do on it.
 */
export async function getTicket(ctx: Ctx, idOrNumber: string) {
  const { ticket, school, worker } = await readTicket(ctx, idOrNumber);
  const row = (await repo.findTicketRow(ctx.db, ticket.id)) as TicketRow;
  const [events, mergedInto] = await Promise.all([
    repo.findTicketEvents(ctx.db, ticket.id, worker),
    row.mergedIntoId ? repo.findTicketRow(ctx.db, row.mergedIntoId) : null,
  ]);
  const status = ticket.status as TicketStatus;
  const open = OPEN_STATUSES.includes(status);
  const settings = worker && open ? await regionTicketSettings(ctx.db, ticket.regionId) : null;
  return {
    ticket,
    details: {
      description: row.description,
      channel: row.channel,
      schoolDepartment: school.departmentCode,
      dispatchedAt: row.dispatchedAt,
      waitingSince: row.waitingSince,
      waitedMinutes: row.waitedMinutes,
      resolution: row.resolution,
      timeSpentMinutes: row.timeSpentMinutes,
      processingMinutes: row.processingMinutes,
      decision: row.decision,
      reroutedTo: row.reroutedTo,
      mergedIntoNumber: mergedInto?.number ?? null,
      reopenCount: row.reopenCount,
      escalationLevel: row.escalationLevel,
      breachNotificationDueAt: row.kind === "data_breach" ? new Date(row.receivedAt.getTime() + BREACH_NOTIFICATION_MS) : null,
    },
    events,
    allowedActions: allowedActions(ctx, ticket, school),
    can: {
      comment: !FINAL_STATUSES.includes(status),
      internalNote: worker && !FINAL_STATUSES.includes(status),
      remind: open && (holds(ctx, "ticket.close", ticketTarget(ticket, school)) || ticket.requesterId === ctx.actor.personId),
      reclassify: worker && open,
      escalate: worker && ["assigned", "in_progress", "waiting"].includes(status),
    },
    suggestedRoute: settings ? await suggestedRoute(ctx.db, row, school, settings) : null,
  };
}

/** Who the desk may assign a ticket to: the staff over its school and the region's organisations. */
export async function listAssigneeCandidates(ctx: Ctx, idOrNumber: string) {
  const { ticket, school, worker } = await readTicket(ctx, idOrNumber);
  if (!worker) throw forbidden("Seuls le centre de services et les techniciens attribuent les tickets.");
  return assigneeCandidates(ctx.db, { regionId: ticket.regionId, category: ticket.category, kind: ticket.kind as TicketKind }, school);
}

/**
 * The school of a ticket the actor sees. Seeing the ticket is what grants this read: a
 * contractor sees the schools of the tickets assigned to it, not the whole directory.
 */
async function getSchoolForTicket(ctx: Ctx, schoolId: string): Promise<School> {
  const school = await schools.findSchool(ctx.db, EVERYWHERE, schoolId);
  if (!school) throw notFound("Établissement");
  return school;
}

/** Who may take which action on a ticket: the workflow allows it, and the actor's role does. */
export function allowedActions(
  ctx: Ctx,
  ticket: {
    kind: TicketKind;
    status: TicketStatus;
    regionId: string;
    schoolId: string;
    assigneeOrganisationId: string | null;
    assigneePersonId: string | null;
  },
  school: Pick<School, "sectorId" | "zoneId">,
): TicketAction[] {
  const target = ticketTarget(ticket, school);
  const works = holds(ctx, "ticket.work", target) || ticket.assigneePersonId === ctx.actor.personId;
  const closes = holds(ctx, "ticket.close", target);
  const actions: TicketAction[] = ["qualify", "assign", "start", "wait", "resume", "decide", "resolve", "reroute", "merge", "close", "reopen"];
  return actions.filter((action) => nextStatusOf(ticket.kind, ticket.status, action) !== null && (action === "close" || action === "reopen" ? closes : works));
}

/** What the mail of a step says beyond the step itself. */
function stepDetail(input: TransitionInput): string | null {
  if (input.action === "resolve") return `Résolution : ${input.resolution}`;
  if (input.action === "reroute" && input.destination)
    return `Cette demande ne relève pas de la Région : adressez-vous à « ${REROUTE_DESTINATIONS[input.destination].fr} ».`;
  if (input.action === "reopen") return `Motif : ${input.reason}`;
  if (input.action === "decide")
    return input.decision === "refused" ? `Demande d'évolution refusée. Motif : ${input.reason}` : "Demande d'évolution acceptée : les travaux sont engagés.";
  if (input.action === "merge") return "Ce ticket en doublonnait un autre : le suivi continue sur le ticket indiqué dans Relais.";
  return input.comment ?? null;
}

function assertCategory(settings: TicketSettings, category: string, field: string) {
  if (!settings.categories.includes(category)) {
    throw new AppError("validation.failed", `Catégorie inconnue dans cette région : « ${category} ».`, {
      fieldErrors: [{ field, message: "Catégorie inconnue." }],
    });
  }
}

/**
 * The deadlines a ticket would get, shown on the filing form before it is sent: received and
 * dispatched at `from` (now by default), for a school the actor sees.
 */
export async function previewDeadlines(ctx: Ctx, input: DeadlinesInput) {
  const school = await getSchool(ctx, input.school).catch(() => {
    throw new AppError("validation.failed", "Établissement inconnu ou hors de votre périmètre.", {
      fieldErrors: [{ field: "querystring.school", message: "Établissement inconnu." }],
    });
  });
  const settings = await regionTicketSettings(ctx.db, school.regionId);
  assertCategory(settings, input.category, "querystring.category");
  const start = input.from ? new Date(input.from) : ctx.clock.now();
  return ticketDeadlines({ ...input, receivedAt: start, dispatchedAt: start, waitedMinutes: 0, departmentCode: school.departmentCode, settings });
}

/**
 * `options.requesterId`: a report's author, when the correspondent files from their report.
 * `options.channel`: the channel the filer used when it is not the web form (mail-in: "email").
 */
export async function fileTicket(ctx: Ctx, input: FileTicketInput, options: { requesterId?: string; channel?: TicketChannel } = {}) {
  const school = await getSchool(ctx, input.school).catch(() => {
    throw new AppError("validation.failed", "Établissement inconnu ou hors de votre périmètre.", {
      fieldErrors: [{ field: "body.school", message: "Établissement inconnu." }],
    });
  });
  const target = schoolTarget(school);
  if (!holds(ctx, "ticket.file", target)) throw forbidden("Vous ne pouvez pas ouvrir de ticket pour cet établissement.");
  const settings = await regionTicketSettings(ctx.db, school.regionId);
  const filerRoles = ctx.actor.assignments.filter((a) => can([a], "ticket.file", target)).map((a) => a.role);
  if (filerRoles.every((role) => role === "coordinator") && !settings.coordinatorsMayFile) {
    throw forbidden("Dans cette région, le coordonnateur numérique transmet ses demandes au correspondant, qui ouvre le ticket.");
  }
  assertCategory(settings, input.category, "body.category");
  const onBehalf = holds(ctx, "ticket.work", target);
  const requesterId = options.requesterId ?? (onBehalf && input.requesterId ? input.requesterId : ctx.actor.personId);
  if (
    requesterId !== ctx.actor.personId &&
    !options.requesterId &&
    !(await people.findPerson(ctx.db, visibleScopes(ctx.actor.assignments, "person.read"), ctx.actor.personId, requesterId))
  ) {
    throw new AppError("validation.failed", "Demandeur inconnu.", { fieldErrors: [{ field: "body.requesterId", message: "Personne inconnue." }] });
  }
  const channel = options.channel ?? (onBehalf ? input.channel : "web");
  const receivedAt = ctx.clock.now();
  const deadlines = ticketDeadlines({
    kind: input.kind,
    receivedAt,
    dispatchedAt: null,
    waitedMinutes: 0,
    category: input.category,
    urgency: input.urgency,
    impact: input.impact,
    departmentCode: school.departmentCode,
    settings,
  });

  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const number = await repo.takeTicketNumber(
      tx,
      school.regionId,
      Number(new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", year: "numeric" }).format(receivedAt)),
    );
    const ticket = await repo.insertTicket(tx, {
      regionId: school.regionId,
      schoolId: school.id,
      number,
      kind: input.kind,
      category: input.category,
      channel,
      urgency: input.urgency,
      impact: input.impact,
      priority: deadlines.priority,
      title: input.title,
      description: input.description,
      requesterId,
      filedById: ctx.actor.personId,
      receivedAt,
      takeChargeDueAt: deadlines.takeChargeDueAt,
      resolutionDueAt: deadlines.resolutionDueAt,
    });
    await repo.insertTicketEvent(tx, {
      ticketId: ticket.id,
      actorId: ctx.actor.personId,
      actorLabel: ctx.actor.displayName,
      type: "created",
      body: input.description,
      data: { channel, urgency: input.urgency, impact: input.impact },
    });
    await notifyTicketStep(txCtx, ticket, "created", null, school.name);
    await recordAudit(txCtx, {
      action: "ticket.filed",
      entityType: "ticket",
      entityId: ticket.id,
      regionId: ticket.regionId,
      schoolId: ticket.schoolId,
      after: { number, kind: input.kind, category: input.category, urgency: input.urgency, impact: input.impact, title: input.title },
    });
    return ticket;
  });
}

export async function commentTicket(ctx: Ctx, idOrNumber: string, input: { body: string; internal: boolean }) {
  const view = await readTicket(ctx, idOrNumber);
  assertMayComment(view, input.internal);
  await ctx.db.transaction((tx) => addTicketComment({ ...ctx, db: tx }, view, { body: input.body, internal: input.internal }));
}

type TicketView = Awaited<ReturnType<typeof readTicket>>;

/**
 * Who may add to a ticket's timeline (a comment, a note, files): anyone who sees it, internal
 * entries only those who work it, and nothing once it is closed, re-routed or merged.
 */
export function assertMayComment({ ticket, worker }: Pick<TicketView, "ticket" | "worker">, internal: boolean) {
  if (internal && !worker) throw forbidden("Les notes internes sont réservées au centre de services et aux techniciens.");
  if (ticket.status === "closed" || ticket.status === "rerouted" || ticket.status === "merged")
    throw new AppError("conflict", `Le ticket ${ticket.number} est ${TICKET_STATUSES[ticket.status].fr.toLowerCase()} : il ne reçoit plus de commentaire.`);
}

/**
 * A comment or internal note written in the caller's transaction (`ctx.db`), mailed like a
 * comment unless internal. `type` and `data` name what came with it (files: "attachment").
 * Returns the timeline entry's id. The caller has checked `assertMayComment`.
 */
export async function addTicketComment(
  ctx: Ctx,
  { ticket, school }: Pick<TicketView, "ticket" | "school">,
  entry: { body: string | null; internal: boolean; type?: string; data?: Record<string, unknown>; mailDetail?: string },
): Promise<number> {
  const eventId = await repo.insertTicketEvent(ctx.db, {
    ticketId: ticket.id,
    actorId: ctx.actor.personId,
    actorLabel: ctx.actor.displayName,
    type: entry.type ?? (entry.internal ? "note" : "comment"),
    visibility: entry.internal ? "internal" : "public",
    body: entry.body,
    ...(entry.data ? { data: entry.data } : {}),
  });
  // Internal notes stay inside the desk: nobody is mailed.
  if (!entry.internal)
    await notifyTicketStep(
      ctx,
      { ...ticket, kind: ticket.kind as TicketKind, status: ticket.status as TicketStatus },
      "comment",
      entry.mailDetail ?? entry.body,
      school.name,
    );
  return eventId;
}

/**
 * The correspondent's reminder on an open ticket (seed 003): it shows in the timeline and is
 * mailed to the assignee, the requester and the school's correspondents.
 */
export async function remindTicket(ctx: Ctx, idOrNumber: string, message: string | undefined) {
  const { ticket, school } = await readTicket(ctx, idOrNumber);
  if (!holds(ctx, "ticket.close", ticketTarget(ticket, school)) && ticket.requesterId !== ctx.actor.personId) {
    throw forbidden("Seuls le demandeur et le correspondant de l'établissement relancent un ticket.");
  }
  if (!OPEN_STATUSES.includes(ticket.status as TicketStatus)) {
    throw new AppError("conflict", `Le ticket ${ticket.number} n'est plus ouvert : il n'y a rien à relancer.`);
  }
  await ctx.db.transaction(async (tx) => {
    await repo.insertTicketEvent(tx, {
      ticketId: ticket.id,
      actorId: ctx.actor.personId,
      actorLabel: ctx.actor.displayName,
      type: "reminder",
      body: message ?? null,
    });
    await notifyTicketStep(
      { ...ctx, db: tx },
      { ...ticket, kind: ticket.kind as TicketKind, status: ticket.status as TicketStatus },
      "reminder",
      message ?? null,
      school.name,
    );
  });
}

/**
 * Moves a ticket along the workflow. The caller names the version it read: a ticket changed
 * meanwhile answers 409 rather than being overwritten silently.
 */
export async function transitionTicket(ctx: Ctx, idOrNumber: string, input: TransitionInput) {
  const { ticket, school } = await readTicket(ctx, idOrNumber);
  const to = nextStatusOf(ticket.kind as TicketKind, ticket.status as TicketStatus, input.action, input.decision);
  if (!to) throw new AppError("conflict", `Action impossible : le ticket ${ticket.number} est « ${TICKET_STATUSES[ticket.status].fr} ».`);
  if (!allowedActions(ctx, ticket, school).includes(input.action)) throw forbidden("Cette action sur le ticket ne vous revient pas.");
  const row = (await repo.findTicketRow(ctx.db, ticket.id)) as TicketRow;
  const now = ctx.clock.now();
  const settings = await regionTicketSettings(ctx.db, ticket.regionId);
  const changes: Partial<TicketRow> = { status: to };
  const data: Record<string, unknown> = { from: ticket.status, to };
  let mergedInto: { id: string; number: string } | null = null;

  switch (input.action) {
    case "qualify": {
      changes.qualifiedAt = now;
      if (input.category) assertCategory(settings, input.category, "body.category");
      if (input.urgency && input.urgency !== row.urgency && !input.reason) {
        throw new AppError("validation.failed", "Indiquez pourquoi l'urgence choisie par l'établissement change.", {
          fieldErrors: [{ field: "body.reason", message: "Motif obligatoire." }],
        });
      }
      Object.assign(changes, {
        kind: input.kind ?? row.kind,
        category: input.category ?? row.category,
        urgency: input.urgency ?? row.urgency,
        impact: input.impact ?? row.impact,
      });
      Object.assign(data, { kind: changes.kind, category: changes.category, urgency: changes.urgency, impact: changes.impact, reason: input.reason ?? null });
      break;
    }
    case "assign": {
      if (!input.assigneePersonId && !input.assigneeOrganisationId) {
        throw new AppError("validation.failed", "Indiquez à qui attribuer le ticket : un technicien ou une organisation.", {
          fieldErrors: [{ field: "body.assigneePersonId", message: "Attributaire manquant." }],
        });
      }
      if (input.assigneeOrganisationId) {
        const organisation = await findOrganisation(ctx.db, input.assigneeOrganisationId);
        if (!organisation || organisation.regionId !== ticket.regionId)
          throw new AppError("validation.failed", "Organisation inconnue dans cette région.", {
            fieldErrors: [{ field: "body.assigneeOrganisationId", message: "Organisation inconnue." }],
          });
      }
      if (
        input.assigneePersonId &&
        !(await people.findPerson(ctx.db, visibleScopes(ctx.actor.assignments, "person.read"), ctx.actor.personId, input.assigneePersonId))
      ) {
        throw new AppError("validation.failed", "Technicien inconnu.", { fieldErrors: [{ field: "body.assigneePersonId", message: "Personne inconnue." }] });
      }
      changes.assigneePersonId = input.assigneePersonId ?? null;
      changes.assigneeOrganisationId = input.assigneeOrganisationId ?? null;
      changes.dispatchedAt = row.dispatchedAt ?? now;
      Object.assign(data, { assigneePersonId: changes.assigneePersonId, assigneeOrganisationId: changes.assigneeOrganisationId });
      break;
    }
    case "wait":
      changes.waitingSince = now;
      break;
    case "start":
    case "resume":
      break;
    case "resolve":
      if (!input.resolution)
        throw new AppError("validation.failed", "Décrivez la résolution.", { fieldErrors: [{ field: "body.resolution", message: "Résolution obligatoire." }] });
      Object.assign(changes, {
        resolvedAt: now,
        resolution: input.resolution,
        timeSpentMinutes: input.timeSpentMinutes ?? null,
        processingMinutes: Math.max(0, businessMinutesWaited(row.receivedAt, now, settings, school.departmentCode) - row.waitedMinutes),
      });
      Object.assign(data, { resolution: input.resolution, timeSpentMinutes: input.timeSpentMinutes ?? null });
      break;
    case "close":
      changes.closedAt = now;
      break;
    case "reopen":
      if (!input.reason)
        throw new AppError("validation.failed", "Dites pourquoi la résolution ne convient pas.", {
          fieldErrors: [{ field: "body.reason", message: "Motif obligatoire." }],
        });
      Object.assign(changes, { resolvedAt: null, processingMinutes: null, reopenCount: row.reopenCount + 1 });
      data.reason = input.reason;
      break;
    case "decide": {
      if (!input.decision)
        throw new AppError("validation.failed", "Indiquez la décision : acceptée ou refusée.", {
          fieldErrors: [{ field: "body.decision", message: "Décision obligatoire." }],
        });
      if (input.decision === "refused" && !input.reason)
        throw new AppError("validation.failed", "Un refus se motive.", { fieldErrors: [{ field: "body.reason", message: "Motif obligatoire." }] });
      Object.assign(changes, { decision: input.decision, ...(input.decision === "refused" ? { closedAt: now } : {}) });
      Object.assign(data, { decision: input.decision, reason: input.reason ?? null });
      break;
    }
    case "merge": {
      const into = input.into ? await repo.findTicket(ctx.db, visibilityOf(ctx), input.into) : null;
      if (!into)
        throw new AppError("validation.failed", "Indiquez le ticket que celui-ci répète.", {
          fieldErrors: [{ field: "body.into", message: "Ticket inconnu." }],
        });
      if (into.id === ticket.id || into.schoolId !== ticket.schoolId || !OPEN_STATUSES.includes(into.status as TicketStatus)) {
        throw new AppError("validation.failed", "On ne fusionne un ticket qu'avec un autre ticket ouvert du même établissement.", {
          fieldErrors: [{ field: "body.into", message: "Ticket non fusionnable." }],
        });
      }
      Object.assign(changes, { mergedIntoId: into.id, closedAt: now });
      mergedInto = into;
      Object.assign(data, { into: into.number });
      break;
    }
    case "reroute":
      if (!input.destination)
        throw new AppError("validation.failed", "Indiquez vers quel service réorienter la demande.", {
          fieldErrors: [{ field: "body.destination", message: "Destination obligatoire." }],
        });
      Object.assign(changes, { reroutedTo: input.destination, closedAt: now });
      Object.assign(data, { destination: input.destination, destinationLabel: REROUTE_DESTINATIONS[input.destination].fr });
      break;
  }

  // Leaving "waiting" adds the business time spent waiting back to the deadlines.
  if (row.status === "waiting" && row.waitingSince && to !== "waiting") {
    changes.waitingSince = null;
    changes.waitedMinutes = row.waitedMinutes + businessMinutesWaited(row.waitingSince, now, settings, school.departmentCode);
  }
  const merged = { ...row, ...changes };
  const deadlines = ticketDeadlines({
    kind: merged.kind,
    receivedAt: merged.receivedAt,
    dispatchedAt: merged.dispatchedAt,
    waitedMinutes: merged.waitedMinutes,
    category: merged.category,
    urgency: merged.urgency,
    impact: merged.impact,
    departmentCode: school.departmentCode,
    settings,
  });
  Object.assign(changes, { priority: deadlines.priority, takeChargeDueAt: deadlines.takeChargeDueAt, resolutionDueAt: deadlines.resolutionDueAt });

  return ctx.db.transaction(async (tx) => {
    const updated = await repo.updateTicket(tx, ticket.id, input.version, changes);
    if (!updated) throw new AppError("conflict.version", `Le ticket ${ticket.number} a été modifié entre-temps : rechargez-le avant de continuer.`);
    await repo.insertTicketEvent(tx, {
      ticketId: ticket.id,
      actorId: ctx.actor.personId,
      actorLabel: ctx.actor.displayName,
      type: input.action,
      body: input.comment ?? null,
      data,
    });
    await notifyTicketStep({ ...ctx, db: tx }, updated, input.action, stepDetail(input), school.name);
    if (mergedInto) {
      await repo.insertTicketEvent(tx, {
        ticketId: mergedInto.id,
        actorId: ctx.actor.personId,
        actorLabel: ctx.actor.displayName,
        type: "merged_in",
        body: `Le ticket ${ticket.number} (« ${ticket.title} ») y a été fusionné.`,
        data: { from: ticket.number },
      });
    }
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "ticket.updated",
        entityType: "ticket",
        entityId: ticket.id,
        regionId: ticket.regionId,
        schoolId: ticket.schoolId,
        before: { status: ticket.status },
        after: { action: input.action, ...data },
      },
    );
    return updated;
  });
}
