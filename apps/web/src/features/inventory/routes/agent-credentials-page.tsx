import { Alert, Badge, Button, Code, Group, Paper, Stack, Table, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { errorMessage, notifyError, notifySuccess } from "../../../lib/notify.tsx";
import { type AgentCredential, agentCredentialsQuery, createAgentCredential, revokeAgentCredential } from "../api/inventory-api.ts";

/** The region administrator issues HTTP Basic credentials for the schools' inventory agents; the password is shown once. */
export function AgentCredentialsPage() {
  const { t, formatDateTime } = useI18n();
  const queryClient = useQueryClient();
  const list = useQuery(agentCredentialsQuery());
  const [label, setLabel] = useState("");
  const [issued, setIssued] = useState<(AgentCredential & { password: string }) | null>(null);
  const create = useMutation({
    mutationFn: () => createAgentCredential(label.trim()),
    onSuccess: (created) => {
      setIssued(created);
      setLabel("");
      void queryClient.invalidateQueries({ queryKey: ["inventory", "agent-credentials"] });
    },
    onError: (error) => notifyError(errorMessage(error, t)),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => revokeAgentCredential(id),
    onSuccess: () => {
      notifySuccess(t("inventory.agents.revoked"));
      void queryClient.invalidateQueries({ queryKey: ["inventory", "agent-credentials"] });
    },
    onError: (error) => notifyError(errorMessage(error, t)),
  });
  const server = `${window.location.origin}/front/inventory.php`;
  return (
    <>
      <AnchorLink to="/inventaire" size="sm">
        {t("inventory.back")}
      </AnchorLink>
      <PageHeader title={t("inventory.agents.title")} subtitle={t("inventory.agents.subtitle")} />
      <Paper withBorder p="md" radius="md" bg="white" mb="md">
        <Group
          align="flex-end"
          component="form"
          onSubmit={(e: React.FormEvent) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <TextInput label={t("inventory.agents.label")} value={label} onChange={(e) => setLabel(e.currentTarget.value)} maxLength={120} required />
          <Button type="submit" loading={create.isPending} disabled={label.trim() === ""}>
            {t("inventory.agents.create")}
          </Button>
        </Group>
        {issued ? (
          <Alert color="green" mt="md" title={t("inventory.agents.issued")}>
            <Stack gap={4}>
              <Text size="sm">{t("inventory.agents.once")}</Text>
              <Code block>{`fusioninventory-agent --server ${server} --user ${issued.login} --password ${issued.password} --tag <UAI>`}</Code>
            </Stack>
          </Alert>
        ) : null}
      </Paper>
      {list.isPending ? (
        <LoadingBlock />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyMessage>{t("inventory.agents.empty")}</EmptyMessage>
      ) : (
        <Paper withBorder radius="md" bg="white">
          <Table striped verticalSpacing="xs" aria-label={t("inventory.agents.title")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("inventory.agents.label")}</Table.Th>
                <Table.Th scope="col">{t("inventory.agents.login")}</Table.Th>
                <Table.Th scope="col">{t("inventory.agents.lastUsed")}</Table.Th>
                <Table.Th scope="col">{t("common.actions")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.label}</Table.Td>
                  <Table.Td ff="monospace">{c.login}</Table.Td>
                  <Table.Td>{c.lastUsedAt ? formatDateTime(c.lastUsedAt) : "—"}</Table.Td>
                  <Table.Td>
                    {c.revokedAt ? (
                      <Badge color="gray" variant="light">
                        {t("inventory.agents.revokedOn", { date: formatDateTime(c.revokedAt) })}
                      </Badge>
                    ) : (
                      <Button size="xs" color="red" variant="light" loading={revoke.isPending && revoke.variables === c.id} onClick={() => revoke.mutate(c.id)}>
                        {t("inventory.agents.revoke")}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </>
  );
}
