/**
 * CSV for spreadsheets used in France: ";" separator, CRLF, UTF-8 with a byte-order mark so
 * Excel reads accents right. Cells that a spreadsheet would run as a formula are defused.
 */
export type CsvColumn<T> = { header: string; value: (row: T) => unknown };

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : typeof value === "boolean" ? (value ? "oui" : "non") : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const lines = [columns.map((c) => cell(c.header)).join(";")];
  for (const row of rows) lines.push(columns.map((c) => cell(c.value(row))).join(";"));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
