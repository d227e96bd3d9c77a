/** The analytics endpoints in the OpenAPI route table (openapi/operations.ts). */
import { bodyErrors, type Operation } from '../openapi/operations.ts';
import { FeedbackEvent, oneOrMany, SearchEvent, WidgetEvent } from './ingest.ts';
import { Accepted } from './shapes.ts';

const batch = (path: string, operationId: string, summary: string, event: Parameters<typeof oneOrMany>[0]): Operation => ({
  method: 'post',
  path,
  operationId,
  summary,
  body: oneOrMany(event),
  responses: { '202': { description: 'Accepted.', json: Accepted }, ...bodyErrors },
});

export const analyticsOperations: Operation[] = [
  batch('/api/feedback', 'feedback', 'Article feedback (one or a batch of up to 100)', FeedbackEvent),
  batch('/api/search-events', 'searchEvents', 'Search analytics (one or a batch of up to 100)', SearchEvent),
  batch('/api/widget-events', 'widgetEvents', 'Widget analytics (one or a batch of up to 100)', WidgetEvent),
];
