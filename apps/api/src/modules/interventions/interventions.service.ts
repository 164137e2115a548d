import { isoOfDay, parisWallClock } from "@relais/shared/business-calendar";
import { INTERVENTION_KINDS, type InterventionAction, type InterventionStatusCode, nextInterventionStatus } from "@relais/shared/interventions";
import { can, roleHasPermission, type ScopeTarget } from "@relais/shared/permissions";
import { nextStatusOf, type TicketKind, type TicketStatus } from "@relais/shared/tickets";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { type Actor, findActorByPersonId } from "../auth/actor.ts";
import { queueMail } from "../mail/mail.service.ts";
import { getSchool } from "../organisation/schools.service.ts";
import { insertTicketEvent } from "../tickets/tickets.repository.ts";
import { readTicket, transitionTicket, visibilityOf } from "../tickets/tickets.service.ts";
import type { CertificationInput, DoneInput, PlanInterventionInput } from "./interventions.contract.ts";
import * as repo from "./interventions.repository.ts";

type View = NonNullable<Awaited<ReturnType<typeof repo.findIntervention>>>;
const DAY_MS = 86_400_000;
/** How far from today an intervention may be dated: a visit logged afterwards, or one booked ahead. */
const PAST_LIMIT_DAYS = 366;
const FUTURE_LIMIT_DAYS = 2 * 366;
const AGENDA_MAX_ROWS = 1000;

const parisDateTime = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", dateStyle: "full", timeStyle: "short" });
export const formatParis = (instant: Date) => parisDateTime.format(instant);
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, "0")}`;
}

function targetOf(row: Pick<View, "regionId" | "schoolSectorId" | "schoolZoneId" | "schoolId" | "organisationId">): ScopeTarget {
  return { regionId: row.regionId, sectorId: row.schoolSectorId, zoneId: row.schoolZoneId, schoolId: row.schoolId, organisationId: row.organisationId };
}

/** The technician, and the staff who work tickets over the school (or for the contractor), act on it. */
function worksOn(ctx: Ctx, row: View): boolean {
  return row.technicianId === ctx.actor.personId || can(ctx.actor.assignments, "ticket.work", targetOf(row));
}

/** DOMAIN §7: the school's coordinator certifies the service was delivered; its head may too. */
function certifiesFor(actor: Pick<Actor, "assignments">, schoolId: string): boolean {
  return actor.assignments.some((a) => (a.role === "coordinator" || a.role === "head") && a.scope.kind === "school" && a.scope.schoolId === schoolId);
}

export function toView(ctx: Ctx, row: View) {
  const status = row.status as InterventionStatusCode;
  const allowed = (action: InterventionAction) => nextInterventionStatus(status, action) !== null;
  return {
    ...row,
    endsAt: new Date(row.startsAt.getTime() + row.durationMinutes * 60_000),
    can: {
      markDone: allowed("done") && worksOn(ctx, row),
      certify: allowed("certify") && certifiesFor(ctx.actor, row.schoolId),
      cancel: allowed("cancel") && worksOn(ctx, row),
    },
  };
}

export async function listInterventions(ctx: Ctx, filters: { technician?: string; school?: string; ticket?: string; from?: string; to?: string }) {
  let ticketId: string | undefined;
  if (filters.ticket) ticketId = (await readTicket(ctx, filters.ticket)).ticket.id;
  const from = filters.from ? new Date(filters.from) : undefined;
  const to = filters.to ? new Date(filters.to) : undefined;
  if (from && to && to <= from)
    throw new AppError("validation.failed", "La fin de la période doit suivre son début.", {
      fieldErrors: [{ field: "querystring.to", message: "Période vide." }],
    });
  const rows = await repo.findInterventions(
    ctx.db,
    visibilityOf(ctx),
    {
      ...(filters.technician ? { technicianId: filters.technician } : {}),
      ...(filters.school ? { schoolId: filters.school } : {}),
      ...(ticketId ? { ticketId } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    },
    AGENDA_MAX_ROWS,
  );
  return rows.map((row) => toView(ctx, row));
}

/** An intervention the actor sees; one they do not is reported as not found. */
export async function readIntervention(ctx: Ctx, id: string): Promise<View> {
  const row = await repo.findIntervention(ctx.db, visibilityOf(ctx), id);
  if (!row) throw notFound("Intervention");
  return row;
}

export async function getIntervention(ctx: Ctx, id: string) {
  return toView(ctx, await readIntervention(ctx, id));
}

function assertWhen(ctx: Ctx, startsAt: Date) {
  const now = ctx.clock.now().getTime();
  if (startsAt.getTime() < now - PAST_LIMIT_DAYS * DAY_MS || startsAt.getTime() > now + FUTURE_LIMIT_DAYS * DAY_MS) {
    throw new AppError("validation.failed", "Date d'intervention hors des limites (au plus un an en arrière et deux ans en avant).", {
      fieldErrors: [{ field: "body.startsAt", message: "Date hors limites." }],
    });
  }
}

/** The technician named must work tickets where the intervention takes place (or be the ticket's assignee). */
async function assertTechnician(ctx: Ctx, technicianId: string, target: ScopeTarget, assigneePersonId: string | null): Promise<Actor> {
  const technician = await findActorByPersonId(ctx.db, technicianId);
  if (!technician || !(technicianId === assigneePersonId || can(technician.assignments, "ticket.work", target))) {
    throw new AppError("validation.failed", "Ce technicien n'intervient pas dans cet établissement.", {
      fieldErrors: [{ field: "body.technicianId", message: "Technicien hors périmètre." }],
    });
  }
  return technician;
}

async function assertFree(ctx: Ctx, technicianId: string, startsAt: Date, minutes: number) {
  const [clash] = await repo.findOverlapping(ctx.db, technicianId, startsAt, new Date(startsAt.getTime() + minutes * 60_000));
  if (clash)
    throw new AppError("conflict", `Le technicien a déjà une intervention planifiée à ce moment (${formatParis(clash.startsAt)}).`, {
      details: { interventionId: clash.id },
    });
}

function timelineLine(kind: string, startsAt: Date, minutes: number, technician: string) {
  const label = INTERVENTION_KINDS[kind as keyof typeof INTERVENTION_KINDS]?.fr ?? kind;
  return `${label} planifiée le ${formatParis(startsAt)} (${formatMinutes(minutes)}) avec ${technician}.`;
}

/**
 * Plans an intervention. For a ticket (on site, or remote where the school has the CSN remote
 * support deployed: seed 001), by whoever works the ticket; preventive, for a school, by
 * whoever works tickets over it (the zone's technicians, the desk, the contractor for its
 * own visits). The technician named must work there too and be free at that time.
 */
export async function planIntervention(ctx: Ctx, input: PlanInterventionInput) {
  const startsAt = new Date(input.startsAt);
  assertWhen(ctx, startsAt);
  let values: {
    regionId: string;
    schoolId: string;
    ticketId: string | null;
    target: ScopeTarget;
    assignee: string | null;
    ticketNumber: string | null;
    /** The ticket as read, when planning this visit is what starts the work on it. */
    startsTicket: { version: number } | null;
  };
  if (input.kind === "preventive") {
    if (!input.school)
      throw new AppError("validation.failed", "Une visite préventive se planifie pour un établissement.", {
        fieldErrors: [{ field: "body.school", message: "Établissement obligatoire." }],
      });
    const school = await getSchool(ctx, input.school).catch(() => {
      throw new AppError("validation.failed", "Établissement inconnu ou hors de votre périmètre.", {
        fieldErrors: [{ field: "body.school", message: "Établissement inconnu." }],
      });
    });
    const technician = await findActorByPersonId(ctx.db, input.technicianId);
    const target: ScopeTarget = {
      regionId: school.regionId,
      sectorId: school.sectorId,
      zoneId: school.zoneId,
      schoolId: school.id,
      organisationId: technician?.organisationId ?? null,
    };
    if (!can(ctx.actor.assignments, "ticket.work", target))
      throw forbidden("Seuls les techniciens et le centre de services planifient les visites préventives.");
    values = { regionId: school.regionId, schoolId: school.id, ticketId: null, target, assignee: null, ticketNumber: null, startsTicket: null };
  } else {
    if (!input.ticket)
      throw new AppError("validation.failed", "Une intervention sur site ou à distance se rattache à un ticket.", {
        fieldErrors: [{ field: "body.ticket", message: "Ticket obligatoire." }],
      });
    const { ticket, school, worker } = await readTicket(ctx, input.ticket);
    if (!worker) throw forbidden("Seuls le centre de services et les techniciens du ticket planifient une intervention.");
    if (["closed", "rerouted", "merged", "resolved"].includes(ticket.status))
      throw new AppError("conflict", `Le ticket ${ticket.number} n'est plus en cours : il ne reçoit plus d'intervention.`);
    if (input.kind === "remote" && !school.hasRemoteSupport)
      throw new AppError("validation.failed", "La prise en main à distance n'est pas déployée dans cet établissement : planifiez une intervention sur site.", {
        fieldErrors: [{ field: "body.kind", message: "Pas de prise en main à distance." }],
      });
    const target: ScopeTarget = {
      regionId: ticket.regionId,
      sectorId: school.sectorId,
      zoneId: school.zoneId,
      schoolId: ticket.schoolId,
      organisationId: ticket.assigneeOrganisationId,
    };
    values = {
      regionId: ticket.regionId,
      schoolId: ticket.schoolId,
      ticketId: ticket.id,
      target,
      assignee: ticket.assigneePersonId,
      ticketNumber: ticket.number,
      // Issue 3's workflow: an assigned ticket goes in progress with a remote session or an
      // on-site visit with its date and technician.
      startsTicket: nextStatusOf(ticket.kind as TicketKind, ticket.status as TicketStatus, "start") ? { version: ticket.version } : null,
    };
  }
  const technician = await assertTechnician(ctx, input.technicianId, values.target, values.assignee);
  await assertFree(ctx, technician.personId, startsAt, input.durationMinutes);

  const id = await ctx.db.transaction(async (tx) => {
    const row = await repo.insertIntervention(tx, {
      regionId: values.regionId,
      schoolId: values.schoolId,
      ticketId: values.ticketId,
      kind: input.kind,
      technicianId: technician.personId,
      organisationId: technician.organisationId,
      startsAt,
      durationMinutes: input.durationMinutes,
      createdById: ctx.actor.personId,
      createdAt: ctx.clock.now(),
      updatedAt: ctx.clock.now(),
    });
    if (values.ticketId)
      await insertTicketEvent(tx, {
        ticketId: values.ticketId,
        actorId: ctx.actor.personId,
        actorLabel: ctx.actor.displayName,
        type: "intervention_planned",
        body: timelineLine(input.kind, startsAt, input.durationMinutes, technician.displayName),
        data: {
          interventionId: row.id,
          kind: input.kind,
          startsAt: startsAt.toISOString(),
          durationMinutes: input.durationMinutes,
          technicianId: technician.personId,
        },
      });
    // The ticket's own step, as the desk would take it: version checked and bumped, on the
    // timeline, mailed, audited. A ticket changed since it was read fails the whole plan (409).
    if (values.ticketId && values.startsTicket)
      await transitionTicket({ ...ctx, db: tx }, values.ticketId, {
        action: "start",
        version: values.startsTicket.version,
        comment: `Prise en charge : ${timelineLine(input.kind, startsAt, input.durationMinutes, technician.displayName)}`,
      });
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "intervention.planned",
        entityType: "intervention",
        entityId: row.id,
        regionId: values.regionId,
        schoolId: values.schoolId,
        after: {
          kind: input.kind,
          ticket: values.ticketNumber,
          technicianId: technician.personId,
          startsAt: startsAt.toISOString(),
          durationMinutes: input.durationMinutes,
        },
      },
    );
    return row.id;
  });
  return getIntervention(ctx, id);
}

function assertStep(row: View, action: InterventionAction): InterventionStatusCode {
  const to = nextInterventionStatus(row.status as InterventionStatusCode, action);
  if (!to) throw new AppError("conflict", `Action impossible : l'intervention est « ${row.status} ».`, { details: { status: row.status } });
  return to;
}

async function writeStep(
  ctx: Ctx,
  row: View,
  version: number,
  changes: Parameters<typeof repo.updateIntervention>[3],
  event: { type: string; body: string; data?: Record<string, unknown> } | null,
  audit: { action: "intervention.done" | "intervention.certified" | "intervention.disputed" | "intervention.cancelled"; after: Record<string, unknown> },
  /** More to do in the same transaction (mail through the outbox). */
  also?: (ctx: Ctx, row: View) => Promise<void>,
) {
  await ctx.db.transaction(async (tx) => {
    const updated = await repo.updateIntervention(tx, row.id, version, changes, ctx.clock.now());
    if (!updated) throw new AppError("conflict.version", "L'intervention a été modifiée entre-temps : rechargez-la avant de continuer.");
    if (row.ticketId && event)
      await insertTicketEvent(tx, {
        ticketId: row.ticketId,
        actorId: ctx.actor.personId,
        actorLabel: ctx.actor.displayName,
        type: event.type,
        body: event.body,
        data: { interventionId: row.id, ...event.data },
      });
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: audit.action,
        entityType: "intervention",
        entityId: row.id,
        regionId: row.regionId,
        schoolId: row.schoolId,
        before: { status: row.status },
        after: audit.after,
      },
    );
    if (also) await also({ ...ctx, db: tx }, row);
  });
  return getIntervention(ctx, row.id);
}

/**
 * Who is asked to certify (DOMAIN §7): the school's coordinator; where the school has none yet,
 * its head, who also may certify.
 */
async function askForCertification(ctx: Ctx, row: View) {
  const today = isoOfDay(parisWallClock(ctx.clock.now()).day);
  const holders = await repo.findSchoolHolders(ctx.db, row.schoolId, ["coordinator", "head"], today);
  const coordinators = holders.filter((h) => h.role === "coordinator");
  const recipients = coordinators.length > 0 ? coordinators : holders;
  const kind = INTERVENTION_KINDS[row.kind as keyof typeof INTERVENTION_KINDS]?.fr ?? row.kind;
  const link = row.ticketNumber ? `${ctx.config.publicUrl}/tickets/${row.ticketNumber}` : `${ctx.config.publicUrl}/agenda`;
  for (const person of recipients) {
    await queueMail(ctx, {
      to: person.email,
      regionId: row.regionId,
      template: "intervention-to-certify",
      variables: {
        name: `${person.firstName} ${person.lastName}`,
        school: row.schoolName,
        kind,
        date: formatParis(row.startsAt),
        technician: row.technicianName,
        ticket: row.ticketNumber,
        link,
      },
    });
  }
}

/** The technician (or the desk) reports what was done and the time spent. */
export async function markInterventionDone(ctx: Ctx, id: string, input: DoneInput) {
  const row = await readIntervention(ctx, id);
  const to = assertStep(row, "done");
  if (!worksOn(ctx, row)) throw forbidden("Seuls le technicien de l'intervention et le centre de services la déclarent réalisée.");
  const now = ctx.clock.now();
  if (row.startsAt > now) throw new AppError("conflict", `L'intervention est prévue le ${formatParis(row.startsAt)} : elle ne peut pas être déjà réalisée.`);
  return writeStep(
    ctx,
    row,
    input.version,
    { status: to, report: input.report, timeSpentMinutes: input.timeSpentMinutes, doneAt: now, certifiedById: null, certifiedAt: null },
    {
      type: "intervention_done",
      body: `Intervention réalisée par ${row.technicianName} (${formatMinutes(input.timeSpentMinutes)}). En attente de l'attestation de service fait.`,
      data: { timeSpentMinutes: input.timeSpentMinutes },
    },
    { action: "intervention.done", after: { status: to, timeSpentMinutes: input.timeSpentMinutes } },
    askForCertification,
  );
}

/** DOMAIN §7: the school's coordinator (or head) certifies the service was delivered, or disputes it with a comment. */
export async function certifyIntervention(ctx: Ctx, id: string, input: CertificationInput) {
  const row = await readIntervention(ctx, id);
  const action = input.decision === "certified" ? "certify" : "dispute";
  const to = assertStep(row, action);
  if (!certifiesFor(ctx.actor, row.schoolId)) throw forbidden("Seuls le coordonnateur numérique et le chef de l'établissement attestent le service fait.");
  const now = ctx.clock.now();
  const certified = input.decision === "certified";
  return writeStep(
    ctx,
    row,
    input.version,
    { status: to, certifiedById: ctx.actor.personId, certifiedAt: now, certificationComment: input.comment ?? null },
    {
      type: certified ? "intervention_certified" : "intervention_disputed",
      body: certified
        ? `Service fait attesté par ${ctx.actor.displayName}.${input.comment ? ` ${input.comment}` : ""}`
        : `Intervention contestée par ${ctx.actor.displayName} : ${input.comment}`,
    },
    { action: certified ? "intervention.certified" : "intervention.disputed", after: { status: to, comment: input.comment ?? null } },
  );
}

export async function cancelIntervention(ctx: Ctx, id: string, input: { version: number; reason: string }) {
  const row = await readIntervention(ctx, id);
  const to = assertStep(row, "cancel");
  if (!worksOn(ctx, row)) throw forbidden("Seuls le technicien de l'intervention et le centre de services l'annulent.");
  return writeStep(
    ctx,
    row,
    input.version,
    { status: to, cancelledAt: ctx.clock.now(), cancellationReason: input.reason },
    { type: "intervention_cancelled", body: `Intervention du ${formatParis(row.startsAt)} annulée : ${input.reason}` },
    { action: "intervention.cancelled", after: { status: to, reason: input.reason } },
  );
}

/** Whether the actor may have a calendar feed: people who work tickets (technicians, the desk, contractors). */
export function mayHaveAgenda(ctx: Ctx): boolean {
  return ctx.actor.assignments.some((a) => roleHasPermission(a.role, "ticket.work"));
}
