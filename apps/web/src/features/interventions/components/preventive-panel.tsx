import { Alert, Badge, Button, Group, NumberInput, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Panel } from "../../../components/panel.tsx";
import { FormError } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { errorMessage, notifySuccess } from "../../../lib/notify.tsx";
import { useMe } from "../../../lib/session.ts";
import {
  createPreventivePlan,
  declareEstate,
  type PreventivePlan,
  type PreventivePlanInput,
  plannableSchoolsQuery,
  previewPreventivePlan,
} from "../api/agenda-api.ts";

const ZONE_PREFIX = "zone:";

function nextMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() + 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

/**
 * Preventive visits (seed 003: 0.25 day per fortnight per 100 PCs) for one of the viewer's
 * schools or their whole zone, over a month: preview the plan on business days, then write it
 * into the agenda.
 */
export function PreventivePanel() {
  const { t, formatNumber, locale } = useI18n();
  const visitFormat = new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "short", timeZone: "Europe/Paris" });
  const me = useMe();
  const queryClient = useQueryClient();
  const schools = useQuery(plannableSchoolsQuery);
  const zones = [...new Set(me.assignments.filter((a) => a.scopeKind === "zone" && a.zoneId).map((a) => a.zoneId as string))];
  const [target, setTarget] = useState<string | null>(zones[0] ? `${ZONE_PREFIX}${zones[0]}` : null);
  const [month, setMonth] = useState(nextMonth());
  const [plan, setPlan] = useState<PreventivePlan | null>(null);
  const input = (): PreventivePlanInput => ({
    ...(target?.startsWith(ZONE_PREFIX) ? { zone: target.slice(ZONE_PREFIX.length) } : { school: target ?? "" }),
    month,
    technicianId: me.id,
  });
  const preview = useMutation({ mutationFn: previewPreventivePlan, onSuccess: setPlan });
  const create = useMutation({
    mutationFn: createPreventivePlan,
    onSuccess: async (result) => {
      setPlan(null);
      notifySuccess(t("preventive.created", { count: result.created }));
      await queryClient.invalidateQueries({ queryKey: ["interventions"] });
    },
  });
  const options = [
    ...zones.map((zone) => ({
      value: `${ZONE_PREFIX}${zone}`,
      label: t("preventive.wholeZone", { zone: schools.data?.items.find((s) => s.zoneId === zone)?.zoneName ?? "" }),
    })),
    ...(schools.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.uai})` })),
  ];
  const error = preview.error ?? create.error;

  return (
    <Panel title={t("preventive.title")} gap={4} mt="lg">
      <Text size="sm" c="dimmed" mb="sm">
        {t("preventive.rule")}
      </Text>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label={t("preventive.target")}
          data={options}
          value={target}
          onChange={(v) => {
            setTarget(v);
            setPlan(null);
          }}
          searchable
          w={360}
        />
        <TextInput
          type="month"
          label={t("preventive.month")}
          value={month}
          onChange={(e) => {
            setMonth(e.currentTarget.value);
            setPlan(null);
          }}
          w={180}
        />
        <Button variant="default" onClick={() => preview.mutate(input())} loading={preview.isPending} disabled={!target || !month}>
          {t("preventive.preview")}
        </Button>
      </Group>
      {error ? <FormError message={errorMessage(error, t)} /> : null}
      {plan ? (
        <Stack mt="md" gap="sm">
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("agenda.school")}</Table.Th>
                <Table.Th>{t("preventive.pcs")}</Table.Th>
                <Table.Th>{t("preventive.due")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plan.schools.map((s) => (
                <Table.Tr key={s.schoolId}>
                  <Table.Td>{s.schoolName}</Table.Td>
                  <Table.Td>
                    <EstateCell school={s} onSaved={() => preview.mutate(input())} />
                  </Table.Td>
                  <Table.Td>{t("preventive.dueMinutes", { hours: formatNumber(Math.round((s.dueMinutes / 60) * 100) / 100) })}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {plan.quotaDaysPerMonth !== null ? <Text size="sm">{t("preventive.quota", { days: plan.quotaDaysPerMonth })}</Text> : null}
          {plan.unplanned.length > 0 ? (
            <Alert color="orange" variant="light">
              {t("preventive.unplanned")}
            </Alert>
          ) : null}
          {plan.visits.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("preventive.noVisit")}
            </Text>
          ) : (
            <>
              <Text size="sm" fw={600}>
                {t("preventive.visits", { count: plan.visits.length })}
              </Text>
              <Table>
                <Table.Tbody>
                  {plan.visits.map((v) => (
                    <Table.Tr key={`${v.schoolId}-${v.startsAt}`}>
                      <Table.Td>{visitFormat.format(new Date(v.startsAt))}</Table.Td>
                      <Table.Td>{v.schoolName}</Table.Td>
                      <Table.Td>{t("preventive.minutes", { minutes: v.durationMinutes })}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Group justify="flex-end">
                <Button onClick={() => create.mutate(input())} loading={create.isPending}>
                  {t("preventive.create")}
                </Button>
              </Group>
            </>
          )}
        </Stack>
      ) : null}
    </Panel>
  );
}

/** The count the plan used, and, unless it comes from the inventory, a way to declare it. */
function EstateCell({ school, onSaved }: { school: PreventivePlan["schools"][number]; onSaved: () => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState<number | string>(school.pcCount ?? "");
  const save = useMutation({ mutationFn: () => declareEstate(school.schoolId, Number(value)), onSuccess: onSaved });
  if (school.pcSource === "inventory")
    return (
      <Group gap="xs">
        <Text size="sm">{school.pcCount}</Text>
        <Badge size="xs" variant="light">
          {t("preventive.fromInventory")}
        </Badge>
      </Group>
    );
  return (
    <Group gap="xs" wrap="nowrap">
      <NumberInput
        aria-label={t("preventive.pcsOf", { school: school.schoolName })}
        value={value}
        onChange={setValue}
        min={0}
        max={100000}
        w={110}
        size="xs"
        placeholder={t("preventive.unknown")}
      />
      <Button size="xs" variant="default" onClick={() => save.mutate()} loading={save.isPending} disabled={value === "" || Number(value) === school.pcCount}>
        {t("common.save")}
      </Button>
      {save.isError ? (
        <Text size="xs" c="red">
          {errorMessage(save.error, t)}
        </Text>
      ) : null}
    </Group>
  );
}
