import { Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { hasPermission, type Me } from "../../../lib/session.ts";
import { reportsQuery } from "../api/reports-api.ts";
import { ReportCard } from "./report-card.tsx";
import { reportingSchools } from "./report-form.tsx";

/** The reports the person sent, newest first, with what their correspondent did with each. */
export function MyReports({ me }: { me: Me }) {
  const { t, tn } = useI18n();
  const headingId = useId();
  const reports = useQuery(reportsQuery());
  const mine = (reports.data?.items ?? []).filter((r) => r.authorId === me.id);
  const severalSchools = reportingSchools(me).length !== 1;
  // A merged report's ticket is someone else's: only those who read the school's tickets follow it.
  const readsTickets = hasPermission(me, "ticket.read");
  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId}>
        {t("reports.mine.title")}
      </Title>
      {reports.isPending ? (
        <LoadingBlock />
      ) : reports.isError ? (
        <ErrorAlert error={reports.error} onRetry={() => void reports.refetch()} />
      ) : mine.length === 0 ? (
        <EmptyMessage>{t("reports.mine.empty")}</EmptyMessage>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {tn("reports.count", mine.length)}
          </Text>
          {mine.map((report) => (
            <ReportCard
              key={report.id}
              report={report}
              showAuthor={false}
              showSchool={severalSchools}
              canOpenTicket={report.status === "filed" || readsTickets}
            />
          ))}
        </>
      )}
    </Stack>
  );
}
