import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/ppe-function.js';
import { synthesize, TEST_CONTEXT } from './synth.js';

/**
 * openapi.json against what the stack deploys: the same routes, their parameters, the auth, the
 * error responses, the POST /frames body against the API Gateway model, and the error codes that
 * the handlers and API Gateway answer with. Each check returns the problems it finds, so that a
 * failure says what drifted, and the last block shows that each check does find drift.
 */

type Json = Record<string, unknown>;
interface CfnResource {
  Type: string;
  Properties?: Json;
}
type Resources = Record<string, CfnResource>;

/** A method as deployed: `METHOD /path`, and its declared parameters (`in:name` -> required). */
interface DeployedMethod {
  route: string;
  authorizationType: unknown;
  parameters: Map<string, boolean>;
  requestModel?: string;
}

interface Operation {
  route: string;
  op: Json;
  pathItem: Json;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const REQUIRED_STATUSES = ['400', '403', '429', '500'];
const ERROR_REF = '#/components/schemas/Error';

/** Which handler sources answer which routes; a code must be documented on one of them. */
const HANDLER_SOURCES: Record<string, string[]> = {
  'lambda/handlers/api-ingest.ts': ['POST /frames'],
  'lambda/handlers/frame-image.ts': ['POST /frames'],
  'lambda/handlers/get-frame.ts': ['GET /frames/{frameId}'],
  'lambda/handlers/query-results.ts': ['GET /cameras/{cameraId}/frames', 'GET /reports/compliance'],
};
/** The read function's answer for a resource it does not serve, which API Gateway never routes. */
const UNREACHABLE_CODES = new Set(['lambda/handlers/query-results.ts 404 NOT_FOUND']);

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const objectAt = (value: unknown, ...keys: string[]): Json => {
  let node = value;
  for (const key of keys) node = isObject(node) ? node[key] : undefined;
  return isObject(node) ? node : {};
};
const sorted = (values: Iterable<string>) => [...values].sort();

// ---------------------------------------------------------------------------------------------
// The deployed side, from the synthesized template.

function findResources(resources: Resources, type: string): [string, CfnResource][] {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

/** `METHOD /path` of every AWS::ApiGateway::Method, from the AWS::ApiGateway::Resource tree. */
function deployedMethods(resources: Resources): DeployedMethod[] {
  const apis = findResources(resources, 'AWS::ApiGateway::RestApi').map(([id]) => id);
  if (apis.length !== 1) throw new Error(`expected one RestApi, found ${apis.join(', ') || 0}`);
  const isRoot = (ref: unknown) => {
    const getAtt = objectAt(ref)['Fn::GetAtt'];
    return Array.isArray(getAtt) && getAtt[0] === apis[0] && getAtt[1] === 'RootResourceId';
  };
  const pathOf = (ref: unknown, seen: string[] = []): string => {
    if (isRoot(ref)) return '';
    const id = objectAt(ref).Ref;
    const resource = typeof id === 'string' ? resources[id] : undefined;
    if (typeof id !== 'string' || resource?.Type !== 'AWS::ApiGateway::Resource') {
      throw new Error(`cannot resolve API Gateway resource ${JSON.stringify(ref)}`);
    }
    if (seen.includes(id)) throw new Error(`resource cycle at ${id}`);
    const { ParentId, PathPart } = resource.Properties ?? {};
    return `${pathOf(ParentId, [...seen, id])}/${String(PathPart)}`;
  };
  return findResources(resources, 'AWS::ApiGateway::Method').map(([, method]) => {
    const props = method.Properties ?? {};
    const parameters = new Map<string, boolean>();
    for (const [key, required] of Object.entries(objectAt(props.RequestParameters))) {
      const match = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(key);
      if (!match) throw new Error(`unexpected request parameter ${key}`);
      const location = match[1] === 'querystring' ? 'query' : match[1];
      parameters.set(`${location}:${match[2]}`, required === true);
    }
    const model = objectAt(props.RequestModels, 'application/json').Ref;
    return {
      route: `${String(props.HttpMethod)} ${pathOf(props.ResourceId) || '/'}`,
      authorizationType: props.AuthorizationType,
      parameters,
      ...(typeof model === 'string' ? { requestModel: model } : {}),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The documented side.

/** Follows a local `$ref` (and a chain of them) to what it points at. */
function resolve(doc: Json, node: unknown): Json {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    const ref = current.$ref;
    if (hops > 20 || !ref.startsWith('#/')) throw new Error(`cannot resolve ${ref}`);
    let target: unknown = doc;
    for (const part of ref.slice(2).split('/')) {
      const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
      if (!isObject(target) || !(key in target)) throw new Error(`dangling $ref ${ref}`);
      target = target[key];
    }
    current = target;
  }
  return isObject(current) ? current : {};
}

function operations(doc: Json): Operation[] {
  return Object.entries(objectAt(doc, 'paths')).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => isObject(objectAt(item)[method])).map((method) => ({
      route: `${method.toUpperCase()} ${path}`,
      op: objectAt(item, method),
      pathItem: objectAt(item),
    })),
  );
}

function operation(doc: Json, route: string): Operation {
  const found = operations(doc).find((candidate) => candidate.route === route);
  if (!found) throw new Error(`${route} is not documented`);
  return found;
}

/** The operation's parameters, path-level ones included, as `in:name` -> required. */
function documentedParameters(doc: Json, { op, pathItem }: Operation): Map<string, boolean> {
  const list = [pathItem.parameters, op.parameters].flatMap((value) =>
    Array.isArray(value) ? value : [],
  );
  const parameters = new Map<string, boolean>();
  for (const parameter of list.map((value) => resolve(doc, value))) {
    parameters.set(
      `${String(parameter.in)}:${String(parameter.name)}`,
      parameter.required === true,
    );
  }
  return parameters;
}

/** Error codes of every response of an operation, by status, from its examples. */
function documentedCodes(doc: Json, { op }: Operation): Map<string, Set<string>> {
  const codes = new Map<string, Set<string>>();
  for (const [status, response] of Object.entries(objectAt(op, 'responses'))) {
    const media = objectAt(resolve(doc, response), 'content', 'application/json');
    const values = [
      media.example,
      ...Object.values(objectAt(media.examples)).map((example) => resolve(doc, example).value),
    ];
    const found = codes.get(status) ?? new Set<string>();
    for (const value of values) {
      const code = objectAt(value, 'error').code;
      if (typeof code === 'string') found.add(code);
    }
    codes.set(status, found);
  }
  return codes;
}

// ---------------------------------------------------------------------------------------------
// The checks: each returns what is wrong.

function routeProblems(doc: Json, deployed: readonly DeployedMethod[]): string[] {
  const documented = new Set(operations(doc).map(({ route }) => route));
  const live = new Set(deployed.map(({ route }) => route));
  return [
    ...sorted(live)
      .filter((route) => !documented.has(route))
      .map((route) => `${route} is deployed but not documented`),
    ...sorted(documented)
      .filter((route) => !live.has(route))
      .map((route) => `${route} is documented but not deployed`),
  ];
}

function parameterProblems(doc: Json, deployed: readonly DeployedMethod[]): string[] {
  return deployed.flatMap((method) => {
    const documented = documentedParameters(doc, operation(doc, method.route));
    const problems: string[] = [];
    for (const [key, required] of method.parameters) {
      if (!documented.has(key)) problems.push(`${method.route}: ${key} is not documented`);
      else if (documented.get(key) !== required) {
        problems.push(`${method.route}: ${key} is ${required ? '' : 'not '}required when deployed`);
      }
    }
    for (const key of documented.keys()) {
      if (/^(path|query):/.test(key) && !method.parameters.has(key)) {
        problems.push(`${method.route}: ${key} is documented but not declared on the method`);
      }
    }
    return problems;
  });
}

function responseProblems(doc: Json): string[] {
  return operations(doc).flatMap((operation) =>
    REQUIRED_STATUSES.flatMap((status) => {
      const raw = objectAt(operation.op, 'responses')[status];
      if (raw === undefined) return [`${operation.route}: no ${status} response`];
      const schema = objectAt(resolve(doc, raw), 'content', 'application/json', 'schema');
      return schema.$ref === ERROR_REF
        ? []
        : [`${operation.route}: the ${status} response is not the Error schema`];
    }),
  );
}

function securityProblems(doc: Json, deployed: readonly DeployedMethod[]): string[] {
  const problems: string[] = [];
  const scheme = objectAt(doc, 'components', 'securitySchemes', 'sigv4');
  const expected = {
    type: 'apiKey',
    name: 'Authorization',
    in: 'header',
    'x-amazon-apigateway-authtype': 'awsSigv4',
  };
  for (const [key, value] of Object.entries(expected)) {
    if (scheme[key] !== value) problems.push(`securitySchemes.sigv4.${key} is not ${value}`);
  }
  for (const { route, op } of operations(doc)) {
    const security = op.security ?? doc.security;
    // An empty requirement ({}) would make authentication optional.
    const ok =
      Array.isArray(security) &&
      security.length > 0 &&
      security.every((requirement) => isObject(requirement) && 'sigv4' in requirement);
    if (!ok) problems.push(`${route} does not require sigv4`);
  }
  for (const { route, authorizationType } of deployed) {
    if (authorizationType !== 'AWS_IAM') {
      problems.push(`${route} is deployed with ${String(authorizationType)}, not AWS_IAM`);
    }
  }
  return problems;
}

/** The POST /frames body against the API Gateway model that validates it. */
function modelProblems(doc: Json, resources: Resources, deployed: readonly DeployedMethod[]) {
  const modelId = deployed.find(({ route }) => route === 'POST /frames')?.requestModel;
  const model = objectAt(modelId ? resources[modelId]?.Properties : undefined, 'Schema');
  if (!modelId || Object.keys(model).length === 0) return ['POST /frames has no request model'];
  const body = objectAt(operation(doc, 'POST /frames').op, 'requestBody');
  const schema = resolve(doc, objectAt(body, 'content', 'application/json').schema);
  const properties = objectAt(schema, 'properties');
  const modelProperties = objectAt(model, 'properties');
  const property = (name: string) => resolve(doc, properties[name]);
  const enumOf = (items: unknown) =>
    sorted((resolve(doc, items).enum as string[] | undefined) ?? []);
  const problems: string[] = [];
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const name of ['image', 'cameraId']) {
    if (!required.includes(name)) problems.push(`the body does not require ${name}`);
  }
  if (JSON.stringify(sorted(required)) !== JSON.stringify(sorted(model.required as string[]))) {
    problems.push(`required ${required} differs from the model's ${model.required}`);
  }
  if (
    JSON.stringify(sorted(Object.keys(properties))) !==
    JSON.stringify(sorted(Object.keys(modelProperties)))
  ) {
    problems.push('the body fields differ from the model fields');
  }
  const pattern = objectAt(modelProperties, 'cameraId').pattern;
  if (property('cameraId').pattern !== pattern) {
    problems.push(`cameraId pattern ${property('cameraId').pattern} is not the model's ${pattern}`);
  }
  const documentedEnum = enumOf(property('requiredEquipment').items);
  const modelEnum = enumOf(objectAt(modelProperties, 'requiredEquipment').items);
  if (modelEnum.length === 0 || JSON.stringify(documentedEnum) !== JSON.stringify(modelEnum)) {
    problems.push(`requiredEquipment ${documentedEnum} is not the model's ${modelEnum}`);
  }
  for (const bound of ['minimum', 'maximum']) {
    const expected = objectAt(modelProperties, 'minConfidence')[bound];
    if (property('minConfidence')[bound] !== expected) {
      problems.push(`minConfidence ${bound} is not the model's ${expected}`);
    }
  }
  return problems;
}

/** The shape of an OpenAPI 3 document, as far as tooling and readers rely on it. */
function structureProblems(doc: Json): string[] {
  const problems: string[] = [];
  if (typeof doc.openapi !== 'string' || !/^3\.[01]\.\d+$/.test(doc.openapi)) {
    problems.push(`openapi is ${JSON.stringify(doc.openapi)}, not 3.0.x or 3.1.x`);
  }
  const info = objectAt(doc, 'info');
  for (const key of ['title', 'version']) {
    if (typeof info[key] !== 'string' || info[key] === '') problems.push(`info.${key} is missing`);
  }
  if (!isObject(doc.paths) || Object.keys(doc.paths).length === 0) problems.push('no paths');
  for (const path of Object.keys(objectAt(doc, 'paths'))) {
    if (!path.startsWith('/')) problems.push(`path ${path} does not start with /`);
  }
  // Every $ref resolves.
  const visit = (node: unknown, at: string): void => {
    if (Array.isArray(node)) {
      for (const [index, child] of node.entries()) visit(child, `${at}/${index}`);
    }
    if (!isObject(node)) return;
    if (typeof node.$ref === 'string') {
      try {
        resolve(doc, node);
      } catch (error) {
        problems.push(`${at}: ${(error as Error).message}`);
      }
    }
    for (const [key, child] of Object.entries(node)) {
      visit(child, `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
    }
  };
  visit(doc, '#');
  const operationIds = new Set<string>();
  for (const found of operations(doc)) {
    const { route, op } = found;
    for (const key of ['operationId', 'summary', 'description']) {
      if (typeof op[key] !== 'string' || op[key] === '') problems.push(`${route}: no ${key}`);
    }
    const id = String(op.operationId);
    if (operationIds.has(id)) problems.push(`${route}: operationId ${id} is not unique`);
    operationIds.add(id);
    const responses = objectAt(op, 'responses');
    if (Object.keys(responses).length === 0) problems.push(`${route}: no responses`);
    for (const [status, response] of Object.entries(responses)) {
      if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status))
        problems.push(`${route}: status ${status}`);
      if (typeof resolve(doc, response).description !== 'string') {
        problems.push(`${route}: the ${status} response has no description`);
      }
    }
    const ok = objectAt(resolve(doc, responses['200']), 'content', 'application/json');
    if (ok.example === undefined && Object.keys(objectAt(ok.examples)).length === 0) {
      problems.push(`${route}: the 200 response has no example`);
    }
    // Path templates and path parameters match, and path parameters are required.
    const templated = sorted(
      [...route.matchAll(/\{([^}]+)\}/g)].map((match) => `path:${match[1]}`),
    );
    const parameters = documentedParameters(doc, found);
    const declared = sorted([...parameters.keys()].filter((key) => key.startsWith('path:')));
    if (JSON.stringify(templated) !== JSON.stringify(declared)) {
      problems.push(`${route}: path parameters ${declared} do not match the template`);
    }
    for (const key of declared) {
      if (parameters.get(key) !== true) problems.push(`${route}: ${key} is not required`);
    }
  }
  const alert = objectAt(doc, 'components', 'schemas', 'Alert');
  if (!String(alert.description).includes('not an HTTP response')) {
    problems.push('components.schemas.Alert is missing or not described as the SNS message');
  }
  if (!isObject(objectAt(alert, 'properties').heldBack)) problems.push('Alert has no heldBack');
  return problems;
}

/** `status code` pairs that a handler source answers with: each code and the status before it. */
function handlerCodes(source: string): { status: string; code: string }[] {
  return [...source.matchAll(/'([A-Z][A-Z0-9_]{2,})'/g)].map((match) => {
    const before = source.slice(Math.max(0, (match.index ?? 0) - 120), match.index);
    const statuses = [...before.matchAll(/\b([45]\d\d)\b/g)];
    return { status: statuses[statuses.length - 1]?.[1] ?? '?', code: match[1] ?? '' };
  });
}

function handlerCodeProblems(doc: Json, sources: Record<string, string>): string[] {
  return Object.entries(sources).flatMap(([file, source]) => {
    const routes = HANDLER_SOURCES[file] ?? [];
    return handlerCodes(source)
      .filter(({ status, code }) => !UNREACHABLE_CODES.has(`${file} ${status} ${code}`))
      .filter(({ status, code }) =>
        routes.every(
          (route) => !documentedCodes(doc, operation(doc, route)).get(status)?.has(code),
        ),
      )
      .map(({ status, code }) => `${file} answers ${status} ${code}, undocumented on ${routes}`);
  });
}

/** Where each of API Gateway's own error responses must be documented, and with which status. */
function gatewayCodeProblems(doc: Json, resources: Resources, deployed: readonly DeployedMethod[]) {
  const everywhere = () => true;
  const withBody = (method: DeployedMethod) => method.requestModel !== undefined;
  const withRequiredParameters = (method: DeployedMethod) =>
    [...method.parameters.values()].some(Boolean);
  const rules: Record<string, { status: RegExp; applies: (method: DeployedMethod) => boolean }> = {
    ACCESS_DENIED: { status: /^403$/, applies: everywhere },
    MISSING_AUTHENTICATION_TOKEN: { status: /^403$/, applies: everywhere },
    INVALID_SIGNATURE: { status: /^403$/, applies: everywhere },
    EXPIRED_TOKEN: { status: /^403$/, applies: everywhere },
    THROTTLED: { status: /^429$/, applies: everywhere },
    DEFAULT_4XX: { status: /^4\d\d$/, applies: everywhere },
    DEFAULT_5XX: { status: /^500$/, applies: everywhere },
    BAD_REQUEST_BODY: { status: /^400$/, applies: withBody },
    REQUEST_TOO_LARGE: { status: /^413$/, applies: withBody },
    BAD_REQUEST_PARAMETERS: { status: /^400$/, applies: withRequiredParameters },
    // A 401 only comes from token or Cognito authorizers; every method here uses IAM.
    UNAUTHORIZED: { status: /^401$/, applies: () => false },
  };
  return findResources(resources, 'AWS::ApiGateway::GatewayResponse').flatMap(([, resource]) => {
    const type = String(resource.Properties?.ResponseType);
    const body = String(objectAt(resource.Properties?.ResponseTemplates)['application/json']);
    const code = /"code":"([A-Z0-9_]+)"/.exec(body)?.[1];
    const rule = rules[type];
    if (!code || !rule) return [`gateway response ${type} (${code}) has no documentation rule`];
    return deployed.filter(rule.applies).flatMap(({ route }) => {
      const codes = documentedCodes(doc, operation(doc, route));
      const documented = [...codes].some(
        ([status, set]) => rule.status.test(status) && set.has(code),
      );
      return documented ? [] : [`${route}: gateway ${type} (${code}) is not documented`];
    });
  });
}

// ---------------------------------------------------------------------------------------------

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
        objectAt(copy, 'paths')['/cameras'] = { get: postFrames(copy) };
      },
    );
    expect(extraRoute).toEqual(['GET /cameras is documented but not deployed']);
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
        objectAt(schemas, 'EquipmentType').enum = ['FACE_COVER', 'HEAD_COVER'];
        objectAt(schemas, 'FrameRequest').required = ['image'];
      },
    );
    expect(drifted).toHaveLength(4);
    expect(drifted).toContain('the body does not require cameraId');
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
