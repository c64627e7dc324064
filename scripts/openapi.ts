import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/ppe-function.js';
import { openApiText } from './openapi/document.js';

// Writes openapi.json from the zod schemas and the route table (npm run openapi).
const file = join(PROJECT_ROOT, 'openapi.json');
writeFileSync(file, openApiText());
console.log(`Wrote ${file}`);
