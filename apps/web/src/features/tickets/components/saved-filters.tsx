import { ActionIcon, Button, Group, Select, Stack, TextInput, Tooltip } from "@mantine/core";
import { IconBookmark, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { AppModal } from "../../../components/app-modal.tsx";
import { FormError } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { errorMessage, notifySuccess } from "../../../lib/notify.tsx";
import { deleteFilter, savedFiltersQuery, saveFilter } from "../api/tickets-api.ts";

/**
 * The person's named filters: pick one to load it, save the current one under a name,
 * delete the one in use. They live on the server, so they follow the person everywhere.
 */
export function SavedFilters({ currentQuery, onLoad }: { currentQuery: string; onLoad: (query: string) => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const filters = useQuery(savedFiltersQuery);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");
  const current = filters.data?.items.find((f) => f.query === currentQuery) ?? null;

  const save = useMutation({
    mutationFn: () => saveFilter({ name: name.trim(), query: currentQuery }),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: savedFiltersQuery.queryKey });
      notifySuccess(t("savedFilters.saved", { name: saved.name }));
      setNaming(false);
      setName("");
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => deleteFilter(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: savedFiltersQuery.queryKey });
      notifySuccess(t("savedFilters.deleted"));
    },
  });

  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <Select
        label={t("savedFilters.label")}
        placeholder={filters.data?.items.length ? t("savedFilters.choose") : t("savedFilters.none")}
        data={(filters.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))}
        value={current?.id ?? null}
        onChange={(id) => {
          const chosen = filters.data?.items.find((f) => f.id === id);
          if (chosen) onLoad(chosen.query);
        }}
        disabled={!filters.data?.items.length}
        w={220}
      />
      {current ? (
        <Tooltip label={t("savedFilters.delete", { name: current.name })}>
          <ActionIcon
            variant="default"
            size="lg"
            mb={1}
            aria-label={t("savedFilters.delete", { name: current.name })}
            onClick={() => remove.mutate(current.id)}
            loading={remove.isPending}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      ) : (
        <Button variant="default" leftSection={<IconBookmark size={16} aria-hidden />} onClick={() => setNaming(true)} disabled={!currentQuery}>
          {t("savedFilters.save")}
        </Button>
      )}
      <AppModal opened={naming} onClose={() => setNaming(false)} title={t("savedFilters.save")}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim()) save.mutate();
          }}
        >
          <Stack>
            <TextInput label={t("savedFilters.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={60} data-autofocus />
            <FormError message={save.isError ? errorMessage(save.error, t) : null} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setNaming(false)}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {t("common.save")}
              </Button>
            </Group>
          </Stack>
        </form>
      </AppModal>
    </Group>
  );
}
