import { Box, Group, Stack, Text, Title } from "@mantine/core";
import { type ReactNode, useEffect } from "react";

/** Sets the browser tab title: "Page — Relais" (RGAA 8.6, WCAG 2.4.2). */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} — Relais` : "Relais";
  }, [title]);
}

/**
 * The page's h1 and title. The h1 has tabIndex -1 so that the app can move focus to it after
 * a navigation, and screen readers announce the new page.
 */
export function PageHeader({ title, subtitle, actions, before }: { title: string; subtitle?: ReactNode; actions?: ReactNode; before?: ReactNode }) {
  usePageTitle(title);
  return (
    <Box mb="lg">
      {before}
      <Group justify="space-between" align="flex-end" gap="md" wrap="wrap">
        <Stack gap={4}>
          <Title order={1} id="page-title" tabIndex={-1} fz={{ base: 24, sm: 30 }}>
            {title}
          </Title>
          {subtitle ? (
            <Text c="dimmed" size="sm" component="div">
              {subtitle}
            </Text>
          ) : null}
        </Stack>
        {actions ? <Group gap="sm">{actions}</Group> : null}
      </Group>
    </Box>
  );
}
