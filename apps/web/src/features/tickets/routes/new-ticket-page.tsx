import { Button, Grid, Group, Paper, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import type { Page } from "@relais/shared/lists";
import type { Person } from "@relais/shared/people";
import type { School } from "@relais/shared/schools";
import { IMPACTS, TICKET_CHANNELS, TICKET_KINDS, URGENCIES } from "@relais/shared/tickets";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { PageHeader } from "../../../components/page-header.tsx";
import { FormError } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { api } from "../../../lib/api-client.ts";
import { applyApiError } from "../../../lib/forms.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { errorMessage, notifyError, notifySuccess } from "../../../lib/notify.tsx";
import { hasPermission, useMe } from "../../../lib/session.ts";
import { uploadAttachments } from "../api/attachments-api.ts";
import { type FileTicketInput, fileTicket } from "../api/tickets-api.ts";
import { AttachmentInput, attachmentLimitError } from "../components/attachment-input.tsx";
import { DeadlinePreview, DuplicateHints } from "../components/deadline-preview.tsx";
import { categoryGroups, optionsOf } from "../components/ticket-labels.ts";

type Values = Required<Omit<FileTicketInput, "requesterId">> & { requesterId: string };

/**
 * Filing a ticket: the school, what happens, how urgent and how wide; the deadlines it will get
 * and the school's open tickets of the same category are shown before it is sent. The desk,
 * filing on behalf of a caller, also names the channel and the caller.
 */
const route = getRouteApi("/app/tickets/nouveau");

export function NewTicketPage() {
  const { t, language } = useI18n();
  const prefill = route.useSearch();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const isDesk = hasPermission(me, "ticket.work");
  const [formError, setFormError] = useState<string | null>(null);
  // Files go up right after the ticket is filed: the API takes them on the ticket, not in the filing.
  const [files, setFiles] = useState<File[]>([]);
  const [filesError, setFilesError] = useState<string | null>(null);
  const [schoolSearch, setSchoolSearch] = useState("");
  const [debouncedSchool] = useDebouncedValue(schoolSearch, 250);
  const [requesterSearch, setRequesterSearch] = useState("");
  const [debouncedRequester] = useDebouncedValue(requesterSearch, 250);

  const form = useForm<Values>({
    initialValues: {
      school: "",
      kind: prefill.nature ?? "incident",
      category: prefill.categorie ?? "",
      urgency: "medium",
      impact: "user",
      title: "",
      description: "",
      channel: isDesk ? "phone" : "web",
      requesterId: "",
    },
    validate: {
      school: (v) => (v ? null : t("newTicket.schoolRequired")),
      category: (v) => (v ? null : t("newTicket.categoryRequired")),
      title: (v) => (v.trim().length >= 5 ? null : t("newTicket.titleTooShort")),
      description: (v) => (v.trim().length >= 10 ? null : t("newTicket.descriptionTooShort")),
    },
  });

  const schools = useQuery({
    queryKey: ["schools", "pick", debouncedSchool],
    queryFn: ({ signal }) => api.get<Page<School>>("/schools", { q: debouncedSchool || undefined, pageSize: 20, sort: "name" }, signal),
    placeholderData: keepPreviousData,
  });
  // Someone with a single school files for it without choosing.
  useEffect(() => {
    const only = schools.data && !debouncedSchool && schools.data.total === 1 ? schools.data.items[0] : undefined;
    if (only && !form.values.school) form.setFieldValue("school", only.id);
  });
  const requesters = useQuery({
    queryKey: ["people", "requester", form.values.school, debouncedRequester],
    queryFn: ({ signal }) =>
      api.get<Page<Person>>("/people", { schoolId: form.values.school, q: debouncedRequester || undefined, pageSize: 20, sort: "lastName" }, signal),
    enabled: isDesk && Boolean(form.values.school),
    placeholderData: keepPreviousData,
  });

  const file = useMutation({
    mutationFn: (values: Values) =>
      fileTicket({ ...values, ...(isDesk ? {} : { channel: undefined }), requesterId: isDesk && values.requesterId ? values.requesterId : undefined }),
    onSuccess: async (created) => {
      if (files.length > 0) {
        try {
          await uploadAttachments(created.ticket.id, { files, internal: false });
        } catch (error) {
          // The ticket stands; its page offers to join the files again.
          notifyError(t("newTicket.filesRefused", { number: created.ticket.number, detail: errorMessage(error, t) }));
        }
      }
      await queryClient.invalidateQueries({ queryKey: ["tickets"] });
      notifySuccess(t("newTicket.filed", { number: created.ticket.number }));
      await navigate({ to: "/tickets/$number", params: { number: created.ticket.number } });
    },
    onError: (error) => setFormError(applyApiError(form, error, { requesterId: "requesterId" })),
  });

  const schoolOptions = (schools.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.uai})` }));
  const v = form.values;
  return (
    <>
      <PageHeader
        title={t("newTicket.title")}
        subtitle={t("newTicket.subtitle")}
        before={
          <AnchorLink to="/tickets" size="sm">
            ← {t("nav.tickets")}
          </AnchorLink>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder radius="md" p="lg" bg="white">
            <form
              noValidate
              onSubmit={form.onSubmit((values) => {
                setFormError(null);
                const limit = attachmentLimitError(files, t);
                setFilesError(limit);
                if (!limit) file.mutate(values);
              })}
            >
              <Stack gap="md">
                <Select
                  label={t("ticket.school")}
                  required
                  searchable
                  data={schoolOptions}
                  searchValue={schoolSearch}
                  onSearchChange={setSchoolSearch}
                  nothingFoundMessage={t("newTicket.noSchool")}
                  {...form.getInputProps("school")}
                />
                {isDesk ? (
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <Select label={t("ticket.channel")} data={optionsOf(TICKET_CHANNELS, language)} allowDeselect={false} {...form.getInputProps("channel")} />
                    <Select
                      label={t("newTicket.requester")}
                      description={t("newTicket.requesterHint")}
                      searchable
                      clearable
                      disabled={!v.school}
                      data={(requesters.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.lastName} ${p.firstName}` }))}
                      searchValue={requesterSearch}
                      onSearchChange={setRequesterSearch}
                      {...form.getInputProps("requesterId")}
                    />
                  </SimpleGrid>
                ) : null}
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Select label={t("ticket.kind")} data={optionsOf(TICKET_KINDS, language)} allowDeselect={false} {...form.getInputProps("kind")} />
                  <Select
                    label={t("ticket.category")}
                    required
                    searchable
                    data={categoryGroups(language, {
                      infrastructure: t("category.group.infrastructure"),
                      office: t("category.group.office"),
                      other: t("category.group.other"),
                    })}
                    {...form.getInputProps("category")}
                  />
                </SimpleGrid>
                {v.kind === "data_breach" ? (
                  <Text size="sm" c="red.8" fw={600} role="note">
                    {t("newTicket.breachNote")}
                  </Text>
                ) : null}
                <Radio.Group label={t("ticket.urgency")} description={t("newTicket.urgencyHint")} {...form.getInputProps("urgency")}>
                  <Group mt="xs">
                    {optionsOf(URGENCIES, language).map((o) => (
                      <Radio key={o.value} value={o.value} label={o.label} />
                    ))}
                  </Group>
                </Radio.Group>
                <Radio.Group label={t("ticket.impact")} description={t("newTicket.impactHint")} {...form.getInputProps("impact")}>
                  <Stack mt="xs" gap={6}>
                    {optionsOf(IMPACTS, language).map((o) => (
                      <Radio key={o.value} value={o.value} label={o.label} />
                    ))}
                  </Stack>
                </Radio.Group>
                <TextInput label={t("ticket.title")} required maxLength={160} description={t("newTicket.titleHint")} {...form.getInputProps("title")} />
                <Textarea
                  label={t("ticket.description")}
                  required
                  autosize
                  minRows={5}
                  maxLength={10000}
                  description={t("newTicket.descriptionHint")}
                  {...form.getInputProps("description")}
                />
                <AttachmentInput value={files} onChange={setFiles} error={filesError} />
                <FormError message={formError} />
                <Group justify="flex-end">
                  <Button type="submit" loading={file.isPending}>
                    {t("newTicket.submit")}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <DeadlinePreview draft={{ school: v.school, category: v.category, urgency: v.urgency, impact: v.impact, kind: v.kind }} />
            <DuplicateHints school={v.school} category={v.category} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
