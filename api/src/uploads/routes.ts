/**
 * POST /api/uploads?site=KEY&filename=NAME with the file's bytes as the body → 201 {id, …}.
 *
 * One raw file per request rather than multipart/form-data: the per-file limit is then the body
 * limit, enforced while the bytes arrive (a larger Content-Length is refused unread, a chunked
 * body when it passes the limit), with no multipart parser to trust (the platform's formData()
 * buffers the whole body first); each file gets its own id, so a client retrying after a network
 * failure re-sends only the files that have none yet. The name travels in the query string,
 * where any Unicode name survives percent-encoding. CORS and Origin checks are those of ticket
 * creation. A refused file (type, content, size) is not stored and does not count against the
 * hourly volume; the per-address request limit bounds how often one can be sent.
 */
import { Hono } from 'hono';
import type { z } from 'zod';
import type { Policy } from '#content/policy-schema.ts';
import type { Config } from '../config.ts';
import { ApiError, validationError } from '../http/errors.ts';
import type { AppEnv } from '../http/env.ts';
import { limitBody, queryParams } from '../http/json-body.ts';
import { clientIp, limitsFor } from '../http/rate-limit.ts';
import { checkSiteOrigin } from '../http/site-cors.ts';
import { extensionProblem } from '../tickets/attachments.ts';
import { UploadQuery } from './schema.ts';
import { clientHash, storeUpload } from './service.ts';
import { checkUploadVolume } from './volume.ts';

export function uploadRoutes(policy: Policy, config: Config) {
  const limits = limitsFor('events', config);
  const maxBytes = policy.attachments.maxBytes;
  const readFile = limitBody(maxBytes, 'The file');

  return new Hono<AppEnv>().post('/', limits.byIp, queryParams(UploadQuery), limits.bySite, checkSiteOrigin, async (c) => {
    const { services } = c.var;
    const { site: key, filename } = (c.var as unknown as { query: z.output<typeof UploadQuery> }).query;
    const site = await services.sites.get(key);
    if (!site)
      throw new ApiError(422, 'unknown_site', `No site is registered with the key "${key}".`, { site: 'is not a registered site key' });
    const badName = extensionProblem(services.policy, filename);
    if (badName) throw validationError({ filename: badName.message });

    // Refuse before reading when the declared size alone would go over the hour's volume.
    const uploader = { site: site.key, clientHash: clientHash(clientIp(c, config.trustProxy)) };
    const declared = Number(c.req.header('content-length') ?? 0) || 0;
    await checkUploadVolume(services.store.db, config.uploadLimits, uploader, Math.min(declared, maxBytes), services.clock.now());

    let data = new Uint8Array(0);
    await readFile(c, async () => {
      data = new Uint8Array(await c.req.arrayBuffer());
    });
    return c.json(await storeUpload(services, uploader, filename, data), 201);
  });
}
