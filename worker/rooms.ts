import { getServerByName } from 'partyserver';
import type { AudienceRoom } from '../durable-objects/audience-room';

/** The one place that addresses an AudienceRoom; the room name is the audience id. */
export function getAudienceRoom(
  env: Env,
  audienceId: string,
): Promise<DurableObjectStub<AudienceRoom>> {
  return getServerByName(env.AudienceRoom, audienceId);
}
