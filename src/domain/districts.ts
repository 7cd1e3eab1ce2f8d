/** §1: the provider is the district department at the applicant's permanent address. */
export const DISTRICTS = {
  alatau: { code: 'ALT', kk: 'Алатау ауданы', ru: 'Алатауский район' },
  almaly: { code: 'ALM', kk: 'Алмалы ауданы', ru: 'Алмалинский район' },
  auezov: { code: 'AUE', kk: 'Әуезов ауданы', ru: 'Ауэзовский район' },
  bostandyk: { code: 'BOS', kk: 'Бостандық ауданы', ru: 'Бостандыкский район' },
  zhetysu: { code: 'ZHE', kk: 'Жетісу ауданы', ru: 'Жетысуский район' },
  medeu: { code: 'MED', kk: 'Медеу ауданы', ru: 'Медеуский район' },
  nauryzbay: { code: 'NAU', kk: 'Наурызбай ауданы', ru: 'Наурызбайский район' },
  turksib: { code: 'TUR', kk: 'Түрксіб ауданы', ru: 'Турксибский район' },
} as const;

export type District = keyof typeof DISTRICTS;
export const DISTRICT_IDS = Object.keys(DISTRICTS) as District[];
export const isDistrict = (id: string): id is District => Object.hasOwn(DISTRICTS, id);

/** §1: why a department other than the declared district's handles an application. */
export function reroutedNote(declared: District, registered: District): string {
  const [from, to] = [DISTRICTS[declared].ru, DISTRICTS[registered].ru];
  return `declared in ${from}, registered in ${to}: handled by the department of ${to} (§1)`;
}

/** Step 1 (§10): one gap-free sequence per district and calendar year. */
export function formatRegistrationNumber(district: District, year: number, sequence: number): string {
  return `${DISTRICTS[district].code}-${year}-${String(sequence).padStart(6, '0')}`;
}
