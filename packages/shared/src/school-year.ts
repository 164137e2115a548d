/**
 * A school year runs from 1 September to 31 August and is written "2025-2026".
 * Role holders are designated by the head for one school year (DOMAIN §People and roles, §7).
 */
export type SchoolYear = `${number}-${number}`;

export function schoolYearOf(date: Date): SchoolYear {
  const year = date.getUTCFullYear();
  const startYear = date.getUTCMonth() >= 8 ? year : year - 1;
  return `${startYear}-${startYear + 1}`;
}

export function schoolYearBounds(schoolYear: string): { startsOn: string; endsOn: string } {
  const match = /^(\d{4})-(\d{4})$/.exec(schoolYear);
  if (!match || Number(match[2]) !== Number(match[1]) + 1) {
    throw new Error(`Année scolaire invalide : ${schoolYear}`);
  }
  return { startsOn: `${match[1]}-09-01`, endsOn: `${match[2]}-08-31` };
}

export function isSchoolYear(value: string): boolean {
  const match = /^(\d{4})-(\d{4})$/.exec(value);
  return !!match && Number(match[2]) === Number(match[1]) + 1;
}
