/**
 * Checks of openapi.json against what the stack deploys (test/infra/openapi.test.ts): the same
 * routes, their parameters, the auth, the error responses, the POST /frames body against the API
 * Gateway model, and the error codes that the handlers and API Gateway answer with. Each check
 * returns the problems it finds, so that a failure says what drifted.
 */

export type Json = Record<string, unknown>;
export interface CfnResource {
  Type: string;
  Properties?: Json;
}
export type Resources = Record<string, CfnResource>;

/** A method as deployed: `METHOD /path`, and its declared parameters (`in:name` -> required). */
export interface DeployedMethod {
  route: string;
  authorizationType: unknown;
  parameters: Map<string, boolean>;
  requestModel?: string;
}

export interface Operation {
  route: string;
  op: Json;
  pathItem: Json;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
export const REQUIRED_STATUSES = ['400', '403', '429', '500'];
export const ERROR_REF = '#/components/schemas/Error';

/** Which handler sources answer which routes; a code must be documented on one of them. */
export const HANDLER_SOURCES: Record<string, string[]> = {
  'lambda/handlers/api-ingest.ts': ['POST /frames'],
  'lambda/handlers/frame-image.ts': ['POST /frames'],
  'lambda/handlers/get-frame.ts': ['GET /frames/{frameId}'],
  'lambda/handlers/get-frame-image.ts': [
    'GET /frames/{frameId}/image',
    'GET /frames/{frameId}/image/original',
  ],
  'lambda/handlers/query-results.ts': [
    'GET /cameras/{cameraId}/frames',
    'GET /reports/compliance',
    'GET /violations',
    'GET /cameras',
  ],
  'lambda/handlers/review.ts': [
    'PUT /frames/{frameId}/persons/{personId}/review',
    'GET /frames/{frameId}/reviews',
  ],
  'lambda/handlers/store-errors.ts': [
    'POST /frames',
    'GET /frames/{frameId}',
    'GET /cameras/{cameraId}/frames',
    'GET /reports/compliance',
    'GET /frames/{frameId}/image',
    'GET /frames/{frameId}/image/original',
    'GET /violations',
    'GET /cameras',
    'PUT /frames/{frameId}/persons/{personId}/review',
    'GET /frames/{frameId}/reviews',
  ],
};
/** The read function's answer for a resource it does not serve, which API Gateway never routes. */
export const UNREACHABLE_CODES = new Set([
  'lambda/handlers/query-results.ts 404 NOT_FOUND',
  'lambda/handlers/review.ts 404 NOT_FOUND',
]);

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const objectAt = (value: unknown, ...keys: string[]): Json => {
  let node = value;
  for (const key of keys) node = isObject(node) ? node[key] : undefined;
  return isObject(node) ? node : {};
};
export const sorted = (values: Iterable<string>) => [...values].sort();

// ---------------------------------------------------------------------------------------------
// The deployed side, from the synthesized template.

export function findResources(resources: Resources, type: string): [string, CfnResource][] {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

/** `METHOD /path` of every AWS::ApiGateway::Method, from the AWS::ApiGateway::Resource tree. */
export function deployedMethods(resources: Resources): DeployedMethod[] {
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
  // The CORS preflights (OPTIONS, answered by a mock without authorization) are the browser's
  // plumbing for the console's origins, not routes of the API: the document leaves them out.
  const isPreflight = (props: Record<string, unknown>) =>
    props.HttpMethod === 'OPTIONS' &&
    props.AuthorizationType === 'NONE' &&
    objectAt(props.Integration).Type === 'MOCK';
  return findResources(resources, 'AWS::ApiGateway::Method')
    .filter(([, method]) => !isPreflight(method.Properties ?? {}))
    .map(([, method]) => {
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
export function resolve(doc: Json, node: unknown): Json {
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

export function operations(doc: Json): Operation[] {
  return Object.entries(objectAt(doc, 'paths')).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => isObject(objectAt(item)[method])).map((method) => ({
      route: `${method.toUpperCase()} ${path}`,
      op: objectAt(item, method),
      pathItem: objectAt(item),
    })),
  );
}

export function operation(doc: Json, route: string): Operation {
  const found = operations(doc).find((candidate) => candidate.route === route);
  if (!found) throw new Error(`${route} is not documented`);
  return found;
}

/** The operation's parameters, path-level ones included, as `in:name` -> required. */
export function documentedParameters(doc: Json, { op, pathItem }: Operation): Map<string, boolean> {
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
export function documentedCodes(doc: Json, { op }: Operation): Map<string, Set<string>> {
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

export function routeProblems(doc: Json, deployed: readonly DeployedMethod[]): string[] {
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

export function parameterProblems(doc: Json, deployed: readonly DeployedMethod[]): string[] {
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

export function responseProblems(doc: Json): string[] {
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

export function securityProblems(doc: Json, deployed: readonly DeployedMethod[]): string[] {
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
export function modelProblems(
  doc: Json,
  resources: Resources,
  deployed: readonly DeployedMethod[],
) {
  const modelId = deployed.find(({ route }) => route === 'POST /frames')?.requestModel;
  const model = objectAt(modelId ? resources[modelId]?.Properties : undefined, 'Schema');
  if (!modelId || Object.keys(model).length === 0) return ['POST /frames has no request model'];
  const body = objectAt(operation(doc, 'POST /frames').op, 'requestBody');
  const schema = resolve(doc, objectAt(body, 'content', 'application/json').schema);
  const properties = objectAt(schema, 'properties');
  const modelProperties = objectAt(model, 'properties');
  const property = (name: string) => resolve(doc, properties[name]);
  const patternOf = (items: unknown) => resolve(doc, items).pattern as string | undefined;
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
  // Equipment types are built in or configured per deployment: both describe the name's shape.
  const documentedPattern = patternOf(property('requiredEquipment').items);
  const modelPattern = patternOf(objectAt(modelProperties, 'requiredEquipment').items);
  if (!modelPattern || documentedPattern !== modelPattern) {
    problems.push(`requiredEquipment ${documentedPattern} is not the model's ${modelPattern}`);
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
export function structureProblems(doc: Json): string[] {
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
export function handlerCodes(source: string): { status: string; code: string }[] {
  return [...source.matchAll(/'([A-Z][A-Z0-9_]{2,})'/g)].map((match) => {
    const before = source.slice(Math.max(0, (match.index ?? 0) - 120), match.index);
    const statuses = [...before.matchAll(/\b([45]\d\d)\b/g)];
    return { status: statuses[statuses.length - 1]?.[1] ?? '?', code: match[1] ?? '' };
  });
}

export function handlerCodeProblems(doc: Json, sources: Record<string, string>): string[] {
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
export function gatewayCodeProblems(
  doc: Json,
  resources: Resources,
  deployed: readonly DeployedMethod[],
) {
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

/** Where two JSON values first differ, as a JSON pointer with both values; undefined if equal. */
export function firstDifference(expected: unknown, actual: unknown, at = '#'): string | undefined {
  if (JSON.stringify(expected) === JSON.stringify(actual)) return undefined;
  if (isObject(expected) && isObject(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
    for (const key of keys) {
      const pointer = `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      const found = firstDifference(expected[key], actual[key], pointer);
      if (found) return found;
    }
    return `${at}: the keys are in another order`;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let index = 0; index < Math.max(expected.length, actual.length); index++) {
      const found = firstDifference(expected[index], actual[index], `${at}/${index}`);
      if (found) return found;
    }
  }
  const show = (value: unknown) => JSON.stringify(value)?.slice(0, 200) ?? 'nothing';
  return `${at}: ${show(actual)} where the schemas give ${show(expected)}`;
}
