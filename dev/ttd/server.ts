// The simulator's HTTP server: one node:http listener serving every enabled region under a path
// prefix (`/{region}/data/...`, unprefixed `/data/...` = the default region), plus the /__sim
// control endpoints, with scripted faults in front of the Data API.
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigPatchSchema, type DeepPartial, type TtdSimConfig } from './config';
import { endpointOf, handleData, type RequestMeta } from './data-api';
import { faultReply, pickFault } from './faults';
import { json, text, type Reply } from './http';
import {
  SimState,
  type DsrRecord,
  type OwnerKind,
  type RequestRecord,
  type TtdStats,
} from './state';

export interface TtdSimulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  config?: DeepPartial<TtdSimConfig>;
  /** Clock for membership expiry, rate windows and record timestamps. */
  now?: () => number;
  /** Structured log sink, one entry per request; silent by default. */
  log?: (entry: Record<string, unknown>) => void;
}

export interface SegmentSummary {
  name: string;
  /** FirstPartyDataId (advertiser segments) or third-party data id (provider segments). */
  id: number;
  memberCount: number;
  createdAt: string;
  region: string;
}

export interface MemberSummary {
  idType: string;
  id: string;
  expiresAt: string;
  region: string;
}

export interface TtdSimulator {
  url: string;
  /** Base URL standing in for `https://{region}-data.adsrvr.org`. */
  regionUrl(region: string): string;
  close(): Promise<void>;
  configure(patch: DeepPartial<TtdSimConfig>): void;
  /** Config back to defaults + start options; clears segments, DSR records, logs, stats. */
  reset(): void;
  stats(): TtdStats;
  config(): TtdSimConfig;
  segments(ownerId: string, kind?: OwnerKind): SegmentSummary[];
  /** Current (unexpired) members; [] for an unknown segment. */
  members(ownerId: string, segmentName: string, kind?: OwnerKind): MemberSummary[];
  dsr(): DsrRecord[];
  requests(): RequestRecord[];
}

/** Reads whole bodies (so a 413 or a fault still lets the client finish sending). */
const HARD_BODY_CAP = 256 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > HARD_BODY_CAP) throw new Error('request body beyond the simulator hard cap');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, STATUS_CODES[reply.status] ?? '', {
    ...reply.headers,
    'content-length': String(Buffer.byteLength(reply.body)),
  });
  res.end(reply.body);
}

/** `/{region}/data/x` or `/data/x` → region + region-less path; null region = not served. */
export function splitRegion(
  path: string,
  config: TtdSimConfig,
): { region: string | null; rest: string } {
  const m = /^\/([^/]+)(\/.*)?$/.exec(path);
  const first = m?.[1] ?? '';
  if (first.toLowerCase() === 'data') {
    const region = config.enabledRegions.includes(config.defaultRegion)
      ? config.defaultRegion
      : null;
    return { region, rest: path };
  }
  const region = first.toLowerCase();
  return {
    region: config.enabledRegions.includes(region) ? region : null,
    rest: m?.[2] ?? '/',
  };
}

export async function startTtdSimulator(options: TtdSimulatorOptions = {}): Promise<TtdSimulator> {
  const state = new SimState(options.config, options.now ?? Date.now);
  const log = options.log ?? (() => {});
  const held = new Set<NodeJS.Timeout>();

  const segmentSummaries = (ownerId: string, kind: OwnerKind): SegmentSummary[] =>
    [...state.segmentsOf(kind, ownerId).values()].map((s) => ({
      name: s.name,
      id: s.id,
      memberCount: state.liveMembers(s).length,
      createdAt: new Date(s.createdAt).toISOString(),
      region: s.region,
    }));
  const memberSummaries = (ownerId: string, name: string, kind: OwnerKind): MemberSummary[] => {
    const segment = state.findSegment(kind, ownerId, name);
    return segment
      ? state.liveMembers(segment).map((m) => ({
          idType: m.idType,
          id: m.id,
          expiresAt: new Date(m.expiresAt).toISOString(),
          region: m.region,
        }))
      : [];
  };
  const ownerFrom = (q: URLSearchParams): { kind: OwnerKind; id: string } | null => {
    const advertiserId = q.get('advertiserId');
    const dataProviderId = q.get('dataProviderId');
    if (advertiserId) return { kind: 'advertiser', id: advertiserId };
    if (dataProviderId) return { kind: 'dataProvider', id: dataProviderId };
    return null;
  };

  const control = async (req: IncomingMessage, method: string, url: URL): Promise<Reply> => {
    const key = `${method} ${url.pathname}`;
    if (key === 'GET /__sim/config') return json(200, state.config);
    if (key === 'PATCH /__sim/config' || key === 'POST /__sim/config') {
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req)).toString('utf8'));
      } catch {
        return json(400, { message: 'Body must be valid JSON' });
      }
      const patch = ConfigPatchSchema.safeParse(body);
      if (!patch.success) {
        const detail = patch.error.issues
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ');
        return json(400, { message: detail });
      }
      state.configure(patch.data as DeepPartial<TtdSimConfig>);
      return json(200, state.config);
    }
    if (key === 'POST /__sim/reset') {
      state.reset();
      return json(200, { ok: true });
    }
    if (key === 'GET /__sim/stats') return json(200, state.stats);
    if (key === 'GET /__sim/dsr') return json(200, { requests: state.dsr });
    if (key === 'GET /__sim/requests') {
      const limit = Number(url.searchParams.get('limit') ?? state.requests.length);
      const n = Number.isInteger(limit) && limit >= 0 ? limit : state.requests.length;
      return json(200, { requests: n === 0 ? [] : state.requests.slice(-n) });
    }
    if (key === 'GET /__sim/segments') {
      const owner = ownerFrom(url.searchParams);
      if (!owner) return json(400, { message: 'advertiserId or dataProviderId is required' });
      return json(200, { ...owner, segments: segmentSummaries(owner.id, owner.kind) });
    }
    if (key === 'GET /__sim/segments/members') {
      const owner = ownerFrom(url.searchParams);
      const name = url.searchParams.get('name');
      if (!owner || name === null) {
        return json(400, { message: '(advertiserId or dataProviderId) and name are required' });
      }
      if (!state.findSegment(owner.kind, owner.id, name)) {
        return json(404, { message: `No segment '${name}'` });
      }
      return json(200, { ...owner, name, members: memberSummaries(owner.id, name, owner.kind) });
    }
    return json(404, { message: `Not found: ${url.pathname}` });
  };

  async function holdThenDrop(res: ServerResponse): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        held.delete(timer);
        resolve();
      }, state.config.faults.timeoutMs);
      held.add(timer);
      res.once('close', () => {
        clearTimeout(timer);
        held.delete(timer);
        resolve();
      });
    });
    res.destroy();
  }

  async function api(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    url: URL,
    entry: Record<string, unknown>,
  ): Promise<void> {
    const { region, rest } = splitRegion(url.pathname, state.config);
    const endpoint = region ? endpointOf(rest) : null;
    const body = await readBody(req);
    const meta: RequestMeta = { authMode: 'none', principal: null, items: 0 };
    const statsKey = `${method} ${endpoint ? `/data/${endpoint}` : url.pathname}`;
    const stats = state.stats;
    stats.requests[statsKey] = (stats.requests[statsKey] ?? 0) + 1;
    stats.bytesReceived += body.length;
    if (region) stats.byRegion[region] = (stats.byRegion[region] ?? 0) + 1;
    Object.assign(entry, { region, endpoint });
    let status = 0;
    let fault: string | undefined;
    try {
      if (!region) {
        status = 404;
        return send(res, text(404, `Unknown or disabled region in ${url.pathname}`));
      }
      if (!endpoint) {
        status = 404;
        return send(res, text(404, 'Not Found'));
      }
      if (method !== 'POST') {
        status = 405;
        return send(res, text(405, 'Method Not Allowed', { allow: 'POST' }));
      }
      const { latencyMs } = state.config.faults;
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
      const scripted = pickFault(state, method, rest, region);
      fault = scripted?.fault;
      if (scripted?.fault === 'timeout') {
        status = 0;
        return await holdThenDrop(res);
      }
      const reply = scripted
        ? faultReply(scripted)
        : handleData({ state, endpoint, region, headers: req.headers, body, meta });
      status = reply.status;
      send(res, reply);
    } finally {
      stats.itemsReceived += meta.items;
      if (status) stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
      if (status === 413) stats.status413 += 1;
      if (status === 429) stats.status429 += 1;
      Object.assign(entry, {
        fault,
        authMode: meta.authMode,
        items: meta.items,
        bytes: body.length,
      });
      state.record({
        at: new Date(state.now()).toISOString(),
        method,
        path: url.pathname,
        region,
        endpoint: endpoint ? `/data/${endpoint}` : null,
        authMode: meta.authMode,
        principal: meta.principal,
        items: meta.items,
        bytes: body.length,
        status,
        ...(fault ? { fault } : {}),
      });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    const method = req.method ?? 'GET';
    const entry: Record<string, unknown> = { event: 'http_request', method, path: url.pathname };
    try {
      if (url.pathname.startsWith('/__sim/')) send(res, await control(req, method, url));
      else await api(req, res, method, url, entry);
    } catch (e) {
      entry.error = e instanceof Error ? e.message : String(e);
      if (!res.headersSent) send(res, text(500, 'Internal Server Error'));
      else res.destroy();
    } finally {
      entry.status = res.statusCode;
      entry.durationMs = Math.round(performance.now() - started);
      log(entry);
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log({ event: 'listening', url });

  let closing: Promise<void> | undefined;
  return {
    url,
    regionUrl: (region) => `${url}/${region}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const timer of held) clearTimeout(timer);
        held.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
    configure: (patch) => state.configure(patch),
    reset: () => state.reset(),
    stats: () => structuredClone(state.stats),
    config: () => structuredClone(state.config),
    segments: (ownerId, kind = 'advertiser') => segmentSummaries(ownerId, kind),
    members: (ownerId, name, kind = 'advertiser') => memberSummaries(ownerId, name, kind),
    dsr: () => structuredClone(state.dsr),
    requests: () => structuredClone(state.requests),
  };
}
