import { Alert, Button, Group, NumberInput, Radio, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { isRole, roleLabel } from "@relais/shared/roles";
import { EVOLUTION_DECISIONS, IMPACTS, REROUTE_DESTINATIONS, TICKET_KINDS, URGENCIES } from "@relais/shared/tickets";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { AppModal } from "../../../components/app-modal.tsx";
import { FormError } from "../../../components/query-state.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { applyApiError } from "../../../lib/forms.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { assigneesQuery, type TicketDetail, ticketsQuery, transitionTicket } from "../api/tickets-api.ts";
import { actionLabel, categoryGroups, optionsOf } from "./ticket-labels.ts";

type Values = {
  comment: string;
  kind: string;
  category: string;
  urgency: string;
  impact: string;
  reason: string;
  assignee: string;
  resolution: string;
  timeSpentMinutes: number | string;
  destination: string;
  into: string;
  decision: string;
};

/** What each step asks for; the API checks it again and answers in French if something is missing. */
const NEEDS_REASON = new Set(["reopen"]);

/**
 * One dialog per workflow step, with only the fields that step takes. The ticket's version is
 * sent along: if someone changed the ticket meanwhile, the API refuses and the page reloads it.
 */
export function ActionModal({ action, detail, onClose }: { action: string | null; detail: TicketDetail; onClose: () => void }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const { ticket } = detail;
  const [formError, setFormError] = useState<string | null>(null);
  const opened = action !== null;
  const form = useForm<Values>({
    initialValues: {
      comment: "",
      kind: ticket.kind,
      category: ticket.category,
      urgency: ticket.urgency,
      impact: ticket.impact,
      reason: "",
      assignee: defaultAssignee(detail),
      resolution: "",
      timeSpentMinutes: "",
      destination: "",
      into: "",
      decision: "accepted",
    },
    validate: {
      reason: (v, values) =>
        (action && NEEDS_REASON.has(action)) ||
        (action === "decide" && values.decision === "refused") ||
        (action === "qualify" && values.urgency !== ticket.urgency)
          ? v.trim().length >= 3
            ? null
            : t("ticketAction.reasonRequired")
          : null,
      resolution: (v) => (action === "resolve" && v.trim().length < 3 ? t("ticketAction.resolutionRequired") : null),
      assignee: (v) => (action === "assign" && !v ? t("ticketAction.assigneeRequired") : null),
      destination: (v) => (action === "reroute" && !v ? t("ticketAction.destinationRequired") : null),
      into: (v) => (action === "merge" && !v ? t("ticketAction.intoRequired") : null),
    },
  });
  const candidates = useQuery({ ...assigneesQuery(ticket.id), enabled: action === "assign" });
  const sameSchool = useQuery({
    ...ticketsQuery({ school: ticket.schoolId, status: ["new", "qualified", "assigned", "in_progress", "waiting"], pageSize: 100 }),
    enabled: action === "merge",
  });

  const close = () => {
    form.reset();
    setFormError(null);
    onClose();
  };

  const mutation = useMutation({
    mutationFn: (values: Values) => transitionTicket(ticket.id, bodyOf(action as string, values, ticket.version)),
    onSuccess: async (updated) => {
      queryClient.setQueryData(["tickets", "detail", ticket.number], updated);
      await queryClient.invalidateQueries({ queryKey: ["tickets", "list"] });
      notifySuccess(t("ticketAction.done", { action: actionLabel(action, language), number: ticket.number }));
      close();
    },
    onError: async (error) => {
      setFormError(applyApiError(form, error, { assigneePersonId: "assignee", assigneeOrganisationId: "assignee" }));
      if (error instanceof ApiError && error.code === "conflict.version")
        await queryClient.invalidateQueries({ queryKey: ["tickets", "detail", ticket.number] });
    },
  });

  const people = (candidates.data?.people ?? []).map((p) => ({
    value: `person:${p.id}`,
    label: `${p.name} — ${isRole(p.role) ? roleLabel(p.role, language) : p.role}`,
  }));
  const organisations = (candidates.data?.organisations ?? []).map((o) => ({ value: `organisation:${o.id}`, label: o.name }));
  const groups = { infrastructure: t("category.group.infrastructure"), office: t("category.group.office"), other: t("category.group.other") };

  return (
    <AppModal opened={opened} onClose={close} title={`${actionLabel(action, language)} — ${ticket.number}`} size="lg">
      <form noValidate onSubmit={form.onSubmit((values) => mutation.mutate(values))}>
        <Stack gap="md">
          {action === "qualify" ? (
            <>
              <Text size="sm">{t("ticketAction.qualifyHint")}</Text>
              <Select label={t("ticket.kind")} data={optionsOf(TICKET_KINDS, language)} allowDeselect={false} {...form.getInputProps("kind")} />
              <Select
                label={t("ticket.category")}
                data={categoryGroups(language, groups)}
                searchable
                allowDeselect={false}
                {...form.getInputProps("category")}
              />
              <Select label={t("ticket.urgency")} data={optionsOf(URGENCIES, language)} allowDeselect={false} {...form.getInputProps("urgency")} />
              <Select label={t("ticket.impact")} data={optionsOf(IMPACTS, language)} allowDeselect={false} {...form.getInputProps("impact")} />
              {form.values.urgency !== ticket.urgency ? <TextInput label={t("ticketAction.urgencyReason")} required {...form.getInputProps("reason")} /> : null}
            </>
          ) : null}
          {action === "assign" ? (
            <>
              <SuggestedRouteNote detail={detail} />
              <Select
                label={t("ticketAction.assignee")}
                required
                searchable
                data={[
                  { group: t("ticketAction.people"), items: people },
                  { group: t("ticketAction.organisations"), items: organisations },
                ]}
                allowDeselect={false}
                nothingFoundMessage={candidates.isPending ? t("common.loading") : t("ticketAction.noCandidate")}
                {...form.getInputProps("assignee")}
              />
            </>
          ) : null}
          {action === "resolve" ? (
            <>
              <Textarea label={t("ticket.resolution")} required autosize minRows={3} {...form.getInputProps("resolution")} />
              <NumberInput label={t("ticketAction.timeSpent")} min={0} max={100000} step={15} suffix=" min" {...form.getInputProps("timeSpentMinutes")} />
            </>
          ) : null}
          {action === "reroute" ? (
            <Select label={t("ticketAction.destination")} required data={optionsOf(REROUTE_DESTINATIONS, language)} {...form.getInputProps("destination")} />
          ) : null}
          {action === "merge" ? (
            <Select
              label={t("ticketAction.into")}
              required
              searchable
              data={(sameSchool.data?.items ?? [])
                .filter((other) => other.id !== ticket.id)
                .map((other) => ({ value: other.number, label: `${other.number} — ${other.title}` }))}
              nothingFoundMessage={t("ticketAction.noOpenTicket")}
              {...form.getInputProps("into")}
            />
          ) : null}
          {action === "decide" ? (
            <Radio.Group label={t("ticketAction.decision")} {...form.getInputProps("decision")}>
              <Group mt="xs">
                {optionsOf(EVOLUTION_DECISIONS, language).map((o) => (
                  <Radio key={o.value} value={o.value} label={o.label} />
                ))}
              </Group>
            </Radio.Group>
          ) : null}
          {action === "reopen" || (action === "decide" && form.values.decision === "refused") ? (
            <Textarea
              label={action === "reopen" ? t("ticketAction.reopenReason") : t("ticketAction.refusalReason")}
              required
              autosize
              minRows={2}
              {...form.getInputProps("reason")}
            />
          ) : null}
          {action === "close" ? <Text size="sm">{t("ticketAction.closeHint")}</Text> : null}
          <Textarea
            label={action === "wait" ? t("ticketAction.waitReason") : t("ticketAction.comment")}
            autosize
            minRows={2}
            {...form.getInputProps("comment")}
          />
          <FormError message={formError} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {actionLabel(action, language)}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}

/** The region's table says who handles this category: the desk sees it when it assigns. */
function SuggestedRouteNote({ detail }: { detail: TicketDetail }) {
  const { t } = useI18n();
  const route = detail.suggestedRoute;
  if (!route) return null;
  if (route.handler === "supplier") {
    return (
      <Alert color="yellow" variant="light" title={t("route.supplierTitle", { supplier: route.supplier })}>
        {t("route.supplierText")} {route.contact ? `(${route.contact})` : null}
      </Alert>
    );
  }
  const text =
    route.handler === "organisation"
      ? t("route.organisation", { name: route.organisationName })
      : route.technicians.length
        ? t("route.technicians", { names: route.technicians.map((c) => c.name).join(", ") })
        : t("route.noTechnician");
  return (
    <Alert color="blue" variant="light">
      {text}
    </Alert>
  );
}

function defaultAssignee(detail: TicketDetail): string {
  const route = detail.suggestedRoute;
  if (route?.handler === "organisation") return `organisation:${route.organisationId}`;
  if (route?.handler === "zone_technicians" && route.technicians.length === 1) return `person:${route.technicians[0]?.id}`;
  return "";
}

/** The API's body for a step: only what the step takes, with the version that was read. */
function bodyOf(action: string, v: Values, version: number): Record<string, unknown> {
  const body: Record<string, unknown> = { action, version };
  if (v.comment.trim()) body.comment = v.comment.trim();
  if (v.reason.trim()) body.reason = v.reason.trim();
  switch (action) {
    case "qualify":
      Object.assign(body, { kind: v.kind, category: v.category, urgency: v.urgency, impact: v.impact });
      break;
    case "assign": {
      const [kind, id] = v.assignee.split(":");
      body[kind === "organisation" ? "assigneeOrganisationId" : "assigneePersonId"] = id;
      break;
    }
    case "resolve":
      body.resolution = v.resolution.trim();
      if (v.timeSpentMinutes !== "") body.timeSpentMinutes = Number(v.timeSpentMinutes);
      break;
    case "reroute":
      body.destination = v.destination;
      break;
    case "merge":
      body.into = v.into;
      break;
    case "decide":
      body.decision = v.decision;
      break;
  }
  return body;
}
