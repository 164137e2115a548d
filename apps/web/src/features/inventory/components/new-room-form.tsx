import { Button, Group, NativeSelect, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { ROOM_USES } from "@relais/shared/inventory";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Panel } from "../../../components/panel.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { errorMessage, notifyError, notifySuccess } from "../../../lib/notify.tsx";
import { createRoom } from "../api/inventory-api.ts";

const EMPTY = { building: "", floor: "", name: "", use: "classroom" };

/** A room of the school (building, floor, name, use), entered by those who keep its inventory; one name per place. */
export function NewRoomForm({ school }: { school: string }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (key: keyof typeof EMPTY, value: string) => {
    setValues((prev) => ({ ...prev, [key]: value }));
    setErrors((prev) => ({ ...prev, [key]: "" }));
  };
  const save = useMutation({
    mutationFn: () => createRoom({ school, ...values }),
    onSuccess: (room) => {
      setValues(EMPTY);
      void queryClient.invalidateQueries({ queryKey: ["inventory"] });
      notifySuccess(t("inventory.rooms.created", { name: room.name }));
    },
    onError: (error) => {
      if (error instanceof ApiError && error.fieldErrors.length > 0) setErrors(Object.fromEntries(error.fieldErrors.map((f) => [f.field, f.message])));
      else notifyError(errorMessage(error, t));
    },
  });
  return (
    <Panel title={t("inventory.rooms.new")} order={3} size="h5" bg="gray.0" mt="md">
      <Stack gap="sm">
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (values.name.trim() === "") setErrors({ name: t("inventory.rooms.nameRequired") });
            else save.mutate();
          }}
        >
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
            <TextInput
              label={t("inventory.rooms.name")}
              required
              maxLength={100}
              value={values.name}
              onChange={(e) => set("name", e.currentTarget.value)}
              error={errors.name || undefined}
            />
            <TextInput
              label={t("inventory.rooms.building")}
              maxLength={100}
              value={values.building}
              onChange={(e) => set("building", e.currentTarget.value)}
              error={errors.building || undefined}
            />
            <TextInput
              label={t("inventory.rooms.floor")}
              maxLength={30}
              value={values.floor}
              onChange={(e) => set("floor", e.currentTarget.value)}
              error={errors.floor || undefined}
            />
            <NativeSelect
              label={t("inventory.rooms.use")}
              value={values.use}
              onChange={(e) => set("use", e.currentTarget.value)}
              data={Object.entries(ROOM_USES).map(([value, l]) => ({ value, label: l[language] }))}
            />
          </SimpleGrid>
          <Group mt="sm">
            <Button type="submit" loading={save.isPending}>
              {t("inventory.rooms.create")}
            </Button>
          </Group>
        </form>
      </Stack>
    </Panel>
  );
}
