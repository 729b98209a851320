// The legacy partner API (sentry.bombora.com shape): HTTP Basic auth, a per-endpoint rate
// limiter, Company Surge report jobs (Create → TryGetResult), uploads and the v2 taxonomy
// endpoints with their {"...","Success","Message"} envelopes. Routes match case-insensitively,
// as ASP.NET's do.
import {
  addWeeks,
  canonicalDomain,
  firmOf,
  INDUSTRIES,
  isPresent,
  messyDomain,
  rowSeed,
  scoreOf,
  universeFor,
  weekIndex,
} from './dataset';
import { json, readJson, type Handler, type Reply, type RequestContext } from './http';
import type { LegacyReport, LegacyReportRequest, SimState } from './state';
import { DEFAULT_TAXONOMY, topicById, type Topic } from './taxonomy';

export const RATE_LIMIT_PHRASE =
  'Too many API calls to this endpoint in 1 minute time period. Try again later.';

const ok = (body: Record<string, unknown>): Reply =>
  json(200, { ...body, Success: true, Message: null });
const fail = (status: number, text: string, body: Record<string, unknown> = {}): Reply =>
  json(status, { ...body, Success: false, Message: text });

export const rateLimited = (): Reply => ({
  status: 429,
  statusMessage: RATE_LIMIT_PHRASE,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: RATE_LIMIT_PHRASE,
});

type LegacyHandler = (ctx: RequestContext, user: string) => Reply | Promise<Reply>;

function basicUser(ctx: RequestContext): string | null {
  const match = /^Basic\s+(\S+)\s*$/i.exec(ctx.req.headers.authorization ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const [username, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
  const user = ctx.state.config.legacyUsers.find(
    (u) => u.username === username && u.password === password,
  );
  return user ? user.username : null;
}

/** Basic auth, then the fixed one-minute window per (credential, endpoint). */
function legacy(handler: LegacyHandler): Handler {
  return (ctx) => {
    const user = basicUser(ctx);
    if (user === null) {
      return {
        ...fail(401, 'Authorization has been denied for this request.'),
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'www-authenticate': 'Basic realm="sentry.bombora.com"',
        },
      };
    }
    const { state } = ctx;
    const key = `${user}\n${ctx.path.toLowerCase()}`;
    const window = Math.floor(state.now() / 60_000);
    const slot = state.rateWindows.get(key);
    const count = slot && slot.window === window ? slot.count + 1 : 1;
    state.rateWindows.set(key, { window, count });
    if (count > state.config.legacy.rateLimitPerMinute) return rateLimited();
    return handler(ctx, user);
  };
}

/** ASP.NET binds JSON properties case-insensitively; so does the simulator. */
function lowerKeys(v: unknown): Record<string, unknown> | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.toLowerCase(), x]));
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const present = (v: unknown): boolean => v !== undefined && v !== null;

type CreateResult = { ok: true; request: LegacyReportRequest } | { ok: false; message: string };

function checkTopicIds(ids: number[]): string | null {
  const unknown = ids.find((id) => !topicById(id));
  return unknown === undefined ? null : `Unknown topic id: ${unknown}`;
}

function validateCreate(state: SimState, user: string, raw: unknown): CreateResult {
  const b = lowerKeys(raw);
  if (!b) return { ok: false, message: 'The request is invalid.' };
  const bad = (message: string): CreateResult => ({ ok: false, message });
  if (present(b.domains) && present(b.uploadedfile)) {
    return bad('Domains and UploadedFile cannot be used together');
  }
  let domains: Set<string> | null = null;
  if (present(b.domains)) {
    const d = b.domains;
    if (!Array.isArray(d) || d.length === 0 || !d.every((x) => typeof x === 'string' && x.trim())) {
      return bad('Domains must contain at least one domain');
    }
    domains = new Set(d.map((x: string) => canonicalDomain(x)));
  }
  if (present(b.uploadedfile)) {
    const upload =
      typeof b.uploadedfile === 'string' ? state.uploads.get(b.uploadedfile) : undefined;
    if (!upload || upload.owner !== user)
      return bad(`Uploaded file not found: ${String(b.uploadedfile)}`);
    domains = new Set(upload.domains);
  }
  const uploadType = present(b.uploadtype) ? String(b.uploadtype).toLowerCase() : 'domains';
  if (uploadType !== 'domains' && uploadType !== 'blacklist') {
    return bad("UploadType must be 'domains' or 'blacklist'");
  }
  if (present(b.topics) && present(b.topicclusters)) {
    return bad('Topics and TopicClusters cannot be used together');
  }
  if (!present(b.topics) && !present(b.topicclusters))
    return bad('Topics or TopicClusters is required');
  const clusters: LegacyReportRequest['clusters'] = [];
  if (present(b.topics)) {
    const t = b.topics;
    if (!Array.isArray(t) || t.length === 0 || !t.every(isInt)) {
      return bad('Topics must be a non-empty array of topic ids');
    }
    const unknown = checkTopicIds(t);
    if (unknown) return bad(unknown);
    clusters.push({ name: null, topicIds: [...new Set(t)].sort((x, y) => x - y) });
  } else {
    const raw = b.topicclusters;
    if (!Array.isArray(raw) || raw.length === 0) return bad('TopicClusters must not be empty');
    for (const entry of raw) {
      const c = lowerKeys(entry);
      const ids = c?.topicids;
      if (
        !c ||
        typeof c.name !== 'string' ||
        !c.name.trim() ||
        !Array.isArray(ids) ||
        ids.length === 0 ||
        !ids.every(isInt)
      ) {
        return bad('Each topic cluster needs a Name and at least one topic id');
      }
      const unknown = checkTopicIds(ids);
      if (unknown) return bad(unknown);
      clusters.push({ name: c.name, topicIds: [...new Set(ids)].sort((x, y) => x - y) });
    }
  }
  const scoreThreshold = present(b.scorethreshold) ? b.scorethreshold : 60;
  if (!isInt(scoreThreshold) || scoreThreshold < 0 || scoreThreshold > 100) {
    return bad('ScoreThreshold must be an integer between 0 and 100');
  }
  const topicThreshold = present(b.topicthreshold) ? b.topicthreshold : 1;
  if (!isInt(topicThreshold) || topicThreshold < 1) {
    return bad('TopicThreshold must be an integer of at least 1');
  }
  let industries: Set<string> | null = null;
  if (present(b.filters)) {
    if (!Array.isArray(b.filters)) return bad('Filters must be an array');
    for (const entry of b.filters) {
      const f = lowerKeys(entry);
      if (!f || typeof f.id !== 'string') return bad('Each filter needs an Id');
      if (f.id !== 'ccm_industry') return bad(`Unknown filter: ${f.id}`);
      if (!Array.isArray(f.value) || !f.value.every((v) => typeof v === 'string')) {
        return bad('Filter Value must be an array of strings');
      }
      industries = new Set(f.value.map((v: string) => v.toLowerCase()));
    }
  }
  const delta = present(b.delta) ? b.delta : false;
  if (typeof delta !== 'boolean') return bad('Delta must be true or false');
  const outputFormat = present(b.outputformat) ? String(b.outputformat).toLowerCase() : 'csv';
  if (outputFormat !== 'json' && outputFormat !== 'csv') {
    return bad("OutputFormat must be 'json' or 'csv'");
  }
  return {
    ok: true,
    request: {
      domains,
      uploadType,
      clusters,
      scoreThreshold,
      topicThreshold,
      industries,
      delta,
      outputFormat,
    },
  };
}

const create: LegacyHandler = async (ctx, user) => {
  const body = await readJson(ctx);
  const v = body.ok ? validateCreate(ctx.state, user, body.value) : null;
  if (!v || !v.ok)
    return json(200, { Id: 0, Success: false, Message: v?.message ?? 'The request is invalid.' });
  const { state } = ctx;
  const now = state.now();
  const report: LegacyReport = {
    id: state.nextReportId++,
    owner: user,
    createdAt: now,
    readyAt: now + state.config.legacy.reportDelayMs,
    week: state.currentWeek(),
    request: v.request,
  };
  state.reports.set(report.id, report);
  return json(200, { Id: report.id, Success: true, Message: null });
};

// --- report files ----------------------------------------------------------------------------

const csvCell = (v: string | number): string => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function reportColumns(request: LegacyReportRequest): string[] {
  const clustered = request.clusters.some((c) => c.name !== null);
  return [
    'Domain',
    'CompanyName',
    'Industry',
    'Size',
    'Revenue',
    'HqCountry',
    'TopicId',
    'TopicName',
    ...(clustered ? ['Cluster'] : []),
    'CompositeScore',
    ...(request.delta ? ['Delta'] : []),
  ];
}

/** The report file in chunks of ~64 KB: one row per qualifying (domain, cluster, topic). */
export async function* reportFile(state: SimState, report: LegacyReport): AsyncGenerator<string> {
  const { request, week } = report;
  const { config } = state;
  const universe = universeFor(config.universe);
  const wk = weekIndex(week);
  const prevWk = weekIndex(addWeeks(week, -1));
  const columns = reportColumns(request);
  const clustered = columns.includes('Cluster');
  const line = (values: Record<string, string | number>): string =>
    request.outputFormat === 'csv'
      ? `${columns.map((c) => csvCell(values[c] as string | number)).join(',')}\n`
      : `${JSON.stringify(Object.fromEntries(columns.map((c) => [c, values[c]])))}\n`;
  let chunk = request.outputFormat === 'csv' ? `${columns.join(',')}\n` : '';
  for (let i = 0; i < universe.domains.length; i++) {
    const domain = universe.domains[i] as string;
    if (request.domains) {
      const listed = request.domains.has(domain);
      if (listed !== (request.uploadType === 'domains')) continue;
    }
    const dh = universe.hashes[i] as number;
    const firm = firmOf(universe, i);
    if (request.industries && !request.industries.has(firm.industry.toLowerCase())) continue;
    for (const cluster of request.clusters) {
      const qualifying: { topic: Topic; score: number }[] = [];
      for (const id of cluster.topicIds) {
        if (!isPresent(dh, id, wk, config.presence)) continue;
        const s = scoreOf(dh, id, wk);
        if (s >= request.scoreThreshold)
          qualifying.push({ topic: topicById(id) as Topic, score: s });
      }
      if (qualifying.length === 0 || qualifying.length < request.topicThreshold) continue;
      for (const { topic, score } of qualifying) {
        const values: Record<string, string | number> = {
          Domain: messyDomain(domain, rowSeed(dh, topic.id), config.universe.messyRate),
          CompanyName: firm.name,
          Industry: firm.industry,
          Size: firm.size,
          Revenue: firm.revenue,
          HqCountry: firm.hq.country,
          TopicId: topic.id,
          TopicName: topic.name,
          CompositeScore: score,
        };
        if (clustered) values.Cluster = cluster.name ?? '';
        if (request.delta) {
          values.Delta = isPresent(dh, topic.id, prevWk, config.presence)
            ? score - scoreOf(dh, topic.id, prevWk)
            : 'New';
        }
        chunk += line(values);
        state.rowsServed++;
      }
    }
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

const tryGetResult: LegacyHandler = (ctx, user) => {
  const { state } = ctx;
  const id = Number(ctx.url.searchParams.get('id'));
  const report = state.reports.get(id);
  if (!report || report.owner !== user) return fail(404, 'Report not found');
  if (state.now() < report.readyAt) return fail(200, 'Report is still being generated');
  return {
    status: 200,
    headers: {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="CompanySurge_${report.id}.${report.request.outputFormat}"`,
    },
    body: reportFile(state, report),
  };
};

const getList: LegacyHandler = (ctx, user) => {
  const { state } = ctx;
  const reports = [...state.reports.values()]
    .filter((r) => r.owner === user)
    .map((r) => ({
      Id: r.id,
      Status: state.now() < r.readyAt ? 'Processing' : 'Completed',
      CreatedAt: new Date(r.createdAt).toISOString(),
    }));
  return ok({ Reports: reports });
};

const deleteReports: LegacyHandler = async (ctx, user) => {
  const body = await readJson(ctx);
  const ids = body.ok ? lowerKeys(body.value)?.ids : undefined;
  if (!Array.isArray(ids) || !ids.every(isInt))
    return fail(200, 'ids must be an array of report ids');
  for (const id of ids) {
    if (ctx.state.reports.get(id)?.owner === user) ctx.state.reports.delete(id);
  }
  return ok({});
};

const uploadSurgeFile: LegacyHandler = async (ctx, user) => {
  const { state } = ctx;
  const disposition = ctx.req.headers['content-disposition'] ?? '';
  const given =
    /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1]?.trim() || 'upload.csv';
  const text = (await ctx.readBody()).toString('utf8');
  const domains = text
    .split(/\r?\n/)
    .map((l) => (l.split(',')[0] ?? '').replace(/^"|"$/g, '').trim())
    .filter((d) => d.includes('.'))
    .map((d) => canonicalDomain(d));
  if (domains.length === 0) return fail(200, 'The file contains no domains', { FileName: null });
  const dot = given.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [given.slice(0, dot), given.slice(dot)] : [given, ''];
  const fileName = `${stem}_${state.uploads.size + 1}${ext}`;
  state.uploads.set(fileName, { owner: user, domains });
  return json(200, { FileName: fileName, Success: true, Message: null });
};

const getMetaData: LegacyHandler = () =>
  ok({ Filters: [{ Id: 'ccm_industry', Values: INDUSTRIES }] });

// --- taxonomy --------------------------------------------------------------------------------

type Named = { id: number; name: string };

function lookup<T extends Named>(ctx: RequestContext, items: T[], what: string): Reply {
  const q = ctx.url.searchParams;
  const id = q.get('id');
  const name = q.get('name');
  let found: T | undefined;
  if (id !== null && id !== '') found = items.find((t) => String(t.id) === id.trim());
  else if (name !== null && name !== '') {
    found = items.find((t) => t.name.toLowerCase() === name.trim().toLowerCase());
  } else return fail(200, 'id or name is required', { Topic: null });
  if (!found) return fail(200, `${what} not found`, { Topic: null });
  return ok({ Topic: { Id: found.id, Name: found.name } });
}

const idName = (t: Named): { Id: number; Name: string } => ({ Id: t.id, Name: t.name });

const categoriesByTheme: LegacyHandler = (ctx) => {
  const id = Number(ctx.url.searchParams.get('theme_id'));
  if (!DEFAULT_TAXONOMY.themes.some((t) => t.id === id))
    return fail(200, 'Theme not found', { Topics: [] });
  return ok({ Topics: DEFAULT_TAXONOMY.categories.filter((c) => c.themeId === id).map(idName) });
};

const topicsByCategory: LegacyHandler = (ctx) => {
  const id = Number(ctx.url.searchParams.get('cat_id'));
  if (!DEFAULT_TAXONOMY.categories.some((c) => c.id === id)) {
    return fail(200, 'Category not found', { Topics: [] });
  }
  return ok({ Topics: DEFAULT_TAXONOMY.topics.filter((t) => t.categoryId === id).map(idName) });
};

const allTopics: LegacyHandler = () =>
  ok({
    Topics: DEFAULT_TAXONOMY.topics.map((t) => ({
      Id: t.id,
      Name: t.name,
      Description: t.description,
      ThemeId: t.themeId,
      ThemeName: t.theme,
      CategoryId: t.categoryId,
      CategoryName: t.category,
    })),
  });

const hierarchy: LegacyHandler = () =>
  ok({
    Themes: DEFAULT_TAXONOMY.themes.map((theme) => ({
      ...idName(theme),
      Categories: DEFAULT_TAXONOMY.categories
        .filter((c) => c.themeId === theme.id)
        .map((c) => ({
          ...idName(c),
          Topics: DEFAULT_TAXONOMY.topics.filter((t) => t.categoryId === c.id).map(idName),
        })),
    })),
  });

/** Keyed by "METHOD /lower/cased/path". */
export const LEGACY_ROUTES: Record<string, Handler> = {
  'GET /v2/surge/getmetadata': legacy(getMetaData),
  'POST /v3/surge/uploadsurgefile': legacy(uploadSurgeFile),
  'POST /v4/surge/create': legacy(create),
  'GET /v4/surge/getlist': legacy(getList),
  'POST /v4/surge/delete': legacy(deleteReports),
  'GET /v2/surge/trygetresult': legacy(tryGetResult),
  'GET /v2/cmp/getalltopics': legacy(allTopics),
  'GET /v2/cmp/getmytopics': legacy(allTopics),
  'GET /v2/cmp/getalltopicshierarchy': legacy(hierarchy),
  'GET /v2/topic/gettheme': legacy((ctx) => lookup(ctx, DEFAULT_TAXONOMY.themes, 'Theme')),
  'GET /v2/topic/getcategory': legacy((ctx) =>
    lookup(ctx, DEFAULT_TAXONOMY.categories, 'Category'),
  ),
  'GET /v2/topic/gettopic': legacy((ctx) => lookup(ctx, DEFAULT_TAXONOMY.topics, 'Topic')),
  'GET /v2/topic/categoriesbytheme': legacy(categoriesByTheme),
  'GET /v2/topic/topicsbycategory': legacy(topicsByCategory),
};

export const isLegacyPath = (path: string): boolean => /^\/v\d\//i.test(path);
