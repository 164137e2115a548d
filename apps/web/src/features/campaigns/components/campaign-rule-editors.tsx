import { ActionIcon, Button, Group, NumberInput, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import type { CampaignCalendar, OrderWindow, ReturnDeadline } from "@relais/shared/campaign-windows";
import type { EquipmentFormula } from "@relais/shared/equipment-envelope";
import { LEVEL_LABELS, type LEVELS, TRACK_LABELS, TRACK_LEVELS, TRACKS } from "@relais/shared/schools";
import type { TextbookRates } from "@relais/shared/textbook-envelope";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

/**
 * Editors of a campaign's rules, shared by creation and editing (issue 5): its ordering windows
 * (and paper return deadlines), its textbook rates and its equipment formula, all edited by the
 * Region. Money is typed in euros and kept in cents; the API checks everything again.
 */
const toEuros = (cents: number) => cents / 100;
const toCents = (value: number | string) => Math.round((typeof value === "number" ? value : Number(String(value).replace(",", "."))) * 100) || 0;

function EuroInput({
  label,
  cents,
  onChange,
  w = 150,
  inTable = false,
}: {
  label: string;
  cents: number;
  onChange: (cents: number) => void;
  w?: number;
  /** In the rate table, the row and column headers say what the cell is: the label is for screen readers only. */
  inTable?: boolean;
}) {
  return (
    <NumberInput
      {...(inTable ? { "aria-label": label } : { label })}
      value={toEuros(cents)}
      onChange={(v) => onChange(toCents(v))}
      min={0}
      decimalScale={2}
      fixedDecimalScale
      decimalSeparator=","
      thousandSeparator=" "
      suffix=" €"
      w={w}
    />
  );
}

/** A row's trash button: removes the row at its position. */
function RemoveRowButton({ label, disabled, onClick }: { label: string; disabled?: boolean; onClick: () => void }) {
  return (
    <ActionIcon variant="subtle" color="red" size="lg" mb={2} aria-label={label} disabled={disabled} onClick={onClick}>
      <IconTrash size={18} aria-hidden />
    </ActionIcon>
  );
}

function AddRowButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Group>
      <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={onClick}>
        {label}
      </Button>
    </Group>
  );
}

type DateField<T> = { key: keyof T & string; label: string };

/**
 * A list of labelled periods (ordering windows, return deadlines): a label and two dates per row,
 * rows added and removed by position since they have no id while being edited.
 */
function PeriodRows<T extends { label: string }>({
  rows,
  onChange,
  rowLabel,
  labelField,
  dates,
  dateWidth,
  removeLabel,
  keepOne = false,
  newRow,
  addLabel,
}: {
  rows: T[];
  onChange: (rows: T[]) => void;
  rowLabel: (n: number) => string;
  labelField: string;
  dates: [DateField<T>, DateField<T>];
  dateWidth: number;
  removeLabel: (n: number) => string;
  /** The last row cannot be removed (a campaign always has an ordering window). */
  keepOne?: boolean;
  newRow: () => T;
  addLabel: string;
}) {
  const setRow = (index: number, patch: Partial<T>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <>
      {rows.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: periods have no id; their position is their identity while editing.
        <Group key={i} align="flex-end" gap="xs" role="group" aria-label={rowLabel(i + 1)}>
          <TextInput label={labelField} value={r.label} onChange={(e) => setRow(i, { label: e.currentTarget.value } as Partial<T>)} w={380} />
          {dates.map((date) => (
            <TextInput
              key={date.key}
              type="date"
              label={date.label}
              value={String(r[date.key])}
              onChange={(e) => setRow(i, { [date.key]: e.currentTarget.value } as Partial<T>)}
              w={dateWidth}
            />
          ))}
          <RemoveRowButton label={removeLabel(i + 1)} disabled={keepOne && rows.length === 1} onClick={() => onChange(rows.filter((_, j) => j !== i))} />
        </Group>
      ))}
      <AddRowButton label={addLabel} onClick={() => onChange([...rows, newRow()])} />
    </>
  );
}

export function WindowsEditor({
  calendar,
  onChange,
  withReturns,
}: {
  calendar: CampaignCalendar;
  onChange: (c: CampaignCalendar) => void;
  withReturns: boolean;
}) {
  const { t } = useI18n();
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm" component="h4" m={0}>
        {t("campaignRegion.windows")}
      </Text>
      <PeriodRows<OrderWindow>
        rows={calendar.windows}
        onChange={(windows) => onChange({ ...calendar, windows })}
        rowLabel={(n) => t("campaignRegion.windowN", { n })}
        labelField={t("campaignRegion.windowLabel")}
        dates={[
          { key: "opensOn", label: t("campaignRegion.opensOn") },
          { key: "closesOn", label: t("campaignRegion.closesOn") },
        ]}
        dateWidth={160}
        removeLabel={(n) => t("campaignRegion.removeWindow", { n })}
        keepOne
        newRow={() => ({ label: t("campaignRegion.newWindow"), opensOn: "", closesOn: "" })}
        addLabel={t("campaignRegion.addWindow")}
      />
      {withReturns ? (
        <>
          <Text fw={600} size="sm" component="h4" m={0} mt="sm">
            {t("campaignRegion.returns")}
          </Text>
          <PeriodRows<ReturnDeadline>
            rows={calendar.returnDeadlines}
            onChange={(returnDeadlines) => onChange({ ...calendar, returnDeadlines })}
            rowLabel={(n) => t("campaignRegion.returnN", { n })}
            labelField={t("campaignRegion.returnLabel")}
            dates={[
              { key: "orderedBy", label: t("campaignRegion.orderedBy") },
              { key: "returnBy", label: t("campaignRegion.returnBy") },
            ]}
            dateWidth={190}
            removeLabel={(n) => t("campaignRegion.removeReturn", { n })}
            newRow={() => ({ label: t("campaignRegion.newReturn"), orderedBy: "", returnBy: "" })}
            addLabel={t("campaignRegion.addReturn")}
          />
        </>
      ) : null}
    </Stack>
  );
}

type GtLevel = "2de" | "1re" | "tle";
const GT_LEVELS: GtLevel[] = ["2de", "1re", "tle"];

/** The handbook's table (seed 001), one euro amount per row, as the Region sets it for this campaign. */
export function TextbookRatesEditor({ rates, onChange }: { rates: TextbookRates; onChange: (r: TextbookRates) => void }) {
  const { t } = useI18n();
  const digital = (patch: Partial<TextbookRates["digital"]>) => onChange({ ...rates, digital: { ...rates.digital, ...patch } });
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm" component="h4" m={0}>
        {t("campaignRegion.rates")}
      </Text>
      <Text size="xs" c="dimmed">
        {t("campaignRegion.ratesHint")}
      </Text>
      <Table withTableBorder maw={720} aria-label={t("campaignRegion.rates")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("campaignRegion.rateRow")}</Table.Th>
            {GT_LEVELS.map((level) => (
              <Table.Th scope="col" key={level}>
                {LEVEL_LABELS[level]}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(["general", "technologicalSpecialities"] as const).map((row) => (
            <Table.Tr key={row}>
              <Table.Th scope="row">{t(`campaignRegion.rate.${row}`)}</Table.Th>
              {GT_LEVELS.map((level) => (
                <Table.Td key={level}>
                  <EuroInput
                    label={`${t(`campaignRegion.rate.${row}`)}, ${LEVEL_LABELS[level]}`}
                    cents={rates.digital[row][level]}
                    onChange={(c) => digital({ [row]: { ...rates.digital[row], [level]: c } })}
                    w={130}
                    inTable
                  />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group gap="md" align="flex-end">
        <EuroInput
          label={t("campaignRegion.rate.technologicalCore")}
          cents={rates.digital.technologicalCore}
          onChange={(c) => digital({ technologicalCore: c })}
          w={220}
        />
        <EuroInput label={t("campaignRegion.rate.vocational")} cents={rates.digital.vocational} onChange={(c) => digital({ vocational: c })} w={220} />
        <EuroInput label={t("campaignRegion.rate.paper")} cents={rates.paper} onChange={(c) => onChange({ ...rates, paper: c })} w={220} />
        <EuroInput label={t("campaignRegion.rate.consumables")} cents={rates.consumables} onChange={(c) => onChange({ ...rates, consumables: c })} w={220} />
      </Group>
    </Stack>
  );
}

type Track = (typeof TRACKS)[number];
type Level = (typeof LEVELS)[number];

/** The equipment plan's formula (seed 003): a fixed part, an amount per student, and a weight per track and level. */
export function EquipmentFormulaEditor({ formula, onChange }: { formula: EquipmentFormula; onChange: (f: EquipmentFormula) => void }) {
  const { t } = useI18n();
  const setWeight = (index: number, patch: Partial<EquipmentFormula["weights"][number]>) =>
    onChange({ ...formula, weights: formula.weights.map((w, i) => (i === index ? { ...w, ...patch } : w)) });
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm" component="h4" m={0}>
        {t("campaignRegion.formula")}
      </Text>
      <Text size="xs" c="dimmed">
        {t("campaignRegion.formulaHint")}
      </Text>
      <Group align="flex-end">
        <EuroInput
          label={t("campaignRegion.base")}
          cents={formula.basePerSchoolCents}
          onChange={(c) => onChange({ ...formula, basePerSchoolCents: c })}
          w={220}
        />
        <EuroInput
          label={t("campaignRegion.perStudent")}
          cents={formula.perStudentCents}
          onChange={(c) => onChange({ ...formula, perStudentCents: c })}
          w={220}
        />
      </Group>
      {formula.weights.map((w, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a weight row is known by its position while it is being edited.
        <Group key={i} align="flex-end" gap="xs" role="group" aria-label={t("campaignRegion.weightN", { n: i + 1 })}>
          <Select
            label={t("campaignRegion.track")}
            data={TRACKS.map((track) => ({ value: track, label: TRACK_LABELS[track] }))}
            value={w.track}
            onChange={(v) => {
              const track = (v ?? "general") as Track;
              setWeight(i, { track, level: TRACK_LEVELS[track].includes(w.level) ? w.level : TRACK_LEVELS[track][0]! });
            }}
            allowDeselect={false}
            w={200}
          />
          <Select
            label={t("campaignRegion.level")}
            data={TRACK_LEVELS[w.track].map((level) => ({ value: level, label: LEVEL_LABELS[level] }))}
            value={w.level}
            onChange={(v) => setWeight(i, { level: (v ?? w.level) as Level })}
            allowDeselect={false}
            w={200}
          />
          <EuroInput label={t("campaignRegion.weight")} cents={w.centsPerStudent} onChange={(c) => setWeight(i, { centsPerStudent: c })} w={180} />
          <RemoveRowButton
            label={t("campaignRegion.removeWeight", { n: i + 1 })}
            onClick={() => onChange({ ...formula, weights: formula.weights.filter((_, j) => j !== i) })}
          />
        </Group>
      ))}
      <AddRowButton
        label={t("campaignRegion.addWeight")}
        onClick={() => onChange({ ...formula, weights: [...formula.weights, { track: "vocational", level: "2de", centsPerStudent: 0 }] })}
      />
    </Stack>
  );
}
