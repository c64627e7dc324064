import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDigestMessage, digestOf } from '../../lambda/domain/digest-message.js';
import { frameRequestSchema } from '../../lambda/schemas/frame-request.js';
import { PROJECT_ROOT } from '../../lib/ppe-function.js';
import { requestModelSchema } from '../../lib/request-model.js';
import { openApiText } from '../../scripts/openapi/document.js';
import {
  type DeployedMethod,
  deployedMethods,
  findResources,
  firstDifference,
  gatewayCodeProblems,
  HANDLER_SOURCES,
  handlerCodeProblems,
  handlerCodes,
  type Json,
  modelProblems,
  objectAt,
  operations,
  parameterProblems,
  type Resources,
  responseProblems,
  routeProblems,
  securityProblems,
  sorted,
  structureProblems,
} from './openapi-checks.js';
import { synthesize, TEST_CONTEXT } from './synth.js';

const DOCUMENT_TEXT = readFileSync(join(PROJECT_ROOT, 'openapi.json'), 'utf8');
const HANDLER_TEXTS = Object.fromEntries(
  Object.keys(HANDLER_SOURCES).map((file) => [
    file,
    readFileSync(join(PROJECT_ROOT, file), 'utf8'),
  ]),
);

// Synthesize once: every synth bundles the functions with esbuild.
let doc: Json;
let resources: Resources;
let deployed: DeployedMethod[];
beforeAll(() => {
  doc = JSON.parse(DOCUMENT_TEXT) as Json;
  const { template } = synthesize(TEST_CONTEXT);
  resources = (template.toJSON() as { Resources: Resources }).Resources;
  deployed = deployedMethods(resources);
});

describe('openapi.json', () => {
  it('is what the zod schemas and the route table generate (npm run openapi)', () => {
    const generated = openApiText();
    const difference = firstDifference(JSON.parse(generated), doc);

    expect(
      difference ??
        (generated === DOCUMENT_TEXT ? undefined : 'the same JSON, formatted otherwise'),
      'openapi.json is out of date: run `npm run openapi` and commit it',
    ).toBeUndefined();
  });

  it('is an OpenAPI 3 document', () => {
    expect(doc.openapi).toMatch(/^3\.[01]\.\d+$/);
    expect(structureProblems(doc)).toEqual([]);
  });

  it('documents exactly the deployed routes', () => {
    expect(deployed.length).toBeGreaterThan(0);
    expect(sorted(operations(doc).map(({ route }) => route))).toEqual(
      sorted(deployed.map(({ route }) => route)),
    );
    expect(routeProblems(doc, deployed)).toEqual([]);
  });

  it("documents every deployed method's parameters, required as deployed", () => {
    expect(parameterProblems(doc, deployed)).toEqual([]);
  });

  it('documents 400, 403, 429 and 500 with the error body on every operation', () => {
    expect(responseProblems(doc)).toEqual([]);
  });

  it('requires SigV4 on every operation, as API Gateway does', () => {
    expect(securityProblems(doc, deployed)).toEqual([]);
  });

  it('documents the digest message with every field the digest function publishes', () => {
    const body = digestOf('cam-01', {
      version: 4,
      lastAlertAt: '2026-11-27T09:00:00.000Z',
      cooldownEndsAt: '2026-11-27T09:05:00.000Z',
      alertedMissing: ['HAND_COVER'],
      heldBack: {
        frames: 2,
        violations: 8,
        byEquipment: { HAND_COVER: 8 },
        since: '2026-11-27T09:01:00.000Z',
        until: '2026-11-27T09:02:00.000Z',
        lastFrameId: 'f-2',
        location: 'plant-3/line-2',
      },
    });
    const schema = objectAt(doc, 'components', 'schemas', 'AlertDigest');

    expect(String(schema.description)).toContain('not an HTTP response');
    expect(sorted(Object.keys(objectAt(schema, 'properties')))).toEqual(
      sorted(Object.keys(body ?? {})),
    );
    expect(objectAt(schema, 'properties', 'type')).toMatchObject({
      const: body && buildDigestMessage(body).attributes.eventType,
    });
  });

  it('deploys the API Gateway model that the FrameRequest schema generates', () => {
    const modelId = deployed.find(({ route }) => route === 'POST /frames')?.requestModel ?? '';
    const { schema, ...generated } = requestModelSchema(frameRequestSchema, 'FrameRequest');

    expect(resources[modelId]?.Properties?.Schema).toEqual({ $schema: schema, ...generated });
  });

  it('describes the POST /frames body as the API Gateway model does', () => {
    expect(modelProblems(doc, resources, deployed)).toEqual([]);
  });

  it('documents every error code the handlers answer with, under its status', () => {
    expect(handlerCodes(HANDLER_TEXTS['lambda/handlers/api-ingest.ts'] ?? '')).toContainEqual({
      status: '503',
      code: 'DETECTOR_UNAVAILABLE',
    });
    expect(handlerCodeProblems(doc, HANDLER_TEXTS)).toEqual([]);
  });

  it('documents every error code API Gateway answers with, where it applies', () => {
    expect(gatewayCodeProblems(doc, resources, deployed)).toEqual([]);
  });
});

describe('the checks find drift', () => {
  const mutated = (change: (copy: Json) => void): Json => {
    const copy = structuredClone(doc);
    change(copy);
    return copy;
  };
  /** What a check finds in a changed document beyond what it finds in openapi.json itself. */
  const added = (check: (document: Json) => string[], change: (copy: Json) => void) => {
    const before = new Set(check(doc));
    return check(mutated(change)).filter((problem) => !before.has(problem));
  };
  const postFrames = (copy: Json) => objectAt(copy, 'paths', '/frames', 'post');

  it('a route on one side only', () => {
    const extraRoute = added(
      (document) => routeProblems(document, deployed),
      (copy) => {
        objectAt(copy, 'paths')['/sites'] = { get: postFrames(copy) };
      },
    );
    expect(extraRoute).toEqual(['GET /sites is documented but not deployed']);
    const template = structuredClone(resources);
    const [resourceId] = findResources(template, 'AWS::ApiGateway::Resource')[0] ?? [];
    template.ExtraMethod = {
      Type: 'AWS::ApiGateway::Method',
      Properties: { HttpMethod: 'DELETE', ResourceId: { Ref: resourceId } },
    };
    expect(routeProblems(doc, deployedMethods(template))).toEqual([
      expect.stringMatching(/^DELETE \/\S+ is deployed but not documented$/),
    ]);
  });

  it('a missing or optional parameter', () => {
    const check = (document: Json) => parameterProblems(document, deployed);
    const withoutLimit = added(check, (copy) => {
      const op = objectAt(copy, 'paths', '/cameras/{cameraId}/frames', 'get');
      op.parameters = (op.parameters as Json[]).filter((parameter) => parameter.name !== 'limit');
    });
    expect(withoutLimit).toEqual(['GET /cameras/{cameraId}/frames: query:limit is not documented']);
    const optionalFrameId = added(check, (copy) => {
      const op = objectAt(copy, 'paths', '/frames/{frameId}', 'get');
      objectAt((op.parameters as unknown[])[0]).required = false;
    });
    expect(optionalFrameId).toEqual([
      'GET /frames/{frameId}: path:frameId is required when deployed',
    ]);
  });

  it('a missing error response', () => {
    const without403 = added(responseProblems, (copy) => {
      delete objectAt(copy, 'paths', '/reports/compliance', 'get', 'responses')['403'];
    });
    expect(without403).toEqual(['GET /reports/compliance: no 403 response']);
  });

  it('an operation without SigV4', () => {
    const optionalAuth = added(
      (document) => securityProblems(document, deployed),
      (copy) => {
        postFrames(copy).security = [{}];
      },
    );
    expect(optionalAuth).toEqual(['POST /frames does not require sigv4']);
  });

  it('a body schema that differs from the model', () => {
    const drifted = added(
      (document) => modelProblems(document, resources, deployed),
      (copy) => {
        const schemas = objectAt(copy, 'components', 'schemas');
        objectAt(schemas, 'FrameRequest', 'properties', 'cameraId').pattern = '^.+$';
        objectAt(schemas, 'EquipmentType').pattern = '^[A-Z_]+$';
        objectAt(schemas, 'FrameRequest').required = ['image'];
      },
    );
    expect(drifted).toHaveLength(4);
    expect(drifted).toContain('the body does not require cameraId');
  });

  it('a document the schemas did not generate', () => {
    const generated = JSON.parse(openApiText()) as Json;
    const edited = mutated((copy) => {
      objectAt(copy, 'components', 'schemas', 'FrameRequest', 'properties', 'cameraId').pattern =
        '^.+$';
    });

    expect(firstDifference(generated, doc)).toBeUndefined();
    expect(firstDifference(generated, edited)).toBe(
      '#/components/schemas/FrameRequest/properties/cameraId/pattern: "^.+$" where the schemas give "^[A-Za-z0-9._-]{1,64}$"',
    );
  });

  it('a broken document', () => {
    const broken = added(structureProblems, (copy) => {
      copy.openapi = '2.0';
      postFrames(copy).requestBody = { $ref: '#/components/requestBodies/Missing' };
      delete objectAt(copy, 'paths', '/frames/{frameId}', 'get').operationId;
    });
    expect(broken).toEqual([
      'openapi is "2.0", not 3.0.x or 3.1.x',
      '#/paths/~1frames/post/requestBody: dangling $ref #/components/requestBodies/Missing',
      'GET /frames/{frameId}: no operationId',
    ]);
  });

  it('an undocumented handler or gateway error code', () => {
    const withoutReused = added(
      (document) => handlerCodeProblems(document, HANDLER_TEXTS),
      (copy) => {
        delete objectAt(postFrames(copy), 'responses')['422'];
      },
    );
    expect(withoutReused).toEqual([
      'lambda/handlers/api-ingest.ts answers 422 NO_RECORDING, undocumented on POST /frames',
      'lambda/handlers/api-ingest.ts answers 422 IDEMPOTENCY_KEY_REUSED, undocumented on POST /frames',
    ]);
    const withoutThrottled = added(
      (document) => gatewayCodeProblems(document, resources, deployed),
      (copy) => {
        objectAt(postFrames(copy), 'responses')['429'] = { description: 'Throttled.' };
      },
    );
    expect(withoutThrottled).toEqual([
      'POST /frames: gateway THROTTLED (THROTTLED) is not documented',
    ]);
  });
});
