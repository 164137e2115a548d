import { Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { isSingleHolderRole, type Role, roleLabel } from "@relais/shared/roles";
import type { School } from "@relais/shared/schools";
import { IconUserMinus, IconUserPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { AppModal } from "../../../components/app-modal.tsx";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, FormError, LoadingBlock } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { errorMessage, notifySuccess } from "../../../lib/notify.tsx";
import { type Assignment, endDesignation, schoolHoldersQuery } from "../api/schools-api.ts";
import { DesignateModal } from "./designate-modal.tsx";

/**
 * The school's role holders this school year, with "Désigner" and "Mettre fin" for the head of
 * the school and the Region (the API checks again; the buttons only spare a refusal).
 */
export function RoleHoldersPanel({
  school,
  canDesignate,
  designableRoles,
  initialRole,
  onDialogClosed,
}: {
  onDialogClosed?: () => void;
  school: School;
  canDesignate: boolean;
  designableRoles: Role[];
  initialRole?: Role | undefined;
}) {
  const { t, language, formatDate } = useI18n();
  const queryClient = useQueryClient();
  const holders = useQuery(schoolHoldersQuery(school.id));
  const [designating, setDesignating] = useState<boolean>(Boolean(initialRole && canDesignate));
  const [ending, setEnding] = useState<Assignment | null>(null);

  const end = useMutation({
    mutationFn: (a: Assignment) => endDesignation(a.id),
    onSuccess: async (_, a) => {
      setEnding(null);
      notifySuccess(t("holders.ended", { name: a.personName, role: roleLabel(a.role, language) }));
      await queryClient.invalidateQueries({ queryKey: ["role-assignments"] });
    },
  });

  const items = [...(holders.data?.items ?? [])].sort(
    (a, b) => roleLabel(a.role, language).localeCompare(roleLabel(b.role, language), language) || a.personName.localeCompare(b.personName, language),
  );

  return (
    <Panel
      title={t("holders.title")}
      description={t("holders.subtitle")}
      actions={
        canDesignate ? (
          <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setDesignating(true)}>
            {t("holders.designate")}
          </Button>
        ) : null
      }
    >
      {holders.isPending ? (
        <LoadingBlock />
      ) : holders.isError ? (
        <ErrorAlert error={holders.error} onRetry={() => void holders.refetch()} />
      ) : items.length === 0 ? (
        <EmptyMessage>{t("holders.empty")}</EmptyMessage>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("holders.role")}</Table.Th>
                <Table.Th scope="col">{t("holders.person")}</Table.Th>
                <Table.Th scope="col">{t("holders.period")}</Table.Th>
                <Table.Th scope="col">{t("holders.designatedBy")}</Table.Th>
                {canDesignate ? (
                  <Table.Th scope="col">
                    <VisuallyHidden>{t("common.actions")}</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Stack gap={2}>
                      <Text size="sm" fw={600}>
                        {roleLabel(a.role, language)}
                      </Text>
                      {isSingleHolderRole(a.role) ? (
                        <Badge size="xs" color="gray" variant="outline">
                          {t("holders.singleHolder")}
                        </Badge>
                      ) : null}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{a.personName}</Text>
                    <Text size="xs" c="dimmed">
                      {a.personEmail}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t("holders.periodValue", { from: formatDate(a.validFrom), to: formatDate(a.validUntil) })}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{a.designatedByName ?? "—"}</Text>
                  </Table.Td>
                  {canDesignate ? (
                    <Table.Td ta="right">
                      {designableRoles.includes(a.role) ? (
                        <Button size="xs" variant="subtle" color="red" leftSection={<IconUserMinus size={14} aria-hidden />} onClick={() => setEnding(a)}>
                          {t("holders.end")}
                          <VisuallyHidden> {t("holders.endLabel", { name: a.personName, role: roleLabel(a.role, language) })}</VisuallyHidden>
                        </Button>
                      ) : null}
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      {canDesignate ? (
        <DesignateModal
          opened={designating}
          onClose={() => {
            setDesignating(false);
            onDialogClosed?.();
          }}
          school={school}
          roles={designableRoles}
          initialRole={initialRole}
        />
      ) : null}

      <AppModal opened={ending !== null} onClose={() => (end.isPending ? undefined : setEnding(null))} title={t("holders.endTitle")} centered>
        {ending ? (
          <Stack gap="md">
            <Text>{t("holders.endConfirm", { name: ending.personName, role: roleLabel(ending.role, language), school: school.name })}</Text>
            <FormError message={end.isError ? errorMessage(end.error, t) : null} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEnding(null)} disabled={end.isPending}>
                {t("common.cancel")}
              </Button>
              <Button color="red" onClick={() => end.mutate(ending)} loading={end.isPending}>
                {t("holders.end")}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </AppModal>
    </Panel>
  );
}
