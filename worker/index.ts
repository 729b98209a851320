import { handleFetch } from './fetch';
import { handleScheduled } from './jobs/run-scheduled';
import { handleQueue } from './queues/consume';

export { AudienceRoom } from '../durable-objects/audience-room';

export default {
  fetch: handleFetch,
  queue: handleQueue,
  scheduled: handleScheduled,
} satisfies ExportedHandler<Env>;
