// The current developer APIs (api.bombora.com shape): OAuth client-credentials tokens, the
// Intent API's POST/GET /intent/v1/data pull and the Reference API's topic list. Error bodies
// are always {"message": string|null}.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  addWeeks,
  firmJsonOf,
  firmOf,
  messyDomain,
  presentTopics,
  rowSeed,
  scanContext,
  scoreLabel,
  type Firmographics,
  type PresentTopic,
  type ScanContext,
} from './dataset';
import { json, readJson, type Handler, type Reply, type RequestContext } from './http';
import { compileFilter, INTENT_ATTRIBUTES } from './intent-filters';
import type { IntentQuery, SimState } from './state';
import { DEFAULT_TAXONOMY, topicById, topicByName, type Topic } from './taxonomy';

const PAGE_TOKEN_TTL_MS = 60 * 60 * 1000;
const NON_ASCII = /[^ -~]/;
const DEFAULT_ATTRIBUTES = ['domain', 'score', 'scoreLabel'];

const message = (status: number, text: string | null): Reply => json(status, { message: text });

// --- tokens ----------------------------------------------------------------------------------

const b64url = (v: string | Buffer): string => Buffer.from(v).toString('base64url');

function signJwt(state: SimState, payload: Record<string, unknown>): string {
  const head = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  return `${head}.${createHmac('sha256', state.jwtSecret).update(head).digest('base64url')}`;
}

const TokenRequestSchema = z.object({ client_id: z.string(), client_secret: z.string() });

export const postToken: Handler = async (ctx) => {
  const body = await readJson(ctx);
  if (!body.ok) return message(400, 'Request body must be valid JSON');
  const parsed = TokenRequestSchema.safeParse(body.value);
  const { state } = ctx;
  const client =
    parsed.success &&
    state.config.clients.find(
      (c) => c.clientId === parsed.data.client_id && c.clientSecret === parsed.data.client_secret,
    );
  if (!client) return message(401, 'Invalid client credentials');
  const iat = Math.floor(state.now() / 1000);
  const exp = iat + state.config.tokenTtlSeconds;
  const jti = randomUUID();
  state.tokens.set(jti, { clientId: client.clientId, exp });
  const accessToken = signJwt(state, {
    iss: 'https://api.bombora.com',
    sub: client.clientId,
    client_id: client.clientId,
    scope: client.products.join(' '),
    iat,
    exp,
    jti,
  });
  return json(200, {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: state.config.tokenTtlSeconds,
  });
};

const JwtPayloadSchema = z.object({ jti: z.string(), exp: z.number() });

/** Checks the bearer token and the product; a Reply when the request must be refused. */
export function authorize(ctx: RequestContext, product: 'intent' | 'reference'): Reply | null {
  const { state } = ctx;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(ctx.req.headers.authorization ?? '');
  if (!match) return message(401, 'Missing bearer token');
  const parts = (match[1] as string).split('.');
  if (parts.length !== 3) return message(401, 'Invalid access token');
  const [head, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', state.jwtSecret).update(`${head}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return message(401, 'Invalid access token');
  }
  let claims: z.infer<typeof JwtPayloadSchema>;
  try {
    claims = JwtPayloadSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return message(401, 'Invalid access token');
  }
  const issued = state.tokens.get(claims.jti);
  if (!issued) return message(401, 'Invalid access token');
  if (issued.exp * 1000 <= state.now()) return message(401, 'Access token expired');
  const client = state.config.clients.find((c) => c.clientId === issued.clientId);
  if (!client) return message(401, 'Invalid access token');
  if (!client.products.includes(product)) {
    return message(403, `Client is not entitled to the ${product} API product`);
  }
  return null;
}

// --- POST /intent/v1/data --------------------------------------------------------------------

const DataRequestSchema = z.looseObject({
  signalDefinitionId: z.string().optional(),
  topics: z.array(z.string()).optional(),
  attributes: z.array(z.string()).optional(),
});

type Validated =
  | { ok: true; query: Omit<IntentQuery, 'id' | 'week' | 'switched'> }
  | { ok: false; message: string };

function validateDataRequest(state: SimState, raw: unknown): Validated {
  const parsed = DataRequestSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      message: `Invalid request: ${parsed.error.issues[0]?.message ?? 'bad body'}`,
    };
  }
  const body = parsed.data;
  const hasTopics = body.topics !== undefined;
  const hasSignal = body.signalDefinitionId !== undefined;
  if (hasTopics === hasSignal) {
    return { ok: false, message: 'Exactly one of "topics" or "signalDefinitionId" is required' };
  }
  let topicNames: string[];
  if (hasSignal) {
    const def = state.config.signalDefinitions.find((d) => d.id === body.signalDefinitionId);
    if (!def)
      return { ok: false, message: `Unknown signalDefinitionId: ${body.signalDefinitionId}` };
    topicNames = def.topicNames;
  } else {
    topicNames = body.topics ?? [];
    if (topicNames.length === 0) return { ok: false, message: '"topics" must not be empty' };
  }
  const topicIds: number[] = [];
  for (const name of topicNames) {
    const topic = topicByName(name);
    if (!topic) return { ok: false, message: `Unknown topic: ${name}` };
    topicIds.push(topic.id);
  }
  const requested = body.attributes ?? DEFAULT_ATTRIBUTES;
  const unknown = requested.find((a) => !(INTENT_ATTRIBUTES as readonly string[]).includes(a));
  if (unknown !== undefined) return { ok: false, message: `Unknown attribute: ${unknown}` };
  const has = (a: string): boolean => requested.includes(a);
  if (has('topic') && requested.some((a) => a === 'topics' || a.startsWith('topics.'))) {
    return { ok: false, message: '"topics" cannot be combined with "topic"' };
  }
  if (has('researchMetro') && (has('researchCountry') || has('researchState'))) {
    return {
      ok: false,
      message: '"researchMetro" cannot be combined with "researchCountry" or "researchState"',
    };
  }
  if ('filter' in body && 'filters' in body) {
    return { ok: false, message: 'Use either "filter" or "filters", not both' };
  }
  const rawFilter = 'filter' in body ? body.filter : body.filters;
  let filter: IntentQuery['filter'] = null;
  if (rawFilter !== undefined && rawFilter !== null) {
    const compiled = compileFilter(rawFilter, state.config.accountLists);
    if (!compiled.ok) return { ok: false, message: compiled.message };
    filter = compiled.filter;
  }
  const attributes = INTENT_ATTRIBUTES.filter((a) => requested.includes(a));
  return {
    ok: true,
    query: {
      topicIds: [...new Set(topicIds)].sort((a, b) => a - b),
      attributes,
      pairMode: has('topic'),
      filter,
    },
  };
}

const newPageToken = (): string => randomBytes(6).toString('base64url');

export const postData: Handler = async (ctx) => {
  const refused = authorize(ctx, 'intent');
  if (refused) return refused;
  const body = await readJson(ctx);
  if (!body.ok) return message(400, 'Request body must be valid JSON');
  const { state } = ctx;
  const v = validateDataRequest(state, body.value);
  if (!v.ok) return message(422, v.message);
  // Forget pulls whose tokens have all expired, so long benchmark runs do not grow memory.
  for (const [token, entry] of state.pageTokens) {
    if (state.now() - entry.issuedAt > PAGE_TOKEN_TTL_MS) state.pageTokens.delete(token);
  }
  const live = new Set([...state.pageTokens.values()].map((e) => e.queryId));
  for (const id of state.queries.keys()) if (!live.has(id)) state.queries.delete(id);
  const query: IntentQuery = {
    ...v.query,
    id: randomUUID(),
    week: state.currentWeek(),
    switched: null,
  };
  state.queries.set(query.id, query);
  const token = newPageToken();
  state.pageTokens.set(token, { queryId: query.id, cursor: 0, page: 0, issuedAt: state.now() });
  return json(200, { pageToken: token });
};

// --- GET /intent/v1/data ---------------------------------------------------------------------

/** A row's attributes, computed only when read (a page may need just the domain and score). */
class IntentRecord {
  constructor(
    private readonly ctx: ScanContext,
    private readonly i: number,
    private readonly present: PresentTopic[],
    private readonly row: PresentTopic | null,
    private readonly messyRate: number,
  ) {}

  private get top(): PresentTopic {
    return this.row ?? this.present.reduce((a, b) => (b.score > a.score ? b : a));
  }

  get domain(): string {
    const dh = this.ctx.universe.hashes[this.i] as number;
    const domain = this.ctx.universe.domains[this.i] as string;
    return messyDomain(domain, rowSeed(dh, this.row ? this.row.topicId : 0), this.messyRate);
  }

  get topic(): string | null {
    return this.row ? (topicById(this.row.topicId)?.name ?? null) : null;
  }

  get score(): number {
    return this.top.score;
  }

  get scoreLabel(): string {
    return scoreLabel(this.top.score);
  }

  get topicsCount(): number {
    return this.present.length;
  }

  get topics(): { id: number; name: string; score: number; personas: null }[] {
    return this.present.map((t) => ({
      id: t.topicId,
      name: topicById(t.topicId)?.name ?? '',
      score: t.score,
      personas: null,
    }));
  }

  get company(): Firmographics {
    return firmOf(this.ctx.universe, this.i);
  }

  get companyJson(): string {
    return firmJsonOf(this.ctx.universe, this.i);
  }

  get researchCountry(): string {
    return this.company.hq.country;
  }

  get researchState(): string | null {
    const { hq } = this.company;
    return hq.country === 'US' || hq.country === 'CA' ? hq.state : null;
  }

  get researchMetro(): string | null {
    const { hq } = this.company;
    return hq.country === 'US' ? `${hq.city}, ${hq.state}` : null;
  }

  get areasOfInterest(): null {
    return null;
  }

  get personas(): null {
    return null;
  }
}

function getPath(rec: unknown, path: string): unknown {
  let v: unknown = rec;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Requested attributes as a tree: `true` = the whole value, an object = some of its fields. */
type Shape = { [key: string]: true | Shape };

export function attributeShape(attributes: string[]): Shape {
  const root: Shape = {};
  for (const a of attributes) {
    const parts = a.split('.');
    let node = root;
    for (const [n, p] of parts.entries()) {
      if (node[p] === true) break;
      if (n === parts.length - 1) node[p] = true;
      else node = (node[p] ??= {}) as Shape;
    }
  }
  return root;
}

/** The JSON of only the requested attributes; dotted attributes become nested objects. */
export function projectJson(value: unknown, shape: Shape): string {
  let out = '{';
  const source = value as Record<string, unknown>;
  for (const key in shape) {
    const sub = shape[key] as true | Shape;
    const v = source[key] ?? null;
    let part: string;
    // A whole company is embedded from the per-domain JSON cache: serialising nested objects
    // row by row was most of the cost of a 10,000-row page.
    if (sub === true && key === 'company' && value instanceof IntentRecord)
      part = value.companyJson;
    else if (sub === true) part = JSON.stringify(v);
    else if (Array.isArray(v)) part = `[${v.map((item) => projectJson(item, sub)).join(',')}]`;
    else part = v === null ? 'null' : projectJson(v, sub);
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${part}`;
  }
  return `${out}}`;
}

/** The data week for page `page` of `q`, publishing the next week if the fault says so. */
function pageWeek(state: SimState, q: IntentQuery, page: number): string {
  if (q.switched && page >= q.switched.atPage) return q.switched.week;
  const k = state.config.faults.changeWeekAfterPages;
  if (k !== null && state.weekChangeArmed && page >= k) {
    state.weekChangeArmed = false;
    state.weekOffset += 1;
    q.switched = { atPage: page, week: addWeeks(q.week, 1) };
    return q.switched.week;
  }
  return q.week;
}

interface Page {
  rows: string[];
  nextCursor: number | null;
}

function buildPage(
  state: SimState,
  q: IntentQuery,
  week: string,
  cursor: number,
  limit: number,
): Page {
  const { config } = state;
  const ctx = scanContext(config, q.topicIds, week);
  const n = ctx.topicIds.length;
  const rows: string[] = [];
  // Envelope plus the longest nextPageToken.
  let bytes = 64;
  const shape = attributeShape(q.attributes);
  const accept = (rec: IntentRecord): 'stop' | 'ok' => {
    if (rows.length >= limit) return 'stop';
    if (q.filter && !q.filter((a) => getPath(rec, a))) return 'ok';
    const line = projectJson(rec, shape);
    // UTF-8 length; a regex test is far cheaper than encoding every ASCII-only line.
    const size = (NON_ASCII.test(line) ? Buffer.byteLength(line) : line.length) + 1;
    if (rows.length > 0 && bytes + size > config.pageBytesLimit) return 'stop';
    rows.push(line);
    bytes += size;
    return 'ok';
  };
  for (let i = Math.floor(cursor / n); i < ctx.universe.domains.length; i++) {
    const present = presentTopics(ctx, i);
    if (present.length === 0) continue;
    if (!q.pairMode) {
      if (i * n < cursor) continue;
      if (accept(new IntentRecord(ctx, i, present, null, config.universe.messyRate)) === 'stop') {
        return { rows, nextCursor: i * n };
      }
      continue;
    }
    for (const t of present) {
      const c = i * n + t.pos;
      if (c < cursor) continue;
      if (accept(new IntentRecord(ctx, i, present, t, config.universe.messyRate)) === 'stop') {
        return { rows, nextCursor: c };
      }
    }
  }
  return { rows, nextCursor: null };
}

const LimitSchema = z.coerce.number().int().min(1).max(10_000);

export const getData: Handler = (ctx) => {
  const refused = authorize(ctx, 'intent');
  if (refused) return refused;
  const { state } = ctx;
  const rawLimit = ctx.url.searchParams.get('limit');
  const limit =
    rawLimit === null ? { success: true as const, data: 100 } : LimitSchema.safeParse(rawLimit);
  if (!limit.success || rawLimit === '')
    return message(422, 'limit must be an integer from 1 to 10000');
  const token = ctx.url.searchParams.get('pageToken');
  if (!token) return message(422, 'pageToken is required');
  const entry = state.pageTokens.get(token);
  const query = entry && state.queries.get(entry.queryId);
  if (!entry || !query || state.now() - entry.issuedAt > PAGE_TOKEN_TTL_MS) {
    if (entry) state.pageTokens.delete(token);
    return message(404, 'pageToken not found or expired');
  }
  const week = pageWeek(state, query, entry.page);
  const page = buildPage(state, query, week, entry.cursor, limit.data);
  let next: string | null = null;
  if (page.nextCursor !== null) {
    // Derived, not random: a retried page hands out the same next token.
    next = createHmac('sha256', state.jwtSecret)
      .update(`${query.id}:${page.nextCursor}:${entry.page + 1}`)
      .digest('base64url')
      .slice(0, 16);
    if (!state.pageTokens.has(next)) {
      state.pageTokens.set(next, {
        queryId: query.id,
        cursor: page.nextCursor,
        page: entry.page + 1,
        issuedAt: state.now(),
      });
    }
  }
  state.rowsServed += page.rows.length;
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: `{"data":[${page.rows.join(',')}],"nextPageToken":${JSON.stringify(next)}}`,
  };
};

// --- GET /reference/v1/topics ----------------------------------------------------------------

const list = (v: string | null): string[] | null =>
  v === null
    ? null
    : v
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean);

function similarTopics(seeds: Topic[], max: number): Topic[] {
  const seedIds = new Set(seeds.map((t) => t.id));
  const sameCategory = DEFAULT_TAXONOMY.topics.filter(
    (t) => !seedIds.has(t.id) && seeds.some((s) => s.categoryId === t.categoryId),
  );
  const sameTheme = DEFAULT_TAXONOMY.topics.filter(
    (t) =>
      !seedIds.has(t.id) && !sameCategory.includes(t) && seeds.some((s) => s.themeId === t.themeId),
  );
  return [...sameCategory, ...sameTheme].slice(0, max);
}

export const getTopics: Handler = (ctx) => {
  const refused = authorize(ctx, 'reference');
  if (refused) return refused;
  const q = ctx.url.searchParams;
  const rawMax = q.get('maxTopics');
  const max = rawMax === null ? 50 : Number(rawMax);
  if (!Number.isInteger(max) || max < 1)
    return message(422, 'maxTopics must be a positive integer');
  let topics = DEFAULT_TAXONOMY.topics;
  const similar = list(q.get('s'));
  if (similar) {
    const seeds = similar
      .map((id) => topicById(Number(id)))
      .filter((t): t is Topic => t !== undefined);
    topics = similarTopics(seeds, max);
  }
  const ids = list(q.get('id'));
  const names = list(q.get('name'));
  const themes = list(q.get('theme'));
  const categories = list(q.get('category'));
  const descriptions = list(q.get('description'));
  topics = topics.filter(
    (t) =>
      (!ids || ids.includes(String(t.id))) &&
      (!names || names.some((n) => t.name.toLowerCase().includes(n))) &&
      (!themes || themes.includes(t.theme.toLowerCase())) &&
      (!categories || categories.includes(t.category.toLowerCase())) &&
      (!descriptions || descriptions.some((d) => t.description.toLowerCase().includes(d))),
  );
  return json(200, {
    topics: topics.map(({ id, name, theme, category, description }) => ({
      id,
      name,
      theme,
      category,
      description,
    })),
  });
};
