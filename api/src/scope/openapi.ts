/** POST /api/scope-check in the OpenAPI route table (openapi/operations.ts). */
import { bodyErrors, type Operation } from '../openapi/operations.ts';
import { ScopeCheckRequest } from './routes.ts';
import { ScopeMatches } from './shapes.ts';

export const scopeOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/scope-check',
    operationId: 'scopeCheck',
    summary: 'Which scope rules a question touches',
    description:
      "Rules match English phrases; with `lang`, each rule's topic and who-acts sentence come in that language (English where untranslated, listed in `untranslated`).",
    body: ScopeCheckRequest,
    responses: { '200': { description: 'Matching rules, best first.', json: ScopeMatches }, ...bodyErrors },
  },
];
