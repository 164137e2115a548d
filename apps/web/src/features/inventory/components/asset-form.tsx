import { Alert, Button, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { ASSET_FUNDINGS, ASSET_STATUSES, ASSET_TYPES, isIndividualEquipment, NETWORK_DOMAINS, ROOM_USES, type RoomUse } from "@relais/shared/inventory";
import type { Page } from "@relais/shared/lists";
import type { Person } from "@relais/shared/people";
import type { School } from "@relais/shared/schools";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, api } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { errorMessage } from "../../../lib/notify.tsx";
import { type AssetFields, type AssetSummary, roomsQuery } from "../api/inventory-api.ts";

/** The form's values: text as typed ("" is "not known"), the price in euros. */
export type AssetFormValues = {
  school: string;
  roomId: string;
  type: string;
  name: string;
  networkDomain: string;
  manufacturer: string;
  model: string;
  serial: string;
  inventoryNumber: string;
  status: string;
  funding: string;
  isQualifiedByRegion: boolean;
  acquiredOn: string;
  warrantyEndsOn: string;
  supplier: string;
  priceEuros: number | "";
  /** The borrower of individual equipment ("" when not lent). */
  lentToPersonId: string;
};

export const emptyAssetValues = (school = "", roomId = ""): AssetFormValues => ({
  school,
  roomId,
  type: "video_projector",
  name: "",
  networkDomain: "",
  manufacturer: "",
  model: "",
  serial: "",
  inventoryNumber: "",
  status: "in_service",
  funding: "",
  isQualifiedByRegion: false,
  acquiredOn: "",
  warrantyEndsOn: "",
  supplier: "",
  priceEuros: "",
  lentToPersonId: "",
});

export const assetValues = (a: AssetSummary): AssetFormValues => ({
  school: a.schoolId,
  roomId: a.roomId ?? "",
  type: a.type,
  name: a.name ?? "",
  networkDomain: a.networkDomain ?? "",
  manufacturer: a.manufacturer ?? "",
  model: a.model ?? "",
  serial: a.serial ?? "",
  inventoryNumber: a.inventoryNumber ?? "",
  status: a.status,
  funding: a.funding ?? "",
  isQualifiedByRegion: a.isQualifiedByRegion,
  acquiredOn: a.acquiredOn ?? "",
  warrantyEndsOn: a.warrantyEndsOn ?? "",
  supplier: a.supplier ?? "",
  priceEuros: a.acquisitionPriceCents === null ? "" : a.acquisitionPriceCents / 100,
  lentToPersonId: a.lentToPersonId ?? "",
});

const orNull = (value: string) => (value.trim() === "" ? null : value.trim());

/** What the API takes: blanks become null, euros become cents. */
export function assetFieldsOf(v: AssetFormValues): AssetFields {
  return {
    type: v.type,
    name: orNull(v.name),
    manufacturer: orNull(v.manufacturer),
    model: orNull(v.model),
    serial: orNull(v.serial),
    inventoryNumber: orNull(v.inventoryNumber),
    status: v.status,
    funding: orNull(v.funding),
    // Only the school's own purchases need the Region's qualification (seed 004 §7.4.1.1).
    isQualifiedByRegion: v.funding === "own_funds" && v.isQualifiedByRegion,
    acquiredOn: orNull(v.acquiredOn),
    supplier: orNull(v.supplier),
    warrantyEndsOn: orNull(v.warrantyEndsOn),
    acquisitionPriceCents: v.priceEuros === "" ? null : Math.round(Number(v.priceEuros) * 100),
    networkDomain: orNull(v.networkDomain),
    roomId: orNull(v.roomId),
    // Only individual equipment has a borrower: an item that stops being one is given back.
    lentToPersonId: isIndividualEquipment({ type: v.type, funding: orNull(v.funding) }) ? orNull(v.lentToPersonId) : null,
  };
}

const optionsOf = (catalogue: Record<string, { fr: string; en: string }>, language: "fr" | "en") =>
  Object.entries(catalogue).map(([value, l]) => ({ value, label: l[language] }));

/** The API's field names, as the form names them. */
const FIELD_OF: Record<string, keyof AssetFormValues> = { acquisitionPriceCents: "priceEuros" };

/**
 * An item without an agent, entered or corrected by hand: identity, place, life status and how
 * it was bought. The school is chosen on creation only (a move between schools is not this form's job).
 */
export function AssetForm(props: {
  initial: AssetFormValues;
  /** The current borrower, shown before the school's people are searched. */
  initialBorrower?: { id: string; name: string } | undefined;
  /** The school shown first when the form opens on one (its estate or room page). */
  initialSchool?: { id: string; name: string; uai: string } | undefined;
  schoolFixed: boolean;
  submitLabel: string;
  onSubmit: (values: AssetFormValues) => Promise<unknown>;
  onCancel?: () => void;
  /** Offered when someone else saved the item meanwhile (409): read it again, then redo the change. */
  onReload?: () => void;
}) {
  const { t, language } = useI18n();
  const [values, setValues] = useState(props.initial);
  const [errors, setErrors] = useState<Partial<Record<keyof AssetFormValues, string>>>({});
  const [failure, setFailure] = useState<{ message: string; conflict: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const [schoolSearch, setSchoolSearch] = useState("");
  const [debouncedSchool] = useDebouncedValue(schoolSearch, 250);
  const [personSearch, setPersonSearch] = useState("");
  const [debouncedPerson] = useDebouncedValue(personSearch, 250);
  // The chosen borrower stays among the options while the search box shows their label.
  const [borrower, setBorrower] = useState(props.initialBorrower ? { value: props.initialBorrower.id, label: props.initialBorrower.name } : null);
  const personQuery = debouncedPerson === borrower?.label ? "" : debouncedPerson;
  const individual = isIndividualEquipment({ type: values.type, funding: values.funding || null });
  const set = <K extends keyof AssetFormValues>(key: K, value: AssetFormValues[K]) => {
    setValues((prev) => ({ ...prev, [key]: value, ...(key === "school" ? { roomId: "", lentToPersonId: "" } : {}) }));
    setErrors((prev) => ({ ...prev, [key]: undefined }));
  };
  const schools = useQuery({
    queryKey: ["schools", "pick", debouncedSchool],
    queryFn: ({ signal }) => api.get<Page<School>>("/schools", { q: debouncedSchool || undefined, pageSize: 20, sort: "name" }, signal),
    enabled: !props.schoolFixed,
  });
  const rooms = useQuery(roomsQuery(values.school));
  // The school's people (those holding a role there), searched by name or e-mail; the API checks the role is in force.
  const schoolPeople = useQuery({
    queryKey: ["people", "pick", values.school, personQuery],
    queryFn: ({ signal }) => api.get<Page<Person>>("/people", { schoolId: values.school, q: personQuery || undefined, pageSize: 50, sort: "lastName" }, signal),
    enabled: individual && values.school !== "",
  });
  const personOptions = [
    ...(borrower ? [borrower] : []),
    ...(schoolPeople.data?.items ?? [])
      .filter((p) => p.id !== borrower?.value)
      .map((p) => ({ value: p.id, label: `${p.lastName} ${p.firstName} (${p.email})` })),
  ];
  const schoolOptions = [
    ...(props.initialSchool ? [props.initialSchool] : []),
    ...(schools.data?.items ?? []).filter((s) => s.id !== props.initialSchool?.id),
  ].map((s) => ({ value: s.id, label: `${s.name} (${s.uai})` }));
  const roomOptions = (rooms.data?.items ?? []).map((r) => ({
    value: r.id,
    label: `${r.name}${r.building ? ` — ${r.building}${r.floor ? ` · ${r.floor}` : ""}` : ""} (${ROOM_USES[r.use as RoomUse]?.[language] ?? r.use})`,
  }));

  const submit = async () => {
    const missing: typeof errors = {};
    if (!values.school) missing.school = t("inventory.form.schoolRequired");
    if (values.acquiredOn && values.warrantyEndsOn && values.warrantyEndsOn < values.acquiredOn)
      missing.warrantyEndsOn = t("inventory.form.warrantyBeforePurchase");
    setErrors(missing);
    setFailure(null);
    if (Object.keys(missing).length > 0) return;
    setSaving(true);
    try {
      await props.onSubmit(values);
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors.length > 0) {
        // Request validation names a field "body.x", the service's own checks sometimes "x".
        const fieldOf = (name: string) => FIELD_OF[name.replace(/^body\./, "")] ?? name.replace(/^body\./, "");
        setErrors(Object.fromEntries(error.fieldErrors.map((f) => [fieldOf(f.field), f.message])));
      }
      setFailure({ message: errorMessage(error, t), conflict: error instanceof ApiError && error.status === 409 });
    } finally {
      setSaving(false);
    }
  };
  const text = (key: keyof AssetFormValues, label: string, max: number, extra: { description?: string } = {}) => (
    <TextInput label={label} maxLength={max} value={values[key] as string} onChange={(e) => set(key, e.currentTarget.value)} error={errors[key]} {...extra} />
  );
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t("inventory.school")}
            required
            searchable={!props.schoolFixed}
            // Read-only rather than disabled: the school stays legible (a disabled field's grey fails contrast).
            readOnly={props.schoolFixed}
            rightSection={props.schoolFixed ? <span /> : undefined}
            data={schoolOptions}
            searchValue={props.schoolFixed ? undefined : schoolSearch}
            onSearchChange={props.schoolFixed ? undefined : setSchoolSearch}
            nothingFoundMessage={t("inventory.form.noSchool")}
            value={values.school || null}
            onChange={(v) => set("school", v ?? "")}
            error={errors.school}
          />
          <Select
            label={t("inventory.room")}
            description={values.school && roomOptions.length === 0 && rooms.isSuccess ? t("inventory.form.noRoom") : undefined}
            clearable
            searchable
            disabled={!values.school}
            data={roomOptions}
            value={values.roomId || null}
            onChange={(v) => set("roomId", v ?? "")}
            error={errors.roomId}
          />
          <Select
            label={t("inventory.type")}
            required
            allowDeselect={false}
            data={optionsOf(ASSET_TYPES, language)}
            value={values.type}
            onChange={(v) => set("type", v ?? values.type)}
            error={errors.type}
          />
          {text("name", t("inventory.name"), 255, { description: t("inventory.form.nameHint") })}
          <Select
            label={t("inventory.networkDomain")}
            clearable
            data={optionsOf(NETWORK_DOMAINS, language)}
            value={values.networkDomain || null}
            onChange={(v) => set("networkDomain", v ?? "")}
            error={errors.networkDomain}
          />
          <Select
            label={t("inventory.status")}
            required
            allowDeselect={false}
            data={optionsOf(ASSET_STATUSES, language)}
            value={values.status}
            onChange={(v) => set("status", v ?? values.status)}
            error={errors.status}
          />
          {text("manufacturer", t("inventory.form.manufacturer"), 255)}
          {text("model", t("inventory.model"), 255)}
          {text("serial", t("inventory.serial"), 255)}
          {text("inventoryNumber", t("inventory.inventoryNumber"), 100)}
          <Select
            label={t("inventory.funding")}
            clearable
            data={optionsOf(ASSET_FUNDINGS, language)}
            value={values.funding || null}
            onChange={(v) => set("funding", v ?? "")}
            error={errors.funding}
          />
          {values.funding === "own_funds" ? (
            <Checkbox
              mt={{ sm: 30 }}
              label={t("inventory.form.qualified")}
              description={t("inventory.form.qualifiedHint")}
              checked={values.isQualifiedByRegion}
              onChange={(e) => set("isQualifiedByRegion", e.currentTarget.checked)}
            />
          ) : (
            <div />
          )}
          <TextInput
            type="date"
            label={t("inventory.acquiredOn")}
            value={values.acquiredOn}
            onChange={(e) => set("acquiredOn", e.currentTarget.value)}
            error={errors.acquiredOn}
          />
          <TextInput
            type="date"
            label={t("inventory.warrantyEndsOn")}
            value={values.warrantyEndsOn}
            onChange={(e) => set("warrantyEndsOn", e.currentTarget.value)}
            error={errors.warrantyEndsOn}
          />
          {text("supplier", t("inventory.supplier"), 255)}
          <NumberInput
            label={t("inventory.form.price")}
            min={0}
            decimalScale={2}
            decimalSeparator={language === "fr" ? "," : "."}
            thousandSeparator={language === "fr" ? "\u202f" : ","}
            suffix=" €"
            value={values.priceEuros}
            onChange={(v) => set("priceEuros", typeof v === "number" ? v : v === "" ? "" : Number(String(v).replace(",", ".")))}
            error={errors.priceEuros}
          />
          {individual ? (
            <Select
              label={t("inventory.form.lentTo")}
              description={t("inventory.form.lentToHint")}
              clearable
              searchable
              disabled={!values.school}
              data={personOptions}
              searchValue={personSearch}
              onSearchChange={setPersonSearch}
              nothingFoundMessage={t("inventory.form.noPerson")}
              value={values.lentToPersonId || null}
              onChange={(v, option) => {
                setBorrower(v ? option : null);
                set("lentToPersonId", v ?? "");
              }}
              error={errors.lentToPersonId}
            />
          ) : null}
        </SimpleGrid>
        {failure ? (
          <Alert color={failure.conflict ? "orange" : "red"} role="alert" title={failure.conflict ? t("inventory.form.conflictTitle") : undefined}>
            <Stack gap="xs" align="flex-start">
              {failure.message}
              {failure.conflict && props.onReload ? (
                <Button size="compact-sm" variant="white" color="orange" onClick={props.onReload}>
                  {t("inventory.form.reload")}
                </Button>
              ) : null}
            </Stack>
          </Alert>
        ) : null}
        <Group>
          <Button type="submit" loading={saving}>
            {props.submitLabel}
          </Button>
          {props.onCancel ? (
            <Button variant="default" onClick={props.onCancel}>
              {t("common.cancel")}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}
