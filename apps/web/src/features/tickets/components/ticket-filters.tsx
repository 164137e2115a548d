import { Button, Group, MultiSelect, Paper, Select, Switch, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { OPEN_STATUSES, TICKET_KINDS, TICKET_STATUSES } from "@relais/shared/tickets";
import { IconSearch } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { TicketListSearch } from "../routes/tickets.search.ts";
import { categoryGroups, optionsOf } from "./ticket-labels.ts";

type Filters = Pick<TicketListSearch, "status" | "category" | "kind" | "mine" | "q">;

/** The list's filters; "/" puts the cursor in the search box from anywhere on the page. */
export function TicketFilters({ value, onChange, showMine }: { value: Filters; onChange: (filters: Filters) => void; showMine: boolean }) {
  const { t, language } = useI18n();
  const [q, setQ] = useState(value.q ?? "");
  useEffect(() => setQ(value.q ?? ""), [value.q]);
  const pushQ = useDebouncedCallback((text: string) => onChange({ ...value, q: text.trim() || undefined }), 300);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key !== "/" || target?.closest("input, textarea, select, [contenteditable]")) return;
      event.preventDefault();
      document.getElementById("ticket-search")?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const onlyOpen = value.status?.length === OPEN_STATUSES.length && OPEN_STATUSES.every((s) => value.status?.includes(s));
  return (
    <Paper withBorder radius="md" p="sm" mb="md" bg="white">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          id="ticket-search"
          label={t("tickets.search")}
          placeholder={t("tickets.searchPlaceholder")}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            pushQ(e.currentTarget.value);
          }}
          w={{ base: "100%", sm: 240 }}
        />
        <MultiSelect
          label={t("ticket.status")}
          placeholder={value.status?.length ? undefined : t("tickets.allStatuses")}
          data={optionsOf(TICKET_STATUSES, language)}
          value={value.status ?? []}
          onChange={(status) => onChange({ ...value, status: status.length ? status : undefined })}
          clearable
          w={{ base: "100%", sm: 300 }}
        />
        <Select
          label={t("ticket.category")}
          placeholder={t("tickets.allCategories")}
          data={categoryGroups(language, {
            infrastructure: t("category.group.infrastructure"),
            office: t("category.group.office"),
            other: t("category.group.other"),
          })}
          value={value.category ?? null}
          onChange={(category) => onChange({ ...value, category: category ?? undefined })}
          clearable
          searchable
          w={{ base: "100%", sm: 200 }}
        />
        <Select
          label={t("ticket.kind")}
          placeholder={t("tickets.allKinds")}
          data={optionsOf(TICKET_KINDS, language)}
          value={value.kind ?? null}
          onChange={(kind) => onChange({ ...value, kind: (kind ?? undefined) as Filters["kind"] })}
          clearable
          w={{ base: "100%", sm: 220 }}
        />
        {showMine ? (
          <Switch
            label={t("tickets.mine")}
            checked={value.mine ?? false}
            onChange={(e) => onChange({ ...value, mine: e.currentTarget.checked || undefined })}
            mb={8}
          />
        ) : null}
        <Button
          variant={onlyOpen ? "filled" : "default"}
          onClick={() => onChange({ ...value, status: onlyOpen ? undefined : [...OPEN_STATUSES] })}
          aria-pressed={onlyOpen}
        >
          {t("tickets.onlyOpen")}
        </Button>
      </Group>
    </Paper>
  );
}
