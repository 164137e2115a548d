import { Group, NativeSelect, Paper, Radio, SimpleGrid, Text, TextInput } from "@mantine/core";
import type { MessageKey } from "../../../lib/i18n/fr.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { GROUPINGS, type Grouping, PERIODS, type Period, type SteeringSearch } from "../routes/steering.search.ts";

export const PERIOD_LABELS: Record<Period, MessageKey> = {
  year: "steering.period.year",
  "30d": "steering.period.30d",
  custom: "steering.period.custom",
};
export const GROUPING_LABELS: Record<Grouping, MessageKey> = {
  zone: "steering.groupBy.zone",
  sector: "steering.groupBy.sector",
  organisation: "steering.groupBy.organisation",
  school: "steering.groupBy.school",
  category: "steering.groupBy.category",
};

/** The period the figures cover and the grouping of the detailed figures, both kept in the URL. */
export function SteeringControls({
  search,
  onChange,
  invalidRange,
}: {
  search: SteeringSearch;
  onChange: (patch: Partial<SteeringSearch>) => void;
  invalidRange: boolean;
}) {
  const { t } = useI18n();
  const period = search.period ?? "year";
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      bg="white"
      mb="lg"
      component="form"
      role="search"
      aria-label={t("steering.controls")}
      onSubmit={(e: React.FormEvent) => e.preventDefault()}
    >
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <div>
          <Radio.Group label={t("steering.period")} value={period} onChange={(value) => onChange({ period: value as Period, from: undefined, to: undefined })}>
            <Group mt="xs" gap="md">
              {PERIODS.map((p) => (
                <Radio key={p} value={p} label={t(PERIOD_LABELS[p])} />
              ))}
            </Group>
          </Radio.Group>
          {period === "custom" ? (
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" mt="sm">
              <TextInput
                label={t("steering.from")}
                type="date"
                value={search.from ?? ""}
                max={search.to}
                onChange={(e) => onChange({ from: e.currentTarget.value || undefined })}
              />
              <TextInput
                label={t("steering.to")}
                type="date"
                value={search.to ?? ""}
                min={search.from}
                onChange={(e) => onChange({ to: e.currentTarget.value || undefined })}
                error={invalidRange ? t("steering.invalidRange") : undefined}
              />
            </SimpleGrid>
          ) : null}
        </div>
        <div>
          <NativeSelect
            label={t("steering.groupBy")}
            description={t("steering.groupByHint")}
            inputWrapperOrder={["label", "input", "description"]}
            value={search.groupBy ?? "zone"}
            onChange={(e) => onChange({ groupBy: e.currentTarget.value as Grouping })}
            data={GROUPINGS.map((g) => ({ value: g, label: t(GROUPING_LABELS[g]) }))}
            maw={360}
          />
          <Text size="xs" c="dimmed" mt="sm">
            {t("steering.scopeNote")}
          </Text>
        </div>
      </SimpleGrid>
    </Paper>
  );
}
