import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { IconMailDown } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FormError } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { errorMessage } from "../../../lib/notify.tsx";
import { INBOUND_OUTCOMES, type PollAnswer, pollMailboxNow } from "../api/mail-in-api.ts";

/**
 * "Relever maintenant": reads the desk mailbox at once rather than at the next minute, then
 * says what came of it and refreshes the list and the mailbox's last poll. While the
 * scheduled poll is reading, the API answers 409 and the message says so.
 */
export function PollNowButton({ regionId }: { regionId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const poll = useMutation({
    mutationFn: () => pollMailboxNow(regionId),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: ["inbound-messages"] });
      await queryClient.invalidateQueries({ queryKey: ["mailbox", regionId] });
    },
  });
  return (
    <Stack gap="xs" align="flex-end">
      <Button variant="light" leftSection={<IconMailDown size={18} aria-hidden />} loading={poll.isPending} onClick={() => poll.mutate()}>
        {t("mailbox.pollNow")}
      </Button>
      <div aria-live="polite">
        {poll.isSuccess ? <PollResult answer={poll.data} /> : null}
        {poll.isError ? <FormError message={errorMessage(poll.error, t)} /> : null}
      </div>
    </Stack>
  );
}

function PollResult({ answer }: { answer: PollAnswer }) {
  const { t, tn } = useI18n();
  if (answer.fetched === 0)
    return (
      <Text size="sm" role="status">
        {t("mailbox.pollNothing")}
      </Text>
    );
  const parts = [
    ...INBOUND_OUTCOMES.filter((o) => answer.outcomes[o]).map((o) => `${t(`inbound.outcome.${o}`)} : ${answer.outcomes[o]}`),
    ...(answer.duplicates > 0 ? [tn("mailbox.pollDuplicates", answer.duplicates)] : []),
  ];
  return (
    <Alert color={answer.failed > 0 ? "orange" : "teal"} variant="light" p="xs" role="status">
      <Group gap={4}>
        <Text size="sm" fw={600}>
          {tn("mailbox.pollFetched", answer.fetched)}
        </Text>
        <Text size="sm">{parts.join(" · ")}</Text>
      </Group>
      {answer.failed > 0 ? <Text size="sm">{tn("mailbox.pollFailed", answer.failed)}</Text> : null}
    </Alert>
  );
}
