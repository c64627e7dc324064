/**
 * Renders a gateway response template the way API Gateway does: no VTL, only variable
 * substitution. `$context.error.messageString` becomes the message as a quoted JSON string;
 * every other variable (`$context.error.message`, `$context.error.validationErrorString`, ...)
 * is inserted raw, as it comes.
 */
export function renderGatewayResponse(template: string, value: string): string {
  return template.replace(/\$context\.[A-Za-z0-9_.]*[A-Za-z0-9_]/g, (variable) =>
    variable === '$context.error.messageString' ? JSON.stringify(value) : value,
  );
}

/**
 * What API Gateway's error strings may hold: a validation report quoting the field names, a
 * backslash, a line break, as a request model failure or a signature mismatch does.
 */
export const HOSTILE_ERROR_STRINGS = [
  '[object has missing required properties (["cameraId"])]',
  '[instance value ("GLOVES") not found in enum (possible values: ["FACE_COVER","HEAD_COVER","HAND_COVER"])]',
  "The Canonical String for this request should have been\n'POST\n/prod/frames'\\n",
  'C:\\temp "quoted" \t tab',
];
