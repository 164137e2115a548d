import { Divider, Grid, Stack } from "@mantine/core";
import { PageHeader } from "../../../components/page-header.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { hasPermission, useMe } from "../../../lib/session.ts";
import { MyReports } from "../components/my-reports.tsx";
import { ReportForm } from "../components/report-form.tsx";
import { ReportInbox } from "../components/report-inbox.tsx";

/**
 * Reports (issue 3, "Who may file"): teachers and staff tell their correspondent what is wrong
 * and read what became of it; the correspondent turns each into a ticket, folds it into an open
 * ticket, or answers it. Someone with both roles (an administrator) sees both.
 */
export function ReportsPage() {
  const { t } = useI18n();
  const me = useMe();
  const handles = hasPermission(me, "ticket.close");
  const reports = hasPermission(me, "ticket.report");
  return (
    <>
      <PageHeader title={t("reports.title")} subtitle={handles ? t("reports.subtitle.inbox") : t("reports.subtitle.author")} />
      <Stack gap="xl">
        {handles ? <ReportInbox me={me} /> : null}
        {reports ? (
          <Stack gap="md">
            {handles ? <Divider label={t("reports.mine.section")} labelPosition="left" /> : null}
            <Grid gap="lg">
              <Grid.Col span={{ base: 12, md: 5 }}>
                <ReportForm me={me} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 7 }}>
                <MyReports me={me} />
              </Grid.Col>
            </Grid>
          </Stack>
        ) : null}
      </Stack>
    </>
  );
}
