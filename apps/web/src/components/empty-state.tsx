import { Paper, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

export function EmptyMessage({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <Paper withBorder p="lg" radius="md" bg="white">
      <Stack align="center" gap="sm">
        <Text c="dimmed" ta="center">
          {children}
        </Text>
        {action}
      </Stack>
    </Paper>
  );
}
