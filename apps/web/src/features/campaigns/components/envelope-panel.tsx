import { Alert, Badge, Group, Stack, Table, Text } from "@mantine/core";
import { formatEuros } from "@relais/shared/money";
import { Panel } from "../../../components/panel.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { Envelope } from "../api/campaigns-api.ts";

/** A school's envelope and its calculation, line by line (seed 001: each school sees how it is computed). */
export function EnvelopePanel({ envelope, hasConsumables }: { envelope: Envelope; hasConsumables: boolean }) {
  const { t } = useI18n();
  return (
    <Panel
      title={t("campaigns.envelope.title", { school: envelope.schoolName })}
      order={3}
      actions={envelope.schoolKind ? <Badge variant="light">{t(`campaigns.schoolKind.${envelope.schoolKind}` as "campaigns.schoolKind.digital")}</Badge> : null}
    >
      <Stack gap="sm">
        <RemainingBar envelope={envelope} hasConsumables={hasConsumables} />
        <Table striped withTableBorder aria-label={t("campaigns.envelope.lines")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("campaigns.envelope.line")}</Table.Th>
              <Table.Th scope="col">{t("campaigns.envelope.calculation")}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t("campaigns.envelope.amount")}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {envelope.lines.map((line) => (
              <Table.Tr key={`${line.rate}-${line.track}-${line.level}-${line.label}`}>
                <Table.Td>{line.label}</Table.Td>
                <Table.Td>{line.explanation}</Table.Td>
                <Table.Td ta="right">{formatEuros(line.amountCents)}</Table.Td>
              </Table.Tr>
            ))}
            {envelope.topUpCents + envelope.topUpConsumablesCents > 0 ? (
              <Table.Tr>
                <Table.Td>{t("campaigns.envelope.topUps")}</Table.Td>
                <Table.Td />
                <Table.Td ta="right">{formatEuros(envelope.topUpCents + envelope.topUpConsumablesCents)}</Table.Td>
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
        {envelope.warnings.map((warning) => (
          <Alert key={warning} color="yellow" variant="light">
            {warning}
          </Alert>
        ))}
      </Stack>
    </Panel>
  );
}

/** What is left to spend: shown above every cart, so nobody builds one blind. */
export function RemainingBar({
  envelope,
  hasConsumables,
}: {
  envelope: Pick<Envelope, "totalCents" | "remainingCents" | "totalConsumablesCents" | "remainingConsumablesCents">;
  hasConsumables: boolean;
}) {
  const { t } = useI18n();
  return (
    <Group gap="xl" role="status" aria-live="polite">
      <Text size="sm">{t("campaigns.envelope.remaining", { remaining: formatEuros(envelope.remainingCents), total: formatEuros(envelope.totalCents) })}</Text>
      {hasConsumables ? (
        <Text size="sm">
          {t("campaigns.envelope.remainingConsumables", {
            remaining: formatEuros(envelope.remainingConsumablesCents),
            total: formatEuros(envelope.totalConsumablesCents),
          })}
        </Text>
      ) : null}
    </Group>
  );
}
