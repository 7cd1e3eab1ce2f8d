import { bilingual, reroutedText } from './messages.js';

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

/** §1: why a department other than the declared district's handles an application, in Kazakh and Russian. */
export const reroutedNote = (declared: District, registered: District): string =>
  bilingual(reroutedText(DISTRICTS[declared], DISTRICTS[registered]));

/** Step 1 (§10): one gap-free sequence per district and calendar year. */
export function formatRegistrationNumber(district: District, year: number, sequence: number): string {
  return `${DISTRICTS[district].code}-${year}-${String(sequence).padStart(6, '0')}`;
}
