import type { Redis } from 'ioredis';

/** Where results wait for people: a State Corporation centre's out-tray and an applicant's cabinet. */
export const outTrayKey = (centre: string) => `out-tray:${centre}`;
/** Step 6: which out-tray items the centre's employee has handed to the applicant. */
export const handedOverKey = (centre: string) => `handed-over:${centre}`;
export const cabinetKey = (applicantKey: string) => `cabinet:${applicantKey}`;

export interface CabinetMessage {
  applicationId: string;
  kind: 'accepted' | 'refusal' | 'result';
  at: string;
  text: { kk: string; ru: string };
  readyBy?: string;
  /** The result as a document signed by the provider (§12, §14): the exact bytes and a detached CMS signature. */
  document?: { content: string; signature: string; mediaType: 'application/json' };
}

export interface OutTrayItem {
  applicationId: string;
  registrationNumber?: string;
  kind: 'notification' | 'refusal-receipt';
  at: string;
  text: { kk: string; ru: string };
}

export interface HandOver {
  at: string;
  operator: string;
}

/** Reading the trays, and the employee's hand-over mark (the workers write the items, through the ledger). */
export class Trays {
  constructor(private readonly redis: Redis) {}

  async outTray(centre: string): Promise<Array<OutTrayItem & { handedOver: HandOver | null }>> {
    const [items, marks] = await Promise.all([this.redis.lrange(outTrayKey(centre), 0, -1), this.redis.hgetall(handedOverKey(centre))]);
    return items.map((i) => JSON.parse(i) as OutTrayItem).map((item) => ({ ...item, handedOver: marks[item.applicationId] ? (JSON.parse(marks[item.applicationId]) as HandOver) : null }));
  }

  /** Marks the centre's item for the application handed over, once; null when the tray has none. */
  async markHandedOver(centre: string, applicationId: string, operator: string): Promise<{ item: OutTrayItem; mark: HandOver; first: boolean } | null> {
    const item = (await this.redis.lrange(outTrayKey(centre), 0, -1)).map((i) => JSON.parse(i) as OutTrayItem).find((i) => i.applicationId === applicationId);
    if (!item) return null;
    const mark: HandOver = { at: new Date().toISOString(), operator };
    const first = (await this.redis.hsetnx(handedOverKey(centre), applicationId, JSON.stringify(mark))) === 1;
    return { item, first, mark: first ? mark : (JSON.parse((await this.redis.hget(handedOverKey(centre), applicationId))!) as HandOver) };
  }

  async cabinet(applicantKey: string): Promise<CabinetMessage[]> {
    return (await this.redis.lrange(cabinetKey(applicantKey), 0, -1)).map((m) => JSON.parse(m) as CabinetMessage);
  }
}
