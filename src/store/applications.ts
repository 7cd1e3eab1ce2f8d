import type { Redis } from 'ioredis';
import { z } from 'zod';
import { APPLICATION_STATUSES, CHANNELS, districtSchema, dossierSchema, type Dossier } from '../domain/application.js';
import type { RecordedBreach, StepName, StepResults } from '../domain/steps.js';
import { checkStepResult, isStepName, recordedBreachSchema, StepResultError } from '../domain/step-results.js';
import { describeCopies } from '../domain/documents.js';
import { jsonOf, parseStored, parseStoredJson, UnreadableRecordError } from './stored.js';

/** State Corporation intake (§10, §11, §15): where, by whom, and how the documents were accepted. */
export const acceptedBySchema = z.object({
  centre: z.string(),
  centreName: z.string(),
  operator: z.string(),
  /** §15: accepted at the applicant's home on a call to the contact centre. */
  homeVisit: z.object({ contactCentreCallAt: z.string().optional() }).optional(),
  /** §11: the electronic queue ticket, and whether it was booked on the portal. */
  queue: z.object({ ticket: z.string(), bookedOnPortal: z.boolean() }).optional(),
});
export type AcceptedBy = z.infer<typeof acceptedBySchema>;

/** Who an application belongs to: the applicant's portal account, or the service centre that accepted it. */
export const ownerSchema = z.union([
  z.templateLiteral(['applicant:', z.string()]),
  z.templateLiteral(['centre:', z.string()]),
]);
export type Owner = z.infer<typeof ownerSchema>;

/** An application's hash as stored: the fields every reader needs (results, files and others apart). */
const applicationHashSchema = z.object({
  id: z.string().min(1),
  owner: ownerSchema,
  acceptedBy: jsonOf(acceptedBySchema).optional(),
  channel: z.enum(CHANNELS),
  /** Where it is handled (§1): the declared district, or the registered one once the state data re-routed it. */
  district: districtSchema,
  /** Set when the state data re-routed the application: the district it was declared in. */
  declaredDistrict: districtSchema.optional(),
  createdAt: z.string().min(1),
  status: z.enum(APPLICATION_STATUSES),
  processInstanceId: z.string().optional(),
  dossier: jsonOf(dossierSchema),
});

/** The application as a step sees it: where and when it came in, and who accepted it. */
export type ApplicationFacts = Pick<
  ApplicationRecord,
  'id' | 'channel' | 'district' | 'declaredDistrict' | 'createdAt' | 'acceptedBy'
> & {
  /** The portal account that sent it (its key, never the IIN), as the API recorded it: never a process variable. */
  account?: string;
  /** The State Corporation centre that accepted it, as the API recorded it. */
  centre?: string;
};

export type ApplicationRecord = z.output<typeof applicationHashSchema> & {
  /** Each step's recorded result, by step name (registration, decision, notification, …). */
  results: Partial<StepResults>;
  breaches: RecordedBreach[];
};

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
    const stored = String(
      await this.redis.eval(
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
      ),
    );
    return { id: stored, created: stored === id };
  }

  /**
   * The application, every JSON field, result and breach read by its schema: an UnreadableRecordError
   * (key, field, first problems) when any of them does not parse.
   */
  async get(id: string): Promise<ApplicationRecord | null> {
    const key = appKey(id);
    const [hash, breaches] = await Promise.all([this.redis.hgetall(key), this.redis.lrange(breachesKey(id), 0, -1)]);
    if (!hash.id) return null;
    const { processInstanceId, ...record } = parseStored(applicationHashSchema, hash, key);
    const results: Partial<StepResults> = {};
    const put = <S extends StepName>(step: S, raw: string) => {
      results[step] = readResult(step, raw, key);
    };
    for (const [field, raw] of Object.entries(hash)) {
      const step = field.startsWith(RESULT) ? field.slice(RESULT.length) : '';
      if (isStepName(step)) put(step, raw);
    }
    return {
      ...record,
      ...(processInstanceId ? { processInstanceId } : {}),
      results,
      breaches: breaches.map((b) => parseStoredJson(recordedBreachSchema, b, breachesKey(id))),
    };
  }

  /**
   * The dossier as it was submitted (and signed): with the content of every electronic copy while it
   * is kept (FILE_COPY_RETENTION_DAYS; empty after). Applications stored before the copies had a key of
   * their own keep them in the hash.
   */
  async submitted(id: string): Promise<Dossier | null> {
    const [[dossier, inHash], own] = await Promise.all([
      this.redis.hmget(appKey(id), 'dossier', 'files'),
      this.redis.get(filesKey(id)),
    ]);
    if (!dossier) return null;
    const files = own ?? inHash;
    const contents = files ? parseStoredJson(z.array(z.string()), files, own ? filesKey(id) : appKey(id), 'files') : [];
    const parsed = parseStoredJson(dossierSchema, dossier, appKey(id), 'dossier');
    return {
      ...parsed,
      documents: parsed.documents.map((d, i) =>
        d.file ? { ...d, file: { mediaType: d.file.mediaType, content: contents[i] ?? '' } } : d,
      ),
    };
  }

  async result<S extends StepName>(id: string, step: S): Promise<StepResults[S] | null> {
    const raw = await this.redis.hget(appKey(id), resultField(step));
    return raw ? readResult(step, raw, appKey(id)) : null;
  }

  /** Where and when the application came in, and who accepted it. */
  async facts(id: string): Promise<ApplicationFacts | null> {
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
    const facts = parseStored(
      applicationHashSchema.pick({
        id: true,
        channel: true,
        district: true,
        declaredDistrict: true,
        createdAt: true,
        acceptedBy: true,
      }),
      {
        id: stored,
        channel,
        district,
        declaredDistrict: declaredDistrict ?? undefined,
        createdAt,
        acceptedBy: acceptedBy ?? undefined,
      },
      appKey(id),
    );
    return { ...facts, ...ownerFacts(owner) };
  }

  /** What its process starts with: the channel's start message and the variables, as stored at intake. */
  async startOf(id: string): Promise<{ channel: Dossier['channel']; variables: Record<string, unknown> } | null> {
    const [channel, variables] = await this.redis.hmget(appKey(id), 'channel', 'startVariables');
    if (!channel || !variables) return null;
    return parseStored(
      z.object({ channel: z.enum(CHANNELS), variables: jsonOf(z.record(z.string(), z.unknown())) }),
      { channel, variables },
      appKey(id),
    );
  }

  /** The engine's process instance of the application, once it has started. */
  /** Whom the application belongs to, read alone: a caller who is not its owner learns nothing of the rest. */
  async owner(id: string): Promise<string | null> {
    return this.redis.hget(appKey(id), 'owner');
  }

  async processInstanceId(id: string): Promise<string | null> {
    return (await this.redis.hget(appKey(id), 'processInstanceId')) || null;
  }

  async dossier(id: string): Promise<Dossier | null> {
    const raw = await this.redis.hget(appKey(id), 'dossier');
    return raw ? parseStoredJson(dossierSchema, raw, appKey(id), 'dossier') : null;
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

  /**
   * The owner's applications, newest first; one whose record cannot be read is listed apart with its
   * error, so that one damaged record does not hide the others.
   */
  async listOwned(
    owner: Owner,
    limit = 100,
  ): Promise<{ records: ApplicationRecord[]; unreadable: Array<{ id: string; error: UnreadableRecordError }> }> {
    const ids = await this.redis.zrevrange(ownedKey(owner), 0, limit - 1);
    const read = await Promise.all(
      ids.map((id) =>
        this.get(id).then(
          (record) => ({ id, record }),
          (error: unknown) => {
            if (error instanceof UnreadableRecordError) return { id, error };
            throw error;
          },
        ),
      ),
    );
    return {
      records: read.flatMap((r) => ('record' in r && r.record ? [r.record] : [])),
      unreadable: read.flatMap((r) => ('error' in r ? [r] : [])),
    };
  }

  pendingStarts(): Promise<string[]> {
    return this.redis.smembers(PENDING);
  }
}

/** A step's stored result by its schema; one written in another shape is an UnreadableRecordError. */
function readResult<S extends StepName>(step: S, raw: string, key: string): StepResults[S] {
  const field = resultField(step);
  try {
    return checkStepResult(step, parseStoredJson(z.unknown(), raw, key, field));
  } catch (e) {
    if (e instanceof StepResultError) throw new UnreadableRecordError(key, field, e.message);
    throw e;
  }
}
