import { Anchor, Box, Center, Container, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { LanguageSwitch } from "../../../components/language-switch.tsx";
import { usePageTitle } from "../../../components/page-header.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

/** The frame of the pages seen before login: the product name, one card, the language switch. */
export function AuthLayout({ title, intro, children, width = 440 }: { title: string; intro?: ReactNode; children: ReactNode; width?: number }) {
  const { t } = useI18n();
  usePageTitle(title);
  return (
    <Box mih="100vh" bg="gray.0">
      <a className="skip-link" href="#main-content">
        {t("layout.skipToContent")}
      </a>
      <Container size={width + 40} py={{ base: "md", sm: 48 }}>
        <header>
          <Group justify="space-between" mb="lg">
            <Stack gap={0}>
              <Text fw={800} fz={26} c="blue.9" component="p" lh={1.1}>
                Relais
              </Text>
              <Text size="sm" c="dimmed">
                {t("app.tagline")}
              </Text>
            </Stack>
            <LanguageSwitch />
          </Group>
        </header>
        <main id="main-content" tabIndex={-1}>
          <Paper withBorder shadow="sm" p={{ base: "md", sm: "xl" }} radius="md" bg="white">
            <Stack gap="md">
              <Title order={1} fz={24} id="page-title" tabIndex={-1}>
                {title}
              </Title>
              {intro ? (
                <Text c="dimmed" size="sm" component="div">
                  {intro}
                </Text>
              ) : null}
              {children}
            </Stack>
          </Paper>
        </main>
        <Center mt="lg">
          <Text size="xs" c="dimmed">
            {t("app.footer")}{" "}
            <Anchor href="/api/docs" size="xs">
              {t("app.apiDocs")}
            </Anchor>
          </Text>
        </Center>
      </Container>
    </Box>
  );
}
