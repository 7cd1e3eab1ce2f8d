import type { Redis } from 'ioredis';
import type { ApplicationStatus, Dossier } from '../domain/application.js';
import type { District } from '../domain/districts.js';
import type { RecordedBreach, StepName, StepResults } from '../domain/steps.js';
import { checkStepResult, isStepName } from '../domain/step-results.js';
import { describeCopies } from '../domain/documents.js';

/** State Corporation intake (§10, §11, §15): where, by whom, and how the documents were accepted. */
export interface AcceptedBy {
  centre: string;
  centreName: string;
  operator: string;
  /** §15: accepted at the applicant's home on a call to the contact centre. */
  homeVisit?: { contactCentreCallAt?: string };
  /** §11: the electronic queue ticket, and whether it was booked on the portal. */
  queue?: { ticket: string; bookedOnPortal: boolean };
}

export interface ApplicationRecord {
  id: string;
  owner: Owner;
  acceptedBy?: AcceptedBy;
  channel: Dossier['channel'];
  /** Where it is handled: the declared district, or the registered one once the state data re-routed it (§1). */
  district: District;
  declaredDistrict?: District;
  createdAt: string;
  status: ApplicationStatus;
  processInstanceId?: string;
  dossier: Dossier;
  /** Each step's recorded result, by step name (registration, decision, notification, …). */
  results: Partial<StepResults>;
  breaches: RecordedBreach[];
}

export const appKey = (id: string) => `app:${id}`;
const RESULT = 'result:';
/** The field of an application's hash that holds a step's result. */
export const resultField = (step: StepName) => `${RESULT}${step}`;
export const breachesKey = (id: string) => `app:${id}:breaches`;
/** The electronic copies of an application's documents, apart from its hash so that they can expire. */
export const filesKey = (id: string) => `app:${id}:files`;
const PENDING = 'pending-start';
const idempotencyKey = (key: string) => `intake-key:${key}`;

const CREATE = `
if ARGV[1] ~= '' then
  local existing = redis.call('GET', KEYS[3])
  if existing then return existing end
  redis.call('SET', KEYS[3], ARGV[2], 'EX', 86400)
end
redis.call('HSET', KEYS[1], unpack(cjson.decode(ARGV[3])))
if ARGV[6] ~= '' then
  redis.call('SET', KEYS[5], ARGV[5], 'EX', ARGV[6])
else
  redis.call('SET', KEYS[5], ARGV[5])
end
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[2])
return ARGV[2]`;

/** Who an application belongs to: the applicant's portal account, or the service centre that accepted it. */
export type Owner = `applicant:${string}` | `centre:${string}`;
export const ownedKey = (owner: Owner) => `owned:${owner}`;

/** Who sent an application, from its owner: a portal account's key or a State Corporation centre. */
function ownerFacts(owner: string | null): { account?: string; centre?: string } {
  if (owner?.startsWith('applicant:')) return { account: owner.slice('applicant:'.length) };
  if (owner?.startsWith('centre:')) return { centre: owner.slice('centre:'.length) };
  return {};
}

/** The audit stream: who read or wrote what of an application, capped. */
export const AUDIT_STREAM = 'audit';
export const AUDIT_KEEP = 1_000_000;

/** Appends entries to the audit stream, in one round trip. */
export async function appendAudit(redis: Redis, entries: Array<Record<string, string>>): Promise<void> {
  const pipeline = redis.pipeline();
  for (const entry of entries) pipeline.call(...auditCommand(entry));
  await pipeline.exec();
}

/** One audit entry as the command that appends it to the stream. */
export function auditCommand(entry: Record<string, string>): [name: 'XADD', key: string, ...args: string[]] {
  return ['XADD', AUDIT_STREAM, 'MAXLEN', '~', String(AUDIT_KEEP), '*', ...Object.entries(entry).flat()];
}

export class Applications {
  constructor(private readonly redis: Redis) {}

  /**
   * Stores a new application and marks it as waiting for its process to start, in one step. With an
   * idempotency key seen before (24 h), nothing is written and the first application's id returned.
   */
  async create(
    id: string,
    dossier: Dossier,
    createdAt: string,
    owner: Owner,
    clientKey?: string,
    extra: Record<string, string> = {},
    fileRetentionSeconds?: number,
  ): Promise<{ id: string; created: boolean }> {
    const fields = [
      ...Object.entries(extra).flat(),
      'owner',
      owner,
      'id',
      id,
      'channel',
      dossier.channel,
      'district',
      dossier.address.district,
      'createdAt',
      createdAt,
      'status',
      'received',
      // Electronic copies apart: every step reads the dossier, only condition 3 reads the files.
      'dossier',
      JSON.stringify({ ...dossier, documents: describeCopies(dossier.documents) }),
    ];
    // An idempotency key is the client's own: the same key from another owner is another request.
    const idempotency = idempotencyKey(`${owner}:${clientKey ?? ''}`);
    const stored = (await this.redis.eval(
      CREATE,
      5,
      appKey(id),
      PENDING,
      idempotency,
      ownedKey(owner),
      filesKey(id),
      clientKey ?? '',
      id,
      JSON.stringify(fields),
      Date.parse(createdAt),
      JSON.stringify(dossier.documents.map((d) => d.file?.content ?? '')),
      fileRetentionSeconds ?? '',
    )) as string;
    return { id: stored, created: stored === id };
  }

  async get(id: string): Promise<ApplicationRecord | null> {
    const [[, hash], [, breaches]] = (await this.redis
      .multi()
      .hgetall(appKey(id))
      .lrange(breachesKey(id), 0, -1)
      .exec()) as [[unknown, Record<string, string>], [unknown, string[]]];
    if (!hash || !hash.id) return null;
    const results: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(hash)) {
      const step = k.startsWith(RESULT) ? k.slice(RESULT.length) : '';
      if (isStepName(step)) results[step] = checkStepResult(step, JSON.parse(v));
    }
    return {
      id: hash.id,
      owner: hash.owner as Owner,
      acceptedBy: hash.acceptedBy ? (JSON.parse(hash.acceptedBy) as AcceptedBy) : undefined,
      channel: hash.channel as Dossier['channel'],
      district: hash.district as District,
      ...(hash.declaredDistrict ? { declaredDistrict: hash.declaredDistrict as District } : {}),
      createdAt: hash.createdAt,
      status: hash.status as ApplicationStatus,
      processInstanceId: hash.processInstanceId || undefined,
      dossier: JSON.parse(hash.dossier) as Dossier,
      results,
      breaches: breaches.map((b) => JSON.parse(b) as RecordedBreach),
    };
  }

  /**
   * The dossier as it was submitted (and signed): with the content of every electronic copy while it
   * is kept (FILE_COPY_RETENTION_DAYS; empty after). Applications stored before the copies had a key of
   * their own keep them in the hash.
   */
  async submitted(id: string): Promise<Dossier | null> {
    const [[, [dossier, inHash]], [, own]] = (await this.redis
      .multi()
      .hmget(appKey(id), 'dossier', 'files')
      .get(filesKey(id))
      .exec()) as [[unknown, Array<string | null>], [unknown, string | null]];
    if (!dossier) return null;
    const files = own ?? inHash;
    const contents = files ? (JSON.parse(files) as string[]) : [];
    const parsed = JSON.parse(dossier) as Dossier;
    return {
      ...parsed,
      documents: parsed.documents.map((d, i) =>
        d.file ? { ...d, file: { mediaType: d.file.mediaType, content: contents[i] ?? '' } } : d,
      ),
    };
  }

  async result<S extends StepName>(id: string, step: S): Promise<StepResults[S] | null> {
    const raw = await this.redis.hget(appKey(id), resultField(step));
    return raw ? checkStepResult(step, JSON.parse(raw)) : null;
  }

  /** Where and when the application came in, and who accepted it. */
  async facts(id: string): Promise<
    | (Pick<ApplicationRecord, 'id' | 'channel' | 'district' | 'declaredDistrict' | 'createdAt' | 'acceptedBy'> & {
        account?: string;
        centre?: string;
      })
    | null
  > {
    const [stored, channel, district, declaredDistrict, createdAt, acceptedBy, owner] = await this.redis.hmget(
      appKey(id),
      'id',
      'channel',
      'district',
      'declaredDistrict',
      'createdAt',
      'acceptedBy',
      'owner',
    );
    if (!stored) return null;
    return {
      id: stored,
      channel: channel as Dossier['channel'],
      district: district as District,
      ...(declaredDistrict ? { declaredDistrict: declaredDistrict as District } : {}),
      createdAt: createdAt!,
      ...(acceptedBy ? { acceptedBy: JSON.parse(acceptedBy) as AcceptedBy } : {}),
      ...ownerFacts(owner),
    };
  }

  /** What its process starts with: the channel's start message and the variables, as stored at intake. */
  async startOf(id: string): Promise<{ channel: Dossier['channel']; variables: Record<string, unknown> } | null> {
    const [channel, variables] = await this.redis.hmget(appKey(id), 'channel', 'startVariables');
    if (!channel || !variables) return null;
    return { channel: channel as Dossier['channel'], variables: JSON.parse(variables) as Record<string, unknown> };
  }

  /** The engine's process instance of the application, once it has started. */
  async processInstanceId(id: string): Promise<string | null> {
    return (await this.redis.hget(appKey(id), 'processInstanceId')) || null;
  }

  async dossier(id: string): Promise<Dossier | null> {
    const raw = await this.redis.hget(appKey(id), 'dossier');
    return raw ? (JSON.parse(raw) as Dossier) : null;
  }

  async markStarted(id: string, processInstanceId: string): Promise<void> {
    await this.redis
      .multi()
      .hset(appKey(id), 'processInstanceId', processInstanceId)
      .eval(
        `if redis.call('HGET', KEYS[1], 'status') == 'received' then redis.call('HSET', KEYS[1], 'status', 'in-progress') end`,
        1,
        appKey(id),
      )
      .srem(PENDING, id)
      .exec();
  }

  /** The owner's applications, newest first. */
  async listOwned(owner: Owner, limit = 100): Promise<ApplicationRecord[]> {
    const ids = await this.redis.zrevrange(ownedKey(owner), 0, limit - 1);
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records.filter((r): r is ApplicationRecord => r !== null);
  }

  pendingStarts(): Promise<string[]> {
    return this.redis.smembers(PENDING);
  }
}
