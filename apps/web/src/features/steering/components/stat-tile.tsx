import { Paper, Text } from "@mantine/core";
import type { ReactNode } from "react";

/** One headline figure: what it counts, the number, and how it is measured. */
export function StatTile({ label, value, hint, alert = false }: { label: string; value: ReactNode; hint?: ReactNode; alert?: boolean }) {
  return (
    <Paper withBorder p="md" radius="md" bg="white" role="group" aria-label={label}>
      <Text size="sm" c="dimmed" fw={600} aria-hidden>
        {label}
      </Text>
      <Text fz={28} fw={800} lh={1.2} mt={4} c={alert ? "red.8" : undefined}>
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
