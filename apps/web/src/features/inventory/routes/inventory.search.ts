import { APPLICATION_STATUSES, type ApplicationStatus, ASSET_STATUSES, ASSET_TYPES, type AssetStatus, type AssetType } from "@relais/shared/inventory";
import { oneOf, optionalString, positiveInt } from "../../../lib/search-params.ts";

export type AssetListSearch = {
  q?: string | undefined;
  type?: AssetType | undefined;
  status?: AssetStatus | undefined;
  /** A school's id: the list of one lycée (from its estate overview). */
  school?: string | undefined;
  page?: number | undefined;
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export type PendingSearch = { page?: number | undefined };

const TYPES = Object.keys(ASSET_TYPES) as AssetType[];
const STATUSES = Object.keys(ASSET_STATUSES) as AssetStatus[];

export function validateAssetListSearch(search: Record<string, unknown>): AssetListSearch {
  return {
    q: optionalString(search.q, 200),
    type: oneOf(search.type, TYPES),
    status: oneOf(search.status, STATUSES),
    school: typeof search.school === "string" && UUID.test(search.school) ? search.school : undefined,
    page: search.page === undefined ? undefined : positiveInt(search.page, 1),
  };
}

export function validatePendingSearch(search: Record<string, unknown>): PendingSearch {
  return { page: search.page === undefined ? undefined : positiveInt(search.page, 1) };
}

export type ApplicationSearch = { status?: ApplicationStatus | undefined; q?: string | undefined; page?: number | undefined };
const APPLICATION_STATUS_CODES = Object.keys(APPLICATION_STATUSES) as ApplicationStatus[];

export function validateApplicationSearch(search: Record<string, unknown>): ApplicationSearch {
  return {
    status: oneOf(search.status, APPLICATION_STATUS_CODES),
    q: optionalString(search.q, 200),
    page: search.page === undefined ? undefined : positiveInt(search.page, 1),
  };
}

/** « Nouvel équipement » opened from a school's estate (its UAI or id) or from a room (its id). */
export type NewAssetSearch = { school?: string | undefined; room?: string | undefined };

export function validateNewAssetSearch(search: Record<string, unknown>): NewAssetSearch {
  return {
    school: typeof search.school === "string" && /^[0-9A-Za-z-]{1,64}$/.test(search.school) ? search.school : undefined,
    room: typeof search.room === "string" && UUID.test(search.room) ? search.room : undefined,
  };
}
