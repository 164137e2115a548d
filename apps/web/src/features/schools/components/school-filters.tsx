import { Button, Grid, Group, NativeSelect, Paper, TextInput } from "@mantine/core";
import { DIGITAL_MODES, SCHOOL_TYPES } from "@relais/shared/schools";
import { IconSearch, IconX } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { useDebouncedEffect } from "../../../lib/use-debounced-callback.ts";
import { academiesQuery, sectorsQuery } from "../api/schools-api.ts";
import type { SchoolDirectorySearch } from "../routes/school-directory.search.ts";

type Filters = Pick<SchoolDirectorySearch, "q" | "academie" | "type" | "digitalMode" | "place">;

/**
 * Native selects (fast, fully keyboard operable, read well by screen readers) and a search box
 * that filters as one types, after a short pause.
 */
export function SchoolFilters({ value, onChange }: { value: Filters; onChange: (next: Filters) => void }) {
  const { t } = useI18n();
  const academies = useQuery(academiesQuery);
  const sectors = useQuery(sectorsQuery);
  const [q, setQ] = useState(value.q ?? "");
  useEffect(() => setQ(value.q ?? ""), [value.q]);
  useDebouncedEffect(q, 250, (text) => {
    if ((text.trim() || undefined) !== value.q) onChange({ ...value, q: text.trim() || undefined });
  });

  const placeData = [
    { value: "", label: t("schools.filter.allPlaces") },
    ...(sectors.data?.items ?? []).map((sector) => ({
      group: sector.name,
      items: [
        { value: `sector:${sector.id}`, label: t("schools.filter.wholeSector", { sector: sector.name }) },
        ...sector.zones.map((zone) => ({ value: `zone:${zone.id}`, label: zone.name })),
      ],
    })),
  ];
  const isFiltered = Boolean(value.q || value.academie || value.type || value.digitalMode || value.place);

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      bg="white"
      mb="md"
      component="form"
      role="search"
      aria-label={t("schools.filter.title")}
      onSubmit={(e: React.FormEvent) => e.preventDefault()}
    >
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, sm: 12, lg: 4 }}>
          <TextInput
            label={t("schools.filter.search")}
            placeholder={t("schools.filter.searchPlaceholder")}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") onChange({ ...value, q: q.trim() || undefined });
            }}
            type="search"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 2 }}>
          <NativeSelect
            label={t("school.academie")}
            value={value.academie ?? ""}
            onChange={(e) => onChange({ ...value, academie: e.currentTarget.value || undefined })}
            data={[{ value: "", label: t("schools.filter.allAcademies") }, ...(academies.data?.items ?? []).map((a) => ({ value: a, label: a }))]}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 2 }}>
          <NativeSelect
            label={t("school.type")}
            value={value.type ?? ""}
            onChange={(e) => onChange({ ...value, type: (e.currentTarget.value || undefined) as Filters["type"] })}
            data={[{ value: "", label: t("schools.filter.allTypes") }, ...SCHOOL_TYPES.map((type) => ({ value: type, label: t(`schoolType.${type}`) }))]}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 2 }}>
          <NativeSelect
            label={t("school.digitalMode")}
            value={value.digitalMode ?? ""}
            onChange={(e) => onChange({ ...value, digitalMode: (e.currentTarget.value || undefined) as Filters["digitalMode"] })}
            data={[{ value: "", label: t("schools.filter.allModes") }, ...DIGITAL_MODES.map((mode) => ({ value: mode, label: t(`digitalMode.${mode}`) }))]}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 2 }}>
          <NativeSelect
            label={t("school.sectorZone")}
            value={value.place ?? ""}
            onChange={(e) => onChange({ ...value, place: e.currentTarget.value || undefined })}
            data={placeData}
          />
        </Grid.Col>
      </Grid>
      {isFiltered ? (
        <Group mt="sm">
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconX size={14} aria-hidden />}
            onClick={() => {
              setQ("");
              onChange({});
            }}
          >
            {t("schools.filter.reset")}
          </Button>
        </Group>
      ) : null}
    </Paper>
  );
}
