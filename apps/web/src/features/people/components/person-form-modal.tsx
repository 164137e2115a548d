import { Button, Checkbox, Group, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import type { Person } from "@relais/shared/people";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { AppModal } from "../../../components/app-modal.tsx";
import { FormError } from "../../../components/query-state.tsx";
import { applyApiError } from "../../../lib/forms.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { createPerson, updatePerson } from "../api/people-api.ts";

/** Creates a person (Region), or edits one when `person` is given (`version` guards the write). */
export function PersonFormModal({
  opened,
  onClose,
  person,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  person?: Person;
  onSaved?: (person: Person) => void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      email: person?.email ?? "",
      firstName: person?.firstName ?? "",
      lastName: person?.lastName ?? "",
      phone: person?.phone ?? "",
      isActive: person?.isActive ?? true,
    },
    validate: {
      email: (v) => (person || /^\S+@\S+\.\S+$/.test(v.trim()) ? null : t("login.emailInvalid")),
      firstName: (v) => (v.trim() ? null : t("designate.firstNameRequired")),
      lastName: (v) => (v.trim() ? null : t("designate.lastNameRequired")),
      phone: (v) => (!v.trim() || /^[+\d .()-]{6,25}$/.test(v.trim()) ? null : t("person.phoneInvalid")),
    },
  });
  const close = () => {
    setFormError(null);
    form.reset();
    onClose();
  };
  const mutation = useMutation({
    mutationFn: (values: typeof form.values) => {
      const common = { firstName: values.firstName.trim(), lastName: values.lastName.trim(), phone: values.phone.trim() || null };
      return person
        ? updatePerson(person.id, { ...common, isActive: values.isActive, version: person.version })
        : createPerson({ ...common, email: values.email.trim() });
    },
    onSuccess: async (saved) => {
      notifySuccess(person ? t("person.saved") : t("person.created", { name: `${saved.firstName} ${saved.lastName}` }));
      await queryClient.invalidateQueries({ queryKey: ["people"] });
      setFormError(null);
      onClose();
      onSaved?.(saved);
    },
    onError: (error) => setFormError(applyApiError(form, error)),
  });
  return (
    <AppModal opened={opened} onClose={close} title={person ? t("person.editTitle") : t("person.createTitle")} size="lg">
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          mutation.mutate(values);
        })}
      >
        <Stack gap="md">
          <FormError message={formError} />
          <TextInput label={t("person.email")} type="email" required={!person} disabled={Boolean(person)} autoComplete="off" {...form.getInputProps("email")} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t("person.firstName")} required autoComplete="off" {...form.getInputProps("firstName")} />
            <TextInput label={t("person.lastName")} required autoComplete="off" {...form.getInputProps("lastName")} />
          </SimpleGrid>
          <TextInput label={t("person.phone")} type="tel" autoComplete="off" {...form.getInputProps("phone")} />
          {person ? <Checkbox label={t("person.active")} {...form.getInputProps("isActive", { type: "checkbox" })} /> : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={mutation.isPending}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {person ? t("common.save") : t("person.create")}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
