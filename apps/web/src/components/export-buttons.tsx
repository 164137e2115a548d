import { Button, type ButtonVariant, type MantineSize } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";

/** The download formats every list offers (the API's `format=csv|xlsx`, same columns in both). */
export type ExportFormat = "csv" | "xlsx";
const FORMATS: readonly { format: ExportFormat; label: string }[] = [
  { format: "csv", label: "CSV" },
  { format: "xlsx", label: "XLSX" },
];

/**
 * One list's export, side by side in both formats: the label says what is exported, each
 * button says the format (CSV for any tool, XLSX for a spreadsheet with typed cells). Each
 * link's accessible name carries both, "Exporter les tickets (XLSX)", so a screen reader
 * listing links hears what each one downloads.
 */
export function ExportButtons({
  label,
  shortLabel,
  href,
  size = "sm",
  variant = "default",
}: {
  label: string;
  /** Shown instead of the label where room is short; the links' accessible names keep the full label. */
  shortLabel?: string;
  href: (format: ExportFormat) => string;
  size?: MantineSize;
  variant?: ButtonVariant;
}) {
  return (
    <Button.Group aria-label={label}>
      {/* A label, not a button: greyed so it does not invite a click; the links say it again to screen readers. */}
      <Button.GroupSection size={size} variant={variant} aria-hidden bg="gray.1" c="gray.8" fw={400}>
        <IconDownload size={size === "xs" ? 14 : 16} style={{ marginInlineEnd: 6 }} />
        {shortLabel ?? label}
      </Button.GroupSection>
      {FORMATS.map(({ format, label: formatLabel }) => (
        <Button key={format} component="a" href={href(format)} download size={size} variant={variant} aria-label={`${label} (${formatLabel})`}>
          {formatLabel}
        </Button>
      ))}
    </Button.Group>
  );
}
