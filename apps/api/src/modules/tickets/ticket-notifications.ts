import { isRestrictedKind, TICKET_ACTION_LABELS, TICKET_STATUSES, type TicketAction, type TicketKind, type TicketStatus } from "@relais/shared/tickets";
import { and, eq, inArray } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { activeAssignment } from "../../lib/active-assignment.ts";
import { queueMail } from "../mail/mail.service.ts";
import { deskReplyAddress } from "../mail-in/mailbox-settings.ts";
import { regions } from "../organisation/organisation.schema.ts";
import { people, roleAssignments } from "../people/people.schema.ts";

export type NotifiedTicket = {
  id: string;
  number: string;
  title: string;
  kind: TicketKind;
  status: TicketStatus;
  regionId: string;
  schoolId: string;
  requesterId: string;
  assigneePersonId: string | null;
};

type Step = TicketAction | "created" | "comment" | "reminder" | "escalation" | "reclassified";

const STEP_WORDS: Record<Step, string> = {
  created: "ticket enregistré",
  comment: "nouveau commentaire",
  reminder: "relance de l'établissement",
  escalation: "escalade : le délai de résolution est entamé ou dépassé",
  reclassified: "requalification (urgence, impact ou catégorie) : les échéances sont recalculées",
  ...(Object.fromEntries(Object.entries(TICKET_ACTION_LABELS).map(([action, label]) => [action, label.fr.toLowerCase()])) as Record<TicketAction, string>),
};

/**
 * An e-mail at every step (seed 003) to the requester, the school's correspondents and the
 * assignee, through the outbox in the step's transaction. The person who took the step is not
 * told what they just did, except the requester, who gets the number of the ticket they filed.
 * A security incident or breach is not mailed to correspondents outside its restricted chain.
 */
export async function notifyTicketStep(ctx: Ctx, ticket: NotifiedTicket, step: Step, detail: string | null, schoolName: string) {
  const correspondents = isRestrictedKind(ticket.kind)
    ? []
    : await ctx.db
        .select({ personId: roleAssignments.personId })
        .from(roleAssignments)
        .where(
          and(eq(roleAssignments.schoolId, ticket.schoolId), inArray(roleAssignments.role, ["correspondent", "deputy_correspondent"]), activeAssignment()),
        );
  const ids = new Set([ticket.requesterId, ...correspondents.map((c) => c.personId), ...(ticket.assigneePersonId ? [ticket.assigneePersonId] : [])]);
  if (!(step === "created" && ticket.requesterId === ctx.actor.personId)) ids.delete(ctx.actor.personId);
  await mailTicketStep(ctx, ticket, [...ids], step, detail, schoolName);
}

/** The step's e-mail to the given people (the active ones), through the outbox. */
export async function mailTicketStep(ctx: Ctx, ticket: NotifiedTicket, personIds: string[], step: Step, detail: string | null, schoolName: string) {
  if (personIds.length === 0) return;
  const recipients = await ctx.db
    .select({ email: people.email, firstName: people.firstName, lastName: people.lastName })
    .from(people)
    .where(and(inArray(people.id, personIds), eq(people.isActive, true)));
  if (recipients.length === 0) return;
  // An answer to the mail goes to the region's desk mailbox, where it joins the ticket.
  const [region] = await ctx.db.select({ settings: regions.settings }).from(regions).where(eq(regions.id, ticket.regionId));
  const replyTo = deskReplyAddress(region?.settings);
  for (const person of recipients) {
    await queueMail(ctx, {
      to: person.email,
      template: "ticket-step",
      regionId: ticket.regionId,
      replyTo,
      variables: {
        name: `${person.firstName} ${person.lastName}`,
        number: ticket.number,
        title: ticket.title,
        school: schoolName,
        step: STEP_WORDS[step],
        status: TICKET_STATUSES[ticket.status].fr,
        by: ctx.actor.displayName,
        detail,
        link: `${ctx.config.publicUrl}/tickets/${ticket.number}`,
      },
    });
  }
}
