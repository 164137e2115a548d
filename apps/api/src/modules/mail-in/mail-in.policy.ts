import type { Actor } from "../auth/actor.ts";

/**
 * Who reads what came into a region's desk mailbox: its administrators and its helpdesk
 * operators (the desk that qualifies the tickets mail opens), and the platform's. Narrower
 * than "ticket.work": a zone technician or a contractor works tickets but does not read the
 * desk's mail, refused senders and bounces included.
 */
export function inboundReadableRegions(actor: Pick<Actor, "assignments">): string[] | "all" {
  if (actor.assignments.some((a) => a.role === "platform_admin")) return "all";
  return [
    ...new Set(
      actor.assignments
        .filter((a) => a.scope.kind === "region" && a.scope.regionId && (a.role === "region_admin" || a.role === "helpdesk_operator"))
        .map((a) => a.scope.regionId as string),
    ),
  ];
}
