import { Badge, Button, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput } from "@mantine/core";
import {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  ASSET_FUNDINGS,
  ASSET_STATUSES,
  ASSET_TYPES,
  type AssetFunding,
  type AssetStatus,
  type AssetType,
  isIndividualEquipment,
  NETWORK_DOMAINS,
  type NetworkDomain,
} from "@relais/shared/inventory";
import { TICKET_KINDS, TICKET_STATUSES, type TicketKind, type TicketStatus } from "@relais/shared/tickets";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { AppModal } from "../../../components/app-modal.tsx";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { errorMessage, notifyError, notifySuccess } from "../../../lib/notify.tsx";
import { hasPermission, useMe } from "../../../lib/session.ts";
import { type AssetDetail, assetQuery, returnAsset, updateAsset, updateAssetStatus } from "../api/inventory-api.ts";
import { linkAssetTicket, unlinkAssetTicket } from "../api/inventory-reports-api.ts";
import { AssetForm, assetFieldsOf, assetValues } from "../components/asset-form.tsx";

const route = getRouteApi("/app/inventaire/$id");

type Section = Record<string, unknown>;
const asList = (value: unknown): Section[] => (Array.isArray(value) ? (value as Section[]) : []);
const asSection = (value: unknown): Section => (value && typeof value === "object" && !Array.isArray(value) ? (value as Section) : {});

/** One asset: identity and support, what the agent found (OS, CPU, memory, disks, network, BIOS), its software and its history. */
export function AssetPage() {
  const { id } = route.useParams();
  const { t } = useI18n();
  const query = useQuery(assetQuery(id));
  return (
    <>
      <AnchorLink to="/inventaire" size="sm">
        {t("inventory.back")}
      </AnchorLink>
      {query.isPending ? (
        <LoadingBlock />
      ) : query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <AssetView detail={query.data} />
      )}
    </>
  );
}

function AssetView({ detail }: { detail: AssetDetail }) {
  const { t, language, locale, formatDate, formatDateTime } = useI18n();
  const { asset } = detail;
  const formatEuros = (cents: number) => new Intl.NumberFormat(locale, { style: "currency", currency: "EUR" }).format(cents / 100);
  const technical = asset.technical;
  const os = asSection(technical.operatingsystem);
  const hardware = asSection(technical.hardware);
  const bios = asSection(technical.bios);
  const fields: [string, React.ReactNode][] = [
    [t("inventory.type"), ASSET_TYPES[asset.type as AssetType]?.[language]],
    [
      t("inventory.school"),
      <AnchorLink key="school" to="/inventaire/etablissements/$school" params={{ school: asset.schoolUai }}>
        {asset.schoolName} ({asset.schoolUai})
      </AnchorLink>,
    ],
    [
      t("inventory.room"),
      asset.roomId ? (
        <AnchorLink key="room" to="/inventaire/salles/$roomId" params={{ roomId: asset.roomId }}>
          {asset.roomName}
        </AnchorLink>
      ) : null,
    ],
    [t("inventory.model"), [asset.manufacturer, asset.model].filter(Boolean).join(" ") || null],
    [t("inventory.serial"), asset.serial],
    [t("inventory.inventoryNumber"), asset.inventoryNumber],
    [t("inventory.funding"), asset.funding ? ASSET_FUNDINGS[asset.funding as AssetFunding]?.[language] : null],
    [t("inventory.networkDomain"), asset.networkDomain ? NETWORK_DOMAINS[asset.networkDomain as NetworkDomain]?.[language] : null],
    [t("inventory.acquiredOn"), asset.acquiredOn ? formatDate(asset.acquiredOn) : null],
    [t("inventory.warrantyEndsOn"), asset.warrantyEndsOn ? formatDate(asset.warrantyEndsOn) : null],
    [t("inventory.supplier"), asset.supplier],
    [t("inventory.acquisitionPrice"), asset.acquisitionPriceCents === null ? null : formatEuros(asset.acquisitionPriceCents)],
    [t("inventory.lastInventory"), asset.lastInventoryAt ? formatDateTime(asset.lastInventoryAt) : t("inventory.manual")],
    ...(detail.loan || isIndividualEquipment(asset) ? [[t("inventory.lentTo"), <Loan key="loan" detail={detail} />] as [string, React.ReactNode]] : []),
  ];
  const unit = language === "fr" ? { mib: "Mio", gb: "Go" } : { mib: "MiB", gb: "GB" };
  const techFields: [string, string | null][] = [
    [t("inventory.os"), (os.full_name as string) ?? (os.name as string) ?? null],
    [
      t("inventory.cpu"),
      asList(technical.cpus)
        .map((c) => `${c.name ?? ""}${c.core ? ` (${c.core} ${t("inventory.cores")})` : ""}`)
        .join(", ") || null,
    ],
    [t("inventory.memory"), hardware.memory ? `${hardware.memory} ${unit.mib}` : null],
    [
      t("inventory.disks"),
      asList(technical.storages)
        .map((d) => `${d.model ?? d.name ?? "?"}${d.disksize ? ` ${Math.round(Number(d.disksize) / 1000)} ${unit.gb}` : ""}`)
        .join(", ") || null,
    ],
    [
      t("inventory.network"),
      [
        ...new Set(
          asList(technical.networks)
            .filter((n) => !n.virtualdev && n.mac)
            .map((n) => `${n.description ?? ""} ${n.mac}`),
        ),
      ].join(", ") || null,
    ],
    [t("inventory.bios"), [bios.bmanufacturer, bios.bversion, bios.bdate].filter(Boolean).join(" ") || null],
  ];
  return (
    <>
      <PageHeader
        title={asset.name ?? asset.inventoryNumber ?? t("inventory.unnamed")}
        subtitle={
          <Group gap="xs">
            <Badge variant="light">{ASSET_STATUSES[asset.status as AssetStatus]?.[language] ?? asset.status}</Badge>
            {asset.isSupported ? (
              <Badge color="green" variant="light">
                {t("inventory.supported")}
              </Badge>
            ) : (
              <Badge color="orange" variant="light">
                {t("inventory.notSupported")}
              </Badge>
            )}
          </Group>
        }
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Panel title={t("inventory.details")}>
          <DefinitionList rows={fields} />
          {detail.canEdit ? (
            <>
              <StatusForm detail={detail} />
              <EditAsset detail={detail} />
            </>
          ) : null}
        </Panel>
        <Panel title={t("inventory.technical")}>
          <DefinitionList rows={techFields} />
        </Panel>
      </SimpleGrid>
      <Panel title={`${t("inventory.software")} (${detail.software.length})`} mt="md">
        {detail.software.length === 0 ? (
          <EmptyMessage>{t("inventory.noSoftware")}</EmptyMessage>
        ) : (
          <Table.ScrollContainer minWidth={600} mah={420}>
            <Table striped verticalSpacing={4} aria-label={t("inventory.software")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("inventory.softwareName")}</Table.Th>
                  <Table.Th scope="col">{t("inventory.publisher")}</Table.Th>
                  <Table.Th scope="col">{t("inventory.version")}</Table.Th>
                  <Table.Th scope="col">{t("inventory.directory")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {detail.software.map((s) => (
                  <Table.Tr key={`${s.softwareId}-${s.version}-${s.arch}`}>
                    <Table.Td>{s.name}</Table.Td>
                    <Table.Td>{s.publisher ?? "—"}</Table.Td>
                    <Table.Td>{s.version}</Table.Td>
                    <Table.Td>{s.applicationStatus ? APPLICATION_STATUSES[s.applicationStatus as ApplicationStatus]?.[language] : "—"}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Panel>
      <LinkedTickets detail={detail} />
      <Panel title={t("inventory.history")} mt="md">
        <Stack gap={4} component="ol" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {detail.history.map((h) => (
            <Text component="li" key={h.id} size="sm">
              {formatDateTime(h.at)} — {t(`inventory.event.${h.kind}` as "inventory.event.created")}
              <HistoryDetail kind={h.kind} details={h.details} /> ({h.actorLabel})
            </Text>
          ))}
        </Stack>
      </Panel>
    </>
  );
}

function DefinitionList({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <Stack gap={4} component="dl" m={0}>
      {rows.map(([term, value]) => (
        <Group key={term} gap="xs" wrap="nowrap" align="flex-start">
          <Text component="dt" size="sm" c="dimmed" w={170} style={{ flexShrink: 0 }}>
            {term}
          </Text>
          <Text component="dd" size="sm" m={0}>
            {value || "—"}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/** The technician changes the status in the item's life (broken, in repair, retired…): it goes to the history. */
function StatusForm({ detail }: { detail: AssetDetail }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState(detail.asset.status);
  useEffect(() => setStatus(detail.asset.status), [detail.asset.status]);
  const save = useMutation({
    mutationFn: () => updateAssetStatus(detail.asset.id, detail.asset.version, status),
    onSuccess: (saved) => {
      queryClient.setQueryData(assetQuery(detail.asset.id).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: ["inventory", "assets"] });
      notifySuccess(t("inventory.statusSaved"));
    },
    onError: (error) => notifyError(errorMessage(error, t)),
  });
  return (
    <Group
      mt="md"
      align="flex-end"
      component="form"
      onSubmit={(e: React.FormEvent) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <NativeSelect
        label={t("inventory.changeStatus")}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value)}
        data={Object.entries(ASSET_STATUSES).map(([value, l]) => ({ value, label: l[language] }))}
      />
      <Button type="submit" loading={save.isPending} disabled={status === detail.asset.status}>
        {t("common.save")}
      </Button>
    </Group>
  );
}

/**
 * The whole record, corrected by hand. The version read goes with the change: when someone saved
 * the item meanwhile the API refuses it (409) and the form says so and offers to reload.
 */
function EditAsset({ detail }: { detail: AssetDetail }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const { asset } = detail;
  return (
    <>
      <Button mt="md" variant="light" onClick={() => setOpened(true)}>
        {t("inventory.form.edit")}
      </Button>
      <AppModal opened={opened} onClose={() => setOpened(false)} title={t("inventory.form.editTitle")} size="xl">
        <AssetForm
          key={asset.version}
          initial={assetValues(asset)}
          initialBorrower={detail.loan ? { id: detail.loan.personId, name: detail.loan.name } : undefined}
          initialSchool={{ id: asset.schoolId, name: asset.schoolName, uai: asset.schoolUai }}
          schoolFixed
          submitLabel={t("common.save")}
          onCancel={() => setOpened(false)}
          onReload={() => {
            void queryClient.invalidateQueries({ queryKey: assetQuery(asset.id).queryKey });
            setOpened(false);
          }}
          onSubmit={async (values) => {
            const saved = await updateAsset(asset.id, asset.version, assetFieldsOf(values));
            queryClient.setQueryData(assetQuery(asset.id).queryKey, saved);
            void queryClient.invalidateQueries({ queryKey: ["inventory"], predicate: (q) => q.queryKey[1] !== "asset" });
            notifySuccess(t("inventory.form.saved"));
            setOpened(false);
          }}
        />
      </AppModal>
    </>
  );
}

/**
 * Who has the individual equipment and since when; those who keep the inventory record its return
 * (a "returned" entry in the history).
 */
function Loan({ detail }: { detail: AssetDetail }) {
  const { t, formatDate } = useI18n();
  const queryClient = useQueryClient();
  const back = useMutation({
    mutationFn: () => returnAsset(detail.asset.id, detail.asset.version),
    onSuccess: (saved) => {
      queryClient.setQueryData(assetQuery(detail.asset.id).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: ["inventory", "assets"] });
      notifySuccess(t("inventory.returnSaved"));
    },
    onError: (error) => notifyError(errorMessage(error, t)),
  });
  const { loan } = detail;
  if (!loan) return <>{t("inventory.notLent")}</>;
  return (
    <Group gap="xs" component="span">
      <span>{loan.since ? t("inventory.lentSince", { name: loan.name, date: formatDate(loan.since) }) : loan.name}</span>
      {detail.canEdit ? (
        <Button
          size="compact-xs"
          variant="light"
          loading={back.isPending}
          onClick={() => back.mutate()}
          aria-label={t("inventory.returnHint", { name: loan.name })}
          title={t("inventory.returnHint", { name: loan.name })}
        >
          {t("inventory.return")}
        </Button>
      ) : null}
    </Group>
  );
}

/** What a history step changed, in words: the status reached, the ticket linked, the borrower. */
function HistoryDetail({ kind, details }: { kind: string; details: Record<string, unknown> }) {
  const { language } = useI18n();
  if ((kind === "lent" || kind === "returned") && typeof details.personName === "string") return <> : {details.personName}</>;
  if (kind === "status_changed" && typeof details.to === "string") {
    const label = (code: unknown) => (typeof code === "string" ? (ASSET_STATUSES[code as AssetStatus]?.[language] ?? code) : "?");
    return (
      <>
        {" "}
        : {label(details.from)} → {label(details.to)}
      </>
    );
  }
  if ((kind === "ticket_linked" || kind === "ticket_unlinked") && typeof details.number === "string") {
    return (
      <>
        {" "}
        <AnchorLink to="/tickets/$number" params={{ number: details.number }}>
          {details.number}
        </AnchorLink>
      </>
    );
  }
  return null;
}

/**
 * The desk's tickets about this item (those the viewer may see), newest first. The desk, the
 * technicians and the Region link a ticket by its number, or remove a link made by mistake.
 */
function LinkedTickets({ detail }: { detail: AssetDetail }) {
  const { t, language, formatDateTime } = useI18n();
  const me = useMe();
  const queryClient = useQueryClient();
  const [number, setNumber] = useState("");
  const mayLink = detail.canEdit || hasPermission(me, "ticket.work");
  const saved = (next: AssetDetail) => {
    queryClient.setQueryData(assetQuery(detail.asset.id).queryKey, next);
    void queryClient.invalidateQueries({ queryKey: ["inventory", "reports"] });
  };
  const link = useMutation({
    mutationFn: () => linkAssetTicket(detail.asset.id, number.trim()),
    onSuccess: (next) => {
      saved(next);
      setNumber("");
      notifySuccess(t("inventory.tickets.linked"));
    },
    onError: (error) => notifyError(errorMessage(error, t)),
  });
  const unlink = useMutation({
    mutationFn: (ticketId: string) => unlinkAssetTicket(detail.asset.id, ticketId),
    onSuccess: (next) => {
      saved(next);
      notifySuccess(t("inventory.tickets.unlinked"));
    },
    onError: (error) => notifyError(errorMessage(error, t)),
  });
  return (
    <Panel title={`${t("inventory.tickets.title")} (${detail.tickets.length})`} headingId="asset-tickets" mt="md">
      {detail.tickets.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("inventory.tickets.none")}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table striped verticalSpacing={4} aria-labelledby="asset-tickets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("inventory.tickets.number")}</Table.Th>
                <Table.Th scope="col">{t("inventory.tickets.subject")}</Table.Th>
                <Table.Th scope="col">{t("inventory.tickets.kind")}</Table.Th>
                <Table.Th scope="col">{t("inventory.status")}</Table.Th>
                <Table.Th scope="col">{t("inventory.tickets.received")}</Table.Th>
                {mayLink ? <Table.Th scope="col">{t("inventory.tickets.actions")}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.tickets.map((ticket) => (
                <Table.Tr key={ticket.id}>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    <AnchorLink to="/tickets/$number" params={{ number: ticket.number }} fw={600}>
                      {ticket.number}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{ticket.title}</Table.Td>
                  <Table.Td>{TICKET_KINDS[ticket.kind as TicketKind]?.[language] ?? ticket.kind}</Table.Td>
                  <Table.Td>{TICKET_STATUSES[ticket.status as TicketStatus]?.[language] ?? ticket.status}</Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(ticket.receivedAt)}</Table.Td>
                  {mayLink ? (
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        loading={unlink.isPending && unlink.variables === ticket.id}
                        onClick={() => unlink.mutate(ticket.id)}
                        aria-label={t("inventory.tickets.unlinkOne", { number: ticket.number })}
                      >
                        {t("inventory.tickets.unlink")}
                      </Button>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {mayLink ? (
        <Group
          mt="md"
          align="flex-end"
          component="form"
          onSubmit={(e: React.FormEvent) => {
            e.preventDefault();
            if (number.trim()) link.mutate();
          }}
        >
          <TextInput
            label={t("inventory.tickets.linkLabel")}
            description={t("inventory.tickets.linkHint")}
            value={number}
            onChange={(e) => setNumber(e.currentTarget.value)}
            maxLength={64}
          />
          <Button type="submit" loading={link.isPending} disabled={!number.trim()}>
            {t("inventory.tickets.link")}
          </Button>
        </Group>
      ) : null}
    </Panel>
  );
}
