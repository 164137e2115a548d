import { Alert, Button, Group, NativeSelect, Radio, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { isSingleHolderRole, type Role, roleLabel } from "@relais/shared/roles";
import type { School } from "@relais/shared/schools";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { AppModal } from "../../../components/app-modal.tsx";
import { FormError } from "../../../components/query-state.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { applyApiError } from "../../../lib/forms.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { type DesignationInput, designate, peopleSearchQuery } from "../api/schools-api.ts";

type Values = { role: string; mode: "existing" | "new"; personId: string; newPerson: { email: string; firstName: string; lastName: string } };

/**
 * Designates someone to a school role: an existing person (searched in GET /people) or a new
 * one. A single-holder role already held answers 409 `role.single_holder_taken`: the message
 * is shown and "Remplacer" sends the same designation with `replaceCurrent: true`.
 */
export function DesignateModal({
  opened,
  onClose,
  school,
  roles,
  initialRole,
}: {
  opened: boolean;
  onClose: () => void;
  school: School;
  roles: Role[];
  initialRole?: Role | undefined;
}) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ message: string; input: DesignationInput } | null>(null);
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const [chosenLabel, setChosenLabel] = useState<string | null>(null);

  const form = useForm<Values>({
    initialValues: { role: initialRole ?? "", mode: "existing", personId: "", newPerson: { email: "", firstName: "", lastName: "" } },
    validate: {
      role: (v) => (v ? null : t("designate.roleRequired")),
      personId: (v, values) => (values.mode === "existing" && !v ? t("designate.personRequired") : null),
      newPerson: {
        email: (v, values) => (values.mode === "new" && !/^\S+@\S+\.\S+$/.test(v.trim()) ? t("login.emailInvalid") : null),
        firstName: (v, values) => (values.mode === "new" && !v.trim() ? t("designate.firstNameRequired") : null),
        lastName: (v, values) => (values.mode === "new" && !v.trim() ? t("designate.lastNameRequired") : null),
      },
    },
  });

  // The suggested role is set each time the dialog opens, and only then: the person may change it.
  const wasOpened = useRef(false);
  useEffect(() => {
    if (opened && !wasOpened.current && initialRole) form.setFieldValue("role", initialRole);
    wasOpened.current = opened;
  });

  const people = useQuery({ ...peopleSearchQuery(debounced.trim()), enabled: opened && form.values.mode === "existing" });
  const options = (people.data?.items ?? []).filter((p) => p.isActive).map((p) => ({ value: p.id, label: `${p.lastName} ${p.firstName} — ${p.email}` }));
  if (form.values.personId && chosenLabel && !options.some((o) => o.value === form.values.personId))
    options.unshift({ value: form.values.personId, label: chosenLabel });

  const close = () => {
    form.reset();
    setFormError(null);
    setConflict(null);
    setSearch("");
    setChosenLabel(null);
    onClose();
  };

  const mutation = useMutation({
    mutationFn: designate,
    onSuccess: async (assignment) => {
      notifySuccess(t("designate.done", { name: assignment.personName, role: roleLabel(assignment.role, language) }));
      close();
      await queryClient.invalidateQueries({ queryKey: ["role-assignments"] });
      await queryClient.invalidateQueries({ queryKey: ["people"] });
    },
    onError: (error, input) => {
      if (error instanceof ApiError && error.code === "role.single_holder_taken") {
        setConflict({ message: error.detail, input });
        return;
      }
      setFormError(applyApiError(form, error));
    },
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    setConflict(null);
    const input: DesignationInput = {
      role: values.role as Role,
      scope: { kind: "school", id: school.id },
      ...(values.mode === "existing"
        ? { personId: values.personId }
        : { newPerson: { email: values.newPerson.email.trim(), firstName: values.newPerson.firstName.trim(), lastName: values.newPerson.lastName.trim() } }),
    };
    mutation.mutate(input);
  });

  const role = form.values.role as Role | "";

  return (
    <AppModal opened={opened} onClose={close} title={t("designate.title", { school: school.name })} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          <NativeSelect
            label={t("designate.role")}
            required
            data={[{ value: "", label: t("designate.chooseRole") }, ...roles.map((r) => ({ value: r, label: roleLabel(r, language) }))]}
            description={role && isSingleHolderRole(role) ? t("designate.singleHolderHint") : t("designate.roleHint")}
            {...form.getInputProps("role")}
          />
          <Radio.Group label={t("designate.who")} {...form.getInputProps("mode")}>
            <Group mt="xs" gap="lg">
              <Radio value="existing" label={t("designate.existing")} />
              <Radio value="new" label={t("designate.new")} />
            </Group>
          </Radio.Group>
          {form.values.mode === "existing" ? (
            <Select
              label={t("designate.person")}
              placeholder={t("designate.personPlaceholder")}
              description={t("designate.personHint")}
              required
              searchable
              clearable
              searchValue={search}
              onSearchChange={setSearch}
              data={options}
              filter={({ options: all }) => all}
              nothingFoundMessage={people.isFetching ? t("common.loading") : t("designate.noPerson")}
              value={form.values.personId || null}
              onChange={(value, option) => {
                form.setFieldValue("personId", value ?? "");
                setChosenLabel(option?.label ?? null);
              }}
              error={form.errors.personId}
              comboboxProps={{ withinPortal: true }}
            />
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={t("person.email")}
                type="email"
                autoComplete="off"
                required
                {...form.getInputProps("newPerson.email")}
                style={{ gridColumn: "1 / -1" }}
              />
              <TextInput label={t("person.firstName")} autoComplete="off" required {...form.getInputProps("newPerson.firstName")} />
              <TextInput label={t("person.lastName")} autoComplete="off" required {...form.getInputProps("newPerson.lastName")} />
            </SimpleGrid>
          )}
          {conflict ? (
            <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t("designate.conflictTitle")} role="alert">
              <Stack gap="sm">
                <Text size="sm">{conflict.message}</Text>
                <Group gap="sm">
                  <Button color="orange" onClick={() => mutation.mutate({ ...conflict.input, replaceCurrent: true })} loading={mutation.isPending}>
                    {t("designate.replace")}
                  </Button>
                  <Button variant="default" onClick={() => setConflict(null)} disabled={mutation.isPending}>
                    {t("common.cancel")}
                  </Button>
                </Group>
              </Stack>
            </Alert>
          ) : (
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close} disabled={mutation.isPending}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                {t("holders.designate")}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </AppModal>
  );
}
