import { describe, expect, it } from 'vitest';
import type { Definition } from '../../core/audience/definition';
import type { RoomLogEntry, RoomServerMessage } from '../../core/contracts/room-messages';
import { applyLocal } from '../../core/room/client-state';
import type { Op } from '../../core/room/ops';
import { disconnected, helloFor, initialSession, receive, type RoomSession } from './room-session';

const empty: Definition = {
  version: 1,
  root: { id: 'root', kind: 'group', op: 'and', children: [] },
};
const addRule = (id: string): Op => ({
  kind: 'add',
  parentId: 'root',
  index: 0,
  node: { id, kind: 'rule', field: 'industry' },
});
const entry = (seq: number, op: Op, clientOpId: string | null = null): RoomLogEntry => ({
  seq,
  actor: 'user:b',
  actorName: 'Bea',
  at: 1_700_000_000_000 + seq,
  kind: 'edit',
  op,
  summary: 'added a rule condition',
  clientOpId,
});
const sizes = (seq: number, total: number): RoomServerMessage => ({
  type: 'sizes',
  seq,
  valid: true,
  total,
  nodes: {},
  issues: [],
  countedAt: '2026-01-01T00:00:00Z',
  durationMs: 3,
});
const run = (state: RoomSession, ...messages: RoomServerMessage[]) =>
  messages.reduce((s, m) => receive(s, m).state, state);
const snapshotAt = (seq: number): RoomServerMessage => ({
  type: 'snapshot',
  seq,
  definition: empty,
});
const ids = (state: RoomSession) => state.draft?.view.root.children.map((c) => c.id);

describe('a room session', () => {
  it('is not live after the welcome, only once the hello is answered', () => {
    const welcomed = run(initialSession(false), {
      type: 'welcome',
      room: 'o:a',
      connectionId: 'c1',
      connections: 1,
      readOnly: true,
      actor: 'user:a',
      canPublish: false,
    });
    expect(welcomed.connection).toBe('connecting');
    expect(welcomed.readOnly).toBe(true);
    expect(run(welcomed, snapshotAt(3)).connection).toBe('live');
  });

  it('says hello with the last seq it holds, or null before its first snapshot', () => {
    expect(helloFor(initialSession(false))).toEqual({ type: 'hello', since: null });
    expect(helloFor(run(initialSession(false), snapshotAt(7)))).toEqual({
      type: 'hello',
      since: 7,
    });
  });

  it('re-sends its unconfirmed ops once a catch-up has brought it up to date', () => {
    const live = run(initialSession(false), snapshotAt(0));
    const mine = {
      ...live,
      draft: applyLocal(live.draft!, { clientOpId: 'm1', op: addRule('r1') }),
    };
    const back = disconnected(mine, null);
    expect(back.connection).toBe('reconnecting');
    const caughtUp = receive(back, { type: 'catch_up', entries: [entry(1, addRule('r2'))] });
    expect(caughtUp.effects).toEqual([{ type: 'flush' }]);
    expect(caughtUp.state.connection).toBe('live');
    expect(ids(caughtUp.state)).toEqual(['r1', 'r2']);
    expect(caughtUp.state.draft?.pending).toHaveLength(1);
  });

  it('asks for a snapshot when a catch-up has a gap', () => {
    const live = run(initialSession(false), snapshotAt(0));
    const result = receive(live, { type: 'catch_up', entries: [entry(2, addRule('r2'))] });
    expect(result.effects).toEqual([{ type: 'send', message: { type: 'hello', since: null } }]);
    expect(result.state.draft?.seq).toBe(0);
  });

  it('asks for a catch-up from its seq when a broadcast skips one', () => {
    const live = run(initialSession(false), snapshotAt(4));
    expect(receive(live, { type: 'applied', entry: entry(6, addRule('x')) }).effects).toEqual([
      { type: 'send', message: { type: 'hello', since: 4 } },
    ]);
  });

  it('confirms its own op on the echo and drops a refused one with a message', () => {
    const live = run(initialSession(false), snapshotAt(0));
    const withTwo = {
      ...live,
      draft: applyLocal(applyLocal(live.draft!, { clientOpId: 'm1', op: addRule('r1') }), {
        clientOpId: 'm2',
        op: addRule('r2'),
      }),
    };
    const echoed = run(withTwo, { type: 'applied', entry: entry(1, addRule('r1'), 'm1') });
    expect(echoed.draft?.pending.map((p) => p.clientOpId)).toEqual(['m2']);
    const refused = run(echoed, {
      type: 'rejected',
      clientOpId: 'm2',
      code: 'too_many_nodes',
      reason: 'An audience has at most 500 nodes',
    });
    expect(ids(refused)).toEqual(['r1']);
    expect(refused.toasts.at(-1)?.text).toBe('Not applied: An audience has at most 500 nodes');
  });

  it('tells the user why an undo was skipped', () => {
    const state = run(initialSession(false), {
      type: 'skipped',
      clientOpId: 'u1',
      action: 'undo',
      code: 'overwritten',
      reason: 'Bea changed that value since',
    });
    expect(state.toasts.map((t) => t.text)).toEqual(['Undo skipped: Bea changed that value since']);
  });

  it('keeps the newest sizes when an older count arrives late', () => {
    const state = run(initialSession(false), sizes(5, 50), sizes(4, 40));
    expect(state.sizes?.total).toBe(50);
    expect(run(state, sizes(6, 60)).sizes?.total).toBe(60);
  });

  it('pages the history newest first and adds live entries once the timeline is open', () => {
    const live = run(initialSession(false), snapshotAt(0));
    const before = run(live, { type: 'applied', entry: entry(1, addRule('a')) });
    expect(before.history.entries).toEqual([]);
    const paged = run(before, {
      type: 'history',
      entries: [entry(1, addRule('a'))],
      oldestSeq: 1,
      hasMore: false,
    });
    const next = run(paged, { type: 'applied', entry: entry(2, addRule('b')) });
    expect(next.history.entries.map((e) => e.seq)).toEqual([2, 1]);
  });

  it('thanks the saver by version number and names the saver to everyone else', () => {
    const saved = { type: 'version_saved', version: 3, total: 10, by: 'Ada' } as const;
    const mine = run({ ...initialSession(false), savingVersion: true }, saved);
    expect(mine.toasts.at(-1)?.text).toBe('Saved as version 3.');
    expect(mine.lastVersion).toBe(3);
    expect(run(initialSession(false), saved).toasts.at(-1)?.text).toBe('Ada saved version 3.');
  });

  it('goes offline for good when the room closes the door', () => {
    const state = disconnected(initialSession(false), 'You no longer have access');
    expect(state.connection).toBe('offline');
    expect(state.closedReason).toBe('You no longer have access');
  });
});
