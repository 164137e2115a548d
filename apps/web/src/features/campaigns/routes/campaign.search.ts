/** `?campagne=<id>`: the campaign a page opens on (the campaign e-mails link to it). Anything else is dropped. */
export type CampaignSearch = { campagne?: string | undefined };

export function validateCampaignSearch(search: Record<string, unknown>): CampaignSearch {
  const id = search.campagne;
  return typeof id === "string" && /^[0-9a-f-]{36}$/i.test(id) ? { campagne: id } : {};
}
