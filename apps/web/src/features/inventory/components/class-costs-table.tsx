import { Badge, Button, Group, NumberInput, Table, Text, Title } from "@mantine/core";
import { ASSET_TYPES, type AssetType } from "@relais/shared/inventory";
import { type ClassCost, DEFAULT_INVENTORY_SETTINGS } from "@relais/shared/inventory-reports";
import { MAX_CENTS } from "@relais/shared/money";
import { IconArrowBackUp } from "@tabler/icons-react";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

/** One class's costs as typed: euros (the API keeps cents) and minutes; "" while a field is empty. */
export type CostDraft = { price: number | ""; minutes: number | ""; recycling: number | "" };
export type CostDrafts = Record<AssetType, CostDraft>;
export type CostField = keyof CostDraft;
/** Errors by `${type}.${field}`, from the form's own check or from the API. */
export type CostErrors = Record<string, string>;

const TYPES = Object.keys(ASSET_TYPES) as AssetType[];
const FIELDS: CostField[] = ["price", "minutes", "recycling"];
/** The API's name of each field, for placing its per-field errors. */
export const API_FIELDS: Record<keyof ClassCost, CostField> = { priceCents: "price", deploymentMinutes: "minutes", recyclingCents: "recycling" };

const draftOf = (cost: ClassCost): CostDraft => ({ price: cost.priceCents / 100, minutes: cost.deploymentMinutes, recycling: cost.recyclingCents / 100 });
export const draftsOf = (costs: Record<AssetType, ClassCost>): CostDrafts =>
  Object.fromEntries(TYPES.map((type) => [type, draftOf(costs[type])])) as CostDrafts;
export const defaultDrafts = (): CostDrafts => draftsOf(DEFAULT_INVENTORY_SETTINGS.classCosts);

const isAtDefault = (type: AssetType, draft: CostDraft) => {
  const defaults = draftOf(DEFAULT_INVENTORY_SETTINGS.classCosts[type]);
  return FIELDS.every((field) => draft[field] === defaults[field]);
};

/** The drafts in the API's units, or the fields to fix (empty ones: Number("") would store 0 without a word). */
export function costsOf(drafts: CostDrafts, required: string): { costs: Record<AssetType, ClassCost> } | { errors: CostErrors } {
  const errors: CostErrors = {};
  for (const type of TYPES) for (const field of FIELDS) if (drafts[type][field] === "") errors[`${type}.${field}`] = required;
  if (Object.keys(errors).length > 0) return { errors };
  const cents = (euros: number | "") => Math.round(Number(euros) * 100);
  return {
    costs: Object.fromEntries(
      TYPES.map((type) => {
        const d = drafts[type];
        return [type, { priceCents: cents(d.price), deploymentMinutes: Number(d.minutes), recyclingCents: cents(d.recycling) }];
      }),
    ) as Record<AssetType, ClassCost>,
  };
}

/** What a number input hands back ("12,5" while typing in French) as a number, or "" when emptied. */
const toDraftValue = (value: number | string): number | "" => (typeof value === "number" ? value : value === "" ? "" : Number(value.replace(",", ".")));

/**
 * The total cost's parameters of each asset class, one row per class, each field showing the
 * default it departs from; a row, or the whole table, goes back to the defaults (saved with the
 * rest of the settings, where a class at its defaults is not stored).
 */
export function ClassCostsTable({
  drafts,
  errors,
  onChange,
}: {
  drafts: CostDrafts;
  errors: CostErrors;
  onChange: (next: CostDrafts, cleared: string[]) => void;
}) {
  const { t, language, locale } = useI18n();
  const euros = new Intl.NumberFormat(locale, { style: "currency", currency: "EUR", minimumFractionDigits: 0, maximumFractionDigits: 2 });
  const show: Record<CostField, (v: number) => string> = {
    price: (v) => euros.format(v),
    minutes: (v) => t("inventory.settings.minutes", { count: v }),
    recycling: (v) => euros.format(v),
  };
  const headers: Record<CostField, string> = {
    price: t("inventory.settings.price"),
    minutes: t("inventory.settings.deployment"),
    recycling: t("inventory.settings.recycling"),
  };
  const set = (type: AssetType, field: CostField, value: number | "") =>
    onChange({ ...drafts, [type]: { ...drafts[type], [field]: value } }, [`${type}.${field}`]);
  const reset = (type: AssetType) =>
    onChange(
      { ...drafts, [type]: draftOf(DEFAULT_INVENTORY_SETTINGS.classCosts[type]) },
      FIELDS.map((field) => `${type}.${field}`),
    );
  const allAtDefault = TYPES.every((type) => isAtDefault(type, drafts[type]));
  const separators = { decimalSeparator: language === "fr" ? "," : ".", thousandSeparator: language === "fr" ? "\u202f" : "," };
  return (
    <section aria-labelledby="class-costs">
      <Group justify="space-between" align="flex-end" mt="lg" mb={4}>
        <Title order={3} size="h5" id="class-costs">
          {t("inventory.settings.classCosts")}
        </Title>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconArrowBackUp size={16} aria-hidden />}
          disabled={allAtDefault}
          onClick={() => onChange(defaultDrafts(), Object.keys(errors))}
        >
          {t("inventory.settings.resetAll")}
        </Button>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t("inventory.settings.classCostsHint")}
      </Text>
      <Table.ScrollContainer minWidth={820}>
        <Table striped verticalSpacing={6} aria-labelledby="class-costs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("inventory.settings.class")}</Table.Th>
              {FIELDS.map((field) => (
                <Table.Th key={field} scope="col" w={170}>
                  {headers[field]}
                </Table.Th>
              ))}
              <Table.Th scope="col" w={230}>
                {t("inventory.settings.defaults")}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {TYPES.map((type) => {
              const label = ASSET_TYPES[type][language];
              const draft = drafts[type];
              const defaults = draftOf(DEFAULT_INVENTORY_SETTINGS.classCosts[type]);
              const atDefault = isAtDefault(type, draft);
              return (
                <Table.Tr key={type}>
                  <Table.Th scope="row" fw={500}>
                    <Group gap="xs" wrap="nowrap">
                      {label}
                      {atDefault ? null : (
                        <Badge size="sm" variant="light" color="blue">
                          {t("inventory.settings.changed")}
                        </Badge>
                      )}
                    </Group>
                  </Table.Th>
                  {FIELDS.map((field) => (
                    <Table.Td key={field} style={{ verticalAlign: "top" }}>
                      <NumberInput
                        aria-label={t("inventory.settings.fieldOf", { field: headers[field], class: label })}
                        value={draft[field]}
                        onChange={(v) => set(type, field, toDraftValue(v))}
                        min={0}
                        max={field === "minutes" ? 10_000 : MAX_CENTS / 100}
                        allowNegative={false}
                        allowDecimal={field !== "minutes"}
                        decimalScale={field === "minutes" ? 0 : 2}
                        suffix={field === "minutes" ? " min" : " €"}
                        {...separators}
                        size="xs"
                        description={
                          draft[field] === defaults[field] ? undefined : t("inventory.settings.defaultIs", { value: show[field](defaults[field] as number) })
                        }
                        inputWrapperOrder={["input", "description", "error"]}
                        error={errors[`${type}.${field}`]}
                      />
                    </Table.Td>
                  ))}
                  <Table.Td style={{ verticalAlign: "top" }}>
                    {atDefault ? (
                      <Text size="sm" c="dimmed" py={4}>
                        {t("inventory.settings.atDefault")}
                      </Text>
                    ) : (
                      <Button
                        variant="subtle"
                        size="xs"
                        px={6}
                        leftSection={<IconArrowBackUp size={16} aria-hidden />}
                        aria-label={t("inventory.settings.resetRowOf", {
                          class: label,
                          defaults: FIELDS.map((field) => show[field](defaults[field] as number)).join(", "),
                        })}
                        onClick={() => reset(type)}
                      >
                        {t("inventory.settings.resetRow")}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </section>
  );
}
