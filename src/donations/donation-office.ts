/**
 * 出票单位: who receives money and issues 捐赠票据 — the city's poverty-alleviation office or a
 * county's. Stored as a short key so that uniqueness (a bank reference, an account) holds
 * for the city too, where a NULL county id would never collide on either engine.
 */
export const CITY_OFFICE = 'city';

/** 'city' for the city office, the county's division code (341321) for a county's. */
export function officeKey(countyCode: string | null | undefined): string {
  return countyCode ?? CITY_OFFICE;
}
