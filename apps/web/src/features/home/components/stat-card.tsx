import { Paper, Text } from "@mantine/core";
import type { ReactNode } from "react";

export function StatCard({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" bg="white">
      <Text size="sm" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text fz={30} fw={800} lh={1.2} mt={4}>
        {value}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed" mt={4}>
          {hint}
        </Text>
      ) : null}
    </Paper>
  );
}
