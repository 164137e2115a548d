import { Badge, Button, Group, Paper, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { IconKey, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { AppModal } from "../../../components/app-modal.tsx";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { ErrorAlert, FormError, LoadingBlock } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { errorMessage, notifySuccess } from "../../../lib/notify.tsx";
import { type ApiToken, apiTokensQuery, revokeApiToken } from "../api/api-tokens-api.ts";
import { TokenCreateModal } from "../components/token-create-modal.tsx";

export function ApiTokensPage() {
  const { t, formatDate, formatDateTime } = useI18n();
  const queryClient = useQueryClient();
  const tokens = useQuery(apiTokensQuery);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => revokeApiToken(token.id),
    onSuccess: async (_, token) => {
      setRevoking(null);
      notifySuccess(t("tokens.revoked", { name: token.name }));
      await queryClient.invalidateQueries({ queryKey: ["api-tokens"] });
    },
  });
  const status = (token: ApiToken) => {
    if (token.revokedAt) return <Badge color="gray">{t("tokens.status.revoked")}</Badge>;
    if (token.expiresAt && new Date(token.expiresAt) < new Date()) return <Badge color="orange">{t("tokens.status.expired")}</Badge>;
    return <Badge color="green">{t("tokens.status.active")}</Badge>;
  };

  return (
    <>
      <PageHeader
        title={t("tokens.title")}
        subtitle={t("tokens.subtitle")}
        actions={
          <Button leftSection={<IconKey size={16} aria-hidden />} onClick={() => setCreating(true)}>
            {t("tokens.createTitle")}
          </Button>
        }
      />
      {tokens.isPending ? (
        <LoadingBlock />
      ) : tokens.isError ? (
        <ErrorAlert error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.items.length === 0 ? (
        <EmptyMessage>{t("tokens.empty")}</EmptyMessage>
      ) : (
        <Paper withBorder radius="md" bg="white">
          <Table.ScrollContainer minWidth={820}>
            <Table striped verticalSpacing="xs" aria-label={t("tokens.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("tokens.name")}</Table.Th>
                  <Table.Th scope="col">{t("tokens.prefix")}</Table.Th>
                  <Table.Th scope="col">{t("tokens.access")}</Table.Th>
                  <Table.Th scope="col">{t("tokens.createdAt")}</Table.Th>
                  <Table.Th scope="col">{t("tokens.expiresAt")}</Table.Th>
                  <Table.Th scope="col">{t("tokens.lastUsedAt")}</Table.Th>
                  <Table.Th scope="col">{t("tokens.statusLabel")}</Table.Th>
                  <Table.Th scope="col">{t("common.actions")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.items.map((token) => (
                  <Table.Tr key={token.id}>
                    <Table.Th scope="row" fw={600}>
                      {token.name}
                    </Table.Th>
                    <Table.Td ff="monospace">{token.prefix}…</Table.Td>
                    <Table.Td>{token.isReadOnly ? t("tokens.readOnlyShort") : t("tokens.readWrite")}</Table.Td>
                    <Table.Td>{formatDate(token.createdAt)}</Table.Td>
                    <Table.Td>{token.expiresAt ? formatDate(token.expiresAt) : t("tokens.never")}</Table.Td>
                    <Table.Td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t("tokens.neverUsed")}</Table.Td>
                    <Table.Td>{status(token)}</Table.Td>
                    <Table.Td>
                      {token.revokedAt ? null : (
                        <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => setRevoking(token)}>
                          {t("tokens.revoke")}
                          <VisuallyHidden> {t("tokens.revokeLabel", { name: token.name })}</VisuallyHidden>
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <Text size="sm" c="dimmed" mt="md">
        {t("tokens.help")}
      </Text>
      <TokenCreateModal opened={creating} onClose={() => setCreating(false)} />
      <AppModal opened={revoking !== null} onClose={() => setRevoking(null)} title={t("tokens.revokeTitle")} centered>
        {revoking ? (
          <Stack gap="md">
            <Text>{t("tokens.revokeConfirm", { name: revoking.name })}</Text>
            <FormError message={revoke.isError ? errorMessage(revoke.error, t) : null} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRevoking(null)} disabled={revoke.isPending}>
                {t("common.cancel")}
              </Button>
              <Button color="red" onClick={() => revoke.mutate(revoking)} loading={revoke.isPending}>
                {t("tokens.revoke")}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </AppModal>
    </>
  );
}
