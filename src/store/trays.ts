import type { Redis } from 'ioredis';
import {
  cabinetMessageSchema,
  handOverSchema,
  outTrayItemSchema,
  type CabinetMessage,
  type DeskMark,
  type HandOver,
  type OutTrayItem,
} from '../domain/trays.js';
import { parseStoredJson } from './stored.js';

/** Where results wait for people (src/domain/trays.ts): a State Corporation centre's out-tray and an applicant's cabinet. */
export const outTrayKey = (centre: string) => `out-tray:${centre}`;
/** Step 6: which out-tray items the centre's employee has handed to the applicant. */
export const handedOverKey = (centre: string) => `handed-over:${centre}`;
/** Step 6: which applicants came to the desk for their result (the employee's mark or the e-queue's call). */
export const atDeskKey = (centre: string) => `at-desk:${centre}`;
export const cabinetKey = (applicantKey: string) => `cabinet:${applicantKey}`;

const MARK_KEY: Record<DeskMark, (centre: string) => string> = { 'at-desk': atDeskKey, 'handed-over': handedOverKey };

/** Reading the trays, and the employee's hand-over mark (the workers write the items, through the ledger). */
export class Trays {
  constructor(private readonly redis: Redis) {}

  async outTray(
    centre: string,
  ): Promise<Array<OutTrayItem & { atDesk: HandOver | null; handedOver: HandOver | null }>> {
    const [items, desk, handed] = await Promise.all([
      this.redis.lrange(outTrayKey(centre), 0, -1),
      this.redis.hgetall(atDeskKey(centre)),
      this.redis.hgetall(handedOverKey(centre)),
    ]);
    const markOf = (marks: Record<string, string>, key: string, id: string) =>
      marks[id] ? parseStoredJson(handOverSchema, marks[id], key, id) : null;
    return this.items(centre, items).map((item) => ({
      ...item,
      atDesk: markOf(desk, atDeskKey(centre), item.applicationId),
      handedOver: markOf(handed, handedOverKey(centre), item.applicationId),
    }));
  }

  /** Puts the mark on the centre's item for the application, once; null when the tray has none. */
  async mark(
    kind: DeskMark,
    centre: string,
    applicationId: string,
    operator: string,
  ): Promise<{ item: OutTrayItem; mark: HandOver; first: boolean } | null> {
    const item = this.items(centre, await this.redis.lrange(outTrayKey(centre), 0, -1)).find(
      (i) => i.applicationId === applicationId,
    );
    if (!item) return null;
    const key = MARK_KEY[kind](centre);
    const mark: HandOver = { at: new Date().toISOString(), operator };
    const first = (await this.redis.hsetnx(key, applicationId, JSON.stringify(mark))) === 1;
    if (first) return { item, first, mark };
    const earlier = parseStoredJson(
      handOverSchema,
      (await this.redis.hget(key, applicationId)) ?? '',
      key,
      applicationId,
    );
    return { item, first, mark: earlier };
  }

  async cabinet(applicantKey: string): Promise<CabinetMessage[]> {
    const key = cabinetKey(applicantKey);
    return (await this.redis.lrange(key, 0, -1)).map((m) => parseStoredJson(cabinetMessageSchema, m, key));
  }

  private items(centre: string, raw: string[]): OutTrayItem[] {
    return raw.map((i) => parseStoredJson(outTrayItemSchema, i, outTrayKey(centre)));
  }
}
