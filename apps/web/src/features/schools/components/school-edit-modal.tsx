import { Button, Checkbox, Group, NativeSelect, NumberInput, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { DIGITAL_MODES, SCHOOL_TYPES, type School, type SchoolUpdate, WIFI_STATUSES } from "@relais/shared/schools";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { AppModal } from "../../../components/app-modal.tsx";
import { FormError } from "../../../components/query-state.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { applyApiError } from "../../../lib/forms.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { sectorsQuery, updateSchool } from "../api/schools-api.ts";

type Values = {
  name: string;
  type: School["type"];
  isPublic: boolean;
  academie: string;
  departmentCode: string;
  commune: string;
  sectorId: string;
  zoneId: string;
  digitalMode: School["digitalMode"];
  hasRemoteSupport: boolean;
  bandwidthMbps: number | string;
  wifiStatus: School["wifiStatus"];
};

/** The Region edits a school's identity; `version` guards against overwriting someone else's change. */
export function SchoolEditModal({ school, opened, onClose }: { school: School; opened: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const sectors = useQuery({ ...sectorsQuery, enabled: opened });
  const [formError, setFormError] = useState<string | null>(null);
  const [isStale, setIsStale] = useState(false);
  const form = useForm<Values>({
    initialValues: {
      name: school.name,
      type: school.type,
      isPublic: school.isPublic,
      academie: school.academie,
      departmentCode: school.departmentCode,
      commune: school.commune,
      sectorId: school.sectorId ?? "",
      zoneId: school.zoneId ?? "",
      digitalMode: school.digitalMode,
      hasRemoteSupport: school.hasRemoteSupport,
      bandwidthMbps: school.bandwidthMbps ?? "",
      wifiStatus: school.wifiStatus,
    },
    validate: {
      name: (v) => (v.trim().length >= 2 ? null : t("schoolEdit.nameInvalid")),
      departmentCode: (v) => (/^(\d{2,3}|2A|2B)$/.test(v.trim()) ? null : t("schoolEdit.departmentInvalid")),
      commune: (v) => (v.trim() ? null : t("schoolEdit.communeRequired")),
      academie: (v) => (v.trim().length >= 2 ? null : t("schoolEdit.academieRequired")),
    },
  });

  const mutation = useMutation({
    mutationFn: (values: Values) => {
      const input: SchoolUpdate = {
        name: values.name.trim(),
        type: values.type,
        isPublic: values.isPublic,
        academie: values.academie.trim(),
        departmentCode: values.departmentCode.trim(),
        commune: values.commune.trim(),
        sectorId: values.sectorId || null,
        zoneId: values.zoneId || null,
        digitalMode: values.digitalMode,
        hasRemoteSupport: values.hasRemoteSupport,
        bandwidthMbps: values.bandwidthMbps === "" ? null : Number(values.bandwidthMbps),
        wifiStatus: values.wifiStatus,
        version: school.version,
      };
      return updateSchool(school.id, input);
    },
    onSuccess: async (updated) => {
      queryClient.setQueryData(["school", updated.uai], updated);
      await queryClient.invalidateQueries({ queryKey: ["schools"] });
      await queryClient.invalidateQueries({ queryKey: ["sectors"] });
      notifySuccess(t("schoolEdit.saved"));
      onClose();
    },
    onError: (error) => {
      setIsStale(error instanceof ApiError && error.code === "conflict.version");
      setFormError(applyApiError(form, error));
    },
  });

  const sectorList = sectors.data?.items ?? [];
  const zones = sectorList.find((s) => s.id === form.values.sectorId)?.zones ?? [];

  return (
    <AppModal opened={opened} onClose={onClose} title={t("schoolEdit.title", { school: school.name })} size="xl">
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          mutation.mutate(values);
        })}
      >
        <Stack gap="md">
          <FormError message={formError} />
          {isStale ? (
            <Button
              variant="light"
              style={{ alignSelf: "flex-start" }}
              onClick={async () => {
                await queryClient.invalidateQueries({ queryKey: ["school"] });
                onClose();
              }}
            >
              {t("schoolEdit.reload")}
            </Button>
          ) : null}
          <TextInput label={t("school.name")} required {...form.getInputProps("name")} />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <NativeSelect
              label={t("school.type")}
              data={SCHOOL_TYPES.map((v) => ({ value: v, label: t(`schoolType.${v}`) }))}
              {...form.getInputProps("type")}
            />
            <TextInput label={t("school.academie")} required {...form.getInputProps("academie")} />
            <TextInput label={t("school.department")} required maxLength={3} {...form.getInputProps("departmentCode")} />
            <TextInput label={t("school.commune")} required {...form.getInputProps("commune")} />
            <NativeSelect
              label={t("school.sector")}
              data={[{ value: "", label: t("schoolEdit.none") }, ...sectorList.map((s) => ({ value: s.id, label: s.name }))]}
              {...form.getInputProps("sectorId")}
              onChange={(e) => {
                form.setFieldValue("sectorId", e.currentTarget.value);
                form.setFieldValue("zoneId", "");
              }}
            />
            <NativeSelect
              label={t("school.zone")}
              data={[{ value: "", label: t("schoolEdit.none") }, ...zones.map((z) => ({ value: z.id, label: z.name }))]}
              disabled={!form.values.sectorId}
              {...form.getInputProps("zoneId")}
            />
            <NativeSelect
              label={t("school.digitalMode")}
              data={DIGITAL_MODES.map((v) => ({ value: v, label: t(`digitalMode.${v}`) }))}
              {...form.getInputProps("digitalMode")}
            />
            <NativeSelect
              label={t("school.wifi")}
              data={WIFI_STATUSES.map((v) => ({ value: v, label: t(`wifi.${v}`) }))}
              {...form.getInputProps("wifiStatus")}
            />
            <NumberInput label={t("school.bandwidthInput")} min={0} max={100000} allowDecimal={false} {...form.getInputProps("bandwidthMbps")} />
          </SimpleGrid>
          <Group gap="xl">
            <Checkbox label={t("school.public")} {...form.getInputProps("isPublic", { type: "checkbox" })} />
            <Checkbox label={t("school.remoteSupport")} {...form.getInputProps("hasRemoteSupport", { type: "checkbox" })} />
          </Group>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={mutation.isPending}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
